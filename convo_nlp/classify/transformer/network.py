"""The network: a Hugging Face encoder (LoRA adapters on its attention) + mean pooling + a linear
multi-label head. Built from a base directory or name; torch and transformers load here."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from convo_nlp.errors import ModelError


@dataclass(frozen=True, slots=True)
class LoraSettings:
    r: int = 8
    alpha: int = 16
    dropout: float = 0.1
    targets: tuple[str, ...] = ("query", "value")
    top_layers: int = 0  # adapt only the top N encoder layers (cheaper backward pass); 0: all


def load_base(base: str, allow_download: bool = False) -> tuple[Any, Any]:
    """(tokenizer, encoder) from a local Hugging Face directory or, when allowed, a hub name."""
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # the e5 build has no pooler weights, on purpose: no load report
    hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal
    try:
        tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=not allow_download)
        encoder = AutoModel.from_pretrained(base, local_files_only=not allow_download)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot load the base encoder ({' '.join(str(exc).split())[:160]})",
            path=base,
            hint="build the default with `make models`, or give a local Hugging Face encoder directory",
        ) from None
    return tokenizer, encoder


def keep_layers(encoder: Any, layers: int) -> Any:
    """The encoder with only its bottom ``layers`` transformer layers (0: all); about proportionally
    faster. Works for BERT-like encoders (``encoder.encoder.layer``)."""
    if not layers:
        return encoder
    stack = getattr(getattr(encoder, "encoder", None), "layer", None)
    if stack is None or layers > len(stack):
        raise ModelError(
            f"cannot keep {layers} layers of this encoder",
            hint="use a BERT-like base with at least that many layers, or keep all (0)",
        )
    encoder.encoder.layer = stack[:layers]
    encoder.config.num_hidden_layers = layers
    return encoder


def build_network(encoder: Any, n_labels: int, lora: LoraSettings | None) -> Any:
    """The encoder wrapped with LoRA (when given) and a head; returns a torch module."""
    import torch
    from torch import nn

    if lora is not None:
        from peft import LoraConfig, get_peft_model

        targets = [t for t in lora.targets if any(name.endswith(t) for name, _ in encoder.named_modules())]
        n_layers = int(getattr(encoder.config, "num_hidden_layers", 0))
        layers = list(range(max(0, n_layers - lora.top_layers), n_layers)) if lora.top_layers and n_layers else None
        config = LoraConfig(
            r=lora.r,
            lora_alpha=lora.alpha,
            lora_dropout=lora.dropout,
            target_modules=targets,
            layers_to_transform=layers,
        )
        with warnings.catch_warnings():  # peft calls a transformers method that is being renamed
            warnings.simplefilter("ignore", FutureWarning)
            encoder = get_peft_model(encoder, config)

    class TurnTagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(encoder.config.hidden_size, n_labels)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp_min(1.0)
            return self.head(self.dropout(pooled))

    return TurnTagger()


def encode(
    tokenizer: Any, texts: list[str], contexts: list[str] | None, max_length: int, prefix: str = ""
) -> dict[str, Any]:
    """Tokenise turns, or (turn, previous turn) pairs when ``contexts`` is given (the longer of the
    two is truncated first); padded to the longest in the batch."""
    texts = [prefix + t for t in texts]
    if contexts is None or not any(contexts):
        return dict(tokenizer(texts, truncation=True, max_length=max_length, padding=True, return_tensors="pt"))
    return dict(
        tokenizer(
            texts,
            [prefix + c if c else "" for c in contexts],
            truncation="longest_first",
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
    )


def length_order(lengths: list[int]) -> list[int]:
    """Indices sorted by length, so that a batch pads little."""
    return sorted(range(len(lengths)), key=lambda i: lengths[i])
