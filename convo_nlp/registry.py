"""Components registered by versioned name, imported only when built (keeps imports light)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from convo_nlp.errors import ConfigError

log = logging.getLogger("convo_nlp")

if TYPE_CHECKING:
    from convo_nlp.classify.base import TurnClassifier
    from convo_nlp.config import Config


def _lexicon(config: Config) -> TurnClassifier:
    from convo_nlp.classify.lexicon import LexiconClassifier

    return LexiconClassifier(extra_phrases=config.lexicon.extra_phrases)


def _transformer(config: Config) -> TurnClassifier:
    """The fine-tuned model of ``pipeline.model``; the lexicon, with one warning, when the model or
    its base encoder cannot be loaded (e.g. `make models` was not run)."""
    from convo_nlp.errors import ModelError

    try:
        from convo_nlp.classify.transformer.classifier import TransformerClassifier

        return TransformerClassifier.from_dir(model_path(config.pipeline.model), lexicon=_lexicon(config))
    except (ModelError, ImportError) as exc:
        log.warning("hf-transformer.v1 unavailable (%s); using the lexicon (lexicon.v1) instead", exc)
        return _lexicon(config)


def model_path(spec: str) -> Path:
    """A model folder: as given, or relative to the project's ``models/`` folder."""
    path = Path(spec).expanduser()
    if path.is_absolute() or path.exists():
        return path
    return Path(__file__).resolve().parents[1] / "models" / spec


CLASSIFIERS: MappingProxyType[str, Callable[[Config], TurnClassifier]] = MappingProxyType(
    {
        "lexicon.v1": _lexicon,
        "hf-transformer.v1": _transformer,
    }
)
ALIASES = MappingProxyType({"lexicon": "lexicon.v1", "transformer": "hf-transformer.v1"})


def classifier_names() -> tuple[str, ...]:
    return tuple(CLASSIFIERS)


def build_classifier(name: str, config: Config) -> TurnClassifier:
    """Build a classifier by registered name (``lexicon.v1``, ``hf-transformer.v1``; aliases
    ``lexicon``, ``transformer``), or from a trained model folder's path."""
    key = ALIASES.get(name, name)
    if key not in CLASSIFIERS and (Path(name) / "convo_model.json").is_file():
        from convo_nlp.classify.transformer.classifier import TransformerClassifier

        return TransformerClassifier.from_dir(name, lexicon=_lexicon(config))
    if key not in CLASSIFIERS:
        raise ConfigError(f"unknown classifier {name!r}", hint=f"use one of {', '.join(CLASSIFIERS)}")
    return CLASSIFIERS[key](config)
