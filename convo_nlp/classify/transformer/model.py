"""A loaded model: tokenizer + network + card; probabilities for batches of turns. Thread-safe."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from convo_nlp.classify.transformer.artefact import ModelCard
from convo_nlp.classify.transformer.examples import LABELS, TurnInput, label_mask
from convo_nlp.classify.transformer.network import LoraSettings, build_network, encode, load_base
from convo_nlp.errors import ModelError

DEFAULT_BASE = "convo:multilingual-e5-small"  # built by `make models` into the cache


def resolve_base(spec: str, build: bool = True) -> str:
    """A base model spec as stored in a card: the project's own e5 build, a folder, or a hub name."""
    if spec == DEFAULT_BASE:
        from convo_nlp.encoders.build import default_encoder_dir, ensure_encoder

        return str(ensure_encoder() if build else default_encoder_dir())
    return spec


class TurnModel:
    """Probabilities per label for (turn, previous turn, role) inputs."""

    def __init__(self, tokenizer: Any, network: Any, card: ModelCard) -> None:
        self.tokenizer = tokenizer
        self.network = network
        self.card = card
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_dir: str | Path, base: str | None = None, threads: int = 0) -> TurnModel:
        import torch
        from peft import PeftModel
        from safetensors.torch import load_file

        model_dir = Path(model_dir)
        card = ModelCard.read(model_dir)
        if threads:
            torch.set_num_threads(threads)
        tokenizer, encoder = load_base(resolve_base(base or card.base_model))
        try:
            encoder = PeftModel.from_pretrained(encoder, str(model_dir / "adapter"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the adapter: {exc}", path=str(model_dir)) from None
        network = build_network(encoder, len(card.labels), lora=None)
        network.head.load_state_dict(load_file(str(model_dir / "head.safetensors")))
        network.eval()
        return cls(tokenizer, network, card)

    def probabilities(self, inputs: Sequence[TurnInput], batch_size: int = 32) -> np.ndarray:
        """(n, labels) probabilities; labels a turn's role cannot carry are 0."""
        import torch

        out = np.zeros((len(inputs), len(LABELS)), dtype=np.float32)
        with self._lock, torch.inference_mode():
            for i in range(0, len(inputs), batch_size):
                chunk = inputs[i : i + batch_size]
                enc = encode(self.tokenizer, [x.text for x in chunk], [x.context for x in chunk], self.card.max_length)
                logits = self.network(enc["input_ids"], enc["attention_mask"])
                probs = torch.sigmoid(logits).numpy()
                mask = np.array([label_mask(x.role) for x in chunk], dtype=np.float32)
                out[i : i + len(chunk)] = probs * mask
        return out

    def decide(self, probs: np.ndarray) -> list[list[tuple[str, float]]]:
        thresholds = np.array(self.card.thresholds, dtype=np.float32)
        return [
            [(LABELS[j].value, float(row[j])) for j in range(len(LABELS)) if row[j] >= thresholds[j]] for row in probs
        ]


def lora_from_card(card: ModelCard) -> LoraSettings:
    return LoraSettings(**{**card.lora, "targets": tuple(card.lora.get("targets", ("query", "value")))})
