"""Speaker diarization scoring: diarization error rate (DER), speaker counts, and how well
overlapping speech (two people at once) is found.

DER is computed on a 10 ms frame grid, NIST md-eval style. In each scored frame, with ``nref``
reference and ``nhyp`` hypothesis speakers active:

* total (scored speech) += nref (overlapping reference speech counts once per speaker),
* missed += max(0, nref - nhyp), false alarm += max(0, nhyp - nref),
* confusion += min(nref, nhyp) - correct, where correct counts the reference speakers whose
  mapped hypothesis speaker is also active.

The mapping of hypothesis to reference speakers is one-to-one and maximises the total time they
co-occur (Hungarian assignment), so label names never matter. ``collar`` seconds either side of
every reference boundary are left out (md-eval's ``-c``; pyannote's ``collar`` is the total width,
twice this). A UEM restricts scoring to the listed regions.

Segments are ``(start, end, speaker)`` tuples or any object with ``start``, ``end`` and
``speaker`` attributes (e.g. :class:`convo_nlp.audio.types.SpeakerSegment`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from convo_nlp.detect.metrics import intersection, total, union

FRAME = 0.01  # seconds

Interval = tuple[float, float]


class Segment(NamedTuple):
    start: float
    end: float
    speaker: str


class _SegmentLike(Protocol):
    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...

    @property
    def speaker(self) -> str: ...


SegmentInput = tuple[float, float, str] | _SegmentLike


def as_segments(segments: Iterable[SegmentInput]) -> list[Segment]:
    """Plain :class:`Segment` tuples from tuples or segment objects; empty or reversed ones dropped."""
    out: list[Segment] = []
    for s in segments:
        if isinstance(s, tuple):
            start, end, speaker = s
        else:
            start, end, speaker = s.start, s.end, s.speaker
        if end > start:
            out.append(Segment(float(start), float(end), str(speaker)))
    return out


@dataclass(frozen=True, slots=True)
class DerResult:
    """Diarization errors in seconds of speech, plus the speaker counts and the speaker mapping used."""

    missed: float
    false_alarm: float
    confusion: float
    total: float
    ref_speakers: int
    hyp_speakers: int
    mapping: tuple[tuple[str, str], ...] = ()  # (reference, hypothesis) pairs

    @property
    def errors(self) -> float:
        return self.missed + self.false_alarm + self.confusion

    @property
    def der(self) -> float:
        """(missed + false alarm + confusion) / total; 0.0 when there is nothing to score and no error."""
        if self.total <= 0:
            return 0.0 if self.errors <= 0 else math.inf
        return self.errors / self.total

    @property
    def speaker_count_correct(self) -> bool:
        return self.ref_speakers == self.hyp_speakers

    def to_dict(self) -> dict[str, Any]:
        return {
            "der": round(self.der, 4) if math.isfinite(self.der) else None,
            "missed": round(self.missed, 3),
            "false_alarm": round(self.false_alarm, 3),
            "confusion": round(self.confusion, 3),
            "total": round(self.total, 3),
            "ref_speakers": self.ref_speakers,
            "hyp_speakers": self.hyp_speakers,
            "mapping": dict(self.mapping),
        }


def pooled_der(results: Iterable[DerResult]) -> float:
    """DER over several files: summed errors / summed scored speech (longer files weigh more)."""
    items = list(results)
    errors = sum(r.errors for r in items)
    total = sum(r.total for r in items)
    if total <= 0:
        return 0.0 if errors <= 0 else math.inf
    return errors / total


def _frame(t: float, frame: float) -> int:
    return int(round(t / frame))


def _activity(segments: Sequence[Segment], n: int, frame: float) -> tuple[list[str], np.ndarray]:
    """Speaker labels (first-appearance order) and a (speakers, frames) boolean activity matrix."""
    labels = list(dict.fromkeys(s.speaker for s in segments))
    index = {lab: i for i, lab in enumerate(labels)}
    act = np.zeros((len(labels), n), dtype=bool)
    for s in segments:
        a, b = max(0, _frame(s.start, frame)), min(n, _frame(s.end, frame))
        if b > a:
            act[index[s.speaker], a:b] = True
    return labels, act


def diarization_error(
    reference: Iterable[SegmentInput],
    hypothesis: Iterable[SegmentInput],
    collar: float = 0.0,
    uem: Sequence[Interval] | None = None,
    frame: float = FRAME,
) -> DerResult:
    """DER of ``hypothesis`` against ``reference`` (see the module docstring).

    ``uem``: the regions to score; by default from 0 to the last end of either side. Speaker
    counts are the distinct labels with speech inside the scored regions."""
    from scipy.optimize import linear_sum_assignment

    ref, hyp = as_segments(reference), as_segments(hypothesis)
    if uem is None:
        last = max([s.end for s in ref] + [s.end for s in hyp] + [0.0])
        uem = [(0.0, last)]
    n = max([_frame(e, frame) for _, e in uem] + [_frame(s.end, frame) for s in ref + hyp] + [0])
    mask = np.zeros(n, dtype=bool)
    for a, b in uem:
        mask[max(0, _frame(a, frame)) : min(n, _frame(b, frame))] = True
    if collar > 0:
        c = _frame(collar, frame)
        for s in ref:
            for t in (s.start, s.end):
                f = _frame(t, frame)
                mask[max(0, f - c) : min(n, f + c)] = False
    ref_labels, r = _activity(ref, n, frame)
    hyp_labels, h = _activity(hyp, n, frame)
    r, h = r[:, mask], h[:, mask]
    nref, nhyp = r.sum(axis=0), h.sum(axis=0)
    mapping: list[tuple[str, str]] = []
    correct = 0
    if len(ref_labels) and len(hyp_labels):
        co = r.astype(np.int64) @ h.T.astype(np.int64)  # frames each pair is active together
        rows, cols = linear_sum_assignment(co, maximize=True)
        for i, j in zip(rows, cols, strict=True):
            if co[i, j] > 0:
                mapping.append((ref_labels[i], hyp_labels[j]))
                correct += int(co[i, j])
    missed = int(np.maximum(nref - nhyp, 0).sum())
    false_alarm = int(np.maximum(nhyp - nref, 0).sum())
    confusion = int(np.minimum(nref, nhyp).sum()) - correct
    return DerResult(
        missed=missed * frame,
        false_alarm=false_alarm * frame,
        confusion=confusion * frame,
        total=int(nref.sum()) * frame,
        ref_speakers=int(r.any(axis=1).sum()),
        hyp_speakers=int(h.any(axis=1).sum()),
        mapping=tuple(sorted(mapping)),
    )


# -- overlap -----------------------------------------------------------------------------------


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint union of intervals (touching ones joined; empty ones dropped)."""
    return union((float(a), float(b)) for a, b in intervals if b > a)


def intersect_intervals(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """Where both unions of intervals are active."""
    return intersection(merge_intervals(a), merge_intervals(b))


def total_duration(intervals: Iterable[Interval]) -> float:
    """Seconds covered by the union of ``intervals``."""
    return total(merge_intervals(intervals))


def overlap_regions(segments: Iterable[SegmentInput]) -> list[Interval]:
    """Sorted, disjoint stretches where two or more different speakers talk at once (one speaker's
    own overlapping segments count once)."""
    by_speaker: dict[str, list[Interval]] = {}
    for s in as_segments(segments):
        by_speaker.setdefault(s.speaker, []).append((s.start, s.end))
    events: list[tuple[float, int]] = []
    for intervals in by_speaker.values():
        for a, b in merge_intervals(intervals):
            events += [(a, 1), (b, -1)]
    events.sort(key=lambda e: (e[0], e[1]))  # ends before starts at the same time
    out: list[Interval] = []
    active, opened = 0, 0.0
    for t, delta in events:
        before = active
        active += delta
        if before < 2 <= active:
            opened = t
        elif active < 2 <= before and t > opened:
            out.append((opened, t))
    return merge_intervals(out)


@dataclass(frozen=True, slots=True)
class OverlapResult:
    """Reference overlap, detected overlap and their intersection, in seconds."""

    reference: float
    hypothesis: float
    matched: float

    @property
    def found(self) -> float:
        """Share of the reference overlap time that was detected (recall); nan without reference overlap."""
        return self.matched / self.reference if self.reference > 0 else math.nan

    @property
    def false(self) -> float:
        """Share of the detected overlap time that is not reference overlap; nan when none was detected."""
        return (self.hypothesis - self.matched) / self.hypothesis if self.hypothesis > 0 else math.nan

    def __add__(self, other: OverlapResult) -> OverlapResult:
        return OverlapResult(
            self.reference + other.reference, self.hypothesis + other.hypothesis, self.matched + other.matched
        )


def overlap_match(
    reference_overlap: Iterable[Interval], hypothesis_overlap: Iterable[Interval], uem: Sequence[Interval] | None = None
) -> OverlapResult:
    """Seconds of reference overlap, detected overlap, and both (optionally within ``uem``)."""
    ref, hyp = merge_intervals(reference_overlap), merge_intervals(hypothesis_overlap)
    if uem is not None:
        ref, hyp = intersect_intervals(ref, uem), intersect_intervals(hyp, uem)
    return OverlapResult(total_duration(ref), total_duration(hyp), total_duration(intersect_intervals(ref, hyp)))


def overlap_detection(
    reference_overlap: Iterable[Interval], hypothesis_overlap: Iterable[Interval]
) -> tuple[float, float]:
    """(found fraction of the reference overlap time, false fraction of the detected overlap time)."""
    r = overlap_match(reference_overlap, hypothesis_overlap)
    return r.found, r.false


# -- reference files ---------------------------------------------------------------------------


def read_rttm_files(path: str | Path) -> dict[str, list[Segment]]:
    """Segments per file id of an RTTM file (``SPEAKER <file> <chan> <start> <dur> <NA> <NA> <speaker> …``);
    other line types and comments are skipped."""
    out: dict[str, list[Segment]] = {}
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields or fields[0] != "SPEAKER":
            continue
        if len(fields) < 8:
            raise ValueError(f"{path}:{lineno}: an RTTM SPEAKER line needs at least 8 fields")
        start, duration = float(fields[3]), float(fields[4])
        out.setdefault(fields[1], []).append(Segment(start, start + duration, fields[7]))
    return out


def read_rttm(path: str | Path, uri: str | None = None) -> list[Segment]:
    """Segments of one file in an RTTM file: ``uri``, or the only file it describes."""
    files = read_rttm_files(path)
    if uri is not None:
        return files.get(uri, [])
    if len(files) > 1:
        raise ValueError(f"{path} describes {len(files)} files ({', '.join(sorted(files))}); pass uri")
    return next(iter(files.values()), [])


def read_uem(path: str | Path) -> dict[str, list[Interval]]:
    """Scored regions per file id of a UEM file (``<file> <chan> <start> <end>`` per line)."""
    out: dict[str, list[Interval]] = {}
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields or fields[0].startswith(";"):
            continue
        if len(fields) < 4:
            raise ValueError(f"{path}:{lineno}: a UEM line needs 4 fields")
        out.setdefault(fields[0], []).append((float(fields[2]), float(fields[3])))
    return out


def speakers_in(segments: Iterable[SegmentInput], uem: Sequence[Interval] | None = None) -> int:
    """Distinct speakers with speech (inside ``uem`` when given)."""
    segs = as_segments(segments)
    if uem is None:
        return len({s.speaker for s in segs})
    return len({s.speaker for s in segs if intersect_intervals([(s.start, s.end)], uem)})


def rttm_lines(uri: str, segments: Iterable[SegmentInput]) -> str:
    """``segments`` as RTTM text (for saving a hypothesis to score with other tools)."""
    return "".join(
        f"SPEAKER {uri} 1 {s.start:.3f} {s.end - s.start:.3f} <NA> <NA> {s.speaker} <NA> <NA>\n"
        for s in as_segments(segments)
    )
