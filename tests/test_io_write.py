"""Writers: format from suffix, atomic replacement, and clear errors for what a format cannot hold."""

from __future__ import annotations

import json
import os
import stat

import pytest

from convo_nlp.errors import ConvoNLPError, UnknownFormatError
from convo_nlp.io import atomic_write_text, read_calls, render_calls, write_calls
from convo_nlp.schema import Call, Label, Role, Turn, Word

CALL = Call(
    id="c-1",
    language="ar",
    turns=(
        Turn("t0", "العميل", "الفاتورة وصلتني مرتين", start=0.0, end=2.25, role=Role.CUSTOMER, gold=(Label.COMPLAINT,)),
        Turn("t1", "Agent", "Sorry & thanks <3", start=2.5, end=4.0, role=Role.AGENT, gold=(),
             words=(Word("Sorry", 2.5, 2.9, 0.9),)),
    ),
)
UNTIMED = Call(id="u", turns=(Turn("t0", "Agent", "hi"),))


def test_render_vtt_exact_text():
    assert render_calls([CALL], "vtt") == (
        "WEBVTT\nLanguage: ar\n\n"
        "t0\n00:00:00.000 --> 00:00:02.250\n<v العميل>الفاتورة وصلتني مرتين\n\n"
        "t1\n00:00:02.500 --> 00:00:04.000\n<v Agent>Sorry &amp; thanks &lt;3\n"
    )


def test_render_srt_txt_rttm_exact_text():
    assert render_calls([CALL], "srt") == (
        "1\n00:00:00,000 --> 00:00:02,250\nالعميل: الفاتورة وصلتني مرتين\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nAgent: Sorry & thanks <3\n"
    )
    assert render_calls([CALL], "txt") == (
        "# id: c-1\n# language: ar\n"
        "[00:00:00.000 - 00:00:02.250] العميل: الفاتورة وصلتني مرتين\n"
        "[00:00:02.500 - 00:00:04.000] Agent: Sorry & thanks <3\n"
    )
    assert render_calls([CALL], "rttm") == (
        "SPEAKER c-1 1 0.000 2.250 <NA> <NA> العميل <NA> <NA>\n"
        "SPEAKER c-1 1 2.500 1.500 <NA> <NA> Agent <NA> <NA>\n"
    )


def test_render_csv_writes_labels_column_only_when_labelled():
    lines = render_calls([CALL], "csv").splitlines()
    assert lines[0] == "call_id,id,speaker,role,text,start,end,language,channel,labels"
    assert lines[1] == "c-1,t0,العميل,customer,الفاتورة وصلتني مرتين,0.0,2.25,,,complaint"
    assert lines[2] == "c-1,t1,Agent,agent,Sorry & thanks <3,2.5,4.0,,,"
    assert render_calls([UNTIMED], "tsv").splitlines() == [
        "call_id\tid\tspeaker\trole\ttext\tstart\tend\tlanguage\tchannel", "u\tt0\tAgent\tunknown\thi\t\t\t\t"]


def test_render_whisper_is_whisperx_shape():
    doc = json.loads(render_calls([CALL], "whisper"))
    assert doc["language"] == "ar"
    seg = doc["segments"][1]
    assert (seg["start"], seg["end"], seg["speaker"], seg["text"]) == (2.5, 4.0, "Agent", "Sorry & thanks <3")
    assert seg["words"] == [{"word": "Sorry", "start": 2.5, "end": 2.9, "score": 0.9}]


def test_render_json_one_call_is_an_object_several_are_wrapped():
    one = json.loads(render_calls([CALL], "json"))
    assert one["id"] == "c-1" and one["schema_version"] == "1.0"
    two = json.loads(render_calls([CALL, UNTIMED], "json"))
    assert [c["id"] for c in two["calls"]] == ["c-1", "u"] and two["schema_version"] == "1.0"
    assert render_calls([CALL, UNTIMED], "jsonl").count("\n") == 2


@pytest.mark.parametrize("fmt", ["vtt", "srt", "whisper"])
def test_one_call_formats_refuse_several_calls(fmt):
    with pytest.raises(ConvoNLPError, match="one call per file; got 2"):
        render_calls([CALL, CALL], fmt)


@pytest.mark.parametrize("fmt", ["vtt", "srt", "rttm", "whisper"])
def test_timed_formats_refuse_turns_without_times(fmt):
    with pytest.raises(ConvoNLPError, match="'t0' has no start/end times"):
        render_calls([UNTIMED], fmt)


def test_txt_writer_makes_unreadable_speaker_names_readable():
    text = render_calls([Call("x", (Turn("t0", "Mr. X, the boss", "hi"), Turn("t1", "a", "Agent: b")))], "txt")
    assert "Mr. X the boss: hi" in text
    from convo_nlp.io import read_text

    turns = read_text(text).calls[0].turns
    assert [(t.speaker, t.text) for t in turns] == [("Mr. X the boss", "hi"), ("a", "Agent: b")]


def test_write_calls_picks_format_from_suffix_and_creates_dirs(tmp_path):
    target = tmp_path / "out" / "nested" / "call.srt"
    write_calls([CALL], target)
    assert target.read_text(encoding="utf-8").startswith("1\n00:00:00,000 --> ")
    assert read_calls(target).format == "srt"


def test_write_calls_unknown_suffix_names_choices(tmp_path):
    with pytest.raises(UnknownFormatError) as info:
        write_calls([CALL], tmp_path / "call.docx")
    assert ".vtt" in str(info.value) and "call.docx" in str(info.value)
    write_calls([CALL], tmp_path / "call.docx", "json")  # explicit format: any name
    assert read_calls(tmp_path / "call.docx", "json").calls[0].id == "c-1"


def test_write_calls_error_names_the_output_file(tmp_path):
    with pytest.raises(ConvoNLPError) as info:
        write_calls([UNTIMED], tmp_path / "u.vtt")
    assert info.value.path == str(tmp_path / "u.vtt")
    assert not (tmp_path / "u.vtt").exists()


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("old", encoding="utf-8")
    os.chmod(p, 0o640)
    atomic_write_text(p, "نص جديد\n")
    assert p.read_bytes() == "نص جديد\n".encode()
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.txt"]


def test_atomic_write_failure_keeps_old_file_and_removes_temp(tmp_path, monkeypatch):
    p = tmp_path / "a.json"
    p.write_text("old", encoding="utf-8")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ConvoNLPError, match="No space left"):
        atomic_write_text(p, "new")
    assert p.read_text(encoding="utf-8") == "old"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.json"]


def test_new_file_gets_umask_permissions(tmp_path):
    p = tmp_path / "new.txt"
    atomic_write_text(p, "x")
    old = os.umask(0)
    os.umask(old)
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~old


def test_txt_writer_keeps_turns_whose_lines_look_like_speakers_intact():
    from convo_nlp.io import read_text

    text = "My details:\nName: Alia Haddad\n# not a comment\nthanks"
    out = render_calls([Call("x", (Turn("t0", "Customer", text),))], "txt")
    (turn,) = read_text(out).calls[0].turns
    assert turn.speaker == "Customer"
    assert turn.text == "My details: Name: Alia Haddad # not a comment\nthanks"
