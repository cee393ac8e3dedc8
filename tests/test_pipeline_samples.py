"""The bundled sample calls against their written ground truth (tests/golden/samples_expected.json)."""

from __future__ import annotations

import json

import pytest

from convo_nlp import Analyzer, read_calls
from convo_nlp.schema import EventKind, Role

from conftest import REPO, SAMPLES, TRANSCRIPT_SAMPLES

EXPECTED = json.loads((REPO / "tests" / "golden" / "samples_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analyses():
    analyzer = Analyzer()
    out = {}
    for path in TRANSCRIPT_SAMPLES:
        result = read_calls(path)
        for call in result.calls:
            key = path.name if len(result.calls) == 1 else f"{path.name}#{call.id}"
            out[key] = analyzer.process(call)
    return out


def test_every_expected_sample_is_read(analyses):
    assert set(EXPECTED) == set(analyses)
    assert len(analyses) >= 8


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_sample_findings_match_ground_truth(analyses, key):
    exp, analysis = EXPECTED[key], analyses[key]
    report = analysis.report
    counts = report.finding_counts()
    assert analysis.call.id == exp["call_id"]
    by_agent = [e for e in report.findings if e.kind is EventKind.INTERRUPTION and e.by is Role.AGENT]
    assert len(by_agent) == exp["interruptions_by_agent"], [e.detail for e in by_agent]
    for finding in ("missing_apology", "missing_thanks", "deflection", "unsolved", "long_silence", "stage_order"):
        assert bool(counts.get(finding)) == exp[finding], (finding, report.to_dict()["criteria"])


def test_samples_cover_every_finding(analyses):
    seen = {k for a in analyses.values() for k in a.report.finding_counts()}
    assert seen == {k.value for k in EventKind}


def test_exemplary_calls_score_full_marks(analyses):
    exemplary = [k for k in EXPECTED if "exemplary" in k or k.endswith("#ar-msa-gov-0008")]
    assert len(exemplary) >= 2
    for key in exemplary:
        assert analyses[key].report.score >= 90, (key, analyses[key].report.to_dict()["criteria"])


def test_raw_text_is_never_overwritten(analyses):
    for key, analysis in analyses.items():
        path = SAMPLES / key.split("#")[0]
        original = {(c.id, t.id): t.text for c in read_calls(path).calls for t in c.turns}
        for t in analysis.call.turns:
            assert t.text == original[(analysis.call.id, t.id)]
            assert t.norm_text is not None
