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

        calls = [_call(t, r, p) for t, r, p in zip(texts, role_list, prev, strict=True)]
        clf = self.classifier
        if isinstance(clf, TransformerClassifier):  # one batched pass of the model over all texts
            from convo_nlp.classify.transformer.examples import text_inputs

            probs = clf.model.probabilities(text_inputs(list(texts), role_list, prev))
            lexicon = clf.lexicon if clf.combine else None
            rows = [
                clf.labels_for(c.turns[-1], p, lexicon.predict(c)[-1] if lexicon is not None else ())
                for c, p in zip(calls, probs, strict=True)
            ]
        else:
            rows = [clf.predict(c)[-1] for c in calls]
        return [[(s.label.value, s.score) for s in row] for row in rows]


def _call(text: str, role: Role, previous: str) -> Call:
    """A one- or two-turn call around ``text``, normalised as the pipeline would."""
    from convo_nlp.text import TextNormalizer

    turns = [Turn(id="t1", speaker=role.value, text=text, role=role)]
    if previous:
        turns.insert(0, Turn(id="t0", speaker=role.other().value, text=previous, role=role.other()))
    return TextNormalizer()(Call(id="text", turns=tuple(turns)))


def load_classifier(name: str | Path | None = None, config: str | Path | None = None) -> TextClassifier:
    """``None``: the configured default; ``"lexicon"``, ``"hf-transformer.v1"``, or a model folder."""
    from convo_nlp.config import Config
    from convo_nlp.registry import build_classifier

    cfg = Config.load(config)
    return TextClassifier(build_classifier(str(name) if name is not None else cfg.pipeline.classifier, cfg))
