"""Result documents: what `convo analyze` writes reads back to the same call and report."""

from __future__ import annotations

import json

import jsonschema
import pytest

from convo_nlp import Analyzer, read_calls
from convo_nlp.errors import InputError
from convo_nlp.results import load_results, result_schema

from conftest import SAMPLES


def test_results_round_trip_through_json_files(tmp_path):
    analyzer = Analyzer()
    analyses = [analyzer.process(c) for c in read_calls(SAMPLES / "mixed_service_calls.jsonl").calls]
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps(a.to_dict("x.jsonl"), ensure_ascii=False) + "\n" for a in analyses))
    back = load_results(path)
    assert [b.call for b in back] == [a.call for a in analyses]
    assert [b.report for b in back] == [a.report for a in analyses]
    for a in analyses:
        jsonschema.validate(a.to_dict(), result_schema())


def test_a_transcript_is_not_a_result_file():
    with pytest.raises(InputError, match="no analysis results"):
        load_results(SAMPLES / "en_bank_exemplary.json")
