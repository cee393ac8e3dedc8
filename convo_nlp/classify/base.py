"""The classifier contract: ``predict`` turns into labels, ``set_annotations`` puts them on the call.

Every classifier is registered by a versioned name (``lexicon.v1``, ``hf-transformer.v1``).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from convo_nlp.schema import Call, Provenance, StageLabel


class TurnClassifier(ABC):
    """Gives each turn of a call zero or more LAST labels, each with a score and evidence."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = ""

    @abstractmethod
    def predict(self, call: Call) -> list[tuple[StageLabel, ...]]:
        """One tuple of labels per turn of ``call``, in turn order. Must not modify ``call``."""

    def set_annotations(self, call: Call, predictions: Sequence[tuple[StageLabel, ...]]) -> Call:
        if len(predictions) != len(call.turns):
            raise ValueError(f"{self.name} returned {len(predictions)} predictions for {len(call.turns)} turns")
        turns = tuple(dataclasses.replace(t, labels=tuple(p)) for t, p in zip(call.turns, predictions, strict=True))
        prov = Provenance(stage="classify", component=self.name, version=self.version)
        return dataclasses.replace(call, turns=turns, provenance=call.provenance + (prov,))

    def __call__(self, call: Call) -> Call:
        return self.set_annotations(call, self.predict(call))
