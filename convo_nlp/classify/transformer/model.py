"""A loaded model: tokenizer + network + card; probabilities for batches of turns. Thread-safe.

For inference the LoRA adapter is merged into the encoder; the weights stay float32, or, when the
card says so, the linear layers are quantised to int8 (dynamic, per channel: about 2.2× faster on
2 CPU cores, but a turn's scores then depend slightly on the other turns in its batch). Batches
are formed from turns of similar length so that little padding is computed."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from convo_nlp.classify.transformer.artefact import ModelCard
from convo_nlp.classify.transformer.examples import LABELS, TurnInput, label_mask
from convo_nlp.classify.transformer.network import (
    LoraSettings,
    build_network,
    encode,
    keep_layers,
    length_order,
    load_base,
)
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
        self.int8 = any("quantized" in type(m).__module__ for m in network.modules())
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls, model_dir: str | Path, base: str | None = None, threads: int = 0, int8: bool | None = None
    ) -> TurnModel:
        """The model in ``model_dir`` on its base, int8 as its card says (its thresholds were
        chosen for that) unless ``int8`` is given."""
        import torch
        from peft import PeftModel
        from safetensors.torch import load_file

        model_dir = Path(model_dir)
        card = ModelCard.read(model_dir)
        if threads:
            torch.set_num_threads(threads)
        tokenizer, encoder = load_base(resolve_base(base or card.base_model))
        encoder = keep_layers(encoder, card.layers)
        try:
            with warnings.catch_warnings():  # peft calls a transformers method that is being renamed
                warnings.simplefilter("ignore", FutureWarning)
                encoder = PeftModel.from_pretrained(encoder, str(model_dir / "adapter")).merge_and_unload()
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the adapter: {exc}", path=str(model_dir)) from None
        network = build_network(encoder, len(card.labels), lora=None)
        network.head.load_state_dict(load_file(str(model_dir / "head.safetensors")))
        network.eval()
        return cls(tokenizer, quantized(network) if (card.int8 if int8 is None else int8) else network, card)

    def probabilities(self, inputs: Sequence[TurnInput], batch_size: int = 64) -> np.ndarray:
        """(n, labels) probabilities; labels a turn's role cannot carry are 0."""
        import torch

        out = np.zeros((len(inputs), len(LABELS)), dtype=np.float32)
        card = self.card
        order = length_order([len(x.text) + (len(x.context) if card.context else 0) for x in inputs])
        with self._lock, torch.inference_mode():
            for i in range(0, len(order), batch_size):
                rows = order[i : i + batch_size]
                chunk = [inputs[k] for k in rows]
                contexts = [x.context for x in chunk] if card.context else None
                enc = encode(self.tokenizer, [x.text for x in chunk], contexts, card.max_length, card.prefix)
                probs = torch.sigmoid(self.network(enc["input_ids"], enc["attention_mask"])).numpy()
                mask = np.array([label_mask(x.role) for x in chunk], dtype=np.float32)
                out[rows] = probs * mask
        return out

    def chosen(self, probs: np.ndarray) -> np.ndarray:
        """(n, labels) booleans: the probabilities at or above each label's threshold."""
        return probs >= np.array(self.card.thresholds, dtype=np.float32)


def quantized(network: Any) -> Any:
    """``network`` with its linear layers dynamically quantised to int8 in place, one scale per
    output channel (torch's eager API, which torch marks deprecated but still ships); unchanged
    when this torch cannot do it."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

            return quantize_dynamic(
                network, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8, inplace=True
            )
        except (AttributeError, RuntimeError, ImportError):
            return network


def lora_from_card(card: ModelCard) -> LoraSettings:
    return LoraSettings(**{**card.lora, "targets": tuple(card.lora.get("targets", ("query", "value")))})
