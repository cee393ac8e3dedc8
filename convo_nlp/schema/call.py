"""The data model of one conversation: Word, Turn, Call, labels with evidence, and events.

``to_dict`` / ``from_dict`` are the only serialisation path; every call document carries
``schema_version``. Times are float seconds from the start of the call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from convo_nlp.errors import SchemaError
from convo_nlp.schema._fields import (
    get_dict,
    get_float,
    get_int,
    get_list,
    get_str,
    require_mapping,
)
from convo_nlp.schema.labels import EventKind, Label, Role
from convo_nlp.schema.roles import role_from_name

SCHEMA_VERSION = "1.0"


def _enum(cls: type[Enum], value: Any, where: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in cls)  # type: ignore[attr-defined]
        raise SchemaError(f"{where}: {value!r} is not one of {allowed}") from None


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: float
    end: float
    probability: float | None = None
    speaker: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise SchemaError(f"word {self.text!r} ends ({self.end}) before it starts ({self.start})")

    def to_dict(self) -> dict[str, Any]:
        return _drop_none(
            {
                "text": self.text,
                "start": self.start,
                "end": self.end,
                "probability": self.probability,
                "speaker": self.speaker,
            }
        )

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "word") -> Word:
        d = require_mapping(d, where)
        text = d.get("text", d.get("word"))
        if not isinstance(text, str):
            raise SchemaError(f"{where} has no 'text' string")
        start, end = get_float(d, "start", where), get_float(d, "end", where)
        if start is None or end is None:
            raise SchemaError(f"{where} needs 'start' and 'end' times in seconds")
        return cls(text, start, end, get_float(d, "probability", where), d.get("speaker"))


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where something was seen: a turn, the quoted text, its character span, its time."""

    turn_id: str
    quote: str = ""
    span: tuple[int, int] | None = None
    start: float | None = None
    end: float | None = None
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none(
            {
                "turn_id": self.turn_id,
                "quote": self.quote,
                "span": list(self.span) if self.span is not None else None,
                "start": self.start,
                "end": self.end,
                "rule": self.rule,
            }
        )

    @classmethod
    def of_turn(cls, turn: Turn, rule: str) -> Evidence:
        """The whole turn as evidence: its text quoted, its times."""
        return cls(turn_id=turn.id, quote=turn.text, start=turn.start, end=turn.end, rule=rule)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "evidence") -> Evidence:
        d = require_mapping(d, where)
        span = d.get("span")
        if span is not None:
            if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
                raise SchemaError(f"{where}.span must be [start, end] character offsets")
            span = (span[0], span[1])
        return cls(
            turn_id=get_str(d, "turn_id", where),
            quote=get_str(d, "quote", where, default=""),
            span=span,
            start=get_float(d, "start", where),
            end=get_float(d, "end", where),
            rule=get_str(d, "rule", where, default=None),
        )


@dataclass(frozen=True, slots=True)
class StageLabel:
    """A label a classifier gave to a turn, with its score and the evidence for it."""

    label: Label
    score: float = 1.0
    source: str = "manual"
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label.value,
            "score": round(self.score, 4),
            "source": self.source,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "label") -> StageLabel:
        d = require_mapping(d, where)
        score = get_float(d, "score", where)
        return cls(
            label=_enum(Label, get_str(d, "label", where), f"{where}.label"),
            score=1.0 if score is None else score,
            source=get_str(d, "source", where, default="manual"),
            evidence=tuple(
                Evidence.from_dict(e, f"{where}.evidence[{i}]") for i, e in enumerate(get_list(d, "evidence", where))
            ),
        )


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's uninterrupted stretch of speech, or one chat message.

    ``text`` is the raw text and is never overwritten; ``norm_text`` sits beside it.
    ``labels`` are predicted labels (with evidence); ``gold`` holds human labels read from
    a labelled file (``None``: the turn was not labelled; ``()``: labelled, no label).
    """

    id: str
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    role: Role = Role.UNKNOWN
    language: str | None = None
    channel: int | None = None
    words: tuple[Word, ...] = ()
    norm_text: str | None = None
    labels: tuple[StageLabel, ...] = ()
    gold: tuple[Label, ...] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise SchemaError(
                f"turn {self.id!r} ends ({self.end}) before it starts ({self.start})",
                hint="check the turn's start/end times",
            )
        if self.start is not None and self.start < 0:
            raise SchemaError(f"turn {self.id!r} starts at a negative time ({self.start})")

    @property
    def has_times(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def duration(self) -> float:
        return (self.end - self.start) if self.start is not None and self.end is not None else 0.0

    def label_set(self) -> frozenset[Label]:
        return frozenset(lab.label for lab in self.labels)

    def has(self, label: Label) -> bool:
        return any(lab.label is label for lab in self.labels)

    def get(self, label: Label) -> StageLabel | None:
        for lab in self.labels:
            if lab.label is label:
                return lab
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "speaker": self.speaker,
            "role": self.role.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "language": self.language,
            "channel": self.channel,
            "norm_text": self.norm_text,
        }
        d = _drop_none(d)
        if self.words:
            d["words"] = [w.to_dict() for w in self.words]
        d["labels"] = [lab.to_dict() for lab in self.labels]
        if self.gold is not None:
            d["gold_labels"] = [lab.value for lab in self.gold]
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    @classmethod
    def from_dict(
        cls, d: Mapping[str, Any], where: str = "turn", default_id: str | None = None, *, native: bool = False
    ) -> Turn:
        """Read a turn. ``labels`` may hold predicted label objects or, as in LABELING.md,
        plain label strings (these are human labels and go to ``gold``). In LABELING.md files an
        empty ``labels`` list means "labelled, no label applies"; in native documents (written by
        ``to_dict``, ``native=True``) it means "no predictions" and human labels are ``gold_labels``."""
        d = require_mapping(d, where)
        speaker = get_str(d, "speaker", where, default=None)
        role_value = d.get("role")
        if speaker is None and role_value is None:
            raise SchemaError(
                f"{where} has no 'speaker' field", hint="give every turn a 'speaker' (e.g. agent / customer)"
            )
        if "text" not in d:
            raise SchemaError(f"{where} has no 'text' field", hint="give every turn its 'text'")
        text = get_str(d, "text", where)
        role = _enum(Role, role_value, f"{where}.role") if role_value is not None else role_from_name(speaker)
        predicted: list[StageLabel] = []
        gold: list[Label] | None = None
        if "labels" in d and d["labels"] is not None:
            for i, item in enumerate(get_list(d, "labels", where)):
                if isinstance(item, str):
                    gold = gold if gold is not None else []
                    gold.append(_enum(Label, item, f"{where}.labels[{i}]"))
                else:
                    predicted.append(StageLabel.from_dict(item, f"{where}.labels[{i}]"))
            if not d["labels"] and not native:
                gold = []
        if "gold_labels" in d and d["gold_labels"] is not None:
            gold = [_enum(Label, x, f"{where}.gold_labels") for x in get_list(d, "gold_labels", where)]
        turn_id = get_str(d, "id", where, default=default_id)
        if turn_id is None:
            raise SchemaError(f"{where} has no 'id' field")
        return cls(
            id=turn_id,
            speaker=speaker if speaker is not None else str(role_value),
            text=text,
            start=get_float(d, "start", where),
            end=get_float(d, "end", where),
            role=role,
            language=get_str(d, "language", where, default=None),
            channel=get_int(d, "channel", where),
            words=tuple(Word.from_dict(w, f"{where}.words[{i}]") for i, w in enumerate(get_list(d, "words", where))),
            norm_text=get_str(d, "norm_text", where, default=None),
            labels=tuple(predicted),
            gold=tuple(gold) if gold is not None else None,
            meta=get_dict(d, "meta", where),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """A call-level finding: an interruption, a missing apology, a deflection …

    For an interruption ``by`` interrupted ``target`` from ``start`` to ``end``.
    """

    kind: EventKind
    turn_ids: tuple[str, ...] = ()
    start: float | None = None
    end: float | None = None
    by: Role | None = None
    target: Role | None = None
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def duration(self) -> float | None:
        return None if self.start is None or self.end is None else round(self.end - self.start, 3)

    def to_dict(self) -> dict[str, Any]:
        d = _drop_none(
            {
                "kind": self.kind.value,
                "turn_ids": list(self.turn_ids),
                "start": self.start,
                "end": self.end,
                "duration": self.duration,
                "by": self.by.value if self.by else None,
                "target": self.target.value if self.target else None,
                "detail": self.detail,
            }
        )
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "event") -> Event:
        d = require_mapping(d, where)
        by, target = d.get("by"), d.get("target")
        return cls(
            kind=_enum(EventKind, get_str(d, "kind", where), f"{where}.kind"),
            turn_ids=tuple(str(t) for t in get_list(d, "turn_ids", where)),
            start=get_float(d, "start", where),
            end=get_float(d, "end", where),
            by=_enum(Role, by, f"{where}.by") if by is not None else None,
            target=_enum(Role, target, f"{where}.target") if target is not None else None,
            detail=get_str(d, "detail", where, default=""),
            evidence=tuple(
                Evidence.from_dict(e, f"{where}.evidence[{i}]") for i, e in enumerate(get_list(d, "evidence", where))
            ),
        )


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which component produced what: recorded by every pipeline stage."""

    stage: str
    component: str
    version: str = ""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "component": self.component, "version": self.version, "detail": self.detail}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "provenance") -> Provenance:
        d = require_mapping(d, where)
        return cls(
            get_str(d, "stage", where),
            get_str(d, "component", where),
            get_str(d, "version", where, default=""),
            get_str(d, "detail", where, default=""),
        )


@dataclass(frozen=True, slots=True)
class Call:
    """One conversation: its turns in order, plus what the pipeline found."""

    id: str
    turns: tuple[Turn, ...]
    language: str | None = None
    duration: float | None = None
    source: str | None = None
    events: tuple[Event, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def has_times(self) -> bool:
        return bool(self.turns) and all(t.has_times for t in self.turns)

    def turn(self, turn_id: str) -> Turn:
        for t in self.turns:
            if t.id == turn_id:
                return t
        raise KeyError(turn_id)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "id": self.id}
        d.update(_drop_none({"language": self.language, "duration": self.duration, "source": self.source}))
        d["turns"] = [t.to_dict() for t in self.turns]
        if self.events:
            d["events"] = [e.to_dict() for e in self.events]
        if self.provenance:
            d["provenance"] = [p.to_dict() for p in self.provenance]
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "call", *, native: bool | None = None) -> Call:
        """Read a call. ``native`` (default: the document has ``schema_version``) tells how to read
        empty ``labels`` lists, see ``Turn.from_dict``."""
        d = require_mapping(d, where)
        if native is None:
            native = "schema_version" in d
        version = d.get("schema_version")
        if version is not None and str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise SchemaError(
                f"{where} has schema_version {version!r}; this convo_nlp reads {SCHEMA_VERSION}",
                hint="convert it with a matching convo_nlp version",
            )
        if "turns" not in d:
            raise SchemaError(
                f"{where} has no 'turns' list", hint='a call is {"id": …, "turns": [{"speaker", "text"}, …]}'
            )
        call_id = get_str(d, "id", where)
        turns = tuple(
            Turn.from_dict(t, f"{where}.turns[{i}]", default_id=f"t{i}", native=native)
            for i, t in enumerate(get_list(d, "turns", where))
        )
        ids = [t.id for t in turns]
        if len(set(ids)) != len(ids):
            raise SchemaError(f"{where} {call_id!r} has duplicate turn ids", hint="give each turn a unique 'id'")
        return cls(
            id=call_id,
            turns=turns,
            language=get_str(d, "language", where, default=None),
            duration=get_float(d, "duration", where),
            source=get_str(d, "source", where, default=None),
            events=tuple(
                Event.from_dict(e, f"{where}.events[{i}]") for i, e in enumerate(get_list(d, "events", where))
            ),
            provenance=tuple(
                Provenance.from_dict(p, f"{where}.provenance[{i}]")
                for i, p in enumerate(get_list(d, "provenance", where))
            ),
            meta=_with_extra_fields(get_dict(d, "meta", where), d),
        )


_CALL_FIELDS = frozenset(
    {"schema_version", "id", "turns", "language", "duration", "source", "events", "provenance", "meta"}
)


def _with_extra_fields(meta: dict[str, Any], d: Mapping[str, Any]) -> dict[str, Any]:
    """Other top-level scalar fields of a call (LABELING.md files carry ``split``, ``domain``,
    ``channel``, ``dialect`` …) are kept in ``meta``, never overriding it."""
    extra = {k: v for k, v in d.items() if k not in _CALL_FIELDS and isinstance(v, str | int | float | bool)}
    return {**extra, **meta} if extra else meta
