"""What the model reads for a turn (role, previous turn, turn) and the label space."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from convo_nlp.schema import Call, Label, Role
from convo_nlp.schema.labels import AGENT_LABELS, CUSTOMER_LABELS

LABELS: tuple[Label, ...] = (*AGENT_LABELS, *CUSTOMER_LABELS)


@dataclass(frozen=True, slots=True)
class TurnInput:
    text: str  # "agent: …" — the turn, with its role
    context: str  # "customer: …" — the previous turn, or ""
    role: Role
    language: str


@dataclass(frozen=True, slots=True)
class Example:
    turn: TurnInput
    targets: tuple[float, ...]  # one per LABELS entry


def role_name(role: Role) -> str:
    return role.value if role is not Role.UNKNOWN else "speaker"


def turn_inputs(call: Call) -> list[TurnInput]:
    out = []
    prev = ""
    for t in call.turns:
        text = f"{role_name(t.role)}: {t.text}"
        lang = t.language or call.language or "unknown"
        out.append(TurnInput(text=text, context=prev, role=t.role, language=lang))
        prev = text
    return out


def text_inputs(
    texts: Sequence[str], roles: Sequence[Role] | None = None, previous: Sequence[str] | None = None
) -> list[TurnInput]:
    """Inputs for loose texts (the embedding API): role agent unless given."""
    roles = roles or [Role.AGENT] * len(texts)
    previous = previous or [""] * len(texts)
    return [TurnInput(f"{role_name(r)}: {x}", p, r, "unknown") for x, r, p in zip(texts, roles, previous, strict=True)]


def label_mask(role: Role) -> tuple[float, ...]:
    """Which labels a turn of ``role`` can carry (agent labels on agent turns, customer on customer)."""
    allowed = AGENT_LABELS if role is Role.AGENT else CUSTOMER_LABELS if role is Role.CUSTOMER else LABELS
    return tuple(1.0 if lab in allowed else 0.0 for lab in LABELS)


def examples(calls: Iterable[Call]) -> list[Example]:
    """Every human-labelled turn (roles must be resolved first)."""
    out = []
    for call in calls:
        for t, inp in zip(call.turns, turn_inputs(call), strict=True):
            if t.gold is None:
                continue
            gold = set(t.gold)
            out.append(Example(inp, tuple(1.0 if lab in gold else 0.0 for lab in LABELS)))
    return out
