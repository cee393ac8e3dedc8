"""Arabic normalisation through ``camel_tools.utils`` only, plus an offset-keeping tokeniser.

Steps (each a camel_tools utility, applied per character so that offsets can be kept):

1. Unicode compatibility normalisation (``normalize_unicode``: NFKC, presentation forms
   such as U+FEFB "ﻻ" become "لا").
2. Alef forms أ إ آ ٱ → ا (``normalize_alef_ar``).
3. Alef maksura ى → ي (``normalize_alef_maksura_ar``).
4. Teh marbuta ة → ه (``normalize_teh_marbuta_ar``).
5. Diacritics removed (``dediac_ar``), tatweel ـ removed.
6. Arabic-Indic ٠-٩ and extended (Persian/Urdu) ۰-۹ digits → 0-9 (``CharMapper``);
   Persian yeh ی / keheh ک → ي / ك, Arabic punctuation ، ؛ ؟ → , ; ?

Nothing here imports ``camel_tools.data`` or the morphology modules. ``camel_tools.utils.dediac``
is imported on first use (it builds Unicode character sets at import, ~0.4 s).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from camel_tools.utils.charmap import CharMapper
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

TATWEEL = "\u0640"

_DIGITS_AND_LETTERS = {chr(0x0660 + i): str(i) for i in range(10)}
_DIGITS_AND_LETTERS.update({chr(0x06F0 + i): str(i) for i in range(10)})
_DIGITS_AND_LETTERS.update(
    {
        "\u06cc": "\u064a",  # Persian yeh → yeh
        "\u06a9": "\u0643",  # keheh → kaf
        "\u060c": ",",  # Arabic comma
        "\u061b": ";",  # Arabic semicolon
        "\u061f": "?",  # Arabic question mark
        "\u066a": "%",  # Arabic percent sign
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        TATWEEL: "",
    }
)
#: Module-level compiled constant (immutable in use): digits, Persian letters, punctuation, tatweel.
ARABIC_CHARMAP = CharMapper(_DIGITS_AND_LETTERS)


@lru_cache(maxsize=1)
def _dediac_ar() -> Callable[[str], str]:
    from camel_tools.utils.dediac import dediac_ar

    return dediac_ar  # type: ignore[no-any-return]


def fold_arabic(s: str) -> str:
    """Apply the Arabic steps 2-6 to an (already NFKC-normalised) string."""
    s = normalize_alef_ar(s)
    s = normalize_alef_maksura_ar(s)
    s = normalize_teh_marbuta_ar(s)
    s = _dediac_ar()(s)
    return str(ARABIC_CHARMAP(s))


@lru_cache(maxsize=8192)
def fold_arabic_char(c: str) -> str:
    """The normalised form of one raw character (may be empty, or longer than one char)."""
    return fold_arabic(normalize_unicode(c))


def normalize_arabic(text: str) -> str:
    """Normalised Arabic text without offsets (see ``convo_nlp.text.normalize`` for offsets)."""
    return fold_arabic(normalize_unicode(text))


# Token boundaries as in camel_tools.tokenizers.word.simple_word_tokenize (split on
# whitespace, then every punctuation/symbol character is its own token), computed with a
# compiled pattern so that we get character offsets. Underscore counts as punctuation there.
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")


def tokenize_arabic(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) character spans of the word and punctuation tokens of ``text``."""
    return tuple(m.span() for m in _TOKEN.finditer(text))
