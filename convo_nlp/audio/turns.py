"""From recognised words to the turns of a call.

Mono: each word goes to the speaker whose diarization segment overlaps it most (the nearest
segment when none does); a turn is a run of one speaker's words. Stereo: each channel's words are
split into turns at pauses, so that both parties' turns may overlap in time, as they did."""

from __future__ import annotations

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
