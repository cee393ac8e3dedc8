"""Who spoke when on a mono recording: Silero VAD speech regions, Resemblyzer embeddings of
sliding 1.5 s windows, clustering, then smoothing into speaker segments.

Overlap (two voices at once) is estimated where a stretch of windows sits between two speakers'
voices; on a single channel this is a rough estimate, which the report says."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convo_nlp.audio.cluster import centroids, cluster, estimate_speakers
from convo_nlp.audio.features import HOP, mel_spectrogram, normalize_volume
from convo_nlp.audio.types import SAMPLE_RATE, Diarization, SpeakerSegment
from convo_nlp.audio.voice import VoiceEncoder

FRAME = HOP / SAMPLE_RATE  # 10 ms


@dataclass(frozen=True, slots=True)
class DiarizationOptions:
    num_speakers: int = 2  # 0: estimate (1 to max_speakers)
    max_speakers: int = 6
    window: float = 1.5
    step: float = 0.25
    min_segment: float = 0.4
    min_change: float = 1.0  # inside one stretch of speech, another speaker must last this long (s)
    detect_overlap: bool = False  # mono overlap estimate: unreliable (see docs/audio.md), off by default
    same_voice: float = 0.90  # when estimating, centroids closer than this (cosine) are one voice
    overlap_margin: float = 0.04  # a window this close to two voices may hold both


class Diarizer:
    """``diarize(samples, regions) -> Diarization``; the encoder is loaded once and reused."""

    method = "vad+resemblyzer+clustering"

    def __init__(self, options: DiarizationOptions | None = None, encoder: VoiceEncoder | None = None) -> None:
        self.options = options or DiarizationOptions()
        self.encoder = encoder or VoiceEncoder()

    def diarize(self, samples: np.ndarray, regions: list[tuple[float, float]]) -> Diarization:
        o = self.options
        if not regions:
            return Diarization((), self.method)
        centres = window_centres(regions, o.step)
        if len(centres) == 0:
            return Diarization((), self.method)
        mel = mel_spectrogram(normalize_volume(samples))
        x = self.encoder.embed(mel_windows(mel, centres, o.window))
        k = o.num_speakers if o.num_speakers > 0 else estimate_speakers(x, o.max_speakers)
        labels = cluster(x, k)
        k = int(labels.max()) + 1 if len(labels) else 0
        cents = centroids(x, labels, k)
        if o.num_speakers == 0:  # estimating: clusters of one voice are one speaker
            labels, k = _merge_same_voice(labels, cents, o.same_voice)
            cents = centroids(x, labels, k)
        labels = smooth_within_regions(centres, labels, regions, max(2, round(o.min_change / o.step)))
        segments = segments_from_windows(centres, labels, regions, o.step)
        segments = absorb_short(segments, o.min_segment)
        overlaps = _overlaps(x, labels, cents, centres, o) if k >= 2 and o.detect_overlap else ()
        return Diarization(tuple(segments), self.method, overlaps)


def window_centres(regions: list[tuple[float, float]], step: float) -> np.ndarray:
    """Centres on a ``step`` grid inside the speech regions (at least one per region)."""
    out: list[float] = []
    for start, end in regions:
        n = max(1, int((end - start) / step))
        first = start + ((end - start) - (n - 1) * step) / 2
        out.extend(first + i * step for i in range(n))
    return np.array(out, dtype=np.float64)


def mel_windows(mel: np.ndarray, centres: np.ndarray, window: float) -> np.ndarray:
    """(n, frames, 40) windows of the mel spectrogram around each centre (zero-padded at the edges)."""
    half = int(round(window / FRAME / 2))
    padded = np.pad(mel, ((half, half), (0, 0)))
    idx = np.round(centres / FRAME).astype(int)
    return np.stack([padded[i : i + 2 * half] for i in idx]) if len(idx) else np.zeros((0, 2 * half, mel.shape[1]))


def _merge_same_voice(labels: np.ndarray, cents: np.ndarray, threshold: float) -> tuple[np.ndarray, int]:
    k = len(cents)
    if k < 2:
        return labels, k
    sim = cents @ cents.T
    np.fill_diagonal(sim, -1)
    while k >= 2 and sim.max() >= threshold:
        a, b = sorted(np.unravel_index(int(np.argmax(sim)), sim.shape))
        labels = np.where(labels == b, a, labels)
        labels = np.where(labels > b, labels - 1, labels)
        cents = np.delete(cents, b, axis=0)
        k -= 1
        sim = cents @ cents.T
        np.fill_diagonal(sim, -1)
    return labels, k


def smooth_within_regions(
    centres: np.ndarray, labels: np.ndarray, regions: list[tuple[float, float]], min_run: int
) -> np.ndarray:
    """Inside each stretch of speech, a run of fewer than ``min_run`` windows with another speaker
    (a window straddling a change, a cough) takes the label of the longer run beside it. Runs are
    never merged across a pause: a short reply between pauses keeps its own speaker."""
    out = labels.copy()
    i = 0
    for _start, end in regions:
        j = i
        while j < len(centres) and centres[j] <= end + 1e-9:
            j += 1
        runs: list[list[int]] = []  # [label, first, last]
        for m in range(i, j):
            if runs and runs[-1][0] == out[m]:
                runs[-1][2] = m
            else:
                runs.append([int(out[m]), m, m])
        changed = True
        while changed and len(runs) > 1:
            changed = False
            for r, (_label, first, last) in enumerate(runs):
                if last - first + 1 >= min_run:
                    continue
                neighbours = [runs[q] for q in (r - 1, r + 1) if 0 <= q < len(runs)]
                target = max(neighbours, key=lambda n: n[2] - n[1])
                out[first : last + 1] = target[0]
                runs[r][0] = target[0]
                merged: list[list[int]] = []
                for run in runs:
                    if merged and merged[-1][0] == run[0]:
                        merged[-1][2] = run[2]
                    else:
                        merged.append(list(run))
                runs = merged
                changed = True
                break
        i = j
    return out


def segments_from_windows(
    centres: np.ndarray, labels: np.ndarray, regions: list[tuple[float, float]], step: float
) -> list[SpeakerSegment]:
    """Each window speaks for ``step`` around its centre, clipped to its speech region; a speaker
    change falls half way between two windows."""
    segs: list[SpeakerSegment] = []
    i = 0
    for start, end in regions:
        j = i
        while j < len(centres) and centres[j] <= end + 1e-9:
            j += 1
        cur_start, cur_label = start, labels[i] if i < j else None
        for m in range(i + 1, j):
            if labels[m] != labels[m - 1]:
                cut = (centres[m - 1] + centres[m]) / 2
                segs.append(SpeakerSegment(round(cur_start, 3), round(cut, 3), _name(int(labels[m - 1]))))
                cur_start, cur_label = cut, labels[m]
        if cur_label is not None:
            segs.append(SpeakerSegment(round(cur_start, 3), round(end, 3), _name(int(cur_label))))
        i = j
    return segs


def absorb_short(segments: list[SpeakerSegment], min_len: float) -> list[SpeakerSegment]:
    """A segment shorter than ``min_len`` between two of the same other speaker joins them; then
    touching segments of one speaker are merged."""
    segs = list(segments)
    for i in range(1, len(segs) - 1):
        s, prev, nxt = segs[i], segs[i - 1], segs[i + 1]
        if (
            s.end - s.start < min_len
            and prev.speaker == nxt.speaker != s.speaker
            and abs(prev.end - s.start) < 1e-6
            and abs(s.end - nxt.start) < 1e-6
        ):
            segs[i] = SpeakerSegment(s.start, s.end, prev.speaker)
    merged: list[SpeakerSegment] = []
    for s in segs:
        if merged and merged[-1].speaker == s.speaker and s.start - merged[-1].end < 1e-6:
            merged[-1] = SpeakerSegment(merged[-1].start, s.end, s.speaker)
        else:
            merged.append(s)
    return merged


def _overlaps(
    x: np.ndarray, labels: np.ndarray, cents: np.ndarray, centres: np.ndarray, o: DiarizationOptions
) -> tuple[tuple[float, float], ...]:
    """Runs of two or more windows, away from a plain speaker change, whose embedding is about as
    close to a second voice as to its own: a mix of both voices."""
    sims = x @ cents.T
    top2 = np.sort(sims, axis=1)[:, -2:]
    ambiguous = (top2[:, 1] - top2[:, 0]) < o.overlap_margin
    out: list[tuple[float, float]] = []
    i = 0
    while i < len(ambiguous):
        if not ambiguous[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(ambiguous) and ambiguous[j + 1] and centres[j + 1] - centres[j] <= o.step * 1.5:
            j += 1
        # a single ambiguous window at a change of speaker is the change itself, not overlap
        if j > i:
            out.append((round(float(centres[i] - o.step / 2), 3), round(float(centres[j] + o.step / 2), 3)))
        i = j + 1
    return tuple(out)


def _name(label: int) -> str:
    return f"SPEAKER_{label:02d}"
