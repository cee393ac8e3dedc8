"""Map the speaker names found in transcripts to roles (agent / customer)."""

from __future__ import annotations

import re

from convo_nlp.schema.labels import Role

_AGENT_NAMES = frozenset(
    {
        "agent",
        "rep",
        "representative",
        "advisor",
        "adviser",
        "operator",
        "support",
        "staff",
        "clerk",
        "employee",
        "csr",
        "assistant",
        "associate",
        "service",
        "الموظف",
        "الموظفة",
        "موظف",
        "موظفة",
        "الوكيل",
        "وكيل",
        "العون",
        "عون",
        "خدمة العملاء",
        "المستشار",
        "الممثل",
        "ممثل",
    }
)
_CUSTOMER_NAMES = frozenset(
    {
        "customer",
        "caller",
        "client",
        "user",
        "consumer",
        "member",
        "guest",
        "passenger",
        "العميل",
        "العميلة",
        "عميل",
        "عميلة",
        "الزبون",
        "الزبونة",
        "زبون",
        "المتصل",
        "المتصلة",
        "متصل",
        "الحريف",
        "حريف",
        "المواطن",
        "المستخدم",
    }
)
_STRIP = re.compile(r"[\s_\-:]+")


def role_from_name(name: str | None) -> Role:
    """Guess the role from a speaker name such as ``Agent``, ``caller 1`` or ``العميل``.

    Unknown names (``SPEAKER_00``, a person's name) give ``Role.UNKNOWN``.
    """
    if not name:
        return Role.UNKNOWN
    if name in (Role.AGENT.value, Role.CUSTOMER.value):
        return Role(name)
    key = _STRIP.sub(" ", name.strip().lower()).strip()
    key = re.sub(r"\s*\d+$", "", key)  # "agent 1", "caller2"
    if key in _AGENT_NAMES:
        return Role.AGENT
    if key in _CUSTOMER_NAMES:
        return Role.CUSTOMER
    return Role.UNKNOWN
