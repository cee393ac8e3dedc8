"""Word error rate and diarization scoring on small cases computed by hand (no audio, no models)."""

from __future__ import annotations

import math

import pytest

from convo_nlp.audio.types import SpeakerSegment
from convo_nlp.evaluation.asr import WerResult, align, corpus_wer, normalize_for_wer, word_errors
from convo_nlp.evaluation.diarization import (
    OverlapResult,
    Segment,
    diarization_error,
    intersect_intervals,
    merge_intervals,
    overlap_detection,
    overlap_match,
    overlap_regions,
    pooled_der,
    read_rttm,
    read_rttm_files,
    read_uem,
    rttm_lines,
    speakers_in,
)

# -- word error rate ---------------------------------------------------------------------------


def test_substitution_and_deletion_counted_by_hand():
    r = word_errors("the cat sat on the mat", "the cat sit on mat")
    assert (r.substitutions, r.deletions, r.insertions, r.ref_words) == (1, 1, 0, 6)
    assert r.wer == pytest.approx(2 / 6)
    assert r.hits == 4 and r.hyp_words == 5


def test_insertion_and_mixed_errors():
    r = word_errors("a b", "a x b")
    assert (r.substitutions, r.deletions, r.insertions) == (0, 0, 1)
    r = word_errors("a b c d", "a x c e f")  # b->x, d->f (or e), one extra word
    assert (r.substitutions, r.deletions, r.insertions, r.ref_words) == (2, 0, 1, 4)
    assert r.wer == pytest.approx(3 / 4)


def test_alignment_lists_every_operation():
    ops = align(["a", "b", "c", "d"], ["a", "c", "d", "e"])
    assert ops == [("ok", "a", "a"), ("del", "b", None), ("ok", "c", "c"), ("ok", "d", "d"), ("ins", None, "e")]
    # equal-cost alignments are resolved the same way every time (substitutions preferred)
    assert align(["a", "b", "c"], ["a", "c", "d"]) == [("ok", "a", "a"), ("sub", "b", "c"), ("sub", "c", "d")]


def test_empty_sides():
    assert word_errors("", "").wer == 0.0
    assert math.isinf(word_errors("", "hello").wer)
    r = word_errors("one two three", "")
    assert (r.deletions, r.wer) == (3, 1.0)


def test_words_compared_exactly_without_language_and_normalised_with_it():
    assert word_errors("Hello, world!", "hello world").errors == 2
    assert word_errors("Hello, world!", "hello world", language="en").errors == 0
    assert word_errors(["Hello,", "world"], ["hello", "world."], language="en").errors == 0


def test_corpus_wer_sums_errors_not_rates():
    pairs = [("a b c d", "a b c d"), ("x", "y")]  # 0/4 and 1/1: mean of rates 0.5, corpus 1/5
    total = corpus_wer(pairs)
    assert total == WerResult(1, 0, 0, 5)
    assert total.wer == pytest.approx(0.2)
    assert total.to_dict()["wer"] == 0.2


def test_english_normalisation():
    assert normalize_for_wer("And so, my fellow Americans: ASK not!", "en") == "and so my fellow americans ask not"
    assert normalize_for_wer("Don't — it’s  \"OK\"...", "en") == "dont its ok"
    assert normalize_for_wer("e-mail", "en") == "e mail"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أَتاحَت لِلبائِعِ", "أتاحت للبائع"),  # diacritics
        ("أحمد إلى آخر ٱلكتاب", "احمد الى اخر الكتاب"),  # alef forms
        ("على", "علي"),  # alef maqsura
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("كـــتاب", "كتاب"),  # tatweel
        ("نعم، شكرا؟ طيب؛", "نعم شكرا طيب"),  # Arabic punctuation
        ("رقم ١٢٣", "رقم 123"),  # Arabic-Indic digits
    ],
)
def test_arabic_normalisation_equivalences(a, b):
    assert normalize_for_wer(a, "ar") == normalize_for_wer(b, "ar")
    assert word_errors(a, b, language="ar").errors == 0


def test_arabic_normalised_form_and_real_differences_kept():
    assert normalize_for_wer("الْأَنْهَارِ الجَّلِيدِيَّةِ", "ar") == "الانهار الجليديه"
    r = word_errors("مما قد يؤدي إلى تراجع", "مما قد تؤدي الى", language="ar")
    assert (r.substitutions, r.deletions, r.insertions) == (1, 1, 0)


def test_mixed_arabic_english_text_with_auto():
    assert normalize_for_wer("Hello، مرحبًا بك!", "auto") == "hello مرحبا بك"


# -- diarization error rate --------------------------------------------------------------------

REF = [(0.0, 5.0, "A"), (5.0, 10.0, "B")]


def test_perfect_hypothesis_has_zero_der():
    r = diarization_error(REF, REF)
    assert r.der == 0.0 and r.total == pytest.approx(10.0)
    assert (r.ref_speakers, r.hyp_speakers) == (2, 2) and r.speaker_count_correct


def test_swapped_labels_are_mapped_not_penalised():
    hyp = [SpeakerSegment(0.0, 5.0, "SPEAKER_01"), SpeakerSegment(5.0, 10.0, "SPEAKER_00")]
    r = diarization_error(REF, hyp)
    assert r.der == 0.0
    assert dict(r.mapping) == {"A": "SPEAKER_01", "B": "SPEAKER_00"}


def test_missed_speech():
    r = diarization_error([(0.0, 10.0, "A")], [(0.0, 6.0, "x")])
    assert r.missed == pytest.approx(4.0) and r.false_alarm == 0.0 and r.confusion == 0.0
    assert r.der == pytest.approx(0.4)


def test_false_alarm():
    r = diarization_error([(0.0, 10.0, "A")], [(0.0, 12.0, "x")])
    assert r.false_alarm == pytest.approx(2.0) and r.missed == 0.0
    assert r.der == pytest.approx(0.2)


def test_confusion_with_optimal_mapping():
    ref = [(0.0, 10.0, "A"), (10.0, 20.0, "B")]
    hyp = [(0.0, 15.0, "x"), (15.0, 20.0, "y")]  # A->x (10 s), B->y (5 s); 10-15 s is B labelled x
    r = diarization_error(ref, hyp)
    assert r.confusion == pytest.approx(5.0) and r.missed == 0.0 and r.false_alarm == 0.0
    assert r.der == pytest.approx(0.25)


def test_one_speaker_split_in_two_is_confusion_and_count_is_wrong():
    r = diarization_error([(0.0, 10.0, "A")], [(0.0, 5.0, "x"), (5.0, 10.0, "y")])
    assert r.confusion == pytest.approx(5.0) and r.der == pytest.approx(0.5)
    assert (r.ref_speakers, r.hyp_speakers) == (1, 2) and not r.speaker_count_correct


def test_overlapping_reference_speech_counts_per_speaker():
    ref = [(0.0, 10.0, "A"), (5.0, 10.0, "B")]
    r = diarization_error(ref, [(0.0, 10.0, "x")])
    assert r.total == pytest.approx(15.0)
    assert r.missed == pytest.approx(5.0) and r.confusion == 0.0
    assert r.der == pytest.approx(5 / 15)
    # both speakers found during the overlap: no error
    r2 = diarization_error(ref, [(0.0, 10.0, "x"), (5.0, 10.0, "y")])
    assert r2.der == 0.0


def test_collar_excludes_frames_around_reference_boundaries():
    ref, hyp = [(0.0, 10.0, "A")], [(0.2, 10.0, "x")]
    assert diarization_error(ref, hyp).missed == pytest.approx(0.2)
    r = diarization_error(ref, hyp, collar=0.25)
    assert r.missed == 0.0 and r.der == 0.0
    assert r.total == pytest.approx(9.5)  # 0-0.25 and 9.75-10.25 left out (± collar around each boundary)


def test_uem_restricts_scoring():
    ref = [(0.0, 10.0, "A"), (20.0, 30.0, "B")]
    hyp = [(0.0, 10.0, "x")]
    assert diarization_error(ref, hyp).der == pytest.approx(0.5)
    r = diarization_error(ref, hyp, uem=[(0.0, 15.0)])
    assert r.der == 0.0 and r.total == pytest.approx(10.0)
    assert r.ref_speakers == 1


def test_pooled_der_weights_by_speech():
    a = diarization_error([(0.0, 10.0, "A")], [(0.0, 5.0, "x")])  # 0.5 of 10 s
    b = diarization_error([(0.0, 30.0, "A")], [(0.0, 30.0, "x")])  # 0 of 30 s
    assert pooled_der([a, b]) == pytest.approx(5 / 40)


# -- overlap -----------------------------------------------------------------------------------


def test_overlap_regions_where_two_or_more_speak():
    segs = [(0.0, 10.0, "A"), (5.0, 12.0, "B"), (11.0, 13.0, "C")]
    assert overlap_regions(segs) == [(5.0, 10.0), (11.0, 12.0)]
    # a speaker's own overlapping segments are not overlap; touching turns are not overlap
    assert overlap_regions([(0.0, 5.0, "A"), (3.0, 8.0, "A"), (8.0, 9.0, "B")]) == []
    # three at once stays one stretch
    assert overlap_regions([(0.0, 4.0, "A"), (1.0, 3.0, "B"), (2.0, 5.0, "C")]) == [(1.0, 4.0)]


def test_overlap_detection_found_and_false_fractions():
    found, false = overlap_detection([(5.0, 10.0)], [(8.0, 12.0)])
    assert found == pytest.approx(2 / 5) and false == pytest.approx(2 / 4)
    r = overlap_match([(5.0, 10.0), (20.0, 21.0)], [(4.0, 6.0), (20.0, 21.0)])
    assert r == OverlapResult(reference=6.0, hypothesis=3.0, matched=2.0)
    assert (r + r).found == pytest.approx(2 / 6)
    assert math.isnan(overlap_match([], []).found) and math.isnan(overlap_match([(0.0, 1.0)], []).false)


def test_interval_helpers():
    assert merge_intervals([(3.0, 4.0), (0.0, 1.0), (1.0, 2.0), (5.0, 5.0)]) == [(0.0, 2.0), (3.0, 4.0)]
    assert intersect_intervals([(0.0, 5.0), (6.0, 9.0)], [(4.0, 7.0)]) == [(4.0, 5.0), (6.0, 7.0)]


# -- reference files ---------------------------------------------------------------------------


def test_read_rttm_and_uem(tmp_path):
    rttm = tmp_path / "ref.rttm"
    rttm.write_text(
        "SPEAKER f1 1 0.000 1.500 <NA> <NA> spk1 <NA> <NA>\n"
        "SPEAKER f1 1 1.000 2.000 <NA> <NA> spk2 <NA> <NA>\n"
        ";; a comment\n"
        "SPEAKER f2 1 4.250 0.750 <NA> <NA> spk3 <NA> <NA>\n",
        encoding="utf-8",
    )
    files = read_rttm_files(rttm)
    assert files["f1"] == [Segment(0.0, 1.5, "spk1"), Segment(1.0, 3.0, "spk2")]
    assert read_rttm(rttm, "f2") == [Segment(4.25, 5.0, "spk3")]
    with pytest.raises(ValueError, match="pass uri"):
        read_rttm(rttm)
    uem = tmp_path / "ref.uem"
    uem.write_text("f1 NA 0.000 30.000\nf2 NA 1.0 2.0\nf2 NA 3.0 4.0\n", encoding="utf-8")
    assert read_uem(uem) == {"f1": [(0.0, 30.0)], "f2": [(1.0, 2.0), (3.0, 4.0)]}
    assert speakers_in(files["f1"], [(2.0, 3.0)]) == 1 and speakers_in(files["f1"]) == 2
    # RTTM written back reads the same
    (tmp_path / "out.rttm").write_text(rttm_lines("f1", files["f1"]), encoding="utf-8")
    assert read_rttm(tmp_path / "out.rttm") == files["f1"]
