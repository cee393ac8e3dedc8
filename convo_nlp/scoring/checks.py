"""Scorecard checks: each looks at an annotated call and says pass / fail / n/a, why, and where.

A check is a plain function ``(call, params) -> Outcome``, looked up by name from the config.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from convo_nlp.detect.omissions import first_index
from convo_nlp.schema import Call, Event, EventKind, Evidence, Label, Role, Status, Turn


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()


Check = Callable[[Call, Mapping[str, Any]], Outcome]


def _events(call: Call, kind: EventKind) -> list[Event]:
    return [e for e in call.events if e.kind is kind]


def _turns(call: Call, role: Role, label: Label | None = None) -> list[Turn]:
    return [t for t in call.turns if t.role is role and (label is None or t.has(label))]


def _label_evidence(turns: list[Turn], label: Label, limit: int = 3) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for t in turns[:limit]:
        found = t.get(label)
        if found is not None and found.evidence:
            out.extend(Evidence(e.turn_id, e.quote, e.span, t.start, t.end, e.rule) for e in found.evidence[:1])
        else:
            out.append(Evidence.of_turn(t, label.value))
    return tuple(out)


def _event_evidence(events: list[Event]) -> tuple[Evidence, ...]:
    return tuple(ev for e in events for ev in e.evidence)


def _at(seconds: float | None) -> str:
    return "" if seconds is None else f" at {int(seconds // 60)}:{seconds % 60:04.1f}"


def no_interruptions(call: Call, params: Mapping[str, Any]) -> Outcome:
    allowed = int(params.get("max_allowed", 0))
    by_agent = [e for e in _events(call, EventKind.INTERRUPTION) if e.by is Role.AGENT]
    basis = "timings" if call.has_times else "cut-off marks in the transcript (no timings)"
    if len(by_agent) > allowed:
        parts = [
            f"{_at(e.start).strip() or 'turn ' + e.turn_ids[0]}"
            + (f" for {e.duration:.1f}s" if e.duration is not None else "")
            for e in by_agent
        ]
        return Outcome(
            Status.FAIL,
            f"the agent interrupted the customer {len(by_agent)} time(s): " + "; ".join(parts) + f" (from {basis})",
            _event_evidence(by_agent),
        )
    if not _turns(call, Role.CUSTOMER):
        return Outcome(Status.NA, "no customer turns")
    return Outcome(Status.PASS, f"no agent interruptions beyond {allowed} allowed (from {basis})")


def acknowledged(call: Call, params: Mapping[str, Any]) -> Outcome:
    if not _turns(call, Role.CUSTOMER) or not _turns(call, Role.AGENT):
        return Outcome(Status.NA, "the call needs both an agent and a customer turn")
    turns = _turns(call, Role.AGENT, Label.LISTEN)
    if turns:
        return Outcome(
            Status.PASS,
            f"the agent acknowledged or clarified the problem in {len(turns)} turn(s)",
            _label_evidence(turns, Label.LISTEN),
        )
    return Outcome(Status.FAIL, "no agent turn acknowledges the problem, shows empathy or asks a clarifying question")


def stage_order(call: Call, params: Mapping[str, Any]) -> Outcome:
    if first_index(call, Role.CUSTOMER, Label.COMPLAINT) is None or not _turns(call, Role.AGENT, Label.SOLVE):
        return Outcome(Status.NA, "no complaint followed by a solution, so no order to check")
    problems = _events(call, EventKind.STAGE_ORDER)
    if problems:
        return Outcome(Status.FAIL, "; ".join(e.detail for e in problems), _event_evidence(problems))
    return Outcome(Status.PASS, "the agent acknowledged and apologised before solving")


def apology_when_required(call: Call, params: Mapping[str, Any]) -> Outcome:
    complaint_at = first_index(call, Role.CUSTOMER, Label.COMPLAINT)
    if complaint_at is None:
        return Outcome(Status.NA, "the customer did not complain, so no apology was needed")
    missing = _events(call, EventKind.MISSING_APOLOGY)
    if missing:
        return Outcome(
            Status.FAIL,
            f"the customer complained (turn {call.turns[complaint_at].id}) and the agent never apologised afterwards",
            _event_evidence(missing),
        )
    after = [t for t in call.turns[complaint_at + 1 :] if t.role is Role.AGENT and t.has(Label.APOLOGISE)]
    return Outcome(
        Status.PASS,
        f"the agent apologised after the complaint (turn {after[0].id})" if after else "the agent apologised",
        _label_evidence(after, Label.APOLOGISE),
    )


def approved_apology(call: Call, params: Mapping[str, Any]) -> Outcome:
    from convo_nlp.text import detect_language, normalize

    phrases = [str(p) for p in params.get("phrases", [])]
    if not phrases:
        return Outcome(Status.NA, "no approved apology phrases configured (params.phrases)")
    apologies = _turns(call, Role.AGENT, Label.APOLOGISE)
    if not apologies:
        return Outcome(Status.NA, "no apology to check")
    wanted = [normalize(p, detect_language(p) or "en").text for p in phrases]
    for t in apologies:
        norm = t.norm_text if t.norm_text is not None else normalize(t.text, t.language or "en").text
        for phrase, key in zip(phrases, wanted, strict=True):
            if key and key in norm:
                return Outcome(
                    Status.PASS,
                    f"approved phrase {phrase!r} used",
                    (Evidence.of_turn(t, "approved"),),
                )
    return Outcome(
        Status.FAIL, "the agent apologised without an approved phrase", _label_evidence(apologies, Label.APOLOGISE)
    )


def solved(call: Call, params: Mapping[str, Any]) -> Outcome:
    if not _turns(call, Role.AGENT):
        return Outcome(Status.NA, "no agent turns")
    turns = _turns(call, Role.AGENT, Label.SOLVE)
    if turns:
        return Outcome(
            Status.PASS,
            f"the agent offered a solution or next step in {len(turns)} turn(s)",
            _label_evidence(turns, Label.SOLVE),
        )
    return Outcome(Status.FAIL, "no agent turn gives information, takes an action or offers a next step")


def no_deflection(call: Call, params: Mapping[str, Any]) -> Outcome:
    if not _turns(call, Role.AGENT):
        return Outcome(Status.NA, "no agent turns")
    found = _events(call, EventKind.DEFLECTION)
    if found:
        return Outcome(
            Status.FAIL, f"the agent deflected responsibility in {len(found)} turn(s)", _event_evidence(found)
        )
    return Outcome(Status.PASS, "no deflection")


def thanked(call: Call, params: Mapping[str, Any]) -> Outcome:
    if not _turns(call, Role.AGENT):
        return Outcome(Status.NA, "no agent turns")
    turns = _turns(call, Role.AGENT, Label.THANK)
    if turns:
        return Outcome(
            Status.PASS, f"the agent thanked the customer in {len(turns)} turn(s)", _label_evidence(turns, Label.THANK)
        )
    return Outcome(Status.FAIL, "the agent never thanked the customer")


def thanked_at_close(call: Call, params: Mapping[str, Any]) -> Outcome:
    last = int(params.get("last_turns", 2))
    agents = _turns(call, Role.AGENT)
    if not agents:
        return Outcome(Status.NA, "no agent turns")
    closing = [t for t in agents[-last:] if t.has(Label.THANK)]
    if closing:
        return Outcome(
            Status.PASS, "the agent thanked the customer when closing", _label_evidence(closing, Label.THANK)
        )
    return Outcome(Status.FAIL, f"no thanks in the agent's last {last} turn(s)")


CHECKS: Mapping[str, Check] = MappingProxyType(
    {
        "no_interruptions": no_interruptions,
        "acknowledged": acknowledged,
        "stage_order": stage_order,
        "apology_when_required": apology_when_required,
        "approved_apology": approved_apology,
        "solved": solved,
        "no_deflection": no_deflection,
        "thanked": thanked,
        "thanked_at_close": thanked_at_close,
    }
)
CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)
