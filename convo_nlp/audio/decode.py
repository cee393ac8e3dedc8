"""Decode any audio file PyAV (FFmpeg) can read to 16 kHz float32 tracks.

wav, mp3, flac, ogg, m4a … at any rate (8 kHz telephone audio included) and any channel count.
Two or more channels keep the first two as the parties' tracks; a stereo file whose channels
carry the same signal is treated as mono. Every failure is an :class:`InputError` with one line
naming the file and what to do.
"""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np

from convo_nlp.audio.types import SAMPLE_RATE, Audio
from convo_nlp.errors import InputError

_FIX = "check that the file plays, or convert it: ffmpeg -i IN -ar 16000 OUT.wav"
# Channels this close (correlation) carry the same signal: a "stereo" file recorded as mono.
_DUAL_MONO_CORRELATION = 0.995
# Peak below this (about -80 dBFS) is digital silence.
SILENCE_PEAK = 1e-4


def load_audio(path: str | Path, *, max_seconds: float | None = None) -> Audio:
    """Decode ``path``; raises :class:`InputError` for missing, empty, too long, corrupt or non-audio files."""
    import av

    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    if size == 0:
        raise InputError("the file is empty (0 bytes)", path=name, hint="re-export the recording")
    try:
        with av.open(str(p), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise InputError("no audio stream in this file", path=name, hint=_FIX)
            stream = container.streams.audio[0]
            channels = stream.codec_context.channels or 1
            rate = stream.codec_context.sample_rate or 0
            codec = stream.codec_context.name or "unknown"
            layout = "mono" if channels == 1 else "stereo"
            seconds = _duration(container, stream)
            if max_seconds is not None and seconds is not None and seconds > max_seconds:
                raise InputError(
                    f"the recording lasts {seconds / 60:.0f} min, more than the {max_seconds / 60:.0f} min limit",
                    path=name,
                    hint="split it, or raise the limit with --set audio.max_minutes=N",
                )
            samples = _decode(container, stream, layout)
    except InputError:
        raise
    except av.error.FFmpegError as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"not a readable audio file ({' '.join(reason.split())})", path=name, hint=_FIX) from None
    except (OSError, ValueError, EOFError) as exc:
        raise InputError(f"cannot decode audio ({' '.join(str(exc).split())})", path=name, hint=_FIX) from None
    if samples.size == 0:
        raise InputError("the file holds no audio samples (empty or truncated)", path=name, hint=_FIX)
    if layout == "mono":
        tracks: tuple[np.ndarray, ...] = (samples,)
        dual = False
    else:
        left, right = samples[0::2].copy(), samples[1::2].copy()
        dual = same_signal(left, right)
        tracks = ((left + right) / 2.0,) if dual else (left, right)
    return Audio(path=name, tracks=tracks, source_rate=rate, source_channels=channels, codec=codec, dual_mono=dual)


def _duration(container, stream) -> float | None:  # type: ignore[no-untyped-def]
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return container.duration / 1_000_000 if container.duration else None


def _decode(container, stream, layout: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    import av

    resampler = av.audio.resampler.AudioResampler(format="s16", layout=layout, rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    try:
        for frame in _valid_frames(container.decode(stream)):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    finally:
        del resampler
        gc.collect()  # PyAV's resampler keeps buffers alive until collected
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks).astype(np.float32) / 32768.0


def _valid_frames(frames):  # type: ignore[no-untyped-def]
    """Skip frames FFmpeg cannot decode (a damaged stretch) instead of failing the whole call."""
    import av

    iterator = iter(frames)
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


def same_signal(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two channels carry (almost) the same signal. A silent channel does not count: it is
    a party who said nothing, still a two-party recording."""
    if a.size == 0 or not np.any(a) or not np.any(b):
        return bool(np.array_equal(a, b))
    a0, b0 = a - a.mean(), b - b.mean()
    denom = float(np.sqrt(np.dot(a0, a0) * np.dot(b0, b0)))
    return denom > 0 and float(np.dot(a0, b0)) / denom >= _DUAL_MONO_CORRELATION


def is_silent(audio: Audio) -> bool:
    return all(float(np.max(np.abs(t))) < SILENCE_PEAK for t in audio.tracks)
