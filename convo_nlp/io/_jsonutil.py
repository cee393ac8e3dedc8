"""JSON parsing with errors that name line and column, and sniffing which JSON flavour a text is."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from convo_nlp.io._common import Source

JsonKind = Literal["json", "jsonl", "whisper"]

_WHISPER_FIRST_KEY = re.compile(r'^\{\s*"(segments|text|language|word_segments)"\s*:')


def loads(text: str, src: Source, where: str = "", hint: str | None = None) -> Any:
    """``json.loads`` whose errors are InputErrors saying where the syntax breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"{where}, column {exc.colno}" if where else f"line {exc.lineno}, column {exc.colno}"
        raise src.error(
            f"malformed JSON at {place}: {exc.msg}",
            hint=hint or "fix the JSON syntax there ('python -m json.tool FILE' shows the spot)",
        ) from None
    except RecursionError:
        raise src.error("JSON is nested too deeply to read", hint="check that the file is a transcript") from None


def dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def json_kind(head: str) -> JsonKind | None:
    """Which JSON flavour the start of a file is: native ``json``, ``jsonl`` or ``whisper``; None if not JSON."""
    s = head.lstrip("\ufeff \t\n")
    if not s or s[0] not in "{[":
        return None
    turns_at = s.find('"turns"')
    segments_at = s.find('"segments"')
    if segments_at >= 0 and (turns_at < 0 or segments_at < turns_at):
        return "whisper"
    if turns_at < 0 and _WHISPER_FIRST_KEY.match(s):
        return "whisper"
    if s[0] == "[":
        if turns_at < 0 and '"start"' in s and '"text"' in s:
            return "whisper"
        return "json"
    lines = [ln for ln in s.split("\n", 2) if ln.strip()]
    try:
        first = json.loads(lines[0])
    except (json.JSONDecodeError, RecursionError):
        return "json"  # pretty-printed over several lines
    if len(lines) > 1 and lines[1].lstrip().startswith("{"):
        return "jsonl"
    if isinstance(first, dict) and "turns" not in first and "call_id" in first:
        return "jsonl"
    return "json"
