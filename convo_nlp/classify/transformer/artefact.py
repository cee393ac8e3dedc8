"""A trained model on disk: the LoRA adapter, the head, and ``convo_model.json`` (the model card's
data: labels, thresholds, base model, data hash, training settings, metrics, versions), plus a
human-readable ``README.md`` card."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from convo_nlp.errors import ModelError

CARD = "convo_model.json"


@dataclass(frozen=True, slots=True)
class ModelCard:
    name: str
    labels: tuple[str, ...]
    thresholds: tuple[float, ...]
    base_model: str
    max_length: int
    lora: dict[str, Any]
    training: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    base_checksum: str = ""
    classifier: str = "hf-transformer.v1"
    context: bool = False  # the previous turn is read as a second segment
    prefix: str = ""  # put before every input, e.g. e5's "query: "
    combine: dict[str, str] = field(default_factory=dict)  # label -> model|lexicon|either|both
    int8: bool = False  # runs quantised to int8; thresholds and ``combine`` were chosen that way
    layers: int = 0  # the base's bottom N layers only (0: all)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["labels"], d["thresholds"] = list(self.labels), [round(t, 3) for t in self.thresholds]
        return d

    @classmethod
    def read(cls, model_dir: Path) -> ModelCard:
        path = model_dir / CARD
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{**d, "labels": tuple(d["labels"]), "thresholds": tuple(d["thresholds"])})
        except FileNotFoundError:
            raise ModelError(
                "not a convo_nlp model folder (no convo_model.json)",
                path=str(model_dir),
                hint="train one with `convo train`",
            ) from None
        except (ValueError, TypeError, KeyError) as exc:
            raise ModelError(f"unreadable model card: {exc}", path=str(path)) from None


def readme(card: ModelCard) -> str:
    m = card.metrics
    lines = [
        f"# {card.name}",
        "",
        f"convo_nlp `{card.classifier}` turn classifier: LoRA adapter + multi-label head on `{card.base_model}`.",
        "Input: role + previous turn + turn. Labels: " + ", ".join(f"`{x}`" for x in card.labels) + ".",
        "",
        "## Training",
        "",
        "```json",
        json.dumps({"training": card.training, "lora": card.lora, "data": card.data}, indent=2, ensure_ascii=False),
        "```",
        "",
        "## Metrics",
        "",
        "```json",
        json.dumps(m, indent=2, ensure_ascii=False),
        "```",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(card.versions.items())),
        "",
    ]
    return "\n".join(lines)
