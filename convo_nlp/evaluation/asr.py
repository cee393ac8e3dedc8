"""Word error rate of speech recognition: text normalisation for scoring, Levenshtein alignment of
word lists, and per-utterance and corpus totals.

Normalisation (:func:`normalize_for_wer`) removes differences that are spelling conventions, not
recognition errors: case, punctuation, and for Arabic the diacritics, tatweel and the usual
letter variants (alef forms, alef maqsura, teh marbuta). Numbers are left as written: "5" and
"five" count as different words.

Pure Python and deterministic: the same texts always give the same counts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

# Arabic harakat, tanween, shadda, sukun, dagger alef, Quranic annotation marks, and tatweel.
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_AR_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ (alef wasla) -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # Persian yeh ی -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u06a9": "\u0643",  # keheh ک -> ك
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic digits
    }
)
_APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")  # don't, it’s -> dont, its

Op = Literal["ok", "sub", "del", "ins"]


def normalize_for_wer(text: str, language: str = "auto") -> str:
    """``text`` as space-separated words for scoring.

    All languages: Unicode NFKC, case folding, apostrophes inside words dropped ("don't" ->
    "dont"), every other punctuation mark or symbol (Arabic ``، ؛ ؟`` included) replaced by a
    space, whitespace collapsed. Arabic (``language`` "ar", or anything but "en"): diacritics and
    tatweel removed, ``أ إ آ ٱ`` -> ``ا``, ``ى`` -> ``ي``, ``ة`` -> ``ه``, Arabic-Indic digits ->
    ASCII digits."""
    text = unicodedata.normalize("NFKC", text)
    if language != "en":
        text = _AR_MARKS.sub("", text).translate(_AR_LETTERS)
    text = _APOSTROPHES.sub("", text.casefold())
    return " ".join("".join(_scoring_char(c) for c in text).split())


def _scoring_char(c: str) -> str:
    cat = unicodedata.category(c)
    if cat == "Cf":  # zero-width joiners, direction marks: not word boundaries
        return ""
    return " " if cat[0] in "PSZC" else c


def _words(text: str | Sequence[str], language: str | None) -> list[str]:
    if isinstance(text, str):
        return (normalize_for_wer(text, language) if language is not None else text).split()
    words = list(text)
    return normalize_for_wer(" ".join(words), language).split() if language is not None else words


@dataclass(frozen=True, slots=True)
class WerResult:
    """Word errors of a hypothesis against a reference (or summed over a corpus)."""

    substitutions: int
    deletions: int
    insertions: int
    ref_words: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def hits(self) -> int:
        return self.ref_words - self.substitutions - self.deletions

    @property
    def hyp_words(self) -> int:
        return self.hits + self.substitutions + self.insertions

    @property
    def wer(self) -> float:
        """Errors / reference words. An empty reference gives 0.0 with no hypothesis words, else inf."""
        if self.ref_words == 0:
            return 0.0 if self.errors == 0 else math.inf
        return self.errors / self.ref_words

    def __add__(self, other: WerResult) -> WerResult:
        return WerResult(
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
            self.ref_words + other.ref_words,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "wer": round(self.wer, 4) if math.isfinite(self.wer) else None,
            "substitutions": self.substitutions,
            "deletions": self.deletions,
            "insertions": self.insertions,
            "ref_words": self.ref_words,
            "hyp_words": self.hyp_words,
        }


def align(reference: Sequence[str], hypothesis: Sequence[str]) -> list[tuple[Op, str | None, str | None]]:
    """A minimum-edit alignment of two word lists: ``(op, ref_word, hyp_word)`` in order, where op
    is "ok", "sub", "del" (reference word missing) or "ins" (extra hypothesis word).

    Among alignments with the fewest edits, ties are broken the same way every time (a match or
    substitution first, then a deletion, then an insertion, tracing back from the end)."""
    n, m = len(reference), len(hypothesis)
    # back[i][j]: 0 diagonal, 1 deletion (up), 2 insertion (left)
    back = [bytearray(m + 1) for _ in range(n + 1)]
    for j in range(1, m + 1):
        back[0][j] = 2
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        row = back[i]
        row[0] = 1
        r = reference[i - 1]
        for j in range(1, m + 1):
            diag = prev[j - 1] + (r != hypothesis[j - 1])
            up = prev[j] + 1
            left = cur[j - 1] + 1
            if diag <= up and diag <= left:
                cur[j] = diag
            elif up <= left:
                cur[j], row[j] = up, 1
            else:
                cur[j], row[j] = left, 2
        prev = cur
    ops: list[tuple[Op, str | None, str | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        if step == 0:
            r, h = reference[i - 1], hypothesis[j - 1]
            ops.append(("ok" if r == h else "sub", r, h))
            i, j = i - 1, j - 1
        elif step == 1:
            ops.append(("del", reference[i - 1], None))
            i -= 1
        else:
            ops.append(("ins", None, hypothesis[j - 1]))
            j -= 1
    ops.reverse()
    return ops


def word_errors(
    reference: str | Sequence[str], hypothesis: str | Sequence[str], language: str | None = None
) -> WerResult:
    """Substitutions, deletions and insertions turning ``reference`` into ``hypothesis``.

    Strings are split on whitespace. With ``language`` ("en", "ar" or "auto") both sides are first
    normalised by :func:`normalize_for_wer`; without it words are compared exactly as given."""
    ref, hyp = _words(reference, language), _words(hypothesis, language)
    ops = align(ref, hyp)
    return WerResult(
        substitutions=sum(op == "sub" for op, _, _ in ops),
        deletions=sum(op == "del" for op, _, _ in ops),
        insertions=sum(op == "ins" for op, _, _ in ops),
        ref_words=len(ref),
    )


def corpus_wer(
    pairs: Iterable[tuple[str | Sequence[str], str | Sequence[str]]], language: str | None = None
) -> WerResult:
    """Errors and reference words summed over (reference, hypothesis) pairs: the corpus WER weights
    each utterance by its length, unlike a mean of per-utterance WERs."""
    total = WerResult(0, 0, 0, 0)
    for ref, hyp in pairs:
        total = total + word_errors(ref, hyp, language)
    return total
