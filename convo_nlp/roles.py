"""The roles stage: decide which speaker is the agent and which the customer.

Speaker names decide first (``Agent``, ``caller``, ``العميل`` …). When names do not tell
(``SPEAKER_00`` from diarization, personal names), the content decides: opening the call on
behalf of the organisation ("thank you for calling", "how can I help", "كيف أقدر أساعدك")
counts most, then what agents say during a call ("let me check", "your account", "anything
else", "حسابك") against what customers say ("my account", "I want", "حسابي", "أبغى").
Failing that, the first speaker gets the configured role. How each role was decided, and with
what confidence, is recorded in the call's provenance and ``call.meta["roles"]``.
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
_AGENT_CUES = re.compile(
    r"\b(let me (check|see|look|pull)|i can see (that|your|here)|your (account|order|booking|card|bill|number)|"
    r"is there anything else|anything else i can|have a (nice|good|great|lovely) day|bear with me|"
    r"thank(s| you) for (your patience|holding|waiting|calling|contacting)|i'?ve (gone ahead|processed|raised|"
    r"escalated|credited|refunded)|(i|we) (will|'ll) (send|credit|refund|arrange|escalate))\b|"
    r"حسابك|طلبك|حجزك|بطاقتك|فاتورتك|رقمك|خليني (اشوف|اتأكد|اتاكد)|لحظة من فضلك|ثواني معي|"
    r"(هل|في) (اي|أي)? ?(شي|شيء|حاجة|حاجه) (ثاني|تانية|تاني|اخر|آخر)|نعتذر|نأسف",
    re.IGNORECASE,
)
_CUSTOMER_CUES = re.compile(
    r"\b(my (account|order|booking|card|bill|internet|phone|money|package|refund)|i (want|need|would like)|"
    r"i (was|got|have been|'ve been) (charged|billed|waiting|trying)|i (called|paid|ordered)|"
    r"can you (help|tell|check|fix)|why (is|was|did|does|hasn'?t|haven'?t))\b|"
    r"حسابي|طلبي|حجزي|بطاقتي|فاتورتي|ابغى|أبغى|ابي|أبي|عايز|عاوز|بدي|نحب|اريد|أريد|ليش|ليه|علاش",
    re.IGNORECASE,
)


def content_scores(call: Call, speakers: list[str], opening_turns: int = 3) -> dict[str, float]:
    """How agent-like each speaker's words are: +3 per opening line in their first turns, +1 per
    agent phrase, -1 per customer phrase."""
    scores: dict[str, float] = {}
    for speaker in speakers:
        texts = [t.text for t in call.turns if t.speaker == speaker]
        score = 3.0 * sum(1 for text in texts[:opening_turns] if _OPENERS.search(text))
        score += sum(len(_AGENT_CUES.findall(text)) for text in texts)
        score -= sum(len(_CUSTOMER_CUES.findall(text)) for text in texts)
        scores[speaker] = score
    return scores


def confidence(margin: float) -> float:
    """0.5 for no difference between the speakers, towards 1.0 as the content margin grows."""
    return round(1.0 - 0.5 * 0.6 ** max(margin, 0.0), 2)


class RoleResolver:
    """``Call -> Call``: gives every turn of an unknown role the role of its speaker."""

    name = "roles.v1"

    def __init__(self, first_speaker: Role = Role.AGENT, opening_turns: int = 3) -> None:
        self.first_speaker = first_speaker
        self.opening_turns = opening_turns

    def resolve(self, call: Call) -> tuple[dict[str, Role], str]:
        roles, how, _ = self.resolve_with_confidence(call)
        return roles, how

    def resolve_with_confidence(self, call: Call) -> tuple[dict[str, Role], str, float]:
        """(speaker -> role, how it was decided, confidence 0.5-1.0; 1.0 when names decided)."""
        roles: dict[str, Role] = {}
        for t in call.turns:
            if t.role is not Role.UNKNOWN:
                roles.setdefault(t.speaker, t.role)
        unknown = [s for s in dict.fromkeys(t.speaker for t in call.turns) if s not in roles]
        if not unknown:
            return roles, "", 1.0
        known = set(roles.values())
        if len(unknown) == 1 and len(known) == 1:
            roles[unknown[0]] = next(iter(known)).other()
            return roles, f"{unknown[0]} -> {roles[unknown[0]].value} (the other party)", 1.0
        if Role.AGENT not in roles.values():
            scores = content_scores(call, unknown, self.opening_turns)
            ranked = sorted(unknown, key=lambda s: -scores[s])
            best = ranked[0]
            runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
            if scores[best] > 0 and scores[best] > runner_up:
                roles[best] = Role.AGENT
                for other in ranked[1:]:
                    roles[other] = Role.CUSTOMER
                conf = confidence(scores[best] - runner_up)
                return roles, f"{best} -> agent (speaks for the organisation; confidence {conf:.2f})", conf
        first = unknown[0]
        roles[first] = self.first_speaker if self.first_speaker not in roles.values() else self.first_speaker.other()
        for other in unknown[1:]:
            roles[other] = roles[first].other()
        return roles, f"{first} -> {roles[first].value} (first speaker; confidence 0.50)", 0.5

    def __call__(self, call: Call) -> Call:
        roles, how, conf = self.resolve_with_confidence(call)
        if not how:
            return call
        turns = tuple(
            t if t.role is not Role.UNKNOWN else dataclasses.replace(t, role=roles[t.speaker]) for t in call.turns
        )
        prov = Provenance(stage="roles", component=self.name, detail=how)
        agent = next((s for s, r in roles.items() if r is Role.AGENT), None)
        meta = {**call.meta, "roles": {"agent": agent, "decided_by": how, "confidence": conf}}
        return dataclasses.replace(call, turns=turns, provenance=call.provenance + (prov,), meta=meta)
