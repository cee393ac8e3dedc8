"""Format detection: by suffix, by content when the suffix is generic or wrong, and from stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convo_nlp.errors import InputError, UnknownFormatError
from convo_nlp.io import FORMAT_NAMES, detect_format, read_calls, read_text

FIX = Path(__file__).parent / "fixtures" / "io"

NATIVE = json.dumps({"id": "c1", "turns": [{"speaker": "agent", "text": "Hi"}]})
WHISPER = json.dumps({"segments": [{"start": 0.0, "end": 1.0, "text": " hi"}], "language": "en"})
OPENAI_WHISPER = '{"text": " hi there", "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " hi there"}]}'
JSONL = NATIVE + "\n" + NATIVE.replace("c1", "c2") + "\n"
TURN_JSONL = '{"call_id": "x", "speaker": "agent", "text": "hi"}\n'
VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Agent>Hi\n"
SRT = "1\n00:00:00,000 --> 00:00:01,000\nAgent: Hi\n"
TXT = "Agent: Hello\nCustomer: I was charged twice\n"
RTTM = "SPEAKER call 1 0.00 1.00 <NA> <NA> spk0 <NA> <NA>\n"
CSV = "speaker,text\nagent,hi\n"
TSV = "Speaker\tText\nagent\thi\n"


def test_format_names_are_the_public_contract():
    assert FORMAT_NAMES == ("json", "jsonl", "csv", "tsv", "vtt", "srt", "txt", "rttm", "whisper")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.json", NATIVE, "json"),
    ("a.JSON", NATIVE, "json"),
    ("a.jsonl", JSONL, "jsonl"),
    ("a.ndjson", JSONL, "jsonl"),
    ("a.jsonl", NATIVE, "jsonl"),  # one call on one line is still JSON Lines
    ("a.csv", CSV, "csv"),
    ("a.tsv", TSV, "tsv"),
    ("a.vtt", VTT, "vtt"),
    ("a.srt", SRT, "srt"),
    ("a.txt", TXT, "txt"),
    ("a.rttm", RTTM, "rttm"),
])
def test_detect_by_suffix(name, content, expected):
    assert detect_format(Path(name), content) == expected


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("really.txt", NATIVE, "json"),  # a .txt that is really JSON
    ("asr.json", WHISPER, "whisper"),  # a .json that is Whisper output
    ("asr.json", OPENAI_WHISPER, "whisper"),
    ("asr.json", "[" + json.dumps({"start": 0, "end": 1, "text": "hi"}) + "]", "whisper"),
    ("lines.json", JSONL, "jsonl"),
    ("turns.json", TURN_JSONL, "jsonl"),
    ("subs.txt", SRT, "srt"),
    ("subs.txt", VTT, "vtt"),
    ("diar.txt", RTTM, "rttm"),
    ("dialogue.csv", TXT, "txt"),  # no delimiter at all: the content is sure, the suffix is not
    ("pretty.jsonl", json.dumps(json.loads(NATIVE), indent=2), "json"),
])
def test_content_overrides_a_generic_or_impossible_suffix(name, content, expected):
    assert detect_format(Path(name), content) == expected


def test_suffix_wins_when_content_is_plausible():
    # a CSV whose first cell happens to look like a speaker line is still a CSV
    assert detect_format(Path("x.csv"), "Agent: name,text\nAgent,hi\n") == "csv"


@pytest.mark.parametrize(("content", "expected"), [
    (NATIVE, "json"), (WHISPER, "whisper"), (JSONL, "jsonl"), (VTT, "vtt"), (SRT, "srt"),
    (TXT, "txt"), (RTTM, "rttm"), (CSV, "csv"), (TSV, "tsv"), ("\ufeff" + TXT, "txt"),
])
def test_detect_without_suffix(content, expected):
    assert detect_format(Path("transcript"), content) == expected
    assert detect_format(Path("transcript.dat"), content) == expected


def test_unknown_suffix_needs_sure_content_but_a_bare_name_takes_a_likely_match():
    prose = "# Notes\n\nSome prose here.\nNote: this is not a dialogue.\nMore prose.\n"
    with pytest.raises(UnknownFormatError, match="'.md' is not a known one"):
        detect_format(Path("README.md"), prose)
    assert detect_format(Path("README"), prose) == "txt"
    assert detect_format(Path("chat.log"), TXT) == "txt"


def test_unknown_suffix_and_content_lists_suffixes_and_flag():
    with pytest.raises(UnknownFormatError) as info:
        detect_format(Path("notes.dat"), "just some words with no structure at all")
    msg = str(info.value)
    assert "notes.dat" in msg and ".vtt" in msg and ".jsonl" in msg and "--input-format" in msg
    assert "\n" not in msg


@pytest.mark.parametrize(("content", "expected", "turns"), [
    (NATIVE, "json", 1), (WHISPER, "whisper", 1), (JSONL, "jsonl", 1), (VTT, "vtt", 1),
    (SRT, "srt", 1), (TXT, "txt", 2), (RTTM, "rttm", 1), (CSV, "csv", 1),
])
def test_read_text_from_stdin_detects_by_content(content, expected, turns):
    r = read_text(content)
    assert r.format == expected and r.path == "<stdin>"
    assert len(r.calls[0].turns) == turns
    assert r.calls[0].source == "<stdin>"


def test_read_text_default_call_id_and_crlf():
    r = read_text("Agent: hi\r\nCustomer: hello\r\n")
    assert r.calls[0].id == "stdin"
    assert [t.text for t in r.calls[0].turns] == ["hi", "hello"]


def test_read_text_unrecognisable_content():
    with pytest.raises(UnknownFormatError, match="<stdin>.*--input-format"):
        read_text("hello world, nothing here\n")


def test_explicit_format_skips_detection_and_accepts_aliases(tmp_path):
    p = tmp_path / "subs.data"
    p.write_text(VTT, encoding="utf-8")
    assert read_calls(p, "WebVTT").format == "vtt"
    assert read_calls(p, ".vtt").format == "vtt"
    with pytest.raises(UnknownFormatError, match="docx") as info:
        read_calls(p, "docx")
    assert info.value.path == str(p) and "vtt" in str(info.value)


def test_read_text_accepts_bytes_and_decodes_like_a_file():
    r = read_text("\ufeffالموظف: مرحبا\r\n".encode())
    assert (r.format, r.calls[0].turns[0].text) == ("txt", "مرحبا")
    r = read_text("العميل: مرحبا\n".encode("utf-16"))
    assert r.calls[0].turns[0].speaker == "العميل"
    with pytest.raises(InputError, match="<stdin>: is not valid UTF-8: byte 0xC7 at offset 0"):
        read_text("العميل: مرحبا".encode("cp1256"))
    with pytest.raises(InputError, match="<stdin>: input is empty"):
        read_text(b"")


def test_read_calls_reports_detected_format_for_disguised_files():
    assert read_calls(FIX / "really_json.txt").format == "json"
    assert read_calls(FIX / "whisperx_en.json").format == "whisper"


def test_big_head_openai_whisper_detected(tmp_path):
    # OpenAI Whisper puts the whole transcript in "text" before "segments"
    long_text = " hello" * 20000
    doc = {"text": long_text, "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " hello"}]}
    p = tmp_path / "long.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert read_calls(p).format == "whisper"
