"""faster-whisper / WhisperX JSON: ``{"segments": [...], "language"?}`` or a bare list of segments."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from convo_nlp.errors import ConvoNLPError, SchemaError
from convo_nlp.io._common import Source, build_call, make_turn, one_call, relocate, require_times
from convo_nlp.io._jsonutil import dumps, json_kind, loads
from convo_nlp.io.native_json import json_type
from convo_nlp.schema import Call, Turn, Word

SUFFIXES: tuple[str, ...] = ()  # shares .json with the native format; told apart by content
DEFAULT_SPEAKER = "SPEAKER_00"
_SHAPE_HINT = 'Whisper JSON is {"segments": [{"start", "end", "text", "speaker"?, "words"?}], "language"?}'


def _seconds(d: Mapping[str, Any], key: str, where: str, src: Source, required: bool) -> float | None:
    value = d.get(key)
    if value is None:
        if required:
            raise src.error(f"{where} has no '{key}' time", hint=_SHAPE_HINT, cls=SchemaError)
        return None
    try:
        x = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        x = math.nan
    if not math.isfinite(x) or x < 0:
        raise src.error(f"{where}.{key} must be a number ≥ 0, got {value!r}", hint=_SHAPE_HINT,
                        cls=SchemaError)
    return x


def _optional_str(d: Mapping[str, Any], key: str, where: str, src: Source) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise src.error(f"{where}.{key} must be a string, got {json_type(value)}", cls=SchemaError)
    return str(value)


def _words(items: Any, seg_start: float, where: str, src: Source) -> list[Word]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise src.error(f"{where}.words must be a list, got {json_type(items)}", cls=SchemaError)
    words: list[Word] = []
    previous_end = seg_start
    for j, w in enumerate(items):
        wh = f"{where}.words[{j}]"
        if not isinstance(w, dict):
            raise src.error(f"{wh} must be an object, got {json_type(w)}", hint=_SHAPE_HINT, cls=SchemaError)
        text = w.get("word", w.get("text"))
        if not isinstance(text, str):
            raise src.error(f"{wh} has no 'word' string", hint=_SHAPE_HINT, cls=SchemaError)
        start = _seconds(w, "start", wh, src, required=False)
        end = _seconds(w, "end", wh, src, required=False)
        # WhisperX leaves some tokens (digits, symbols) unaligned: place them after the previous word.
        if start is None:
            start = previous_end if end is None else min(previous_end, end)
        if end is None:
            end = start
        prob_key = "probability" if "probability" in w else "score"
        probability = _seconds(w, prob_key, wh, src, required=False)
        try:
            words.append(Word(text.strip(), start, end, probability, _optional_str(w, "speaker", wh, src)))
        except ConvoNLPError as exc:
            raise relocate(exc, wh, src) from None
        previous_end = end
    return words


def _turn(i: int, seg: Any, src: Source) -> Turn:
    where = f"segments[{i}]"
    if not isinstance(seg, dict):
        raise src.error(f"{where} must be an object, got {json_type(seg)}", hint=_SHAPE_HINT, cls=SchemaError)
    start = _seconds(seg, "start", where, src, required=True)
    end = _seconds(seg, "end", where, src, required=True)
    assert start is not None and end is not None
    words = _words(seg.get("words"), start, where, src)
    text = seg.get("text")
    if text is None and words:
        text = " ".join(w.text for w in words)
    if not isinstance(text, str):
        raise src.error(f"{where} has no 'text' string", hint=_SHAPE_HINT, cls=SchemaError)
    speaker = _optional_str(seg, "speaker", where, src) or next((w.speaker for w in words if w.speaker), None)
    try:
        return make_turn(i, speaker or DEFAULT_SPEAKER, text.strip(), turn_id=_optional_str(seg, "id", where, src),
                         start=start, end=end, words=tuple(words))
    except ConvoNLPError as exc:
        raise relocate(exc, where, src) from None


def read(text: str, src: Source) -> list[Call]:
    data = loads(text, src)
    language: str | None = None
    if isinstance(data, list):
        segments: Any = data
    elif isinstance(data, dict):
        if "segments" not in data:
            if "turns" in data or "calls" in data:
                raise src.error("this is a convo_nlp call file, not Whisper output",
                                hint="pass --input-format json", cls=SchemaError)
            raise src.error("the JSON object has no 'segments' list", hint=_SHAPE_HINT, cls=SchemaError)
        segments = data["segments"]
        if not isinstance(segments, list):
            raise src.error(f"'segments' must be a list, got {json_type(segments)}", hint=_SHAPE_HINT,
                            cls=SchemaError)
        language = _optional_str(data, "language", "whisper", src)
    else:
        raise src.error(f"the JSON is {json_type(data)}; {_SHAPE_HINT}", cls=SchemaError)
    if not segments:
        raise src.error("the Whisper output has no segments", hint="the audio may be silent; nothing to analyse")
    turns = [_turn(i, seg, src) for i, seg in enumerate(segments)]
    return [build_call(src.stem, turns, src, language=language)]


def render(calls: Sequence[Call]) -> str:
    call = one_call(calls, "whisper")
    require_times(call, "whisper")
    segments = []
    for t in call.turns:
        seg: dict[str, Any] = {"id": t.id, "start": t.start, "end": t.end, "text": t.text, "speaker": t.speaker}
        if t.words:
            seg["words"] = [
                {k: v for k, v in (("word", w.text), ("start", w.start), ("end", w.end),
                                   ("score", w.probability), ("speaker", w.speaker)) if v is not None}
                for w in t.words
            ]
        segments.append(seg)
    doc: dict[str, Any] = {"segments": segments}
    if call.language:
        doc["language"] = call.language
    return dumps(doc, indent=2) + "\n"


def sniff(head: str) -> int:
    return 2 if json_kind(head) == "whisper" else 0
