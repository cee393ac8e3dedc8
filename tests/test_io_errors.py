"""Bad input: one clear line naming the file and the fix, as the right convo_nlp error class."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convo_nlp.errors import ConvoNLPError, InputError, SchemaError, UnknownFormatError
from convo_nlp.io import FORMAT_NAMES, read_calls, read_text


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8", newline="")
    else:
        p.write_bytes(data)
    return p


def error_for(path: Path, fmt: str | None = None, **kw) -> ConvoNLPError:
    with pytest.raises(ConvoNLPError) as info:
        read_calls(path, fmt, **kw)
    err = info.value
    assert err.path == str(path)
    text = str(err)
    assert text.startswith(str(path) + ": "), text
    assert "\n" not in text, text
    return err


# ----------------------------------------------------------------------------- bytes and encodings

def test_non_utf8_arabic_windows_file_names_offset_and_fix(tmp_path):
    p = write(tmp_path, "cp1256.txt", "Agent: hello\nالعميل: مرحبا\n".encode("cp1256"))
    err = error_for(p)
    assert type(err) is InputError
    msg = str(err)
    assert "not valid UTF-8" in msg and "offset 13" in msg and "line 2" in msg and "UTF-8" in msg
    assert "re-save" in msg


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_bom_encodings_are_read(tmp_path, codec):
    text = "الموظف: مرحبا\nCustomer: hi\n"
    data = text.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    r = read_calls(write(tmp_path, "bom.txt", data))
    assert [t.speaker for t in r.calls[0].turns] == ["الموظف", "Customer"]


def test_utf16_without_bom_is_named(tmp_path):
    p = write(tmp_path, "nobom.txt", "Agent: hello\n".encode("utf-16-le"))
    err = error_for(p)
    assert type(err) is InputError and "UTF-16" in str(err) and "UTF-8" in str(err)


def test_empty_file(tmp_path):
    err = error_for(write(tmp_path, "empty.json", b""))
    assert type(err) is InputError and "empty" in str(err)


@pytest.mark.parametrize("name", ["blank.txt", "blank.json", "blank.csv", "blank.unknown"])
def test_whitespace_only_file(tmp_path, name):
    err = error_for(write(tmp_path, name, " \n\t\r\n  \n"))
    assert type(err) is InputError and "only whitespace" in str(err)


@pytest.mark.parametrize(("data", "what"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
    (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio"),
    (b"\xff\xe3H\xc4\x00\x00\x00\x00Xing", "MP3"),  # MP3 without an ID3 tag
    (b"\x00\x01\x02\x03binary\x00stuff", "binary"),
])
def test_binary_file_given_as_text(tmp_path, data, what):
    err = error_for(write(tmp_path, "call.txt", data))
    assert type(err) is InputError and what in str(err)


def test_file_larger_than_max_bytes_says_how_to_raise_limit(tmp_path):
    p = write(tmp_path, "big.txt", "Agent: hi\n" * 50)
    err = error_for(p, max_bytes=100)
    assert type(err) is InputError
    assert "500 bytes" in str(err) and "100-byte limit" in str(err) and "max_bytes" in str(err)
    assert read_calls(p, max_bytes=500).calls  # exactly at the limit is fine


def test_missing_file_and_directory(tmp_path):
    err = error_for(tmp_path / "nope.json")
    assert type(err) is InputError and "not found" in str(err)
    d = tmp_path / "adir.json"
    d.mkdir()
    assert "directory" in str(error_for(d))


# ----------------------------------------------------------------------------- JSON family

def test_malformed_json_names_line_and_column(tmp_path):
    p = write(tmp_path, "bad.json", '{\n  "id": "c1",\n  "turns": [\n    {"speaker": "agent" "text": "hi"}\n  ]\n}\n')
    err = error_for(p)
    assert type(err) is InputError and "malformed JSON at line 4, column 25" in str(err)


def test_malformed_jsonl_names_line(tmp_path):
    good = json.dumps({"id": "c1", "turns": [{"speaker": "agent", "text": "hi"}]})
    p = write(tmp_path, "bad.jsonl", good + "\n" + '{"id": "c2", "turns": [}\n')
    err = error_for(p)
    assert type(err) is InputError and "malformed JSON at line 2, column" in str(err)


@pytest.mark.parametrize(("content", "needle"), [
    ("42", "is a number"),
    ('["a", "b"]', "calls[0] must be a JSON object"),
    ('{"name": "call"}', "no 'turns' or 'calls' field"),
    ('{"calls": {"id": 1}}', "'calls' must be a list"),
    ('{"segments": []}', "--input-format whisper"),
])
def test_json_of_the_wrong_shape(tmp_path, content, needle):
    err = error_for(write(tmp_path, "shape.json", content), "json")
    assert isinstance(err, SchemaError) and needle in str(err)


@pytest.mark.parametrize(("name", "content", "fmt", "needles"), [
    ("t.json", {"id": "c", "turns": [{"speaker": "agent", "text": "a"}, {"speaker": "agent"}]}, "json",
     ("call.turns[1]", "'text'")),
    ("t.json", {"id": "c", "turns": [{"text": "a"}]}, "json", ("call.turns[0]", "'speaker'")),
    ("t.json", [{"turns": []}], "json", ("calls[0]", "'id'")),
    ("t.json", {"id": "c", "turns": [{"speaker": "agent", "text": "a", "labels": ["happy"]}]}, "json",
     ("call.turns[0].labels[0]", "'happy'", "apologise")),
    ("w.json", {"segments": [{"start": 0, "end": 1, "text": "a"}, {"end": 2, "text": "b"}]}, "whisper",
     ("segments[1]", "'start'")),
    ("w.json", {"segments": [{"start": 0, "end": 1, "text": "a", "words": [{"start": 0}]}]}, "whisper",
     ("segments[0].words[0]", "'word'")),
    ("w.json", {"segments": [{"start": 2, "end": 1, "text": "a"}]}, "whisper", ("segments[0]", "ends")),
])
def test_missing_or_bad_fields_name_field_and_record(tmp_path, name, content, fmt, needles):
    err = error_for(write(tmp_path, name, json.dumps(content)), fmt)
    assert isinstance(err, SchemaError)
    for needle in needles:
        assert needle in str(err), str(err)


def test_jsonl_missing_field_names_line(tmp_path):
    lines = ['{"call_id": "a", "speaker": "agent", "text": "hi"}', '{"call_id": "a", "speaker": "customer"}']
    err = error_for(write(tmp_path, "turns.jsonl", "\n".join(lines)))
    assert isinstance(err, SchemaError) and "line 2" in str(err) and "'text'" in str(err)
    err = error_for(write(tmp_path, "odd.jsonl", '{"hello": 1}\n'))
    assert "line 1 is neither a call" in str(err)


def test_whisper_document_read_as_json_points_to_whisper_and_back(tmp_path):
    p = write(tmp_path, "w.json", '{"id": "c", "turns": []}')
    assert "--input-format json" in str(error_for(p, "whisper"))


# ----------------------------------------------------------------------------- other formats

def test_csv_without_speaker_text_columns(tmp_path):
    err = error_for(write(tmp_path, "calls.csv", "who,said\nagent,hi\n"))
    assert isinstance(err, SchemaError)
    assert "'speaker' and 'text'" in str(err) and "'who'" in str(err)


@pytest.mark.parametrize(("content", "needles"), [
    ("speaker,text,start\nagent,hi,soon\n", ("line 2", "'start'", "'soon'", "mm:ss")),
    ("speaker,text\nagent,hi\n,hello\n", ("line 3", "'speaker' cell is empty")),
    ("speaker,text\nagent,hi,there,you\n", ("line 2", "4 fields", "header has 2", "quotes")),
    ("speaker,text,labels\nagent,hi,sorry\n", ("line 2", "'sorry'")),
    ("speaker,text,start,end\nagent,hi,5,4\n", ("line 2", "ends")),
    ("speaker,text\n", ("header row but no turns",)),
])
def test_csv_bad_rows_name_the_line(tmp_path, content, needles):
    err = error_for(write(tmp_path, "bad.csv", content))
    assert isinstance(err, InputError)
    for needle in needles:
        assert needle in str(err), str(err)


def test_txt_without_speaker_lines(tmp_path):
    err = error_for(write(tmp_path, "notes.txt", "hello there\nthis is just prose, not a dialogue\n"), "txt")
    assert isinstance(err, SchemaError) and "no 'Speaker: text' lines" in str(err) and "العميل" in str(err)


@pytest.mark.parametrize(("content", "needles"), [
    ("SPEAKER c 1 0.0 1.0 <NA> <NA> a <NA> <NA>\nSPEAKER c 1 x 1.0 <NA> <NA> b <NA> <NA>\n",
     ("line 2", "start", "'x'")),
    ("SPEAKER c 1 0.0 1.0\n", ("line 1", "got 5")),
    ("SPEAKER c 1 0.0 -1 <NA> <NA> a <NA> <NA>\n", ("line 1", "duration")),
    ("HELLO c 1 0.0 1 <NA> <NA> a <NA> <NA>\n", ("line 1", "SPEAKER")),
])
def test_rttm_field_validation_names_line(tmp_path, content, needles):
    err = error_for(write(tmp_path, "bad.rttm", content))
    assert isinstance(err, SchemaError)
    for needle in needles:
        assert needle in str(err), str(err)


def test_subtitle_bad_timestamp_names_line(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nAgent: hi\n\n2\n00:99:00,000 --> 00:00:03,000\nx\n"
    err = error_for(write(tmp_path, "bad.srt", srt))
    assert isinstance(err, SchemaError) and "line 6" in str(err)
    err = error_for(write(tmp_path, "nocues.vtt", "WEBVTT\n\nNOTE nothing here\n"))
    assert "no cues" in str(err)


def test_unknown_format_lists_suffixes_and_flag(tmp_path):
    err = error_for(write(tmp_path, "call.docx2", "lorem ipsum dolor sit amet\n"))
    assert type(err) is UnknownFormatError
    assert ".json" in str(err) and ".srt" in str(err) and "--input-format" in str(err)


# ----------------------------------------------------------------------------- no raw exceptions

_ANY_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from([
        "{", "}", "[", "]", '"segments"', '"turns"', '"speaker"', '"text"', ":", ",", "1", "-1", "null", "\n",
        "WEBVTT", "-->", "00:01.000", "00:00:01,000", "Agent:", "العميل:", "SPEAKER", "<NA>", "\t", "#", "[00:01]",
        '"start"', '"end"', '"words"', '"word"', "0.5", "speaker,text", '"calls"', '"call_id"', "<v A>", "x",
    ]), max_size=40).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_ANY_TEXT, fmt=st.sampled_from((None,) + FORMAT_NAMES))
def test_garbage_never_escapes_as_a_raw_exception(text, fmt):
    try:
        result = read_text(text, fmt, name="fuzz.in")
    except ConvoNLPError as err:
        assert isinstance(err, InputError)
        assert err.path == "fuzz.in" and "\n" not in str(err)
        assert "could not be read as" not in str(err), str(err)  # the safety net is not the normal path
    else:
        assert result.calls and result.format in FORMAT_NAMES


@settings(max_examples=60, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=100).map(lambda s: s.encode("utf-8"))),
       suffix=st.sampled_from([".json", ".jsonl", ".csv", ".tsv", ".vtt", ".srt", ".txt", ".rttm", ".bin"]))
def test_random_bytes_give_input_errors_only(tmp_path_factory, data, suffix):
    p = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    p.write_bytes(data)
    try:
        read_calls(p)
    except ConvoNLPError as err:
        assert isinstance(err, InputError) and err.path == str(p) and "\n" not in str(err)
