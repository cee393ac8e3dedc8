"""Components registered by versioned name, imported only when built (keeps imports light)."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING

from convo_nlp.errors import ConfigError

if TYPE_CHECKING:
    from convo_nlp.classify.base import TurnClassifier
    from convo_nlp.config import Config


def _lexicon(config: Config) -> TurnClassifier:
    from convo_nlp.classify.lexicon import LexiconClassifier

    return LexiconClassifier(extra_phrases=config.lexicon.extra_phrases)


CLASSIFIERS: MappingProxyType[str, Callable[[Config], TurnClassifier]] = MappingProxyType(
    {
        "lexicon.v1": _lexicon,
    }
)
ALIASES = MappingProxyType({"lexicon": "lexicon.v1"})


def classifier_names() -> tuple[str, ...]:
    return tuple(CLASSIFIERS)


def build_classifier(name: str, config: Config) -> TurnClassifier:
    """Build a classifier by registered name (``lexicon.v1``; ``lexicon`` is an alias)."""
    key = ALIASES.get(name, name)
    if key not in CLASSIFIERS:
        raise ConfigError(f"unknown classifier {name!r}", hint=f"use one of {', '.join(CLASSIFIERS)}")
    return CLASSIFIERS[key](config)
