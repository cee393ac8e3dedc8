"""Per-turn and per-call language identification from script."""

from __future__ import annotations

import pytest

from convo_nlp.text import call_language, detect_language
from convo_nlp.text.langid import MIXED_SHARE, script_counts


@pytest.mark.parametrize(("text", "expected"), [
    ("مرحبا، كيف أقدر أساعدك؟", "ar"),
    ("شلونك؟ وش صار؟", "ar"),
    ("يعطيك الصحة برشا", "ar"),
    ("Hello, how can I help?", "en"),
    ("Désolé pour le retard", "en"),  # Latin script is reported as "en"
    ("sorry على التأخير", "mixed"),
    ("I'll send the link هلأ, تمام؟", "mixed"),
    ("شكراً على الانتظار، ok", "ar"),  # one short Latin word stays Arabic
    ("مرحبا hi كيفك عامل", "ar"),
    ("", None),
    ("123 ٤٥٦ ...", None),
    ("😀 !!", None),
    ("ـــ ً", None),  # tatweel and diacritics are not letters
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_script_counts_count_letters_only():
    assert script_counts("آسِفٌ abc ١٢٣ 45") == (3, 3)
    assert script_counts("ﻻ") == (1, 0)  # presentation form ligature


def test_mixed_threshold():
    assert 0 < MIXED_SHARE < 0.5
    assert detect_language("ok مرحباكيف") == "mixed"  # 2 of 10 letters: at the threshold
    assert detect_language("ok مرحباكيفكمعك") == "ar"


@pytest.mark.parametrize(("langs", "expected"), [
    (["ar", "ar", "ar", None], "ar"),
    (["en", "en", "ar", "en"], "en"),
    (["ar", "en"], "mixed"),
    (["mixed", "mixed", "ar"], "mixed"),
    (["ar", "ar", "ar", "en"], "ar"),
    ([None, None], None),
    ([], None),
])
def test_call_language(langs, expected):
    assert call_language(langs) == expected
