"""Combining the transformer with the lexicon label by label, length-bucketed batches, threshold
choice near 0.5, and int8 inference agreeing with float32 (on the tiny BERT of the classifier tests)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from convo_nlp.classify.transformer.combine import choose_policies, decides
from convo_nlp.classify.transformer.train import bucketed_batches, choose_thresholds
from convo_nlp.evaluation.metrics import TurnOutcome
from convo_nlp.schema import Label, Role


def test_each_policy_decides_as_named():
    table = {(m, x): [decides(p, m, x) for p in ("model", "lexicon", "either", "both")]
             for m in (False, True) for x in (False, True)}
    assert table[(True, False)] == [True, False, True, False]
    assert table[(False, True)] == [False, True, True, False]
    assert table[(True, True)] == [True, True, True, True]
    assert table[(False, False)] == [False, False, False, False]


def _outcome(gold: set[Label], predicted: set[Label], role: Role = Role.AGENT) -> TurnOutcome:
    return TurnOutcome("en", role, frozenset(gold), frozenset(predicted))


def test_the_lexicon_joins_where_it_catches_what_the_model_misses():
    A, T = Label.APOLOGISE, Label.THANK
    gold = [{A}, {A}, {A}, {A}, set(), {T}, {T}, set()]
    model = [{A}, {A}, set(), set(), set(), {T}, {T}, set()]  # misses two apologies, thanks perfect
    lexicon = [{A}, set(), {A}, {A}, set(), {T}, set(), {T}]  # finds them, but is worse on thanks
    by_model = [_outcome(g, p) for g, p in zip(gold, model, strict=True)]
    by_lexicon = [_outcome(g, p) for g, p in zip(gold, lexicon, strict=True)]
    policies = choose_policies(by_model, by_lexicon, [A, T])
    assert policies == {"apologise": "either", "thank": "model"}


def test_either_wins_a_tie_and_customer_labels_use_customer_turns():
    C = Label.COMPLAINT
    turns = [_outcome({C}, {C}, Role.CUSTOMER), _outcome(set(), set(), Role.CUSTOMER),
             _outcome(set(), {C}, Role.AGENT)]  # an agent turn cannot count for a customer label
    assert choose_policies(turns, turns, [C]) == {"complaint": "either"}
    lexicon = [_outcome({C}, set(), Role.CUSTOMER), _outcome(set(), {C}, Role.CUSTOMER), turns[2]]
    assert choose_policies(turns, lexicon, [C]) == {"complaint": "model"}  # a worse lexicon stays out
    with pytest.raises(ValueError):
        choose_policies(turns, turns[:2], [C])


def test_bucketed_batches_cover_every_turn_once_with_little_padding():
    rng = random.Random(0)
    lengths = [rng.randint(1, 200) for _ in range(1000)]
    batches = bucketed_batches(lengths, 16, random.Random(1), pool=10)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(1000))
    spread = np.mean([max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches])
    assert spread < 40  # random batches of 16 would spread over about 180
    assert bucketed_batches(lengths, 16, random.Random(1), pool=10) == batches  # seeded


def test_thresholds_stay_near_one_half_unless_clearly_better():
    probs = np.array([[0.9], [0.8], [0.45], [0.2], [0.1]])
    gold = np.array([[1], [1], [0], [0], [0]])
    assert choose_thresholds(probs, gold) == (0.5,)  # 0.5 ties with 0.3…0.45: the nearest to 0.5 wins
    probs = np.array([[0.9], [0.32], [0.31], [0.2], [0.1]])
    gold = np.array([[1], [1], [1], [0], [0]])
    assert choose_thresholds(probs, gold) == (0.3,)  # clearly better: chosen
