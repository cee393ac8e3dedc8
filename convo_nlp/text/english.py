"""English (and other Latin-script) normalisation, and tokenising with ``spacy.blank("en")``.

Per character: Unicode compatibility normalisation (NFKC), lowercase, accents stripped
(so French loanwords such as "désolé" match "desole"), curly quotes and apostrophes folded
to ASCII ' and ", dashes to "-". spaCy is imported and the blank pipeline built on first
use only, once per process (``functools.lru_cache``), never at import.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
}
_QUOTE_TABLE = str.maketrans(_QUOTES)


def _strip_marks(s: str) -> str:
    """Drop combining marks (accents) and invisible format characters (ZWJ, bidi marks)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", s)
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    )


@lru_cache(maxsize=8192)
def fold_english_char(c: str) -> str:
    """The normalised form of one raw non-Arabic character (may be empty or several chars)."""
    s = unicodedata.normalize("NFKC", c).translate(_QUOTE_TABLE).lower()
    if s.isascii():
        return s
    return _strip_marks(s).translate(_QUOTE_TABLE)


def normalize_english(text: str) -> str:
    """Normalised English text without offsets (see ``convo_nlp.text.normalize`` for offsets)."""
    if text.isascii():
        return text.lower()
    return "".join(fold_english_char(c) for c in text)


@lru_cache(maxsize=1)
def get_blank_english() -> Language:
    """The blank English spaCy pipeline (tokeniser only), built once per process."""
    import spacy  # lazy: importing spacy costs ~0.5 s

    return spacy.blank("en")


def tokenize_english(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) character spans of spaCy's tokens for ``text`` (whitespace excluded)."""
    tokenizer: Any = get_blank_english().tokenizer
    return tuple((t.idx, t.idx + len(t)) for t in tokenizer(text) if not t.is_space)
