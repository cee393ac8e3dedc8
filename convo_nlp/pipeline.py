"""The Analyzer: roles -> normalise -> classify -> detect -> score, for one call at a time.

from convo_nlp import Analyzer
report = Analyzer.from_config("convo.toml").analyze(call)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.config import Config
from convo_nlp.detect.component import FindingsDetector
from convo_nlp.detect.metrics import conversation_metrics
from convo_nlp.registry import build_classifier
from convo_nlp.roles import RoleResolver
from convo_nlp.schema import SCHEMA_VERSION, Call, CallReport, EventKind, Role
from convo_nlp.scoring.scorecard import Scorecard
from convo_nlp.text import TextNormalizer


@dataclass(frozen=True, slots=True)
class Analysis:
    """The annotated call (roles, languages, labels with evidence, events) and its report."""

    call: Call
    report: CallReport

    def to_dict(self, source: str | None = None) -> dict[str, Any]:
        """The result document (``resources/result.schema.json``); ``source``: the input it came from."""
        return {
            "schema_version": SCHEMA_VERSION,
            "source": source,
            "call": self.call.to_dict(),
            "report": self.report.to_dict(),
        }


class Analyzer:
    """Analyses calls with one configuration. Safe to reuse for many calls; holds no per-call state."""

    def __init__(self, config: Config | None = None, classifier: TurnClassifier | None = None) -> None:
        self.config = config or Config.load()
        self.roles = RoleResolver(first_speaker=Role(self.config.pipeline.first_speaker))
        self.normalizer = TextNormalizer()
        self._classifier = classifier
        self.detector = FindingsDetector(self.config.interruptions, self.config.silence)
        self.scorecard = Scorecard(self.config.scorecard, self.config.digest())

    @property
    def classifier(self) -> TurnClassifier:
        """Built on first use, so that re-scoring annotated calls never loads a model."""
        if self._classifier is None:
            self._classifier = build_classifier(self.config.pipeline.classifier, self.config)
        return self._classifier

    @classmethod
    def from_config(cls, path: str | Path | None = None, overrides: Sequence[str] = ()) -> Analyzer:
        return cls(Config.load(path, overrides))

    def annotate(self, call: Call) -> Call:
        """Roles, languages, normalised text, labels and findings; the raw text is untouched."""
        return self.detector(self.classifier(self.normalizer(self.roles(call))))

    def score(self, annotated: Call) -> Analysis:
        """Re-score a call that is already annotated (its labels are kept, findings recomputed),
        e.g. with another scorecard. No classifier is built."""
        call = self.detector(annotated)
        classifier = next((p.component for p in reversed(call.provenance) if p.stage == "classify"), "")
        return Analysis(call, self._report(call, classifier))

    def process(self, call: Call) -> Analysis:
        annotated = self.annotate(call)
        return Analysis(annotated, self._report(annotated, self.classifier.name))

    def analyze(self, call: Call) -> CallReport:
        return self.process(call).report

    def _report(self, call: Call, classifier: str) -> CallReport:
        interruptions = [e for e in call.events if e.kind is EventKind.INTERRUPTION]
        return self.scorecard.score(
            call, conversation_metrics(call, interruptions), classifier=classifier, warnings=_warnings(call)
        )


def _warnings(call: Call) -> list[str]:
    notes: list[str] = []
    if not call.turns:
        notes.append("the call has no turns")
    roles = {t.role for t in call.turns}
    if call.turns and Role.AGENT not in roles:
        notes.append("no agent turn: check the speaker names or --set pipeline.first_speaker")
    if call.turns and not call.has_times:
        notes.append("no timings: interruptions judged from cut-off marks only; no talk-time figures")
    return notes
