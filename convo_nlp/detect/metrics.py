"""Conversation figures from turn timings: talk time per role, non-talk time, overlap,
words per minute, and long silences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from convo_nlp.schema import Call, ConversationMetrics, Event, EventKind, Evidence, Turn

Interval = tuple[float, float]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Merge overlapping or touching intervals; result sorted and disjoint."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def total(intervals: Sequence[Interval]) -> float:
    return sum(end - start for start, end in intervals)


def intersection(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Intersection of two sorted, disjoint interval lists."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _words(turn: Turn) -> int:
    return len(turn.words) if turn.words else len(turn.text.split())


def _timed(call: Call) -> list[Turn]:
    return [t for t in call.turns if t.has_times]


def conversation_metrics(call: Call, interruptions: Sequence[Event] = ()) -> ConversationMetrics | None:
    """Figures for a call whose turns carry timings; None when no turn has timings."""
    timed = _timed(call)
    if not timed:
        return None
    by_role: dict[str, list[Interval]] = {}
    words: dict[str, int] = {}
    for t in timed:
        assert t.start is not None and t.end is not None
        by_role.setdefault(t.role.value, []).append((t.start, t.end))
        words[t.role.value] = words.get(t.role.value, 0) + _words(t)
    unions = {role: union(iv) for role, iv in by_role.items()}
    speech = union(iv for ivs in by_role.values() for iv in ivs)
    duration = max(call.duration or 0.0, max(end for _, end in speech))
    overlap: list[Interval] = []
    roles = sorted(unions)
    for i, r1 in enumerate(roles):
        for r2 in roles[i + 1 :]:
            overlap.extend(intersection(unions[r1], unions[r2]))
    talk = {role: total(iv) for role, iv in unions.items()}
    talk_sum = sum(talk.values()) or 1.0
    gaps = [b[0] - a[1] for a, b in zip(speech, speech[1:], strict=False)]
    counts: dict[str, int] = {}
    for e in interruptions:
        if e.by is not None:
            counts[e.by.value] = counts.get(e.by.value, 0) + 1
    return ConversationMetrics(
        duration=duration,
        talk_time=talk,
        non_talk_time=max(0.0, duration - total(speech)),
        overlap_time=total(union(overlap)),
        talk_ratio={role: t / talk_sum for role, t in talk.items()},
        words_per_minute={role: (words[role] / (talk[role] / 60.0) if talk[role] > 0 else 0.0) for role in talk},
        interruptions=counts,
        longest_silence=max(gaps, default=0.0),
        timing=_timing(call),
    )


def _timing(call: Call) -> str:
    audio = call.meta.get("audio")
    if isinstance(audio, dict) and isinstance(audio.get("timing"), str):
        return str(audio["timing"])
    return "transcript: timings as given in the transcript"


def detect_long_silences(call: Call, threshold: float) -> list[Event]:
    """Gaps of at least ``threshold`` seconds between the end of all speech and the next turn."""
    timed = sorted(_timed(call), key=lambda t: (t.start, t.end))
    events: list[Event] = []
    latest_end: float | None = None
    last_turn: Turn | None = None
    for t in timed:
        assert t.start is not None and t.end is not None
        if latest_end is not None and last_turn is not None and t.start - latest_end >= threshold:
            events.append(
                Event(
                    kind=EventKind.LONG_SILENCE,
                    turn_ids=(last_turn.id, t.id),
                    start=latest_end,
                    end=t.start,
                    detail=f"{t.start - latest_end:.1f}s with nobody talking",
                    evidence=(
                        Evidence(turn_id=t.id, quote=t.text[:80], start=t.start, end=t.end, rule="after silence"),
                    ),
                )
            )
        if latest_end is None or t.end > latest_end:
            latest_end, last_turn = t.end, t
    return events
