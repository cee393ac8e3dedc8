"""Scorecard maths: weights, N/A excluded from the denominator, auto-fail, bands."""

from __future__ import annotations

import pytest

from convo_nlp.config import Config
from convo_nlp.detect.component import FindingsDetector
from convo_nlp.schema import Status
from convo_nlp.scoring.scorecard import AUTO_FAIL_BAND, Scorecard


def _score(call, overrides=()):
    cfg = Config.load(None, list(overrides))
    annotated = FindingsDetector(cfg.interruptions, cfg.silence)(call)
    return Scorecard(cfg.scorecard, cfg.digest()).score(annotated)


def test_perfect_call_scores_100(build_call):
    r = _score(
        build_call(
            [
                ("agent", "Thanks for calling, how can I help?", ["thank"]),
                ("customer", "I was charged twice.", ["complaint"]),
                ("agent", "I'm so sorry. So the charge appeared twice?", ["apologise", "listen"]),
                ("customer", "Yes."),
                ("agent", "I've refunded the second charge.", ["solve"]),
            ]
        )
    )
    assert r.score == 100.0 and r.band == "excellent" and not r.auto_failed
    assert all(c.status is Status.PASS for c in r.criteria)


def test_not_applicable_apology_is_left_out_of_the_denominator(build_call):
    # No complaint: apology_when_required is n/a, stage_order is n/a; nothing else missing.
    r = _score(
        build_call(
            [
                ("customer", "When does the next train leave?"),
                ("agent", "So you need today's train to Tunis?", ["listen"]),
                ("agent", "The next one is at 11, thank you for asking.", ["solve", "thank"]),
            ]
        )
    )
    assert r.criterion("apology_when_required").status is Status.NA
    assert r.criterion("apology_when_required").points == 0
    assert r.score == 100.0
    apologise = next(s for s in r.sections if s.id == "apologise")
    assert apologise.max_points == 0 and apologise.score is None


def test_failed_criteria_lose_exactly_their_share(build_call):
    # Missing thanks only: thank section (20 points) lost out of 100 applicable.
    r = _score(
        build_call(
            [
                ("customer", "My internet is down.", ["complaint"]),
                ("agent", "I'm sorry, when did it start?", ["apologise", "listen"]),
                ("customer", "This morning."),
                ("agent", "I've reset your line.", ["solve"]),
            ]
        )
    )
    assert r.criterion("thanked").status is Status.FAIL
    assert r.score == pytest.approx(80.0)
    assert r.band == "good"


def test_mixed_na_and_fail_uses_applicable_points_only(build_call):
    # No complaint (apology n/a, stage order n/a => 20 + 7.5 out), no listen (7.5 lost), no thanks (20 lost).
    r = _score(
        build_call(
            [
                ("customer", "What time do you open?"),
                ("agent", "We open at nine.", ["solve"]),
            ]
        )
    )
    applicable = 100 - 20 - 7.5
    earned = applicable - 7.5 - 20
    assert r.score == pytest.approx(round(100 * earned / applicable, 1))


def test_auto_fail_overrides_the_score(build_call):
    r = _score(
        build_call(
            [
                ("customer", "The parcel never arrived.", ["complaint"]),
                ("agent", "Sorry, that's not our problem, contact the courier yourself.", ["apologise", "deflect"]),
                ("agent", "Thanks for calling.", ["thank"]),
            ]
        )
    )
    assert r.auto_failed and r.band == AUTO_FAIL_BAND and r.score == 0.0
    assert r.criterion("no_deflection").status is Status.FAIL
    assert r.criterion("no_deflection").evidence


def test_auto_fail_can_be_turned_off_and_bands_follow_the_score(build_call):
    call = build_call(
        [
            ("customer", "The parcel never arrived.", ["complaint"]),
            ("agent", "That's not our problem.", ["deflect"]),
        ]
    )
    r = _score(
        call,
        [
            "scorecard.sections.solve.criteria=[{id='solved', check='solved', weight=2.0}, "
            "{id='no_deflection', check='no_deflection', weight=1.0, auto_fail=false}]"
        ],
    )
    assert not r.auto_failed
    assert r.band == "poor" and r.score < 50


def test_every_criterion_explains_itself(build_call):
    r = _score(build_call([("customer", "Hello?"), ("agent", "Hi.")]))
    for c in r.criteria:
        assert c.reason, c.id
        assert c.status in (Status.PASS, Status.FAIL, Status.NA)


def test_optional_checks_approved_apology_and_thanks_at_close(build_call):
    call = build_call([
        ("customer", "My order is late.", ["complaint"]),
        ("agent", "We sincerely apologise for the delay.", ["apologise"]),
        ("agent", "Thank you. I've sent a new one today.", ["thank", "solve"]),
        ("agent", "Anything else?"),
        ("agent", "Bye."),
    ])
    thank = (
        "scorecard.sections.thank.criteria=[{id='thanked', check='thanked'}, "
        "{id='close', check='thanked_at_close', params={last_turns=2}}]"
    )
    approved = (
        "scorecard.sections.apologise.criteria=[{id='approved', check='approved_apology', "
        "params={phrases=['we sincerely apologise']}}]"
    )
    r = _score(call, [thank, approved])
    assert r.criterion("close").status is Status.FAIL  # thanks came three agent turns before the end
    assert r.criterion("thanked").status is Status.PASS
    assert r.criterion("approved").status is Status.PASS
    other = approved.replace("we sincerely apologise", "we are terribly sorry")
    assert _score(call, [other]).criterion("approved").status is Status.FAIL
    none = "scorecard.sections.apologise.criteria=[{id='approved', check='approved_apology'}]"
    assert _score(call, [none]).criterion("approved").status is Status.NA
