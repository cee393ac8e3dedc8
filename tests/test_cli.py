"""The `convo` command: outputs, exit codes, and one-line errors for bad input."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from convo_nlp.results import result_schema

from conftest import REPO, SAMPLES, TRANSCRIPT_SAMPLES

TEXT_SAMPLES = [str(p) for p in TRANSCRIPT_SAMPLES]

FIXTURES = REPO / "tests" / "fixtures"


GOOD_TXT = "Customer: My parcel never arrived.\nAgent: I'm sorry, I've sent a replacement today. Thanks for calling.\n"


def test_analyze_samples_jsonl_validates_against_the_schema(convo):
    code, out, err = convo("analyze", *TEXT_SAMPLES, "--format", "jsonl")
    assert code == 0, err
    docs = [json.loads(line) for line in out.splitlines()]
    assert len(docs) >= 8
    schema = result_schema()
    for doc in docs:
        jsonschema.validate(doc, schema)
        assert doc["call"]["turns"] and all("labels" in t for t in doc["call"]["turns"])
        assert doc["report"]["call_id"] == doc["call"]["id"]
    assert "analysed" in err and "formats:" in err


def test_json_output_keeps_input_call_ids_and_evidence(convo, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(
        json.dumps(
            {
                "id": "CASE-42",
                "turns": [
                    {"speaker": "customer", "text": "I was charged twice."},
                    {"speaker": "agent", "text": "I apologise for that."},
                ],
            }
        )
    )
    code, out, _ = convo("analyze", str(path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    [result] = doc["results"]
    assert result["call"]["id"] == "CASE-42" and result["source"] == str(path)
    agent = result["call"]["turns"][1]
    [label] = [lab for lab in agent["labels"] if lab["label"] == "apologise"]
    ev = label["evidence"][0]
    assert agent["text"][ev["span"][0] : ev["span"][1]] == ev["quote"]


def test_output_dir_gets_one_json_per_call_and_a_summary_csv(convo, tmp_path):
    out_dir = tmp_path / "out"
    code, _, err = convo("analyze", *TEXT_SAMPLES, "-o", str(out_dir), "--format", "csv")
    assert code == 0, err
    files = sorted(p for p in out_dir.glob("*.json"))
    rows = list(csv.DictReader(io.StringIO((out_dir / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert len(files) == len(rows) >= 8
    assert {"call_id", "language", "score", "band", "thanked", "interruption", "missing_apology"} <= set(rows[0])
    for p in files:
        jsonschema.validate(json.loads(p.read_text(encoding="utf-8")), result_schema())
    assert not (out_dir / "failures.csv").exists()
    assert not list(out_dir.glob("*.tmp*"))


def _bad_inputs(tmp_path):
    bad = {
        "corrupt.json": b'{"id": "x", "turns": [',
        "unknown.xyz": b"\x00\x01binary",
        "latin1.txt": "Customer: caf\xe9 au lait\nAgent: ok\n".encode("latin-1"),
        "empty.vtt": b"",
        "nofields.json": json.dumps({"id": "x", "turns": [{"text": "no speaker"}]}).encode(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD_TXT)
    return bad


def test_bad_files_get_one_line_each_and_the_batch_carries_on(convo, tmp_path):
    bad = _bad_inputs(tmp_path)
    out_dir = tmp_path / "out"
    names = [str(tmp_path / n) for n in sorted(bad)] + [str(tmp_path / "good.txt")]
    code, out, err = convo("analyze", *names, "--format", "jsonl", "-o", str(out_dir))
    assert code == 1
    assert len(out.splitlines()) == 1 and json.loads(out)["report"]["call_id"] == "good"
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad)
    for name in bad:
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert "Traceback" not in err
    failures = list(csv.DictReader(io.StringIO((out_dir / "failures.csv").read_text(encoding="utf-8-sig"))))
    assert {f["source"].rsplit("/", 1)[-1] for f in failures} == set(bad)
    assert (out_dir / "good.json").exists()


@pytest.mark.parametrize(
    "name, data, needle",
    [
        ("corrupt.json", b'{"id": "x", "turns": [', "line"),
        ("latin1.txt", "Customer: caf\xe9\n".encode("latin-1"), "UTF-8"),
        ("empty.json", b"", "empty"),
        ("nofields.json", json.dumps({"id": "x", "turns": [{"text": "hi"}]}).encode(), "speaker"),
        ("mystery.xyz", b"hello", "format"),
    ],
)
def test_each_bad_input_error_names_the_file_and_the_problem(convo, tmp_path, name, data, needle):
    (tmp_path / name).write_bytes(data)
    code, _, err = convo("analyze", str(tmp_path / name))
    assert code == 1
    [line] = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert name in line and needle.lower() in line.lower()


def test_missing_input_and_bad_config_exit_1_with_one_line(convo, tmp_path):
    code, _, err = convo("analyze", str(tmp_path / "nope.txt"))
    assert code == 1 and "no such file" in err
    (tmp_path / "bad.toml").write_text("[scorecard.sections.listen]\nweight = 5\n")
    (tmp_path / "good.txt").write_text(GOOD_TXT)
    code, _, err = convo("analyze", str(tmp_path / "good.txt"), "--config", str(tmp_path / "bad.toml"))
    assert code == 1 and err.count("\n") == 1 and "sum to 100" in err


def test_stdin_is_read_with_format_detection(convo):
    code, out, err = convo("analyze", "-", "--format", "jsonl", stdin=GOOD_TXT)
    assert code == 0, err
    doc = json.loads(out)
    assert {t["role"] for t in doc["call"]["turns"]} == {"agent", "customer"}


def test_table_output_is_readable(convo):
    code, out, _ = convo("analyze", str(SAMPLES / "en_telecom_interrupt.vtt"))
    assert code == 0
    assert "en_telecom_interrupt" in out and "interruption" in out


def test_score_rescoring_with_another_scorecard(convo, tmp_path):
    out_dir = tmp_path / "out"
    assert convo("analyze", *TEXT_SAMPLES, "-o", str(out_dir), "--format", "csv")[0] == 0
    code, out, _ = convo("score", str(out_dir), "--format", "csv")
    assert code == 0
    before = {r["call_id"]: float(r["score"]) for r in csv.DictReader(io.StringIO(out))}
    code, out, _ = convo("score", str(out_dir), "--format", "csv", "--set", "interruptions.min_overlap=100")
    after = {r["call_id"]: float(r["score"]) for r in csv.DictReader(io.StringIO(out))}
    assert set(before) == set(after)
    assert after["en_telecom_interrupt"] > before["en_telecom_interrupt"]


def test_convert_round_trip_and_stdout(convo, tmp_path):
    src = SAMPLES / "en_telecom_interrupt.vtt"
    code, _, err = convo("convert", str(src), str(tmp_path / "c.json"))
    assert code == 0 and "vtt" in err
    code, out, _ = convo("convert", str(tmp_path / "c.json"), "-", "--to", "srt")
    assert code == 0 and "-->" in out and "," in out.splitlines()[1]
    code, _, err = convo("convert", str(tmp_path / "c.json"), "-")
    assert code == 1 and "--to" in err


def test_info_and_version_and_help(convo):
    code, out, _ = convo("info")
    doc = json.loads(out)
    assert code == 0 and "lexicon.v1" in doc["classifiers"] and "vtt" in doc["formats"]
    assert doc["classifier"]["default"] == "lexicon.v1"  # the tests' CONVO_NLP_CONFIG (conftest)
    assert doc["classifier"]["model_found"] and doc["classifier"]["model"].endswith("last-e5-lora")
    code, out, _ = convo("info", str(SAMPLES / "mixed_service_calls.jsonl"))
    doc = json.loads(out)
    assert doc["format"] == "jsonl" and doc["calls"] >= 2
    code, out, _ = convo("--version")
    assert code == 0 and out.startswith("convo_nlp ")
    code, out, _ = convo("--help")
    for command in ("analyze", "score", "evaluate", "convert", "info", "init-config"):
        assert command in out


def test_init_config_writes_a_valid_config_and_refuses_to_overwrite(convo, tmp_path):
    path = tmp_path / "convo.toml"
    assert convo("init-config", str(path))[0] == 0
    from convo_nlp.config import Config

    assert Config.load(path).digest() == Config.default().digest()
    code, _, err = convo("init-config", str(path))
    assert code == 1 and "--force" in err
    assert convo("init-config", str(path), "--force")[0] == 0


def test_evaluate_prints_per_label_scores_per_language(convo):
    code, out, err = convo("evaluate", "lexicon", str(FIXTURES / "labelled_small.jsonl"), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    groups = {g["name"]: g for g in doc["groups"]}
    assert {"en", "ar", "all"} <= set(groups)
    labels = {s["label"]: s for s in groups["ar"]["labels"]}
    assert labels["apologise"]["support"] == 1 and 0 <= labels["apologise"]["f1"] <= 1
    code, out, _ = convo("evaluate", "lexicon", str(FIXTURES / "labelled_small.jsonl"))
    assert code == 0 and "precision" in out and "confusion" in out


def test_evaluate_without_labels_is_a_clear_error(convo, tmp_path):
    (tmp_path / "plain.txt").write_text(GOOD_TXT)
    code, _, err = convo("evaluate", "lexicon", str(tmp_path / "plain.txt"))
    assert code == 1 and "no human labels" in err
    code, _, err = convo("evaluate", "nonsense", str(tmp_path / "plain.txt"))
    assert code == 1 and "unknown classifier" in err


def test_rerun_into_an_output_folder_inside_the_input_folder_skips_its_own_results(convo, tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    (calls / "a.txt").write_text(GOOD_TXT)
    (calls / ".hidden.txt").write_text(GOOD_TXT)
    for _ in range(2):
        code, out, err = convo("analyze", str(calls), "-o", str(calls / "out"), "--format", "csv")
        assert code == 0, err
        assert len(list(csv.DictReader(io.StringIO(out)))) == 1
