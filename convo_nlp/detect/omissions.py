"""Call-level findings derived from turn labels (LABELING.md, "Call-level findings")."""

from __future__ import annotations

from convo_nlp.schema import Call, Event, EventKind, Evidence, Label, Role, Turn


def _evidence(turn: Turn, label: Label) -> tuple[Evidence, ...]:
    found = turn.get(label)
    if found is not None and found.evidence:
        return found.evidence
    return (Evidence.of_turn(turn, label.value),)


def agent_event(
    kind: EventKind, turn: Turn, detail: str, evidence: tuple[Evidence, ...], turn_ids: tuple[str, ...] = ()
) -> Event:
    """A finding about one turn, blamed on the agent, with the turn's times."""
    return Event(
        kind=kind,
        turn_ids=turn_ids or (turn.id,),
        start=turn.start,
        end=turn.end,
        by=Role.AGENT,
        detail=detail,
        evidence=evidence,
    )


def agent_turns(call: Call) -> list[tuple[int, Turn]]:
    return [(i, t) for i, t in enumerate(call.turns) if t.role is Role.AGENT]


def first_index(call: Call, role: Role, label: Label) -> int | None:
    for i, t in enumerate(call.turns):
        if t.role is role and t.has(label):
            return i
    return None


def detect_omissions(call: Call) -> list[Event]:
    """missing_apology, missing_thanks, deflection (one per turn) and unsolved."""
    events: list[Event] = []
    agents = agent_turns(call)
    complaint_at = first_index(call, Role.CUSTOMER, Label.COMPLAINT)
    if complaint_at is not None and not any(i > complaint_at and t.has(Label.APOLOGISE) for i, t in agents):
        complaint = call.turns[complaint_at]
        events.append(
            agent_event(
                EventKind.MISSING_APOLOGY,
                complaint,
                "the customer complained and no agent apology followed",
                _evidence(complaint, Label.COMPLAINT),
            )
        )
    if agents and not any(t.has(Label.THANK) for _, t in agents):
        events.append(
            Event(kind=EventKind.MISSING_THANKS, by=Role.AGENT, detail="the agent never thanked the customer")
        )
    for _, t in agents:
        if t.has(Label.DEFLECT):
            events.append(
                agent_event(
                    EventKind.DEFLECTION,
                    t,
                    "the agent deflected responsibility or refused without an alternative",
                    _evidence(t, Label.DEFLECT),
                )
            )
    if agents and not any(t.has(Label.SOLVE) for _, t in agents):
        events.append(
            Event(
                kind=EventKind.UNSOLVED,
                by=Role.AGENT,
                detail="no agent turn gives information, an action or a next step",
            )
        )
    return events
