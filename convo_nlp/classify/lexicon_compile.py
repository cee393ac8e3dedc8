"""Compile lexicon phrases into fast word-level matchers over normalised text.

Phrase syntax (see docs/lexicon.md):

* Words are separated by spaces; a space matches any run of whitespace, or a comma.
* ``(a|b|)`` lists alternatives (the empty one makes the group optional); groups don't nest.
* ``*`` right after a word lets it continue (``apologi*`` matches "apologise", "apologies");
  it may only end a word.
* An apostrophe is optional (``don't`` also matches "dont"); other punctuation is literal
  and may be preceded by spaces (``sorry ?`` matches "sorry?" and "sorry ?"); a comma is
  optional.
* Matches start and end on word boundaries. The first word of an Arabic phrase may carry the
  proclitics و/ف followed by ب/ل (``شكرا`` also matches "وشكرا", "فبشكرا"...).
* Phrases are normalised like the text (alef forms, teh marbuta, diacritics, case, quotes),
  so they can be written in ordinary spelling.

How it runs. A phrase is cut at its top-level spaces (spaces outside groups) into *slots*;
each slot is expanded on its own into its alternatives (word sequences, possibly empty), so
``(we|i) (are|am) (so|very|) sorry (for|about)`` costs 2+2+3+1+2 alternatives, not their
product. The phrases of one matcher are indexed by the words they can start with (a dict;
``*`` words by prefix). A text is tokenised once (words and single punctuation marks, cached
per text); a matcher only looks at the tokens that start one of its phrases and follows the
slots from there, so the cost per turn does not grow with the size of the lexicon and
building a matcher is cheap (no large regular expression to compile). Matches are
leftmost-longest and do not overlap within one matcher; on equal matches the first entry
wins. Entries given as ``{"regex": ...}`` are compiled on their own (they see the
normalised text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from convo_nlp.errors import ConfigError
from convo_nlp.text.normalize import fold

#: Most alternatives one slot (a space-free part of a phrase) may expand to.
MAX_EXPANSIONS = 4096

_GROUP = re.compile(r"\(([^()]*)\)")
_SIMPLE = re.compile(r"[\w' *]+")
#: Words (apostrophes inside them are part of the word) and single punctuation marks.
_TOKEN = re.compile(r"\w+(?:'+\w+)*|[^\w\s]")
_BACKREF = re.compile(r"\\\d|\(\?P=|\(\?[aiLmsux]")  # backreferences and inline flags
_CONJ = "\u0648\u0641"  # و ف
_PREP = "\u0628\u0644"  # ب ل

# Items of a parsed alternative: (kind, text, star). kind "w": word (text without
# apostrophes; star: the token may continue), "p": a punctuation mark, "o": an optional one.
Item = tuple[str, str, bool]
Items = tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a phrase (or regex) that gives, or blocks, labels."""

    id: str
    pattern: str
    labels: frozenset[str]
    score: float = 0.9
    tags: frozenset[str] = frozenset()
    is_regex: bool = False


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


def expand(phrase: str) -> list[str]:
    """All the plain strings a phrase with ``(a|b)`` groups stands for (in order, no duplicates).

    Spaces are normalised; an alternative may expand to the empty string.
    """
    parts = _GROUP.split(phrase)  # literal, group, literal, group, ..., literal
    choices = [[part] if i % 2 == 0 else part.split("|") for i, part in enumerate(parts)]
    total = 1
    for options in choices:
        total *= len(options)
    if total > MAX_EXPANSIONS:
        raise ConfigError(f"lexicon phrase {phrase!r} expands to more than {MAX_EXPANSIONS} variants",
                          hint="split it into several phrases, or put spaces between its groups")
    out: dict[str, None] = {}
    for combo in product(*choices):
        out[" ".join("".join(combo).split())] = None
    return list(out)


def split_slots(phrase: str) -> list[str]:
    """The top-level space-separated parts of a phrase (spaces inside groups don't split)."""
    if "(" not in phrase and ")" not in phrase:
        return phrase.split()
    slots: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in phrase:
        if ch == "(":
            depth += 1
            if depth > 1:
                raise ConfigError(f"lexicon phrase {phrase!r} nests groups", hint="groups don't nest: (a|b) (c|d)")
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise ConfigError(f"lexicon phrase {phrase!r} has an unbalanced ')'")
        if ch.isspace() and depth == 0:
            if current:
                slots.append("".join(current))
                current = []
        else:
            current.append(ch)
    if depth != 0:
        raise ConfigError(f"lexicon phrase {phrase!r} has an unbalanced '('")
    if current:
        slots.append("".join(current))
    return slots


def parse(text: str, phrase: str | None = None) -> Items:
    """Items of one expanded, normalised alternative (``phrase``: the original, for errors).

    An alternative may start with punctuation (only the phrase's first word must be a word).
    """
    where = phrase if phrase is not None else text
    if "(" in text or ")" in text or "|" in text:
        raise ConfigError(f"lexicon phrase {where!r} has an unbalanced '(' ')' group or a '|' outside a group",
                          hint="write alternatives as (a|b|c)")
    if _SIMPLE.fullmatch(text):  # fast path: words only (the vast majority of alternatives)
        if "*" not in text and "'" not in text:
            return tuple([("w", w, False) for w in text.split()])
        words = text.split()
        if not any("*" in w[:-1] for w in words) and all(w.strip("*'") for w in words):
            return tuple([("w", w.rstrip("*").replace("'", ""), w.endswith("*")) for w in words])
    items: list[Item] = []
    word: list[str] = []
    star = False

    def end_word() -> None:
        nonlocal star
        if word or star:
            key = "".join(word).replace("'", "")
            if not key:
                raise ConfigError(f"lexicon phrase {where!r} has a '*' or an apostrophe with no word")
            items.append(("w", key, star))
            word.clear()
            star = False

    for ch in text:
        if star and (ch.isalnum() or ch in "_'"):
            raise ConfigError(f"lexicon phrase {where!r}: '*' may only end a word",
                              hint="write the continuations as (a|b) alternatives")
        if ch.isspace():
            end_word()
        elif ch == "*":
            star = True
        elif ch.isalnum() or ch in "_'":
            word.append(ch)
        else:
            end_word()
            items.append(("o" if ch == "," else "p", ch, False))
    end_word()
    return tuple(items)


@dataclass(frozen=True, slots=True)
class Hit:
    """A match in normalised text: ``[start, end)`` and the entry that matched."""

    start: int
    end: int
    entry: Entry


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to create, and these are many
class _Token:
    start: int
    end: int
    key: str  # the word without apostrophes, or the punctuation mark
    head: str  # the part of a word before its first apostrophe (== key when it has none)
    is_word: bool


@dataclass(frozen=True, slots=True)
class Tokens:
    """A normalised text cut into tokens, with the look-up keys of every word token."""

    tokens: tuple[_Token, ...]
    #: (token index, key, kind) for each possible first word: kind 0 the word itself,
    #: 1 the word without Arabic proclitics, 2 the word's head before an apostrophe.
    starts: tuple[tuple[int, str, int], ...]
    keys: frozenset[str]
    #: The first two characters of every look-up key (a quick test for "*" phrases).
    prefixes2: frozenset[str] = frozenset()


def _proclitic_stems(key: str) -> list[str]:
    """``key`` without the proclitics (و|ف)?(ب|ل)? (only the non-empty remainders)."""
    out = []
    rest = key
    if len(rest) > 1 and rest[0] in _CONJ:
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 1 and rest[0] in _PREP:
        out.append(rest[1:])
    return out


@lru_cache(maxsize=8192)
def tokens_of(text: str) -> Tokens:
    """Tokens of a normalised text (cached: every matcher of a turn shares them)."""
    toks: list[_Token] = []
    starts: list[tuple[int, str, int]] = []
    for m in _TOKEN.finditer(text):
        s = m.group()
        is_word = s[0].isalnum() or s[0] == "_"
        if is_word and "'" in s:
            key, head = s.replace("'", ""), s.split("'", 1)[0]
        else:
            key = head = s
        index = len(toks)
        toks.append(_Token(m.start(), m.end(), key, head, is_word))
        if is_word:
            starts.append((index, key, 0))
            if _is_arabic(key[0]):
                starts.extend((index, stem, 1) for stem in _proclitic_stems(key))
            if head != key:
                starts.append((index, head, 2))
    keys = frozenset(k for _, k, _ in starts)
    return Tokens(tuple(toks), tuple(starts), keys, frozenset(k[:2] for k in keys))


# --------------------------------------------------------------------------- phrases


class _Slot:
    """The alternatives of one top-level part of a phrase, indexed by their first item."""

    __slots__ = ("by_first", "always", "optional", "tail_optional")

    def __init__(self, alternatives: Sequence[Items]) -> None:
        self.by_first: dict[str, list[Items]] = {}
        self.always: list[Items] = []  # first item a "*" word or an optional comma: always tried
        self.optional = False
        self.tail_optional = False  # every later slot of the phrase is optional
        for items in alternatives:
            if not items:
                self.optional = True
            elif items[0][2] or items[0][0] == "o":
                self.always.append(items)
            else:
                self.by_first.setdefault(items[0][1], []).append(items)


@dataclass(frozen=True, slots=True)
class _Start:
    """One way a phrase can begin: an alternative of slot ``slot`` (earlier slots are empty)."""

    entry: int
    slots: tuple[_Slot, ...]
    slot: int
    items: Items
    arabic: bool  # begins with an Arabic word: proclitics allowed


def _match_items(items: Items, toks: tuple[_Token, ...], j: int, after_word: bool, end: int,
                 start_item: int, allow_head: bool) -> tuple[int, int, bool, bool] | None:
    """Match ``items[start_item:]`` from token ``j``.

    Returns (next token, end offset, whether the last item was a word, whether the match
    stopped inside a token at an apostrophe so nothing may follow), or None.
    """
    n = len(toks)
    last = len(items) - 1
    for k in range(start_item, len(items)):
        kind, text, star = items[k]
        if kind == "w":
            if after_word and j < n and toks[j].key == "," and not toks[j].is_word:
                j += 1  # a space between two words may be a comma
            if j >= n or not toks[j].is_word:
                return None
            tok = toks[j]
            if star:
                if not tok.key.startswith(text):
                    return None
                end = tok.end
            elif tok.key == text:
                end = tok.end
            elif allow_head and k == last and tok.head == text:
                return j + 1, tok.start + len(text), True, True  # "sorry" in "sorry's"
            else:
                return None
            after_word = True
            j += 1
        elif j < n and not toks[j].is_word and toks[j].key == text:
            end = toks[j].end
            after_word = False
            j += 1
        elif kind == "p":
            return None
        else:  # an optional comma that is not there
            after_word = False
    return j, end, after_word, False


def _follow(slots: tuple[_Slot, ...], k: int, toks: tuple[_Token, ...], j: int, after_word: bool,
            end: int) -> int:
    """The longest end offset for slots ``k..`` matched from token ``j`` (``end`` so far)."""
    if k == len(slots):
        return end
    slot = slots[k]
    best = _follow(slots, k + 1, toks, j, after_word, end) if slot.optional else -1
    n = len(toks)
    if j >= n:
        return best
    tok = toks[j]
    candidates = slot.by_first.get(tok.key, ())
    if after_word and tok.key == "," and not tok.is_word and j + 1 < n:
        candidates = [*candidates, *slot.by_first.get(toks[j + 1].key, ())]
    if slot.always:
        candidates = [*candidates, *slot.always]
    allow_head = k == len(slots) - 1 or slot.tail_optional
    for items in candidates:
        r = _match_items(items, toks, j, after_word, end, 0, allow_head)
        if r is None:
            continue
        nj, nend, naw, stop = r
        got = nend if stop else _follow(slots, k + 1, toks, nj, naw, nend)
        if got > best:
            best = got
    return best


class Matcher:
    """All the entries of one label (or all blockers), compiled for scanning."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        first: dict[str, list[_Start]] = {}
        first_star: dict[str, list[_Start]] = {}
        regexes: list[tuple[re.Pattern[str], Entry]] = []
        n_alternatives = 0
        for index, entry in enumerate(self.entries):
            if entry.is_regex:
                try:
                    regexes.append((re.compile(entry.pattern), entry))
                except re.error as exc:
                    raise ConfigError(f"lexicon entry {entry.id!r} is not a valid regex: {exc}") from None
                continue
            norm = " ".join(fold(entry.pattern)[0].split())
            parts = split_slots(norm)
            if not parts:
                raise ConfigError(f"lexicon phrase {entry.pattern!r} has no words")
            slot_alternatives = []
            for part in parts:
                alternatives = [parse(alt, entry.pattern) for alt in expand(part)]
                n_alternatives += len(alternatives)
                slot_alternatives.append(alternatives)
            slots = tuple(_Slot(alts) for alts in slot_alternatives)
            for k in range(len(slots)):
                slots[k].tail_optional = all(s.optional for s in slots[k + 1:])
            starts = 0
            for k, alternatives in enumerate(slot_alternatives):
                for items in alternatives:
                    if not items:
                        continue
                    kind, word, star = items[0]
                    if kind != "w" or not word[0].isalnum():
                        raise ConfigError(f"lexicon phrase {entry.pattern!r} must start with a letter or digit")
                    start = _Start(index, slots, k, items, _is_arabic(word[0]))
                    (first_star if star else first).setdefault(word, []).append(start)
                    starts += 1
                if not slots[k].optional:
                    break
            else:
                raise ConfigError(f"lexicon phrase {entry.pattern!r} can match nothing (every part is optional)")
            if not starts:
                raise ConfigError(f"lexicon phrase {entry.pattern!r} has no words")
        self._first = first
        self._first_star = first_star
        self._star_lengths = tuple(sorted({len(w) for w in first_star}))
        # Quick rejection of a text: no token starts any phrase. "*" words are tested on their
        # first two characters (None: some "*" word is shorter, always look).
        self._star_prefixes2: frozenset[str] | None = (
            frozenset(w[:2] for w in first_star) if all(len(w) >= 2 for w in first_star) else None)
        self._first_keys = frozenset(first)
        self.regexes = tuple(regexes)
        self._regex_gate = self._gate(regexes)
        #: Number of expanded alternatives over all slots (a size measure for diagnostics).
        self.n_variants = n_alternatives

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def _gate(regexes: Sequence[tuple[re.Pattern[str], Entry]]) -> re.Pattern[str] | None:
        """One pattern that matches a text iff at least one regex entry does, so that a turn
        with no regex match costs one scan instead of one per entry. None when the entries
        cannot be joined safely (backreferences, inline flags) or there are fewer than two."""
        if len(regexes) < 2 or any(_BACKREF.search(p.pattern) for p, _ in regexes):
            return None
        try:
            return re.compile("|".join(f"(?:{p.pattern})" for p, _ in regexes))
        except re.error:
            return None

    def _candidates(self, key: str) -> list[_Start]:
        starts = self._first.get(key) or []
        for length in self._star_lengths:
            if length > len(key):
                break
            star_starts = self._first_star.get(key[:length])
            if star_starts:
                starts = [*starts, *star_starts]
        return starts

    def _scan(self, toks: Tokens, overlapping: bool = False) -> Iterator[tuple[int, int, int]]:
        """(start, end, entry index) of the leftmost-longest, non-overlapping phrase matches
        (``overlapping``: the longest match at every token, overlapping or not)."""
        if self._first_keys.isdisjoint(toks.keys) and (
                self._star_prefixes2 is not None and self._star_prefixes2.isdisjoint(toks.prefixes2)):
            return
        tokens = toks.tokens
        next_free = 0  # first token a new match may start at
        best: tuple[int, int, int] | None = None  # (token index, end, entry)
        for index, key, kind in toks.starts:
            if index < next_free:
                continue
            if best is not None and index != best[0]:
                yield tokens[best[0]].start, best[1], best[2]
                if not overlapping:
                    next_free = self._token_after(tokens, best[0], best[1])
                best = None
                if index < next_free:
                    continue
            candidates = self._candidates(key)
            if not candidates:
                continue
            for s in candidates:
                if kind == 1 and not s.arabic:
                    continue
                items = s.items
                if kind == 2:  # the head before an apostrophe: nothing may follow it
                    if len(items) != 1 or not (s.slot == len(s.slots) - 1 or s.slots[s.slot].tail_optional):
                        continue
                    end = tokens[index].start + len(key)
                else:
                    r = _match_items(items, tokens, index + 1, True, tokens[index].end, 1,
                                     s.slot == len(s.slots) - 1 or s.slots[s.slot].tail_optional)
                    if r is None:
                        continue
                    nj, nend, naw, stop = r
                    end = nend if stop else _follow(s.slots, s.slot + 1, tokens, nj, naw, nend)
                    if end < 0:
                        continue
                if best is None or end > best[1] or (end == best[1] and s.entry < best[2]):
                    best = (index, end, s.entry)
        if best is not None:
            yield tokens[best[0]].start, best[1], best[2]

    @staticmethod
    def _token_after(tokens: tuple[_Token, ...], first: int, end: int) -> int:
        k = first + 1
        while k < len(tokens) and tokens[k].start < end:
            k += 1
        return k

    def finditer(self, text: str, overlapping: bool = False) -> Iterator[Hit]:
        """Non-overlapping phrase matches (leftmost, longest), then every regex entry's matches.

        ``overlapping``: also the matches that start inside an earlier one (for blockers, which
        must all be seen).
        """
        if self._first or self._first_star:
            entries = self.entries
            for start, end, index in self._scan(tokens_of(text), overlapping):
                yield Hit(start, end, entries[index])
        if self._regex_gate is not None and self._regex_gate.search(text) is None:
            return
        for pattern, regex_entry in self.regexes:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    yield Hit(m.start(), m.end(), regex_entry)
