from __future__ import annotations

import pytest

from convo_nlp.detect.metrics import conversation_metrics, detect_long_silences, intersection, union
from convo_nlp.detect.omissions import detect_omissions
from convo_nlp.detect.order import detect_stage_order
from convo_nlp.schema import EventKind, Role


def kinds(events):
    return [e.kind for e in events]


def test_missing_apology_needs_a_complaint_and_no_later_apology(build_call):
    call = build_call(
        [
            ("agent", "Sorry for the wait.", ["apologise"]),
            ("customer", "My card was charged twice.", ["complaint"]),
            ("agent", "I've refunded it.", ["solve"]),
        ]
    )
    events = detect_omissions(call)
    [missing] = [e for e in events if e.kind is EventKind.MISSING_APOLOGY]
    assert missing.turn_ids == ("t1",)  # the apology before the complaint does not count
    calm = build_call([("customer", "When do you open?"), ("agent", "At nine. Thanks!", ["solve", "thank"])])
    assert detect_omissions(calm) == []


def test_apology_after_complaint_clears_it(build_call):
    call = build_call(
        [("customer", "It broke again.", ["complaint"]), ("agent", "I'm sorry to hear that.", ["apologise"])]
    )
    assert EventKind.MISSING_APOLOGY not in kinds(detect_omissions(call))


def test_missing_thanks_deflection_and_unsolved(build_call):
    call = build_call(
        [
            ("customer", "The bank took my money.", ["complaint"]),
            ("agent", "Sorry, that's not our problem.", ["apologise", "deflect"]),
            ("agent", "Contact the bank yourself.", ["deflect"]),
        ]
    )
    got = kinds(detect_omissions(call))
    assert got.count(EventKind.DEFLECTION) == 2
    assert EventKind.MISSING_THANKS in got and EventKind.UNSOLVED in got


def test_customer_thanks_do_not_count_as_agent_thanks(build_call):
    call = build_call([("customer", "Thanks!", ["gratitude"]), ("agent", "Done.", ["solve"])])
    assert EventKind.MISSING_THANKS in kinds(detect_omissions(call))


def test_stage_order_solution_before_listening_and_late_apology(build_call):
    call = build_call(
        [
            ("customer", "My parcel is late.", ["complaint"]),
            ("agent", "I've sent a new one.", ["solve"]),
            ("agent", "Sorry about that.", ["apologise"]),
        ]
    )
    details = [e.detail for e in detect_stage_order(call)]
    assert any("before acknowledging" in d for d in details)
    assert any("after the solution" in d for d in details)
    good = build_call(
        [
            ("customer", "My parcel is late.", ["complaint"]),
            ("agent", "I'm sorry. When was it due?", ["apologise", "listen"]),
            ("agent", "I've sent a new one.", ["solve"]),
        ]
    )
    assert detect_stage_order(good) == []


def test_interval_helpers():
    assert union([(3, 4), (0, 1), (0.5, 2)]) == [(0, 2), (3, 4)]
    assert intersection([(0, 2), (3, 5)], [(1, 4)]) == [(1, 2), (3, 4)]


def test_conversation_metrics_from_timings(build_call):
    call = build_call(
        [
            ("customer", "one two three four five six", [], 0.0, 6.0),
            ("agent", "one two three", [], 5.0, 8.0),  # 1 s overlap
            ("customer", "one two", [], 20.0, 22.0),  # 12 s silence before
        ]
    )
    m = conversation_metrics(call)
    assert m is not None
    assert m.duration == 22.0
    assert m.talk_time == {"customer": 8.0, "agent": 3.0}
    assert m.overlap_time == pytest.approx(1.0)
    assert m.non_talk_time == pytest.approx(22.0 - 10.0)
    assert m.words_per_minute["agent"] == pytest.approx(60.0)
    assert m.words_per_minute["customer"] == pytest.approx(8 / (8 / 60))
    assert m.longest_silence == pytest.approx(12.0)
    assert m.talk_ratio["customer"] == pytest.approx(8 / 11)
    [silence] = detect_long_silences(call, 10.0)
    assert (silence.start, silence.end) == (8.0, 20.0)
    assert detect_long_silences(call, 13.0) == []


def test_no_metrics_without_timings(build_call):
    assert conversation_metrics(build_call([("agent", "hi")])) is None


def test_interruption_counts_per_role_in_metrics(build_call):
    from convo_nlp.detect.interruptions import InterruptionDetector

    call = build_call([("customer", "a b c d e f g h", [], 0.0, 5.0), ("agent", "let me check that", [], 3.0, 6.0)])
    m = conversation_metrics(call, InterruptionDetector().detect(call))
    assert m is not None and m.interruptions == {Role.AGENT.value: 1}
