"""``hf-transformer.v1`` as a :class:`TurnClassifier`: the model decides the labels; when the
lexicon found the same label in the turn, its evidence (the matched phrase) is kept, otherwise
the whole turn is the evidence with the model's score."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.classify.transformer.examples import turn_inputs
from convo_nlp.classify.transformer.model import TurnModel
from convo_nlp.schema import Call, Evidence, Label, StageLabel


class TransformerClassifier(TurnClassifier):
    name: ClassVar[str] = "hf-transformer.v1"
    version: ClassVar[str] = "1"

    def __init__(self, model: TurnModel, lexicon: TurnClassifier | None = None) -> None:
        self.model = model
        self.lexicon = lexicon

    @classmethod
    def from_dir(cls, model_dir: str | Path, lexicon: TurnClassifier | None = None) -> TransformerClassifier:
        return cls(TurnModel.load(model_dir), lexicon)

    def predict(self, call: Call) -> list[tuple[StageLabel, ...]]:
        if not call.turns:
            return []
        decided = self.model.decide(self.model.probabilities(turn_inputs(call)))
        lexical = self.lexicon.predict(call) if self.lexicon is not None else [() for _ in call.turns]
        out = []
        for turn, labels, lex in zip(call.turns, decided, lexical, strict=True):
            by_label = {s.label: s for s in lex}
            row = []
            for label, score in labels:
                lab = Label(label)
                evidence = (
                    by_label[lab].evidence if lab in by_label else (Evidence.of_turn(turn, f"model {score:.2f}"),)
                )
                row.append(StageLabel(label=lab, score=round(score, 4), source=self.name, evidence=evidence))
            out.append(tuple(row))
        return out
