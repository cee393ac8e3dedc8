"""Batch figures for the dashboard: score distribution, pass rate per criterion, findings per
100 calls, and per-group (agent, team, channel, date) tables with each group's weakest criterion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from convo_nlp.pipeline import Analysis
from convo_nlp.schema import Status

GROUP_KEYS = ("agent", "team", "channel", "date")


@dataclass(frozen=True, slots=True)
class Entry:
    """One call in the report: its analysis, where it came from and its page."""

    analysis: Analysis
    source: str
    href: str

    def meta(self, key: str) -> str | None:
        value = self.analysis.call.meta.get(key)
        if value is None and key == "agent":
            value = self.analysis.call.meta.get("agent_id") or self.analysis.call.meta.get("agent_name")
        return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class CriterionRate:
    id: str
    section: str
    passed: int
    failed: int
    not_applicable: int

    @property
    def rate(self) -> float | None:
        judged = self.passed + self.failed
        return self.passed / judged if judged else None


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    value: str
    entries: tuple[Entry, ...]
    rates: tuple[CriterionRate, ...]

    @property
    def mean_score(self) -> float:
        return sum(e.analysis.report.score for e in self.entries) / len(self.entries)

    @property
    def weakest(self) -> CriterionRate | None:
        judged = [r for r in self.rates if r.rate is not None and r.failed]
        return min(judged, key=lambda r: (r.rate, -r.failed)) if judged else None

    def failing(self, criterion: str) -> list[Entry]:
        return [
            e
            for e in self.entries
            if any(c.id == criterion and c.status is Status.FAIL for c in e.analysis.report.criteria)
        ]


@dataclass(frozen=True, slots=True)
class BatchStats:
    entries: tuple[Entry, ...]
    histogram: tuple[int, ...]  # calls per 10-point score bin, 0-10 … 90-100
    rates: tuple[CriterionRate, ...]
    findings_per_100: dict[str, float]
    groups: dict[str, tuple[Group, ...]] = field(default_factory=dict)

    @property
    def mean_score(self) -> float:
        return sum(e.analysis.report.score for e in self.entries) / len(self.entries) if self.entries else 0.0


def criterion_rates(entries: Sequence[Entry]) -> tuple[CriterionRate, ...]:
    order: dict[str, str] = {}
    counts: dict[str, list[int]] = {}
    for e in entries:
        for c in e.analysis.report.criteria:
            order.setdefault(c.id, c.section)
            n = counts.setdefault(c.id, [0, 0, 0])
            n[0 if c.status is Status.PASS else 1 if c.status is Status.FAIL else 2] += 1
    return tuple(CriterionRate(cid, order[cid], *counts[cid]) for cid in order)


def batch_stats(entries: Sequence[Entry]) -> BatchStats:
    hist = [0] * 10
    findings: dict[str, int] = {}
    for e in entries:
        hist[min(int(e.analysis.report.score // 10), 9)] += 1
        for f in e.analysis.report.findings:
            findings[f.kind.value] = findings.get(f.kind.value, 0) + 1
    n = max(len(entries), 1)
    groups: dict[str, tuple[Group, ...]] = {}
    for key in GROUP_KEYS:
        values: dict[str, list[Entry]] = {}
        for e in entries:
            value = e.meta(key)
            if value is not None:
                values.setdefault(value, []).append(e)
        if values:
            if key == "agent":
                unassigned = [e for e in entries if e.meta(key) is None]
                if unassigned:
                    values["(not given)"] = unassigned
            groups[key] = tuple(
                Group(key, v, tuple(es), criterion_rates(es)) for v, es in sorted(values.items())
            )
    return BatchStats(
        entries=tuple(entries),
        histogram=tuple(hist),
        rates=criterion_rates(entries),
        findings_per_100={k: 100.0 * v / n for k, v in sorted(findings.items(), key=lambda kv: -kv[1])},
        groups=groups,
    )
