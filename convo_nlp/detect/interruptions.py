"""Interruptions: who cut in on whom, when, and for how long.

With timings, turn B interrupts turn A of the other party when B starts while A is still going
and the two overlap for at least ``min_overlap`` seconds, unless B is only a backchannel.
Without timings, a turn the transcript marks as cut off ("--", "…" at the end) and followed
by the other party counts as interrupted by that party.
"""

from __future__ import annotations

from convo_nlp.detect.backchannels import BackchannelMatcher
from convo_nlp.schema import Call, Event, EventKind, Evidence, Role, Turn

CUT_OFF_MARKS: tuple[str, ...] = ("--", "—", "–", "…", "...")


def is_cut_off(text: str) -> bool:
    return text.rstrip().endswith(CUT_OFF_MARKS)


def _same_party(a: Turn, b: Turn) -> bool:
    return a.speaker == b.speaker or (a.role is b.role and a.role is not Role.UNKNOWN)


def _quote(turn: Turn, limit: int = 80) -> str:
    return turn.text if len(turn.text) <= limit else turn.text[: limit - 1] + "…"


class InterruptionDetector:
    """Finds interruptions in a call; returns them as ``Event(kind=INTERRUPTION)``."""

    def __init__(self, min_overlap: float = 0.5, backchannels: BackchannelMatcher | None = None) -> None:
        self.min_overlap = min_overlap
        self.backchannels = backchannels or BackchannelMatcher()

    def detect(self, call: Call) -> list[Event]:
        events = self._timed(call) + self._marked(call)
        return sorted(events, key=lambda e: (e.start if e.start is not None else -1.0, e.turn_ids))

    def _timed(self, call: Call) -> list[Event]:
        timed = sorted((t for t in call.turns if t.has_times), key=lambda t: (t.start, t.end))
        events: list[Event] = []
        for i, b in enumerate(timed):
            assert b.start is not None and b.end is not None
            for a in timed[:i]:
                assert a.start is not None and a.end is not None
                if _same_party(a, b):
                    continue
                # B must start while A is still going (A started first, or together and runs longer).
                if not a.start <= b.start < a.end:
                    continue
                overlap_end = min(a.end, b.end)
                if overlap_end - b.start < self.min_overlap:
                    continue
                if self.backchannels.is_backchannel(b.text):
                    continue
                events.append(
                    Event(
                        kind=EventKind.INTERRUPTION,
                        turn_ids=(b.id, a.id),
                        start=b.start,
                        end=overlap_end,
                        by=b.role,
                        target=a.role,
                        detail=f"{b.role.value} cut in {a.end - b.start:.1f}s before the {a.role.value} finished",
                        evidence=(
                            Evidence(turn_id=b.id, quote=_quote(b), start=b.start, end=b.end, rule="overlap"),
                            Evidence(turn_id=a.id, quote=_quote(a), start=a.start, end=a.end, rule="interrupted"),
                        ),
                    )
                )
        return events

    def _marked(self, call: Call) -> list[Event]:
        events: list[Event] = []
        turns = call.turns
        for a, b in zip(turns, turns[1:], strict=False):
            if a.has_times and b.has_times:
                continue  # timings decide
            if _same_party(a, b) or not is_cut_off(a.text):
                continue
            events.append(
                Event(
                    kind=EventKind.INTERRUPTION,
                    turn_ids=(b.id, a.id),
                    start=b.start,
                    end=None,
                    by=b.role if b.role is not Role.UNKNOWN else None,
                    target=a.role if a.role is not Role.UNKNOWN else None,
                    detail=f"the transcript marks the {a.role.value} turn as cut off by the {b.role.value}",
                    evidence=(
                        Evidence(turn_id=a.id, quote=_quote(a), rule="cut-off mark"),
                        Evidence(turn_id=b.id, quote=_quote(b), rule="next speaker"),
                    ),
                )
            )
        return events
