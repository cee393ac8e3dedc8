"""Put detected overlap back into mono turns: a turn that follows another speaker's turn across a
stretch where both voices were heard starts where that stretch starts, so that the interruption
detector sees two parties talking at once, as it does on stereo calls."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from convo_nlp.audio.types import SpeakerSegment
from convo_nlp.schema import Turn

Interval = tuple[float, float]
_NEAR = 0.5  # seconds a detected overlap may lie from the change of speaker


def apply_overlaps(turns: Sequence[Turn], overlaps: Sequence[Interval]) -> list[Turn]:
    out = list(turns)
    for a, b in overlaps:
        for i in range(1, len(out)):
            prev, cur = out[i - 1], out[i]
            if prev.speaker == cur.speaker or prev.end is None or cur.start is None:
                continue
            if a - _NEAR <= cur.start <= b + _NEAR and prev.end >= a - _NEAR:
                out[i - 1] = dataclasses.replace(prev, end=max(prev.end, min(b, cur.end or b)))
                out[i] = dataclasses.replace(cur, start=min(cur.start, a))
                break
    return out


def segment_overlaps(segments: Sequence[SpeakerSegment]) -> list[Interval]:
    """Stretches where segments of two different speakers overlap (e.g. in an RTTM reference)."""
    segs = sorted(segments, key=lambda s: s.start)
    found: list[Interval] = []
    for i, s in enumerate(segs):
        for t in segs[i + 1 :]:
            if t.start >= s.end:
                break
            if t.speaker != s.speaker:
                found.append((t.start, min(s.end, t.end)))
    return found
