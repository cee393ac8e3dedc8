"""Run a classifier over labelled calls and score it against the human labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.evaluation.metrics import GroupScores, TurnOutcome, score_by_language
from convo_nlp.roles import RoleResolver
from convo_nlp.schema import Call
from convo_nlp.text import TextNormalizer


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    classifier: str
    sources: tuple[str, ...]
    calls: int
    groups: tuple[GroupScores, ...]

    def group(self, name: str) -> GroupScores:
        return next(g for g in self.groups if g.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "classifier": self.classifier,
            "sources": list(self.sources),
            "calls": self.calls,
            "groups": [g.to_dict() for g in self.groups],
        }


def collect_outcomes(classifier: TurnClassifier, calls: Iterable[Call]) -> tuple[list[TurnOutcome], int]:
    """Label each call and pair every human-labelled turn with the prediction."""
    roles, normalizer = RoleResolver(), TextNormalizer()
    outcomes: list[TurnOutcome] = []
    n = 0
    for call in calls:
        n += 1
        prepared = normalizer(roles(call))
        predictions = classifier.predict(prepared)
        for turn, predicted in zip(prepared.turns, predictions, strict=True):
            if turn.gold is None:
                continue
            language = call.language if call.language in ("en", "ar") else (turn.language or "unknown")
            outcomes.append(
                TurnOutcome(language, turn.role, frozenset(turn.gold), frozenset(p.label for p in predicted))
            )
    return outcomes, n


def evaluate(classifier: TurnClassifier, calls: Iterable[Call], sources: Iterable[str] = ()) -> EvaluationReport:
    outcomes, n = collect_outcomes(classifier, calls)
    return EvaluationReport(classifier.name, tuple(sources), n, tuple(score_by_language(outcomes)))
