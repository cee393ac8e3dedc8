"""Stage order: Listen before Solve, Apologise before the solution (LAST is a sequence)."""

from __future__ import annotations

from convo_nlp.detect.omissions import agent_event, first_index
from convo_nlp.schema import Call, Event, EventKind, Evidence, Label, Role


def detect_stage_order(call: Call) -> list[Event]:
    """Flags a solution offered before the agent showed any listening, when the customer had a
    problem, and a first apology that only comes after the first solution."""
    events: list[Event] = []
    complaint = first_index(call, Role.CUSTOMER, Label.COMPLAINT)
    solve = first_index(call, Role.AGENT, Label.SOLVE)
    listen = first_index(call, Role.AGENT, Label.LISTEN)
    apology = first_index(call, Role.AGENT, Label.APOLOGISE)
    if complaint is not None and solve is not None and solve > complaint and (listen is None or listen > solve):
        # An apology also acknowledges the problem (LABELING.md: an apology restating it is apologise only).
        acknowledged = apology is not None and complaint < apology <= solve
        if not acknowledged:
            t = call.turns[solve]
            events.append(
                agent_event(
                    EventKind.STAGE_ORDER,
                    t,
                    "the agent offered a solution before acknowledging the problem",
                    (Evidence.of_turn(t, "solve before listen"),),
                )
            )
    if complaint is not None and solve is not None and apology is not None and apology > solve > complaint:
        t = call.turns[apology]
        events.append(
            agent_event(
                EventKind.STAGE_ORDER,
                t,
                "the first apology came only after the solution",
                (Evidence.of_turn(t, "apology after solve"),),
                turn_ids=(t.id, call.turns[solve].id),
            )
        )
    return events
