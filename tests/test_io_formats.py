"""Every format read from small hand-written fixtures, English and Arabic."""

from __future__ import annotations

from pathlib import Path

import pytest

from convo_nlp.io import read_calls, read_text
from convo_nlp.schema import Label, Role

FIX = Path(__file__).parent / "fixtures" / "io"

A, C, U = Role.AGENT, Role.CUSTOMER, Role.UNKNOWN


def turns_of(result, index=0):
    return result.calls[index].turns


def test_native_json_single_call_keeps_everything():
    r = read_calls(FIX / "en_call.json")
    assert r.format == "json" and r.path == str(FIX / "en_call.json")
    (call,) = r.calls
    assert call.id == "en-0001" and call.language == "en" and call.source == "crm-export"
    assert call.meta == {"queue": "billing"}
    t0, t1, t2 = call.turns
    assert t0.gold == (Label.COMPLAINT,) and t0.words[0].probability == 0.99
    assert [lab.label for lab in t1.labels] == [Label.APOLOGISE, Label.SOLVE]
    ev = t1.labels[0].evidence[0]
    assert (ev.turn_id, ev.quote, ev.span, ev.rule) == ("t1", "I'm sorry", (0, 9), "apology.sorry")
    assert t1.gold == (Label.APOLOGISE, Label.SOLVE)
    # "labels": [] in a schema_version document means "no predictions", not "labelled with nothing"
    assert t2.gold is None and t2.labels == () and t2.meta == {"channel_name": "left"}


def test_native_json_calls_wrapper_arabic_labelling_strings():
    r = read_calls(FIX / "ar_calls.json")
    assert r.format == "json"
    assert [c.id for c in r.calls] == ["ar-0001", "ar-0002"]
    first = r.calls[0]
    assert [t.id for t in first.turns] == ["t0", "t1", "t2"]
    assert [t.role for t in first.turns] == [C, A, A]
    assert first.turns[1].gold == (Label.APOLOGISE, Label.SOLVE)
    assert first.source == str(FIX / "ar_calls.json")
    # a cut-off turn keeps its text as written
    assert r.calls[1].turns[1].text == "الساعة ثمانية الصبح…"


def test_jsonl_labelling_format():
    r = read_calls(FIX / "en_labels.jsonl")
    assert r.format == "jsonl"
    c1, c2 = r.calls
    assert (c1.id, c2.id) == ("call-0001", "call-0002")
    assert c1.turns[0].gold == (Label.COMPLAINT,)
    assert c2.turns[0].gold == ()  # LABELING.md: an empty list means labelled, no label
    assert (c2.turns[1].start, c2.turns[1].end) == (1.5, 3.0)
    assert c1.turns[1].role is A


def test_jsonl_turn_per_line_grouped_by_call_id_in_order():
    r = read_calls(FIX / "ar_turns.jsonl")
    assert [c.id for c in r.calls] == ["ar-7", "ar-8"]
    ar7 = r.calls[0]
    assert [t.id for t in ar7.turns] == ["t0", "t1", "x9"]
    assert [t.speaker for t in ar7.turns] == ["العميل", "الموظف", "العميل"]
    assert ar7.turns[1].gold == (Label.LISTEN,)
    assert ar7.turns[2].language == "ar" and ar7.language is None  # not every turn says "ar"
    assert r.calls[1].turns[0].text == "Hello?"


def test_csv_columns_case_insensitive_clock_times_labels_and_extra_columns():
    r = read_calls(FIX / "en_call.csv")
    assert r.format == "csv"
    assert [c.id for c in r.calls] == ["c-100", "c-200"]
    t0, t1 = r.calls[0].turns
    assert t0.text == "I was charged twice, and nobody called back."
    assert (t0.start, t0.end, t1.start, t1.end) == (1.5, 4.0, 4.2, 7.25)
    assert t1.gold == (Label.APOLOGISE, Label.SOLVE)
    assert t1.meta == {"Agent Name": "Sam"}
    c200 = r.calls[1].turns[0]
    assert (c200.id, c200.role, c200.start, c200.end) == ("a1", C, 0.0, 1.5)


def test_tsv_arabic_without_call_id_uses_file_stem_and_role_column():
    r = read_calls(FIX / "ar_call.tsv")
    assert r.format == "tsv"
    (call,) = r.calls
    assert call.id == "ar_call" and call.language == "ar"
    t0, t1 = call.turns
    assert (t0.speaker, t0.role, t0.channel) == ("العميل", C, 1)
    assert (t1.speaker, t1.role, t1.channel) == ("أحمد", A, 0)  # role column wins over the name
    assert t0.gold is None  # no labels column: not labelled


def test_vtt_voice_tags_notes_styles_entities_and_inherited_speaker():
    r = read_calls(FIX / "en_call.vtt")
    assert r.format == "vtt"
    (call,) = r.calls
    assert call.id == "en_call" and call.language == "en"
    got = [(t.id, t.speaker, t.text, t.start, t.end) for t in call.turns]
    assert got == [
        ("intro", "Agent", "Hello, how can I help?", 0.0, 2.5),
        ("t1", "Customer", "My order never arrived & nobody answers--", 2.8, 6.0),
        ("t2", "Customer", "still waiting since Monday.", 6.1, 8.9),
        ("t3", "Agent", "I understand how frustrating that is.", 9.0, 11.5),
        ("t4", "Customer", "Yes.", 9.0, 11.5),
    ]


def test_vtt_arabic_prefixes_and_cue_ids():
    (call,) = read_calls(FIX / "ar_call.vtt").calls
    assert [t.id for t in call.turns] == ["1", "2", "3"]
    assert [t.role for t in call.turns] == [A, C, A]
    assert call.turns[1].text == "الخدمة سيئة، ثالث مرة أتصل"
    assert (call.turns[2].start, call.turns[2].end) == (5.2, 7.0)


def test_srt_prefix_tags_and_multiline_cue():
    r = read_calls(FIX / "en_call.srt")
    assert r.format == "srt"
    turns = turns_of(r)
    assert [(t.speaker, t.role) for t in turns] == [("Agent", A), ("Customer", C), ("Agent", A)]
    assert turns[0].text == "Thanks for calling, how can I help?"
    assert turns[1].text == "My internet keeps dropping. It happened again today."
    assert turns[2].text == "Have you tried restarting the router?"  # {\an8} stripped
    assert (turns[0].start, turns[0].end) == (1.0, 3.5)


def test_srt_arabic():
    turns = turns_of(read_calls(FIX / "ar_call.srt"))
    assert [(t.speaker, t.role, t.start, t.end) for t in turns] == [
        ("العميل", C, 0.0, 2.5), ("الموظف", A, 2.7, 4.0)]
    assert turns[1].text == "معليش على التأخير، تم إرسال الطلب"


def test_txt_headers_timestamps_continuations_and_cut_off():
    r = read_calls(FIX / "en_call.txt")
    assert r.format == "txt"
    (call,) = r.calls
    assert call.id == "en-txt-1" and call.language == "en"
    t = call.turns
    assert [x.id for x in t] == ["t0", "t1", "t2", "t3"]
    assert t[0].text == "I was charged twice for the same order\nand I want my money back."
    assert (t[0].start, t[0].end) == (1.0, None)
    assert (t[1].start, t[1].end) == (5.5, 8.0)
    assert (t[2].start, t[3].start) == (None, 12.5)
    assert t[3].text.endswith("--") and t[3].role is C


def test_txt_arabic_names_and_colon_variants():
    (call,) = read_calls(FIX / "ar_call.txt").calls
    assert call.id == "ar-txt-1" and call.language == "ar"
    assert [t.speaker for t in call.turns] == ["العميل", "الموظف", "العميل", "الموظف"]
    assert [t.role for t in call.turns] == [C, A, C, A]
    assert call.turns[1].text == "أتفهم انزعاجك، وين المشكلة بالضبط؟"
    assert call.turns[3].start == 10.5


def test_txt_several_calls_by_id_header():
    r = read_text("# id: a\nAgent: hi\n\n# id: b\n# language: ar\nالعميل: مرحبا\n", "txt")
    assert [(c.id, c.language, len(c.turns)) for c in r.calls] == [("a", None, 1), ("b", "ar", 1)]


def test_txt_line_with_clock_colon_is_continuation_not_speaker():
    (call,) = read_text("Agent: the branch opens at\n10:30 tomorrow\nhttps://example.com is our site", "txt").calls
    assert len(call.turns) == 1
    assert call.turns[0].text == "the branch opens at\n10:30 tomorrow\nhttps://example.com is our site"


def test_rttm_calls_per_file_id_sorted_by_start():
    r = read_calls(FIX / "diarization.rttm")
    assert r.format == "rttm"
    a, b = r.calls
    assert (a.id, b.id) == ("call_a", "call_b")
    assert [(t.speaker, t.start, t.end, t.text) for t in a.turns] == [
        ("SPEAKER_00", 0.0, 2.5, ""), ("SPEAKER_01", 2.6, 4.9, ""), ("SPEAKER_00", 5.0, 6.25, "")]
    assert b.turns[0].role is A and b.turns[0].channel == 1


def test_whisperx_segments_words_scores_and_unaligned_word():
    r = read_calls(FIX / "whisperx_en.json")
    assert r.format == "whisper"
    (call,) = r.calls
    assert call.id == "whisperx_en" and call.language == "en"
    t0, t1, t2 = call.turns
    assert t0.text == "Thank you for calling, how can I help?"  # leading space stripped
    assert (t0.speaker, t0.role, t0.start, t0.end) == ("SPEAKER_00", U, 0.031, 2.5)
    assert len(t0.words) == 8 and t0.words[0].probability == 0.91 and t0.words[0].speaker == "SPEAKER_00"
    two = t1.words[3]  # "2" has no times in WhisperX: placed at the previous word's end
    assert (two.text, two.start, two.end, two.probability) == ("2", 3.4, 3.4, None)
    assert (t2.start, t2.end) == (3.8, 4.6)  # segments overlap; not merged


def test_faster_whisper_bare_list_arabic_default_speaker():
    r = read_calls(FIX / "faster_whisper_ar.json")
    assert r.format == "whisper"
    t0, t1 = r.calls[0].turns
    assert (t0.id, t0.speaker, t0.text) == ("1", "SPEAKER_00", "السلام عليكم")
    assert [w.text for w in t0.words] == ["السلام", "عليكم"] and t0.words[1].probability == 0.93
    assert t1.words == ()


@pytest.mark.parametrize("name", sorted(p.name for p in FIX.iterdir()))
def test_every_fixture_reads_with_source_set(name):
    r = read_calls(FIX / name)
    assert r.calls and all(c.turns for c in r.calls)
    for call in r.calls:
        assert call.source  # where the call came from (the file, unless the file names one)
        assert len({t.id for t in call.turns}) == len(call.turns)
