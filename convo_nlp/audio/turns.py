"""From recognised words to the turns of a call.

Mono: each word goes to the speaker whose diarization segment overlaps it most (the nearest
segment when none does); a turn is a run of one speaker's words. Stereo: each channel's words are
split into turns at pauses, so that both parties' turns may overlap in time, as they did."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from convo_nlp.audio.types import AsrWord, SpeakerSegment
from convo_nlp.schema import Role, Turn, Word


def speaker_of(word: AsrWord, segments: Sequence[SpeakerSegment]) -> str | None:
    """The speaker whose segments overlap the word most; None when no segment overlaps it."""
    best: dict[str, float] = {}
    for s in segments:
        ov = min(word.end, s.end) - max(word.start, s.start)
        if ov > 0:
            best[s.speaker] = best.get(s.speaker, 0.0) + ov
    return max(best, key=lambda k: best[k]) if best else None


def assign_speakers(words: Sequence[AsrWord], segments: Sequence[SpeakerSegment], default: str) -> list[Word]:
    """Each word gets the speaker with the largest overlap. A word that overlaps no segment (its
    timestamps fell in a pause) joins the nearer of its neighbouring words in time, then the
    nearest segment."""
    speakers = [speaker_of(w, segments) for w in words]
    known = [i for i, s in enumerate(speakers) if s is not None]
    for i, s in enumerate(speakers):
        if s is not None:
            continue
        prev = max((k for k in known if k < i), default=None)
        nxt = min((k for k in known if k > i), default=None)
        gap_prev = words[i].start - words[prev].end if prev is not None else float("inf")
        gap_next = words[nxt].start - words[i].end if nxt is not None else float("inf")
        if prev is not None or nxt is not None:
            speakers[i] = speakers[prev] if gap_prev <= gap_next and prev is not None else speakers[nxt]  # type: ignore[index]
        elif segments:
            mid = (words[i].start + words[i].end) / 2
            speakers[i] = min(segments, key=lambda seg: min(abs(mid - seg.start), abs(mid - seg.end))).speaker
    return [
        Word(w.text, w.start, w.end, probability=w.probability, speaker=s or default)
        for w, s in zip(words, speakers, strict=True)
    ]


def _join(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words).strip()


def build_turns(
    words: Sequence[Word],
    *,
    max_pause: float,
    split_on_speaker_change: bool = True,
    roles: dict[str, Role] | None = None,
    channels: dict[str, int] | None = None,
) -> list[Turn]:
    """Turns ordered by start time, ids ``t1``, ``t2`` …

    ``words`` must each carry a speaker. Words of one speaker separated by more than ``max_pause``
    seconds start a new turn; with ``split_on_speaker_change`` (mono), so does another speaker's word."""
    roles = roles or {}
    channels = channels or {}
    groups: list[list[Word]] = []
    if split_on_speaker_change:
        for w in sorted(words, key=lambda w: (w.start, w.end)):
            last = groups[-1][-1] if groups else None
            if last is not None and last.speaker == w.speaker and w.start - last.end <= max_pause:
                groups[-1].append(w)
            else:
                groups.append([w])
    else:
        open_group: dict[str | None, list[Word]] = {}
        for w in sorted(words, key=lambda w: (w.start, w.end)):
            g = open_group.get(w.speaker)
            if g is not None and w.start - g[-1].end <= max_pause:
                g.append(w)
            else:
                g = [w]
                open_group[w.speaker] = g
                groups.append(g)
    groups.sort(key=lambda g: (g[0].start, g[-1].end))
    turns = []
    for i, g in enumerate(groups, 1):
        speaker = g[0].speaker or "SPEAKER_00"
        turns.append(
            Turn(
                id=f"t{i}",
                speaker=speaker,
                text=_join(g),
                start=g[0].start,
                end=g[-1].end,
                role=roles.get(speaker, Role.UNKNOWN),
                channel=channels.get(speaker),
                words=tuple(g),
            )
        )
    return turns


def snap_to_speech(turns: Sequence[Turn], regions: Sequence[tuple[float, float]], reach: float = 1.0) -> list[Turn]:
    """Whisper's word times can be a few hundred milliseconds off at the edges of speech. Each turn
    edge moves to the nearest edge of speech the voice activity detector heard -- the start of the
    stretch of speech it falls in, or of the next one when it falls in a pause -- if that is within
    ``reach`` seconds, keeps the turn non-empty and does not cross the speaker's other turns.
    ``turns`` are one speaker's (or one track's) turns in time order."""
    out: list[Turn] = []
    for i, t in enumerate(turns):
        if t.start is None or t.end is None:
            out.append(t)
            continue
        floor = max((u.end for u in out if u.end is not None), default=0.0)
        nxt = turns[i + 1].start if i + 1 < len(turns) and turns[i + 1].start is not None else float("inf")
        start = _snap(t.start, [a for a, _ in regions], [(a, b) for a, b in regions], reach, forward=True)
        end = _snap(t.end, [b for _, b in regions], [(a, b) for a, b in regions], reach, forward=False)
        start = max(start, floor)
        end = min(end, nxt) if nxt is not None else end
        if not start < end:
            start, end = t.start, t.end
        moved = (start, end) != (t.start, t.end)
        out.append(dataclasses.replace(t, start=round(start, 3), end=round(end, 3)) if moved else t)
    return out


def _snap(x: float, edges: list[float], regions: list[tuple[float, float]], reach: float, forward: bool) -> float:
    """A start (``forward``) snaps to the start of its region, or the next region's start if in a
    pause; an end to the end of its region, or the previous region's end if in a pause."""
    inside = [(a, b) for a, b in regions if a <= x <= b]
    if inside:
        edge = inside[0][0] if forward else inside[0][1]
    else:
        candidates = [e for e in edges if (x < e if forward else e < x)]
        if not candidates:
            return x
        edge = min(candidates) if forward else max(candidates)
    return edge if abs(edge - x) <= reach else x
