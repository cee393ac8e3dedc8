"""RTTM diarisation output: ``SPEAKER file 1 start dur <NA> <NA> spk <NA> <NA>`` → timed turns, no text."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from convo_nlp.errors import SchemaError
from convo_nlp.io._common import Source, build_call, iter_lines, make_turn, require_times, to_millis
from convo_nlp.schema import Call, Turn

SUFFIXES = (".rttm",)
_FIELDS_HINT = "RTTM lines are 'SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>'"
_OTHER_TYPES = frozenset({"SPKR-INFO", "LEXEME", "NON-LEX", "NON-SPEECH", "FILLER", "NOSCORE", "NO_RT_METADATA",
                          "SEGMENT", "A/P", "IP", "SU", "CB", "EDIT", "NA"})


def _number(value: str, what: str, line: int, src: Source) -> float:
    try:
        x = float(value)
    except ValueError:
        x = math.nan
    if not math.isfinite(x) or x < 0:
        raise src.error(f"line {line}: {what} {value!r} is not a number of seconds ≥ 0", hint=_FIELDS_HINT,
                        cls=SchemaError)
    return x


def read(text: str, src: Source) -> list[Call]:
    rows: dict[str, list[tuple[float, float, str, int | None, int]]] = {}
    for n, raw in iter_lines(text):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        fields = line.split()
        kind = fields[0].upper()
        if kind in _OTHER_TYPES:
            continue
        if kind != "SPEAKER":
            raise src.error(f"line {n}: expected a SPEAKER line, got {fields[0][:20]!r}", hint=_FIELDS_HINT,
                            cls=SchemaError)
        if len(fields) < 8:
            raise src.error(f"line {n}: expected 10 space-separated fields (at least 8), got {len(fields)}",
                            hint=_FIELDS_HINT, cls=SchemaError)
        file_id, channel_text, speaker = fields[1], fields[2], fields[7]
        start = _number(fields[3], "start", n, src)
        duration = _number(fields[4], "duration", n, src)
        if speaker.upper() == "<NA>":
            raise src.error(f"line {n}: the speaker field (8th) is <NA>", hint=_FIELDS_HINT, cls=SchemaError)
        channel = int(channel_text) if re.fullmatch(r"\d+", channel_text) else None
        rows.setdefault(file_id, []).append((start, round(start + duration, 6), speaker, channel, n))
    if not rows:
        raise src.error("no SPEAKER lines found", hint=_FIELDS_HINT)
    calls: list[Call] = []
    for file_id, items in rows.items():
        items.sort(key=lambda r: r[0])  # some tools group the lines by speaker
        turns: list[Turn] = [
            make_turn(i, speaker, "", start=start, end=end, channel=channel)
            for i, (start, end, speaker, channel, _n) in enumerate(items)
        ]
        calls.append(build_call(file_id, turns, src))
    return calls


def _token(value: str, fallback: str) -> str:
    return "_".join(value.split()) or fallback


def render(calls: Sequence[Call]) -> str:
    out: list[str] = []
    for call in calls:
        require_times(call, "rttm")
        file_id = _token(call.id, "call")
        for t in call.turns:
            assert t.start is not None and t.end is not None
            start_ms, end_ms = to_millis(t.start), to_millis(t.end)
            channel = t.channel if t.channel is not None else 1
            out.append(f"SPEAKER {file_id} {channel} {start_ms / 1000:.3f} {(end_ms - start_ms) / 1000:.3f} "
                       f"<NA> <NA> {_token(t.speaker, 'unknown')} <NA> <NA>")
    return "\n".join(out) + "\n"


def sniff(head: str) -> int:
    for raw in head.split("\n", 50)[:50]:
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        fields = line.split()
        if fields[0] in _OTHER_TYPES:
            continue
        if fields[0] == "SPEAKER" and len(fields) >= 8 and re.fullmatch(r"[\d.]+", fields[3]) \
                and re.fullmatch(r"[\d.]+", fields[4]):
            return 2
        return 0
    return 0
