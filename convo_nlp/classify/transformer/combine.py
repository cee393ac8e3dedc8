"""Combining the model with the lexicon, label by label.

For each label a policy says who decides: ``model`` (the model alone), ``lexicon`` (the lexicon
alone), ``either`` (a label either of them finds) or ``both`` (only labels both find). The
policies are chosen on the development split after training, by F1, and stored in the model
card. Within a small margin ``either`` is preferred: the lexicon's phrases do not depend on the
domain of the training data, and its matches carry evidence a reviewer can check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from convo_nlp.evaluation.metrics import TurnOutcome
from convo_nlp.schema import Label
from convo_nlp.schema.labels import AGENT_LABELS

POLICIES = ("either", "model", "both", "lexicon")  # order of preference on a near tie


def decides(policy: str, by_model: bool, by_lexicon: bool) -> bool:
    """Whether the label is given under ``policy``."""
    if policy == "lexicon":
        return by_lexicon
    if policy == "either":
        return by_model or by_lexicon
    if policy == "both":
        return by_model and by_lexicon
    return by_model


def choose_policies(
    model: Sequence[TurnOutcome], lexicon: Sequence[TurnOutcome], labels: Sequence[Label], margin: float = 0.01
) -> dict[str, str]:
    """The best policy per label on the same labelled turns scored by the model alone and by the
    lexicon (outcomes in the same order)."""
    if len(model) != len(lexicon):
        raise ValueError("model and lexicon outcomes must cover the same turns")
    out = {}
    for label in labels:
        role_turns = [
            (m, x)
            for m, x in zip(model, lexicon, strict=True)
            if (label in AGENT_LABELS) == (m.role.value == "agent")
        ]
        f1 = {p: _f1(p, label, role_turns) for p in POLICIES}
        best = max(f1.values())
        out[label.value] = next(p for p in POLICIES if f1[p] >= best - margin)
    return out


def _f1(policy: str, label: Label, turns: Sequence[tuple[TurnOutcome, TurnOutcome]]) -> float:
    tp = fp = fn = 0
    for m, x in turns:
        pred = decides(policy, label in m.predicted, label in x.predicted)
        gold = label in m.gold
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def policy_of(combine: Mapping[str, str], label: Label) -> str:
    return combine.get(label.value, "model")
