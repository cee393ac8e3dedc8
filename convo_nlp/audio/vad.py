"""Where there is speech: Silero VAD (the ONNX model inside faster-whisper)."""

from __future__ import annotations

import numpy as np

from convo_nlp.audio.types import SAMPLE_RATE


def speech_regions(
    samples: np.ndarray,
    *,
    threshold: float = 0.5,
    min_speech: float = 0.25,
    min_silence: float = 0.3,
    pad: float = 0.05,
) -> list[tuple[float, float]]:
    """Sorted, disjoint (start, end) seconds of speech in 16 kHz mono ``samples``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if samples.size < SAMPLE_RATE // 10:
        return []
    options = VadOptions(
        threshold=threshold,
        min_speech_duration_ms=int(min_speech * 1000),
        min_silence_duration_ms=int(min_silence * 1000),
        speech_pad_ms=int(pad * 1000),
    )
    stamps = get_speech_timestamps(np.asarray(samples, dtype=np.float32), options)
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]
