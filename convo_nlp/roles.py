"""The roles stage: decide which speaker is the agent and which the customer.

Speaker names decide first (``Agent``, ``caller``, ``العميل`` …). When names do not tell
(``SPEAKER_00``, personal names), the speaker whose early turns open the call on behalf of
the organisation ("thank you for calling", "how can I help", "كيف أقدر أساعدك") is the agent;
failing that, the first speaker gets the configured role. How each role was decided is
recorded in the call's provenance.
"""

from __future__ import annotations

import dataclasses
import re

from convo_nlp.schema import Call, Provenance, Role

_OPENERS = re.compile(
    r"thank(s| you) for (calling|contacting|reaching)|how (can|may|might) i (help|assist)|"
    r"what can i do for you|you'?re (through|speaking) to|my name is \w+.{0,30}(speaking|from)|"
    r"welcome to|"
    r"كيف (ا|أ)?(قدر|اقدر|أقدر|نقدر|ممكن) (ا|أ|ن)?(ساعد|خدم)|شكرا (لاتصالك|على اتصالك|لتواصلك)|"
    r"اهلا (بك|وسهلا) (في|ف)|معك \S+ من|تفضل(ي)? كيف|بشنو نجم نعاونك|اشنوة نجم نعاونك|"
    r"كيف بقدر ساعدك|ازاي اقدر اساعدك|ازاي اقدر اخدمك",
    re.IGNORECASE,
)


class RoleResolver:
    """``Call -> Call``: gives every turn of an unknown role the role of its speaker."""

    name = "roles.v1"

    def __init__(self, first_speaker: Role = Role.AGENT, opening_turns: int = 3) -> None:
        self.first_speaker = first_speaker
        self.opening_turns = opening_turns

    def resolve(self, call: Call) -> tuple[dict[str, Role], str]:
        roles: dict[str, Role] = {}
        for t in call.turns:
            if t.role is not Role.UNKNOWN:
                roles.setdefault(t.speaker, t.role)
        unknown = [s for s in dict.fromkeys(t.speaker for t in call.turns) if s not in roles]
        if not unknown:
            return roles, ""
        known = set(roles.values())
        if len(unknown) == 1 and len(known) == 1:
            roles[unknown[0]] = next(iter(known)).other()
            return roles, f"{unknown[0]} -> {roles[unknown[0]].value} (the other party)"
        for speaker in unknown:
            opening = [t.text for t in call.turns if t.speaker == speaker][: self.opening_turns]
            if any(_OPENERS.search(text) for text in opening) and Role.AGENT not in roles.values():
                roles[speaker] = Role.AGENT
                rest = [s for s in unknown if s != speaker]
                for other in rest:
                    roles[other] = Role.CUSTOMER
                return roles, f"{speaker} -> agent (opens the call for the organisation)"
        first = unknown[0]
        roles[first] = self.first_speaker if self.first_speaker not in roles.values() else self.first_speaker.other()
        for other in unknown[1:]:
            roles[other] = roles[first].other()
        return roles, f"{first} -> {roles[first].value} (first speaker)"

    def __call__(self, call: Call) -> Call:
        roles, how = self.resolve(call)
        if not how:
            return call
        turns = tuple(
            t if t.role is not Role.UNKNOWN else dataclasses.replace(t, role=roles[t.speaker]) for t in call.turns
        )
        prov = Provenance(stage="roles", component=self.name, detail=how)
        return dataclasses.replace(call, turns=turns, provenance=call.provenance + (prov,))
