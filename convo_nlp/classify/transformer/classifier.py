"""``hf-transformer.v1`` as a :class:`TurnClassifier`. The model decides each label, or, where the
model card says so, the model and the lexicon together (see ``combine``). When the lexicon found
the same label in the turn, its evidence (the matched phrase) is kept, otherwise the whole turn
is the evidence with the model's score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.classify.transformer.combine import decides, policy_of
from convo_nlp.classify.transformer.examples import LABELS, turn_inputs
from convo_nlp.classify.transformer.model import TurnModel
from convo_nlp.schema import Call, Evidence, StageLabel, Turn


class TransformerClassifier(TurnClassifier):
    name: ClassVar[str] = "hf-transformer.v1"
    version: ClassVar[str] = "1"

    def __init__(
        self, model: TurnModel, lexicon: TurnClassifier | None = None, combine: Mapping[str, str] | None = None
    ) -> None:
        """``combine``: policy per label (default: the model card's; ``{}``: the model alone)."""
        self.model = model
        self.lexicon = lexicon
        self.combine = dict(model.card.combine if combine is None else combine) if lexicon is not None else {}

    @classmethod
    def from_dir(cls, model_dir: str | Path, lexicon: TurnClassifier | None = None) -> TransformerClassifier:
        return cls(TurnModel.load(model_dir), lexicon)

    def predict(self, call: Call) -> list[tuple[StageLabel, ...]]:
        if not call.turns:
            return []
        probs = self.model.probabilities(turn_inputs(call))
        lexical = self.lexicon.predict(call) if self.lexicon is not None else [() for _ in call.turns]
        return [self.labels_for(t, p, lex) for t, p, lex in zip(call.turns, probs, lexical, strict=True)]

    def labels_for(self, turn: Turn, probs: np.ndarray, lexical: Sequence[StageLabel]) -> tuple[StageLabel, ...]:
        """A turn's labels from the model's probabilities and the lexicon's labels for it."""
        chosen = self.model.chosen(probs)
        by_label = {s.label: s for s in lexical}
        row = []
        for j, label in enumerate(LABELS):
            if not decides(policy_of(self.combine, label), bool(chosen[j]), label in by_label):
                continue
            if not chosen[j]:  # given on the lexicon's word under this label's policy
                row.append(by_label[label])
                continue
            score = float(probs[j])
            evidence = (
                by_label[label].evidence if label in by_label else (Evidence.of_turn(turn, f"model {score:.2f}"),)
            )
            row.append(StageLabel(label=label, score=round(score, 4), source=self.name, evidence=evidence))
        return tuple(row)
