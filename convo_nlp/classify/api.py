"""The embedding API: a classifier for loose texts.

    from convo_nlp import load_classifier
    clf = load_classifier()                      # the default; or "lexicon", or a model folder
    clf.predict(["I'm so sorry about that", "شكراً لاتصالك"])
    # [[("apologise", 0.97)], [("thank", 0.99)]]

Batched; safe to share between threads (one model, inference under a lock)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.schema import Call, Role, Turn


class TextClassifier:
    """LAST labels with scores for texts; ``roles`` (default agent) and ``previous`` turns optional."""

    def __init__(self, classifier: TurnClassifier) -> None:
        self.classifier = classifier
        self.name = classifier.name

    def predict(
        self, texts: Sequence[str], roles: Sequence[Role | str] | None = None, previous: Sequence[str] | None = None
    ) -> list[list[tuple[str, float]]]:
        role_list = [Role(r) for r in roles] if roles is not None else [Role.AGENT] * len(texts)
        prev = list(previous) if previous is not None else [""] * len(texts)
        from convo_nlp.classify.transformer.classifier import TransformerClassifier

        if isinstance(self.classifier, TransformerClassifier):
            from convo_nlp.classify.transformer.examples import text_inputs

            model = self.classifier.model
            return model.decide(model.probabilities(text_inputs(list(texts), role_list, prev)))
        return [self._one(t, r, p) for t, r, p in zip(texts, role_list, prev, strict=True)]

    def _one(self, text: str, role: Role, previous: str) -> list[tuple[str, float]]:
        from convo_nlp.text import TextNormalizer

        turns = [Turn(id="t1", speaker=role.value, text=text, role=role)]
        if previous:
            turns.insert(0, Turn(id="t0", speaker=role.other().value, text=previous, role=role.other()))
        call = TextNormalizer()(Call(id="text", turns=tuple(turns)))
        return [(s.label.value, s.score) for s in self.classifier.predict(call)[-1]]


def load_classifier(name: str | Path | None = None, config: str | Path | None = None) -> TextClassifier:
    """``None``: the configured default; ``"lexicon"``, ``"hf-transformer.v1"``, or a model folder."""
    from convo_nlp.config import Config
    from convo_nlp.registry import build_classifier

    cfg = Config.load(config)
    return TextClassifier(build_classifier(str(name) if name is not None else cfg.pipeline.classifier, cfg))
