"""Write small recordings for the tests with PyAV: tones standing in for speech, in any format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

# container format and codec PyAV uses for each suffix
CODECS = {
    ".wav": ("wav", "pcm_s16le"),
    ".mp3": ("mp3", "libmp3lame"),
    ".flac": ("flac", "flac"),
    ".ogg": ("ogg", "libopus"),
    ".m4a": ("ipod", "aac"),
}


def tone(seconds: float, freq: float, rate: int, level: float = 0.3, start: float = 0.0, total: float | None = None):
    """A sine burst of ``seconds`` starting at ``start`` inside ``total`` seconds of silence."""
    total = total if total is not None else start + seconds
    out = np.zeros(int(total * rate), dtype=np.float32)
    n = int(seconds * rate)
    t = np.arange(n) / rate
    a = int(start * rate)
    out[a : a + n] = (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)[: len(out) - a]
    return out


def write_audio(path: Path, tracks: Sequence[np.ndarray], rate: int) -> Path:
    """Encode one (mono) or two (stereo) float tracks at ``rate`` into ``path`` (format from the suffix)."""
    import av

    fmt, codec = CODECS[path.suffix.lower()]
    layout = "mono" if len(tracks) == 1 else "stereo"
    data = np.stack([np.asarray(t, dtype=np.float32) for t in tracks])
    enc_rate = 48000 if codec == "libopus" else rate
    if enc_rate != rate:
        idx = np.arange(int(data.shape[1] * enc_rate / rate)) * rate / enc_rate
        data = np.stack([np.interp(idx, np.arange(data.shape[1]), ch) for ch in data]).astype(np.float32)
    with av.open(str(path), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=enc_rate, layout=layout)
        step = 4096
        for i in range(0, data.shape[1], step):
            chunk = np.ascontiguousarray(data[:, i : i + step])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
            frame.sample_rate = enc_rate
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
