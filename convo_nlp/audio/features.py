"""Mel spectrogram features as the Resemblyzer voice encoder expects them (librosa's
``melspectrogram`` defaults: 25 ms Hann window, 10 ms hop, 40 Slaney mel bands, power 2),
computed with numpy so that librosa is not needed."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from convo_nlp.audio.types import SAMPLE_RATE

N_FFT = 400  # 25 ms at 16 kHz
HOP = 160  # 10 ms
N_MELS = 40


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear below 1 kHz, logarithmic above."""
    f = np.asarray(f, dtype=np.float64)
    mels = f / (200.0 / 3)
    log_region = f >= 1000.0
    mels[log_region] = 15.0 + np.log(f[log_region] / 1000.0) / (np.log(6.4) / 27.0)
    return mels


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    freqs = m * (200.0 / 3)
    log_region = m >= 15.0
    freqs[log_region] = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m[log_region] - 15.0))
    return freqs


@lru_cache(maxsize=4)
def mel_filters(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """(n_mels, 1 + n_fft // 2) triangular filters, Slaney-normalised (equal area)."""
    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(np.array([0.0]))[0], _hz_to_mel(np.array([sr / 2]))[0], n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


@lru_cache(maxsize=1)
def _window() -> np.ndarray:
    n = np.arange(N_FFT)
    return (0.5 - 0.5 * np.cos(2 * np.pi * n / N_FFT)).astype(np.float32)  # periodic Hann


def mel_spectrogram(wav: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """(frames, 40) float32 power mel spectrogram; frame i is centred on sample ``i * 160``.
    Computed ``chunk`` frames at a time so that a long call needs little memory."""
    wav = np.asarray(wav, dtype=np.float32)
    padded = np.pad(wav, (N_FFT // 2, N_FFT // 2), mode="constant")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    if n_frames <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    out = np.empty((n_frames, N_MELS), dtype=np.float32)
    window, filters = _window(), mel_filters().T
    for first in range(0, n_frames, chunk):
        count = min(chunk, n_frames - first)
        idx = np.arange(N_FFT)[None, :] + HOP * (first + np.arange(count))[:, None]
        spectrum = np.fft.rfft(padded[idx] * window[None, :], n=N_FFT, axis=1)
        power = (spectrum.real**2 + spectrum.imag**2).astype(np.float32)
        out[first : first + count] = power @ filters
    return out


def normalize_volume(wav: np.ndarray, target_dbfs: float = -30.0) -> np.ndarray:
    """Raise quiet audio to ``target_dbfs`` RMS (never lowers it), as Resemblyzer's preprocessing does."""
    rms = float(np.sqrt(np.mean(np.square(wav, dtype=np.float64)))) if wav.size else 0.0
    if rms <= 0:
        return wav
    change = target_dbfs - 20 * np.log10(rms)
    return wav if change <= 0 else (wav * (10 ** (change / 20))).astype(np.float32)
