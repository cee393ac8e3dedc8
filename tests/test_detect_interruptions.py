from __future__ import annotations

import pytest

from convo_nlp.detect.interruptions import InterruptionDetector
from convo_nlp.schema import Role


def detect(call, min_overlap=0.5):
    return InterruptionDetector(min_overlap=min_overlap).detect(call)


def test_agent_cutting_in_is_found_with_who_when_and_how_long(build_call):
    call = build_call(
        [
            ("customer", "My bill doubled this month and nobody told me why it happened", [], 0.0, 6.0),
            ("agent", "Let me check your account right now", [], 4.8, 7.5),
        ]
    )
    [e] = detect(call)
    assert e.by is Role.AGENT and e.target is Role.CUSTOMER
    assert e.turn_ids == ("t1", "t0")
    assert e.start == 4.8 and e.end == 6.0
    assert e.duration == pytest.approx(1.2)
    assert {ev.turn_id for ev in e.evidence} == {"t0", "t1"}


def test_overlap_below_min_overlap_is_not_an_interruption(build_call):
    call = build_call(
        [
            ("customer", "My bill doubled this month", [], 0.0, 3.0),
            ("agent", "I can see that on your account", [], 2.7, 5.0),
        ]
    )
    assert detect(call) == []
    assert len(detect(call, min_overlap=0.2)) == 1


@pytest.mark.parametrize("backchannel", ["mm-hm", "Uh-huh.", "okay", "اه", "آه", "ايوه", "تمام", "أيوه تمام"])
def test_backchannels_in_both_languages_never_interrupt(build_call, backchannel):
    call = build_call(
        [
            ("customer", "So I went to the shop and they told me to call you again", [], 0.0, 8.0),
            ("agent", backchannel, [], 3.0, 4.0),
        ]
    )
    assert detect(call) == []


def test_customer_interrupting_agent_is_attributed_to_the_customer(build_call):
    call = build_call(
        [
            ("agent", "The refund will take five to seven working days to appear", [], 0.0, 5.0),
            ("customer", "Seven days? That is far too long for me", [], 3.0, 6.0),
        ]
    )
    [e] = detect(call)
    assert e.by is Role.CUSTOMER and e.target is Role.AGENT


def test_a_turn_inside_the_other_partys_turn_counts_for_its_own_length(build_call):
    call = build_call(
        [
            ("customer", "long story " * 10, [], 0.0, 20.0),
            ("agent", "Sorry, can I stop you there please", [], 5.0, 7.0),
        ]
    )
    [e] = detect(call)
    assert (e.start, e.end) == (5.0, 7.0)


def test_text_without_timings_uses_cut_off_marks(build_call):
    call = build_call(
        [
            ("customer", "I was trying to tell you that the--"),
            ("agent", "Right, let me stop you there."),
            ("customer", "Fine…"),
            ("customer", "as I said the router blinks"),
            ("agent", "Понятно"),
        ]
    )
    events = detect(call)
    assert len(events) == 1  # "Fine…" is followed by the same speaker
    assert events[0].by is Role.AGENT and events[0].turn_ids == ("t1", "t0")
    assert events[0].start is None


def test_arabic_cut_off_is_found(build_call):
    call = build_call([("customer", "والله الخط مقطوع من امبارح و…"), ("agent", "طيب خليني أشوف")], language="ar")
    [e] = detect(call)
    assert e.by is Role.AGENT
