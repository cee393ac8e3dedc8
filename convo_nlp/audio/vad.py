"""Where there is speech: Silero VAD (the ONNX model inside faster-whisper)."""

from __future__ import annotations

import numpy as np

from convo_nlp.audio.chunks import quiet_cuts
from convo_nlp.audio.types import SAMPLE_RATE


def speech_regions(
    samples: np.ndarray,
    *,
    threshold: float = 0.5,
    min_speech: float = 0.25,
    min_silence: float = 0.3,
    pad: float = 0.05,
) -> list[tuple[float, float]]:
    """Sorted, disjoint (start, end) seconds of speech in 16 kHz mono ``samples`` (long recordings a
    few minutes at a time)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if samples.size < SAMPLE_RATE // 10:
        return []
    options = VadOptions(
        threshold=threshold,
        min_speech_duration_ms=int(min_speech * 1000),
        min_silence_duration_ms=int(min_silence * 1000),
        speech_pad_ms=int(pad * 1000),
    )
    regions: list[tuple[float, float]] = []
    for first, last in quiet_cuts(samples):
        piece = np.asarray(samples[first:last], dtype=np.float32)
        for s in get_speech_timestamps(piece, options):
            start, end = (first + s["start"]) / SAMPLE_RATE, (first + s["end"]) / SAMPLE_RATE
            if regions and start - regions[-1][1] < 0.05:  # speech running across a cut
                regions[-1] = (regions[-1][0], end)
            else:
                regions.append((start, end))
    return regions
