"""Roles, turn labels and finding kinds, exactly as in LABELING.md."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    AGENT = "agent"
    CUSTOMER = "customer"
    UNKNOWN = "unknown"

    def other(self) -> Role:
        if self is Role.AGENT:
            return Role.CUSTOMER
        if self is Role.CUSTOMER:
            return Role.AGENT
        return Role.UNKNOWN


class Label(str, Enum):
    LISTEN = "listen"
    APOLOGISE = "apologise"
    SOLVE = "solve"
    DEFLECT = "deflect"
    THANK = "thank"
    COMPLAINT = "complaint"
    GRATITUDE = "gratitude"


AGENT_LABELS: tuple[Label, ...] = (
    Label.LISTEN,
    Label.APOLOGISE,
    Label.SOLVE,
    Label.DEFLECT,
    Label.THANK,
)
CUSTOMER_LABELS: tuple[Label, ...] = (Label.COMPLAINT, Label.GRATITUDE)
ALL_LABELS: tuple[Label, ...] = AGENT_LABELS + CUSTOMER_LABELS


def labels_for_role(role: Role) -> tuple[Label, ...]:
    """The labels a turn of this role may carry (unknown role: all of them)."""
    if role is Role.AGENT:
        return AGENT_LABELS
    if role is Role.CUSTOMER:
        return CUSTOMER_LABELS
    return ALL_LABELS


class EventKind(str, Enum):
    """Call-level findings (derived, never labelled by hand)."""

    INTERRUPTION = "interruption"
    MISSING_APOLOGY = "missing_apology"
    MISSING_THANKS = "missing_thanks"
    DEFLECTION = "deflection"
    UNSOLVED = "unsolved"
    STAGE_ORDER = "stage_order"
    LONG_SILENCE = "long_silence"


class Status(str, Enum):
    """Outcome of one scorecard criterion."""

    PASS = "pass"
    FAIL = "fail"
    NA = "n/a"
