"""Speaker embeddings with the Resemblyzer voice encoder (GE2E, 3-layer LSTM, 256-d), whose
weights ship inside the ``resemblyzer`` package. The network is defined here and the weights read
from the installed package without importing it (its import pulls librosa)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from convo_nlp.audio.models import package_dir
from convo_nlp.errors import ModelError

PARTIAL_FRAMES = 160  # 1.6 s of 10 ms frames, what the encoder was trained on


def _weights_path() -> Path:
    root = package_dir("resemblyzer")
    path = root / "pretrained.pt" if root else None
    if path is None or not path.is_file():
        raise ModelError(
            "the Resemblyzer voice encoder is not installed",
            hint="pip install --no-deps resemblyzer==0.1.4 (or give the speakers with --rttm)",
        )
    return path


class VoiceEncoder:
    """``embed(mel_windows) -> (n, 256)`` L2-normalised embeddings. Loaded on first use; thread-safe."""

    name = "resemblyzer-ge2e"

    def __init__(self, weights: Path | None = None, threads: int = 0) -> None:
        self._weights = weights
        self._threads = threads
        self._net: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        import torch
        from torch import nn

        path = self._weights or _weights_path()
        net = nn.ModuleDict({"lstm": nn.LSTM(40, 256, 3, batch_first=True), "linear": nn.Linear(256, 256)})
        try:
            state = torch.load(path, map_location="cpu", weights_only=True)["model_state"]
        except Exception as exc:  # noqa: BLE001
            raise ModelError(f"cannot read voice encoder weights ({exc})", path=str(path)) from None
        net.load_state_dict({k: v for k, v in state.items() if k.split(".")[0] in ("lstm", "linear")})
        net.eval()
        return net

    def embed(self, windows: np.ndarray, batch: int = 64) -> np.ndarray:
        """``windows``: (n, frames, 40) mel windows -> (n, 256) embeddings."""
        import torch

        with self._lock:
            if self._net is None:
                self._net = self._load()
            net = self._net
        if len(windows) == 0:
            return np.zeros((0, 256), dtype=np.float32)
        out = []
        with torch.inference_mode():
            for i in range(0, len(windows), batch):
                x = torch.from_numpy(np.ascontiguousarray(windows[i : i + batch], dtype=np.float32))
                _, (hidden, _) = net["lstm"](x)
                e = torch.relu(net["linear"](hidden[-1]))
                out.append((e / e.norm(dim=1, keepdim=True).clamp_min(1e-8)).numpy())
        return np.concatenate(out)
