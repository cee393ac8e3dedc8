"""The scorecard: runs each configured check and turns the outcomes into a 0-100 score.

Maths: a section's weight is shared by its criteria in proportion to their weights. A passed
criterion earns its points, a failed one none; an n/a criterion leaves the denominator.
score = 100 * earned / applicable. A failed auto-fail criterion sets the score to
``auto_fail_score`` and the band to "auto-fail".
"""

from __future__ import annotations

from collections.abc import Sequence

from convo_nlp.config import ScorecardConfig
from convo_nlp.schema import ALL_LABELS, Call, CallReport, CriterionResult, Provenance, SectionResult, Status
from convo_nlp.schema.report import ConversationMetrics
from convo_nlp.scoring.checks import CHECKS

AUTO_FAIL_BAND = "auto-fail"


class Scorecard:
    def __init__(self, config: ScorecardConfig, config_digest: str = "") -> None:
        self.config = config
        self.config_digest = config_digest

    def score(
        self,
        call: Call,
        metrics: ConversationMetrics | None = None,
        classifier: str = "",
        warnings: Sequence[str] = (),
    ) -> CallReport:
        criteria: list[CriterionResult] = []
        sections: list[SectionResult] = []
        for section_id, section in self.config.sections.items():
            if section.weight == 0 or not section.criteria:
                continue
            total_w = sum(c.weight for c in section.criteria)
            earned = applicable = 0.0
            for crit in section.criteria:
                outcome = CHECKS[crit.check](call, crit.params)
                max_points = section.weight * crit.weight / total_w
                points = max_points if outcome.status is Status.PASS else 0.0
                if outcome.status is not Status.NA:
                    applicable += max_points
                    earned += points
                criteria.append(
                    CriterionResult(
                        id=crit.id,
                        section=section_id,
                        description=crit.description,
                        status=outcome.status,
                        weight=round(max_points, 4),
                        points=points,
                        reason=outcome.reason,
                        auto_fail=crit.auto_fail,
                        evidence=outcome.evidence,
                    )
                )
            sections.append(SectionResult(section_id, section.name, section.weight, earned, applicable))
        applicable_total = sum(s.max_points for s in sections)
        notes = list(warnings)
        if applicable_total == 0:
            notes.append("no scorecard criterion applied to this call (does it have agent and customer turns?)")
            score = 0.0
        else:
            score = 100.0 * sum(s.points for s in sections) / applicable_total
        auto_failed = any(c.auto_fail and c.status is Status.FAIL for c in criteria)
        if auto_failed:
            score, band = self.config.auto_fail_score, AUTO_FAIL_BAND
        else:
            band = next(b.name for b in self.config.sorted_bands() if score >= b.min - 1e-9)
        stages = {lab.value: [t.id for t in call.turns if t.has(lab)] for lab in ALL_LABELS}
        return CallReport(
            call_id=call.id,
            score=round(score, 1),
            band=band,
            auto_failed=auto_failed,
            sections=tuple(sections),
            criteria=tuple(criteria),
            findings=call.events,
            stages={k: v for k, v in stages.items() if v},
            language=call.language,
            classifier=classifier,
            metrics=metrics,
            config_digest=self.config_digest,
            provenance=call.provenance + (Provenance(stage="score", component="scorecard", detail=self.config.name),),
            warnings=tuple(notes),
        )
