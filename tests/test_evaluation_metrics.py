from __future__ import annotations

import pytest

from convo_nlp.evaluation.metrics import TurnOutcome, score_by_language, score_group
from convo_nlp.schema import AGENT_LABELS, Label, Role

A, T, S = Label.APOLOGISE, Label.THANK, Label.SOLVE


def o(lang, role, gold, pred):
    return TurnOutcome(lang, Role(role), frozenset(gold), frozenset(pred))


def test_precision_recall_f1_by_hand():
    outs = [
        o("en", "agent", {A}, {A}),
        o("en", "agent", {A}, set()),
        o("en", "agent", set(), {A}),
        o("en", "agent", {A, T}, {A, T}),
    ]
    g = score_group("en", outs)
    a = g.get(A)
    assert (a.tp, a.fp, a.fn) == (2, 1, 1)
    assert a.precision == pytest.approx(2 / 3) and a.recall == pytest.approx(2 / 3) and a.f1 == pytest.approx(2 / 3)
    assert g.get(T).f1 == 1.0
    # macro over labels that occur only: apologise 2/3 and thank 1.0
    assert g.macro_f1(AGENT_LABELS) == pytest.approx((2 / 3 + 1.0) / 2)
    micro = g.micro()
    assert (micro.tp, micro.fp, micro.fn) == (3, 1, 1)


def test_customer_turns_are_not_scored_on_agent_labels():
    g = score_group("en", [o("en", "customer", {Label.GRATITUDE}, {T, Label.GRATITUDE})])
    assert g.get(T).fp == 0 and g.get(Label.GRATITUDE).tp == 1


def test_confusion_counts_gold_against_predicted():
    g = score_group("en", [o("en", "agent", {S}, {Label.LISTEN}), o("en", "agent", set(), set())])
    assert g.confusion["solve"]["listen"] == 1
    assert g.confusion["none"]["none"] == 1


def test_groups_per_language_plus_all():
    groups = score_by_language([o("en", "agent", {A}, {A}), o("ar", "agent", {A}, set())])
    assert [g.name for g in groups] == ["ar", "en", "all"]
    assert groups[0].get(A).recall == 0.0 and groups[1].get(A).recall == 1.0
