"""Plain dialogue text: ``Agent: …`` / ``العميل: …`` lines, optional ``[mm:ss]`` timestamps, ``# id:`` headers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from convo_nlp.errors import ConvoNLPError, SchemaError
from convo_nlp.io._common import (
    Source,
    build_call,
    format_clock,
    iter_lines,
    log,
    make_turn,
    parse_time,
    relocate,
    split_speaker,
    writable_speaker,
)
from convo_nlp.schema import Call, Turn

SUFFIXES = (".txt", ".text")

_STAMP = re.compile(r"^\s*\[(?P<stamp>[^\]\n]{1,40})\]\s*")
_RANGE = re.compile(r"^\s*(?P<a>[^\s\u2013\u2014-]+)\s*(?:-->|[\u2013\u2014-])\s*(?P<b>[^\s\u2013\u2014-]+)\s*$")
_HEADER = re.compile(r"^#\s*(?P<key>id|call[_ ]?id|language|lang)\s*[:=]\s*(?P<value>.*?)\s*$", re.IGNORECASE)
_NO_TURNS_HINT = "start each turn with the speaker name and a colon, e.g. 'Agent: Hello' or 'العميل: مرحبا'"


def parse_stamp(stamp: str) -> tuple[float, float | None]:
    """``"00:12"`` → (12.0, None); ``"00:12 - 00:15.5"`` → (12.0, 15.5); ValueError otherwise."""
    m = _RANGE.match(stamp)
    if m:
        return parse_time(m.group("a")), parse_time(m.group("b"))
    return parse_time(stamp), None


@dataclass
class _Pending:
    """A turn being collected: its first line, the text lines so far and its times."""

    line: int
    speaker: str
    parts: list[str]
    start: float | None = None
    end: float | None = None


@dataclass
class _CallBuilder:
    id: str
    explicit_id: bool = False
    language: str | None = None
    turns: list[Turn] = field(default_factory=list)


def read(text: str, src: Source) -> list[Call]:
    calls = [_CallBuilder(src.stem)]
    pending: _Pending | None = None
    skipped: list[int] = []  # text lines before the first speaker line of a call

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        call = calls[-1]
        try:
            call.turns.append(make_turn(len(call.turns), pending.speaker, "\n".join(pending.parts).strip(),
                                        start=pending.start, end=pending.end))
        except ConvoNLPError as exc:
            raise relocate(exc, f"line {pending.line}", src) from None
        pending = None

    for n, raw in iter_lines(text):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            header = _HEADER.match(line)
            if header:
                flush()
                key, value = header.group("key").lower(), header.group("value")
                if key.startswith("lang"):
                    calls[-1].language = value or None
                else:
                    if calls[-1].turns or calls[-1].explicit_id:
                        calls.append(_CallBuilder(value or src.stem))
                    calls[-1].id, calls[-1].explicit_id = value or src.stem, True
            continue
        start = end = None
        body = line
        stamp = _STAMP.match(line)
        if stamp:
            try:
                start, end = parse_stamp(stamp.group("stamp"))
                body = line[stamp.end():]
            except ValueError:
                stamp = None  # "[inaudible] …": the brackets are part of the text
        found = split_speaker(body)
        if found:
            flush()
            pending = _Pending(n, found[0], [found[1]], start, end)
        elif pending is None:
            skipped.append(n)
        elif stamp:  # a new timed segment by the same speaker
            speaker = pending.speaker
            flush()
            pending = _Pending(n, speaker, [body.strip()], start, end)
        else:
            pending.parts.append(body)
    flush()
    if not any(c.turns for c in calls):
        raise src.error("no 'Speaker: text' lines found", hint=_NO_TURNS_HINT, cls=SchemaError)
    if skipped:
        log.warning("%s: skipped %d line(s) with no 'Speaker:' prefix before the first turn (line %s)",
                    src.name, len(skipped), ", ".join(map(str, skipped[:5])) + (", …" if len(skipped) > 5 else ""))
    return [build_call(c.id, c.turns, src, language=c.language) for c in calls if c.turns or c.explicit_id]


def render(calls: Sequence[Call]) -> str:
    out: list[str] = []
    for i, call in enumerate(calls):
        if i:
            out.append("")
        out.append(f"# id: {call.id}")
        if call.language:
            out.append(f"# language: {call.language}")
        for t in call.turns:
            stamp = ""
            if t.start is not None:
                stamp = f"[{format_clock(t.start)}" + (f" - {format_clock(t.end)}]" if t.end is not None else "]")
                stamp += " "
            lines = [ln.strip() for ln in t.text.split("\n") if ln.strip()] or [""]
            out.append(f"{stamp}{writable_speaker(t.speaker, 'txt')}: {lines[0]}".rstrip())
            for line in lines[1:]:
                if _reads_as_text(line):
                    out.append(line)
                else:  # would read as a new turn, a header or a timestamp: keep it on the line before
                    out[-1] = f"{out[-1]} {line}"
    return "\n".join(out) + "\n"


def _reads_as_text(line: str) -> bool:
    return not line.startswith(("#", "[")) and split_speaker(line) is None


def sniff(head: str) -> int:
    lines = [ln.strip() for ln in head.split("\n", 200)[:200] if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return 0
    hits = sum(1 for ln in lines if split_speaker(_STAMP.sub("", ln, count=1)))
    if hits >= 2 and hits >= 0.6 * len(lines):
        return 2
    return 1 if hits else 0
