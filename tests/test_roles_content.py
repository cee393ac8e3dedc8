"""Roles for diarized speakers (SPEAKER_00 …): decided from what each says, with a confidence."""

from __future__ import annotations

from convo_nlp.roles import RoleResolver
from convo_nlp.schema import Call, Role, Turn


def _call(lines: list[tuple[str, str]]) -> Call:
    return Call(id="c", turns=tuple(Turn(id=f"t{i}", speaker=s, text=x) for i, (s, x) in enumerate(lines, 1)))


def _roles(call: Call) -> dict[str, Role]:
    return {t.speaker: t.role for t in RoleResolver()(call).turns}


def test_the_speaker_who_opens_for_the_organisation_is_the_agent_even_when_second():
    call = _call([
        ("SPEAKER_00", "hello?"),
        ("SPEAKER_01", "Thank you for calling Northwind, how can I help you today?"),
        ("SPEAKER_00", "My internet is down and I was charged twice."),
        ("SPEAKER_01", "Let me check your account."),
    ])
    out = RoleResolver()(call)
    assert _roles(call) == {"SPEAKER_00": Role.CUSTOMER, "SPEAKER_01": Role.AGENT}
    meta = out.meta["roles"]
    assert meta["agent"] == "SPEAKER_01" and meta["confidence"] >= 0.9
    assert "confidence" in out.provenance[-1].detail


def test_arabic_content_decides_roles():
    call = _call([
        ("SPEAKER_00", "السلام عليكم، عندي مشكلة في بطاقتي، ابغى اعرف ليش انخصم المبلغ مرتين"),
        ("SPEAKER_01", "هلا فيك، خليني اشوف حسابك لحظة من فضلك"),
    ])
    assert _roles(call) == {"SPEAKER_00": Role.CUSTOMER, "SPEAKER_01": Role.AGENT}


def test_without_content_cues_the_first_speaker_is_the_agent_with_low_confidence():
    out = RoleResolver()(_call([("SPEAKER_00", "okay"), ("SPEAKER_01", "right")]))
    assert {t.speaker: t.role for t in out.turns} == {"SPEAKER_00": Role.AGENT, "SPEAKER_01": Role.CUSTOMER}
    assert out.meta["roles"]["confidence"] == 0.5


def test_confidence_grows_with_the_evidence():
    weak = _call([("A", "let me check"), ("B", "ok")])
    strong = _call([("A", "thank you for calling, how can I help? let me check your account"), ("B", "I want it")])
    assert RoleResolver()(weak).meta["roles"]["confidence"] < RoleResolver()(strong).meta["roles"]["confidence"]


def test_known_roles_are_kept_and_no_guess_is_recorded():
    call = Call(id="c", turns=(
        Turn(id="t1", speaker="ch0", text="hi", role=Role.AGENT),
        Turn(id="t2", speaker="ch1", text="thank you for calling, how can I help", role=Role.CUSTOMER),
    ))
    out = RoleResolver()(call)
    assert out == call and "roles" not in out.meta
