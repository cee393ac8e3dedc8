"""Precision, recall and F1 per label, per language; macro and micro averages; a confusion table.

Multi-label: each (turn, label) pair is one decision. Only turns of the role a label belongs to
count for that label (customer turns are never scored on agent labels, and the reverse).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from convo_nlp.schema import AGENT_LABELS, ALL_LABELS, CUSTOMER_LABELS, Label, Role, labels_for_role

NONE = "none"


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """One labelled turn: its language, role, the human labels and the predicted ones."""

    language: str
    role: Role
    gold: frozenset[Label]
    predicted: frozenset[Label]


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class GroupScores:
    """Scores of one group of turns (a language, or all)."""

    name: str
    turns: int
    labels: tuple[LabelScore, ...]
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def get(self, label: Label) -> LabelScore:
        return next(s for s in self.labels if s.label == label.value)

    def macro_f1(self, labels: Sequence[Label] = ALL_LABELS) -> float:
        """Mean F1 over the labels that occur (in gold or predictions) in this group."""
        scores = [self.get(lab) for lab in labels]
        present = [s for s in scores if s.tp + s.fp + s.fn > 0]
        return sum(s.f1 for s in present) / len(present) if present else 0.0

    def micro(self, labels: Sequence[Label] = ALL_LABELS) -> LabelScore:
        scores = [self.get(lab) for lab in labels]
        return LabelScore("micro", sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "turns": self.turns,
            "labels": [s.to_dict() for s in self.labels],
            "macro_f1": {
                "all": round(self.macro_f1(), 4),
                "agent": round(self.macro_f1(AGENT_LABELS), 4),
                "customer": round(self.macro_f1(CUSTOMER_LABELS), 4),
            },
            "micro": self.micro().to_dict(),
            "confusion": self.confusion,
        }


def score_group(name: str, outcomes: Sequence[TurnOutcome]) -> GroupScores:
    counts = {lab: [0, 0, 0] for lab in ALL_LABELS}
    confusion: dict[str, dict[str, int]] = {}
    for o in outcomes:
        allowed = labels_for_role(o.role)
        for lab in allowed:
            in_gold, in_pred = lab in o.gold, lab in o.predicted
            if in_gold and in_pred:
                counts[lab][0] += 1
            elif in_pred:
                counts[lab][1] += 1
            elif in_gold:
                counts[lab][2] += 1
        gold_keys = sorted(lab.value for lab in o.gold & set(allowed)) or [NONE]
        pred_keys = sorted(lab.value for lab in o.predicted & set(allowed)) or [NONE]
        for g in gold_keys:
            row = confusion.setdefault(g, {})
            for p in pred_keys:
                row[p] = row.get(p, 0) + 1
    labels = tuple(LabelScore(lab.value, *counts[lab]) for lab in ALL_LABELS)
    return GroupScores(name, len(outcomes), labels, confusion)


def score_by_language(outcomes: Iterable[TurnOutcome]) -> list[GroupScores]:
    """One group per language (sorted), then "all"."""
    items = list(outcomes)
    langs = sorted({o.language for o in items})
    groups = [score_group(lang, [o for o in items if o.language == lang]) for lang in langs]
    if len(langs) != 1:
        groups.append(score_group("all", items))
    return groups
