"""Normalise a turn's text and keep a map from every normalised character back to the raw text.

``normalize(text, language)`` returns a :class:`NormText`. The raw text is never modified;
a match ``[s, e)`` found in ``NormText.text`` maps to the raw span ``NormText.raw_span(s, e)``
and ``raw[raw_span[0]:raw_span[1]]`` is exactly the raw substring that produced it
(diacritics, tatweel and invisible marks inside or at the end of the match included).

Normalisation is per character, so offsets are exact:

* Arabic-script characters: camel_tools.utils steps (see :mod:`convo_nlp.text.arabic`).
* Everything else: NFKC, lowercase, accents stripped, quotes folded
  (see :mod:`convo_nlp.text.english`).

The two character sets do not overlap, so one fold serves Arabic, English and code-switched
turns alike; ``language`` chooses the tokeniser (regex word tokeniser for "ar", spaCy's blank
English tokeniser otherwise).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from convo_nlp.text.arabic import fold_arabic_char, tokenize_arabic
from convo_nlp.text.english import fold_english_char, tokenize_english
from convo_nlp.text.langid import detect_language


def _is_arabic_block(c: str) -> bool:
    o = ord(c)
    return (
        0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
        or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF
    )


@lru_cache(maxsize=16384)
def fold_char(c: str) -> str:
    """Normalised form of one raw character: usually one char, "" when dropped, more for ligatures."""
    if c.isascii():
        return c.lower()
    if _is_arabic_block(c):
        s = fold_arabic_char(c)
        if not s.isascii() and any(unicodedata.combining(ch) for ch in s):
            # Marks camel's dediac set does not cover (hamza above/below, Quranic marks).
            s = "".join(ch for ch in s if not unicodedata.combining(ch))
        return s
    if unicodedata.category(c) == "Cf":  # zero-width joiners, bidi marks, BOM
        return ""
    s = fold_english_char(c)
    if s and any(_is_arabic_block(ch) for ch in s):  # NFKC can produce Arabic letters
        s = "".join(fold_arabic_char(ch) for ch in s)
    return s


@dataclass(frozen=True, slots=True)
class NormText:
    """Normalised text with a map back to the raw text.

    ``offsets[j]`` is the raw index of the character that produced normalised character ``j``;
    ``offsets[len(text)]`` is ``len(raw)`` (a sentinel, so spans ending at the end map too).
    Offsets are non-decreasing and within ``[0, len(raw)]``.
    """

    text: str
    offsets: tuple[int, ...]
    language: str | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw ``(start, end)`` span of the normalised span ``[start, end)``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is outside the normalised text of length {len(self.text)}")
        offsets = self.offsets
        if start == end:
            return offsets[start], offsets[start]
        last = offsets[end - 1]
        k = end
        n = len(self.text)
        while k < n and offsets[k] == last:  # the match ends inside a ligature's expansion
            k += 1
        return offsets[start], offsets[k]

    @property
    def tokens(self) -> tuple[tuple[int, int], ...]:
        """Token spans in the normalised text (spaCy blank English, or the Arabic word tokeniser)."""
        return tokenize(self.text, self.language)


@lru_cache(maxsize=4096)
def tokenize(text: str, language: str | None) -> tuple[tuple[int, int], ...]:
    """Token spans of normalised text: Arabic word tokeniser for "ar" (and no-letter text),
    spaCy's blank English tokeniser for "en" and "mixed"."""
    if language in ("en", "mixed"):
        return tokenize_english(text)
    return tokenize_arabic(text)


def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text and offsets (with the end sentinel) for ``text``."""
    n = len(text)
    if text.isascii():
        return text.lower(), tuple(range(n + 1))
    folded = [fold_char(c) for c in text]
    norm = "".join(folded)
    if len(norm) == n and "" not in folded:  # every character mapped to exactly one
        return norm, tuple(range(n + 1))
    offsets: list[int] = []
    for i, piece in enumerate(folded):
        if len(piece) == 1:
            offsets.append(i)
        elif piece:
            offsets.extend([i] * len(piece))
    offsets.append(n)
    return norm, tuple(offsets)


@lru_cache(maxsize=4096)
def _normalize(text: str, language: str | None) -> NormText:
    norm, offsets = fold(text)
    return NormText(norm, offsets, language)


def normalize(text: str, language: str | None = None) -> NormText:
    """Normalise one turn's text. ``language`` ("ar", "en", "mixed") is detected when None.

    Results are cached per process (``lru_cache``), so the classifier does not redo the
    normaliser component's work on the same text.
    """
    if language is None:
        language = detect_language(text)
    return _normalize(text, language)
