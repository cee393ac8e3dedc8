"""Backchannels: short listener signals ("mm-hm", "اه", "تمام") that never count as interrupting."""

from __future__ import annotations

import re
from collections.abc import Iterable

from convo_nlp.text import detect_language, normalize

BUILTIN_BACKCHANNELS: tuple[str, ...] = (
    # English
    "mm",
    "mmm",
    "mm-hm",
    "mm hm",
    "mhm",
    "hm",
    "hmm",
    "uh-huh",
    "uh huh",
    "aha",
    "ah",
    "oh",
    "uh",
    "um",
    "yeah",
    "yep",
    "yes",
    "ok",
    "okay",
    "right",
    "sure",
    "alright",
    "i see",
    "got it",
    "go on",
    "yup",
    # Arabic (MSA and dialects)
    "اه",
    "آه",
    "اها",
    "أها",
    "ايوه",
    "أيوه",
    "ايوا",
    "ايه",
    "إيه",
    "اي",
    "إي",
    "نعم",
    "تمام",
    "طيب",
    "ماشي",
    "صح",
    "اكيد",
    "أكيد",
    "اوكي",
    "أوكي",
    "باهي",
    "اهاه",
    "ممم",
    "هممم",
    "يب",
    "ايه نعم",
    "اه صح",
    "مزبوط",
    "طب",
    "حاضر",
    "خلاص",
    "زين",
    "واضح",
)

_PUNCT = re.compile(r"[^\w\s-]", re.UNICODE)


def _key(text: str) -> str:
    lang = detect_language(text) or "en"
    return " ".join(_PUNCT.sub(" ", normalize(text, lang).text).split())


class BackchannelMatcher:
    """Tells whether a turn is only a backchannel (all its words are listener signals)."""

    def __init__(self, extra: Iterable[str] = (), max_words: int = 3) -> None:
        phrases = {_key(p) for p in (*BUILTIN_BACKCHANNELS, *extra)}
        self._phrases = frozenset(p for p in phrases if p)
        self._words = frozenset(w for p in self._phrases for w in p.split())
        self.max_words = max_words

    def is_backchannel(self, text: str) -> bool:
        key = _key(text)
        if not key:
            return True  # a noise or an empty cue takes nobody's floor
        words = key.split()
        if len(words) > self.max_words:
            return False
        return key in self._phrases or all(w in self._words for w in words)
