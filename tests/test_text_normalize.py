"""Normalisation with offsets: each Arabic step, English folding, tokenising, and the offset
properties (hypothesis): offsets are non-decreasing and in range, the raw text is untouched,
and the raw span of any normalised span maps back."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convo_nlp.text import NormText, normalize, tokenize
from convo_nlp.text.arabic import fold_arabic_char, normalize_arabic, tokenize_arabic
from convo_nlp.text.english import normalize_english, tokenize_english
from convo_nlp.text.normalize import fold

# --------------------------------------------------------------------------- Arabic steps


@pytest.mark.parametrize(("raw", "norm"), [
    ("أحمد", "احمد"), ("إلى", "الي"), ("آسف", "اسف"), ("ٱلله", "الله"),  # alef forms
    ("على", "علي"), ("مستشفى", "مستشفي"),  # alef maksura
    ("مدرسة", "مدرسه"), ("شكرة", "شكره"),  # teh marbuta
    ("شُكْرًا", "شكرا"), ("آسِفٌ", "اسف"), ("مُتَأَسِّفِينَ", "متاسفين"),  # diacritics (hamza on alef folded too)
    ("شكــــراً", "شكرا"), ("ســـوري", "سوري"),  # tatweel
    ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۴۵۶", "456"),  # Arabic-Indic and extended digits
    ("یک", "يك"),  # Persian yeh / keheh
    ("؟،؛٪", "?,;%"),  # Arabic punctuation
    ("ﻻ", "لا"), ("ﷲ", "الله"),  # presentation forms (NFKC)
])
def test_arabic_steps(raw, norm):
    assert normalize(raw, "ar").text == norm
    assert normalize_arabic(raw) == norm


def test_hamza_on_waw_and_yeh_are_kept():
    assert normalize("مسؤول سائق", "ar").text == "مسؤول سائق"


def test_fold_arabic_char_may_drop_or_expand():
    assert fold_arabic_char("\u064b") == ""  # tanween fath
    assert fold_arabic_char("\u0640") == ""  # tatweel
    assert fold_arabic_char("ة") == "ه"
    assert fold_arabic_char("ﻷ") == "لا"


def test_arabic_offsets_skip_dropped_characters():
    n = normalize("آسِفٌ جداً", "ar")
    assert n.text == "اسف جدا"
    assert n.offsets == (0, 1, 3, 5, 6, 7, 8, 10)
    assert n.raw_span(0, 3) == (0, 5)  # the trailing tanween belongs to the word
    assert n.raw_span(4, 7) == (6, 10)


def test_ligature_offsets_and_spans():
    raw = "ﻻ بأس"
    n = normalize(raw, "ar")
    assert n.text == "لا باس"
    assert n.offsets[:3] == (0, 0, 1)
    assert n.raw_span(0, 1) == (0, 1)  # half of a ligature maps to the whole raw character
    assert n.raw_span(1, 2) == (0, 1)


def test_arabic_tokenizer():
    text = normalize("مرحبا، كيفك؟ تمام_جدا", "ar").text
    spans = tokenize_arabic(text)
    assert [text[s:e] for s, e in spans] == ["مرحبا", ",", "كيفك", "?", "تمام", "_", "جدا"]
    assert tokenize(text, "ar") == spans


# --------------------------------------------------------------------------- English


@pytest.mark.parametrize(("raw", "norm"), [
    ("Thank YOU", "thank you"),
    ("Don’t worry", "don't worry"),
    ("“Great” service", '"great" service'),
    ("well—done", "well-done"),
    ("Désolé, café", "desole, cafe"),
    ("ﬁne", "fine"),  # NFKC ligature
    ("a\u200bb\u200f", "ab"),  # zero-width and bidi marks dropped
    ("İstanbul", "istanbul"),
])
def test_english_folding(raw, norm):
    assert normalize(raw, "en").text == norm
    assert normalize_english(raw) == norm


def test_english_offsets_with_expansion_and_drops():
    n = normalize("ﬁx\u200b it", "en")
    assert n.text == "fix it"
    assert n.offsets == (0, 0, 1, 3, 4, 5, 6)
    assert n.raw_span(0, 3) == (0, 3)


def test_spacy_tokenizer_splits_clitics_and_punctuation():
    text = normalize("I'm sorry, don't worry!", "en").text
    spans = tokenize_english(text)
    assert [text[s:e] for s, e in spans] == ["i", "'m", "sorry", ",", "do", "n't", "worry", "!"]
    assert normalize("I'm sorry, don't worry!", "en").tokens == spans


def test_mixed_text_uses_spacy_and_folds_both_scripts():
    n = normalize("Sorry على التأخيـــر!", "mixed")
    assert n.text == "sorry علي التاخير!"
    assert [n.text[s:e] for s, e in n.tokens][0] == "sorry"


def test_importing_convo_nlp_text_does_not_import_spacy():
    code = "import convo_nlp.text, sys; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --------------------------------------------------------------------------- NormText


def test_normalize_detects_language_and_caches():
    assert normalize("مرحبا").language == "ar"
    assert normalize("hello").language == "en"
    assert normalize("123").language is None
    assert normalize("مرحبا") is normalize("مرحبا")


def test_raw_span_errors_and_empty_span():
    n = normalize("شكرا", "ar")
    assert n.raw_span(2, 2) == (2, 2)
    with pytest.raises(ValueError):
        n.raw_span(3, 9)
    with pytest.raises(ValueError):
        n.raw_span(3, 2)


def test_ascii_fast_path():
    text, offsets = fold("Hello World")
    assert text == "hello world" and offsets == tuple(range(12))


# --------------------------------------------------------------------------- properties

ALPHABET = st.sampled_from(list(
    "abcAZ '’“-,.?!" "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "أإآٱىةءؤئ" "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
    "\u0640" "٠١٢٣٤٥٦٧٨٩۴" "،؛؟" "ﻻﷲﻷ" "\u200b\u200d\u200f" "ﬁİé"
))
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)
LANGS = st.sampled_from(["ar", "en", "mixed", None])


def _check_offsets(raw: str, n: NormText) -> None:
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(raw)
    assert all(0 <= o <= len(raw) for o in n.offsets)
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))


@settings(max_examples=300, deadline=None)
@given(TEXTS, LANGS)
def test_offsets_are_monotonic_and_in_range(raw, lang):
    original = str(raw)
    n = normalize(raw, lang)
    assert raw == original  # the raw text is never modified
    _check_offsets(raw, n)


@settings(max_examples=300, deadline=None)
@given(TEXTS, LANGS, st.data())
def test_raw_span_round_trips(raw, lang, data):
    n = normalize(raw, lang)
    size = len(n.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    a, b = n.raw_span(start, end)
    assert 0 <= a <= b <= len(raw)
    piece = normalize(raw[a:b], lang).text
    # the raw span normalises to the normalised span (plus, at most, the rest of a ligature
    # that the span cut through)
    assert n.text[start:end] in piece
    if start == end:
        assert a == b
    # spans that start and end on whole raw characters round-trip exactly
    starts_clean = start == 0 or n.offsets[start - 1] != n.offsets[start]
    ends_clean = end == size or n.offsets[end - 1] != n.offsets[end]
    if start < end and starts_clean and ends_clean:
        assert piece == n.text[start:end]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_normalisation_is_per_character(raw):
    """Normalising a text equals concatenating its characters' normal forms (so offsets hold)."""
    assert normalize(raw, "ar").text == "".join(fold(c)[0] for c in raw)
