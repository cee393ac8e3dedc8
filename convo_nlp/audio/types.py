"""Dataclasses passed between the audio stages: decoded audio, recognised words, speaker segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True, slots=True)
class Audio:
    """A decoded recording, resampled to 16 kHz float32.

    ``tracks`` holds one array per party channel: two for a real stereo call, one for mono (a
    stereo file whose channels are identical is treated as mono, ``dual_mono``)."""

    path: str
    tracks: tuple[np.ndarray, ...]
    source_rate: int
    source_channels: int
    codec: str
    dual_mono: bool = False

    @property
    def duration(self) -> float:
        return len(self.tracks[0]) / SAMPLE_RATE if self.tracks else 0.0

    @property
    def stereo(self) -> bool:
        return len(self.tracks) == 2


@dataclass(frozen=True, slots=True)
class AsrWord:
    text: str
    start: float
    end: float
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class AsrResult:
    """What the recogniser heard on one track."""

    words: tuple[AsrWord, ...]
    language: str
    language_probability: float
    text: str = ""
    dropped_segments: int = 0  # stretches dropped as repetition loops (not trustworthy text)


@dataclass(frozen=True, slots=True)
class SpeakerSegment:
    start: float
    end: float
    speaker: str


@dataclass(frozen=True, slots=True)
class Diarization:
    """Who spoke when on a mono track. ``overlaps`` are stretches where two voices were detected."""

    segments: tuple[SpeakerSegment, ...]
    method: str
    overlaps: tuple[tuple[float, float], ...] = ()
    speakers: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.speakers:
            object.__setattr__(self, "speakers", tuple(dict.fromkeys(s.speaker for s in self.segments)))
