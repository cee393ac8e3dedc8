from __future__ import annotations

import pytest

from convo_nlp.errors import SchemaError
from convo_nlp.schema import Call, Event, EventKind, Label, Role, Turn, Word


def test_call_round_trips_through_dict_with_everything(build_call):
    call = build_call(
        [
            ("customer", "I was charged twice", ["complaint"], 0.0, 2.0),
            ("agent", "Sorry about that", ["apologise"], 2.5, 4.0),
        ]
    )
    call = Call(
        id=call.id,
        turns=call.turns,
        language="en",
        duration=4.0,
        source="x.json",
        events=(Event(EventKind.INTERRUPTION, ("t1", "t0"), 1.0, 2.0, Role.AGENT, Role.CUSTOMER, "cut in"),),
        meta={"agent_id": "a7"},
    )
    d = call.to_dict()
    assert d["schema_version"] == "1.0"
    assert Call.from_dict(d) == call


def test_labeling_md_strings_become_gold_labels_and_empty_list_means_labelled():
    d = {
        "id": "c",
        "language": "en",
        "turns": [
            {"speaker": "customer", "text": "I was charged twice.", "labels": ["complaint"]},
            {"speaker": "agent", "text": "Hello", "labels": []},
            {"speaker": "agent", "text": "Unlabelled"},
        ],
    }
    call = Call.from_dict(d)
    assert call.turns[0].gold == (Label.COMPLAINT,)
    assert call.turns[0].role is Role.CUSTOMER and call.turns[0].labels == ()
    assert call.turns[1].gold == ()
    assert call.turns[2].gold is None
    assert [t.id for t in call.turns] == ["t0", "t1", "t2"]


@pytest.mark.parametrize(
    "turn, needle",
    [
        ({"text": "hi"}, "speaker"),
        ({"speaker": "agent"}, "text"),
        ({"speaker": "agent", "text": "hi", "labels": ["happy"]}, "happy"),
        ({"speaker": "agent", "text": "hi", "start": "soon"}, "start"),
        ({"speaker": "agent", "text": "hi", "role": "boss"}, "boss"),
    ],
)
def test_bad_turn_fields_raise_schema_error_naming_the_field(turn, needle):
    with pytest.raises(SchemaError) as info:
        Call.from_dict({"id": "c", "turns": [turn]})
    assert needle in str(info.value)
    assert "turns[0]" in str(info.value)


def test_turn_ending_before_it_starts_is_rejected():
    with pytest.raises(SchemaError, match="ends"):
        Turn(id="t0", speaker="agent", text="x", start=3.0, end=1.0)
    with pytest.raises(SchemaError):
        Word("x", 2.0, 1.0)


def test_missing_turns_and_duplicate_ids_and_future_schema_are_rejected():
    with pytest.raises(SchemaError, match="turns"):
        Call.from_dict({"id": "c"})
    with pytest.raises(SchemaError, match="duplicate"):
        Call.from_dict(
            {
                "id": "c",
                "turns": [
                    {"id": "a", "speaker": "agent", "text": "x"},
                    {"id": "a", "speaker": "customer", "text": "y"},
                ],
            }
        )
    with pytest.raises(SchemaError, match="schema_version"):
        Call.from_dict({"schema_version": "2.0", "id": "c", "turns": []})


def test_numeric_ids_are_accepted_as_strings():
    call = Call.from_dict({"id": 17, "turns": [{"id": 3, "speaker": "agent", "text": "x"}]})
    assert call.id == "17" and call.turns[0].id == "3"
