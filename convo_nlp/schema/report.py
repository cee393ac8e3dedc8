"""The report of one analysed call: scorecard results, findings and conversation figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from convo_nlp.schema._fields import get_dict, get_float, get_list, get_str, require_mapping
from convo_nlp.schema.call import SCHEMA_VERSION, Event, Evidence, Provenance, _enum
from convo_nlp.schema.labels import Status


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One scorecard criterion: pass / fail / n/a, why, and the evidence."""

    id: str
    section: str
    description: str
    status: Status
    weight: float
    points: float
    reason: str
    auto_fail: bool = False
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "description": self.description,
            "status": self.status.value,
            "weight": self.weight,
            "points": round(self.points, 3),
            "reason": self.reason,
            "auto_fail": self.auto_fail,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "criterion") -> CriterionResult:
        d = require_mapping(d, where)
        return cls(
            id=get_str(d, "id", where),
            section=get_str(d, "section", where),
            description=get_str(d, "description", where, default=""),
            status=_enum(Status, get_str(d, "status", where), f"{where}.status"),
            weight=get_float(d, "weight", where) or 0.0,
            points=get_float(d, "points", where) or 0.0,
            reason=get_str(d, "reason", where, default=""),
            auto_fail=bool(d.get("auto_fail", False)),
            evidence=tuple(
                Evidence.from_dict(e, f"{where}.evidence[{i}]") for i, e in enumerate(get_list(d, "evidence", where))
            ),
        )


@dataclass(frozen=True, slots=True)
class SectionResult:
    """A LAST section (listen / apologise / solve / thank) and the points it earned."""

    id: str
    name: str
    weight: float
    points: float
    max_points: float

    @property
    def score(self) -> float | None:
        """Percentage of the applicable points earned; None when every criterion was n/a."""
        return None if self.max_points == 0 else round(100.0 * self.points / self.max_points, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "weight": self.weight,
            "points": round(self.points, 3),
            "max_points": round(self.max_points, 3),
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "section") -> SectionResult:
        d = require_mapping(d, where)
        return cls(
            get_str(d, "id", where),
            get_str(d, "name", where, default=""),
            get_float(d, "weight", where) or 0.0,
            get_float(d, "points", where) or 0.0,
            get_float(d, "max_points", where) or 0.0,
        )


@dataclass(frozen=True, slots=True)
class ConversationMetrics:
    """Contact-Lens-style figures, computed only when the turns carry timings.

    Dicts are keyed by role value ("agent", "customer", "unknown").
    """

    duration: float
    talk_time: dict[str, float]
    non_talk_time: float
    overlap_time: float
    talk_ratio: dict[str, float]
    words_per_minute: dict[str, float]
    interruptions: dict[str, int]
    longest_silence: float
    timing: str = ""  # where the timings come from; how far overlap figures can be trusted

    def to_dict(self) -> dict[str, Any]:
        return {
            "duration": round(self.duration, 3),
            "talk_time": {k: round(v, 3) for k, v in self.talk_time.items()},
            "non_talk_time": round(self.non_talk_time, 3),
            "overlap_time": round(self.overlap_time, 3),
            "talk_ratio": {k: round(v, 4) for k, v in self.talk_ratio.items()},
            "words_per_minute": {k: round(v, 1) for k, v in self.words_per_minute.items()},
            "interruptions": dict(self.interruptions),
            "longest_silence": round(self.longest_silence, 3),
            "timing": self.timing,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "metrics") -> ConversationMetrics:
        d = require_mapping(d, where)
        return cls(
            duration=get_float(d, "duration", where) or 0.0,
            talk_time={k: float(v) for k, v in get_dict(d, "talk_time", where).items()},
            non_talk_time=get_float(d, "non_talk_time", where) or 0.0,
            overlap_time=get_float(d, "overlap_time", where) or 0.0,
            talk_ratio={k: float(v) for k, v in get_dict(d, "talk_ratio", where).items()},
            words_per_minute={k: float(v) for k, v in get_dict(d, "words_per_minute", where).items()},
            interruptions={k: int(v) for k, v in get_dict(d, "interruptions", where).items()},
            longest_silence=get_float(d, "longest_silence", where) or 0.0,
            timing=get_str(d, "timing", where, default=""),
        )


@dataclass(frozen=True, slots=True)
class CallReport:
    """Everything QA needs about one call: score, band, criteria, findings, figures, provenance."""

    call_id: str
    score: float
    band: str
    auto_failed: bool
    sections: tuple[SectionResult, ...]
    criteria: tuple[CriterionResult, ...]
    findings: tuple[Event, ...]
    stages: dict[str, list[str]]
    language: str | None = None
    classifier: str = ""
    metrics: ConversationMetrics | None = None
    config_digest: str = ""
    provenance: tuple[Provenance, ...] = ()
    warnings: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION
    meta: dict[str, Any] = field(default_factory=dict)

    def finding_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for event in self.findings:
            counts[event.kind.value] = counts.get(event.kind.value, 0) + 1
        return counts

    def criterion(self, criterion_id: str) -> CriterionResult:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "call_id": self.call_id,
            "language": self.language,
            "classifier": self.classifier,
            "score": round(self.score, 1),
            "band": self.band,
            "auto_failed": self.auto_failed,
            "sections": [s.to_dict() for s in self.sections],
            "criteria": [c.to_dict() for c in self.criteria],
            "findings": [e.to_dict() for e in self.findings],
            "finding_counts": self.finding_counts(),
            "stages": {k: list(v) for k, v in self.stages.items()},
            "metrics": self.metrics.to_dict() if self.metrics else None,
            "config_digest": self.config_digest,
            "provenance": [p.to_dict() for p in self.provenance],
            "warnings": list(self.warnings),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str = "report") -> CallReport:
        d = require_mapping(d, where)
        metrics = d.get("metrics")
        return cls(
            call_id=get_str(d, "call_id", where),
            score=get_float(d, "score", where) or 0.0,
            band=get_str(d, "band", where, default=""),
            auto_failed=bool(d.get("auto_failed", False)),
            sections=tuple(
                SectionResult.from_dict(s, f"{where}.sections[{i}]")
                for i, s in enumerate(get_list(d, "sections", where))
            ),
            criteria=tuple(
                CriterionResult.from_dict(c, f"{where}.criteria[{i}]")
                for i, c in enumerate(get_list(d, "criteria", where))
            ),
            findings=tuple(
                Event.from_dict(e, f"{where}.findings[{i}]") for i, e in enumerate(get_list(d, "findings", where))
            ),
            stages={k: [str(x) for x in v] for k, v in get_dict(d, "stages", where).items()},
            language=get_str(d, "language", where, default=None),
            classifier=get_str(d, "classifier", where, default=""),
            metrics=ConversationMetrics.from_dict(metrics) if metrics else None,
            config_digest=get_str(d, "config_digest", where, default=""),
            provenance=tuple(
                Provenance.from_dict(p, f"{where}.provenance[{i}]")
                for i, p in enumerate(get_list(d, "provenance", where))
            ),
            warnings=tuple(str(w) for w in get_list(d, "warnings", where)),
            schema_version=get_str(d, "schema_version", where, default=SCHEMA_VERSION),
            meta=get_dict(d, "meta", where),
        )
