"""Per-turn language identification from script: Arabic letters vs Latin letters.

This is deliberately simple and fast (two C-level regex scans per text). It answers the
question the rest of the pipeline needs: which normaliser / tokeniser / lexicon applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

Language = Literal["ar", "en", "mixed"]

# Arabic letters (base block, supplement, extended-A, presentation forms A and B), letters only:
# no Arabic punctuation (060C, 061B, 061F), no digits (0660-0669, 06F0-06F9), no diacritics/tatweel.
_ARABIC_LETTERS = re.compile(
    "[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufbb1\ufbd3-\ufd3d\ufd50-\ufdfb\ufe70-\ufefc]"
)
# Latin letters: ASCII letters, Latin-1 letters, Latin extended A/B and additional.
_LATIN_LETTERS = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")

#: A script is a "real share" of a text when at least this fraction of its letters (and at
#: least ``MIN_MIXED_LETTERS`` letters) are in it. A single code-switched "sorry" inside an
#: Arabic sentence stays "ar"; half-and-half text is "mixed".
MIXED_SHARE = 0.2
MIN_MIXED_LETTERS = 2


def script_counts(text: str) -> tuple[int, int]:
    """(number of Arabic letters, number of Latin letters) in ``text``."""
    return len(_ARABIC_LETTERS.findall(text)), len(_LATIN_LETTERS.findall(text))


def detect_language(text: str) -> Language | None:
    """"ar", "en", "mixed" or None (no letters at all: digits, punctuation, emoji, empty).

    Latin script is reported as "en": the project handles Arabic and English, and French
    loanwords in Maghrebi turns are matched by the Arabic lexicon's Latin entries anyway.
    """
    if not text:
        return None
    n_ar, n_lat = script_counts(text)
    total = n_ar + n_lat
    if total == 0:
        return None
    minority = min(n_ar, n_lat)
    if minority >= MIN_MIXED_LETTERS and minority / total >= MIXED_SHARE:
        return "mixed"
    return "ar" if n_ar > n_lat else "en"


#: A call is "ar" / "en" when at least this share of its language-bearing turns are.
CALL_MAJORITY = 0.7


def call_language(turn_languages: Iterable[str | None]) -> Language | None:
    """The language of a call from its turns' languages (None entries are ignored)."""
    n_ar = n_en = n_total = 0
    for lang in turn_languages:
        if lang is None:
            continue
        n_total += 1
        if lang == "ar":
            n_ar += 1
        elif lang == "en":
            n_en += 1
    if n_total == 0:
        return None
    if n_ar / n_total >= CALL_MAJORITY:
        return "ar"
    if n_en / n_total >= CALL_MAJORITY:
        return "en"
    return "mixed"
