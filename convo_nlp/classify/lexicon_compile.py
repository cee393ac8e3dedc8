"""Compile lexicon phrases into fast regular expressions over normalised text.

Phrase syntax (see docs/lexicon.md):

* Words are separated by spaces; a space matches any run of whitespace, or a comma.
* ``(a|b|)`` lists alternatives (the empty one makes the group optional); groups don't nest.
* ``*`` right after a word lets it continue (``apologi*`` matches "apologise", "apologies").
* An apostrophe is optional (``don't`` also matches "dont"); other punctuation is literal
  and may be preceded by spaces (``sorry ?`` matches "sorry?" and "sorry ?"); a comma is
  optional.
* Matches start and end on word boundaries. The first word of an Arabic phrase may carry the
  proclitics و/ف followed by ب/ل (``شكرا`` also matches "وشكرا", "فبشكرا"...).
* Phrases are normalised like the text (alef forms, teh marbuta, diacritics, case, quotes),
  so they can be written in ordinary spelling.

Literal phrases of one matcher are merged into a character trie and emitted as one regex,
so a turn is scanned once per matcher whatever the number of phrases. Each phrase ends in an
empty named group; ``match.lastgroup`` says which phrase matched. Entries given as
``{"regex": ...}`` are compiled on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from convo_nlp.errors import ConfigError
from convo_nlp.text.normalize import fold

MAX_EXPANSIONS = 4096

# Atoms of a parsed phrase.
_GAP = ("gap", "")  # between two words: whitespace run or a comma
_GAP0 = ("gap0", "")  # after punctuation: optional whitespace
_STAR = ("star", "")  # word continues
_APOS = ("apos", "")  # optional apostrophe
Atom = tuple[str, str]

_ATOM_RE = {
    "gap": r"(?:\s*,\s*|\s+)",
    "gap0": r"\s*",
    "star": r"\w*",
    "apos": r"'?",
}
_PROCLITICS = "(?:[\u0648\u0641]?[\u0628\u0644]?)"  # (و|ف)? (ب|ل)?
_GROUP = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a phrase (or regex) that gives, or blocks, labels."""

    id: str
    pattern: str
    labels: frozenset[str]
    score: float = 0.9
    tags: frozenset[str] = frozenset()
    is_regex: bool = False


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


def expand(phrase: str) -> list[str]:
    """All the plain strings a phrase with ``(a|b)`` groups stands for."""
    out: list[str] = []
    stack = [phrase]
    while stack:
        s = stack.pop()
        m = _GROUP.search(s)
        if m is None:
            norm = " ".join(s.split())
            if norm and norm not in out:
                out.append(norm)
            continue
        for alt in reversed(m.group(1).split("|")):
            stack.append(s[: m.start()] + alt + s[m.end():])
        if len(stack) + len(out) > MAX_EXPANSIONS:
            raise ConfigError(f"lexicon phrase {phrase!r} expands to more than {MAX_EXPANSIONS} variants",
                              hint="split it into several phrases")
    return out


def parse(text: str) -> list[Atom]:
    """Atoms of one expanded phrase (already normalised)."""
    atoms: list[Atom] = []
    for ch in text:
        if ch.isspace():
            if atoms and atoms[-1][0] not in ("gap", "gap0"):
                atoms.append(_GAP0 if atoms[-1][0] == "p" else _GAP)
        elif ch == "*":
            atoms.append(_STAR)
        elif ch == "'":
            atoms.append(_APOS)
        elif _is_word_char(ch):
            atoms.append(("c", ch))
        else:
            if atoms and atoms[-1][0] in ("gap", "gap0"):
                atoms.pop()
            atoms.append(("p", ch))
    while atoms and atoms[-1][0] in ("gap", "gap0"):
        atoms.pop()
    return atoms


@dataclass
class _Node:
    children: dict[Atom, _Node] = field(default_factory=dict)
    terminal: int | None = None


def _atom_regex(atom: Atom) -> str:
    kind, ch = atom
    if kind == "c":
        return re.escape(ch)
    if kind == "p":
        return r"\s*,?" if ch == "," else r"\s*" + re.escape(ch)
    return _ATOM_RE[kind]


def _order(item: tuple[Atom, _Node]) -> int:
    kind = item[0][0]
    return {"c": 0, "p": 0, "apos": 1, "gap": 2, "gap0": 2, "star": 3}[kind]


def _emit(node: _Node, last: Atom | None) -> str:
    alts = [_atom_regex(atom) + _emit(child, atom) for atom, child in sorted(node.children.items(), key=_order)]
    if node.terminal is not None:
        end = r"(?!\w)" if last is not None and last[0] in ("c", "star") else ""
        alts.append(f"{end}(?P<t{node.terminal}>)")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


@dataclass(frozen=True)
class Hit:
    """A match in normalised text: ``[start, end)`` and the entry that matched."""

    start: int
    end: int
    entry: Entry


class Matcher:
    """All the entries of one label (or all blockers), compiled for scanning."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        latin, arabic = _Node(), _Node()
        regexes: list[tuple[re.Pattern[str], Entry]] = []
        for index, entry in enumerate(self.entries):
            if entry.is_regex:
                try:
                    regexes.append((re.compile(entry.pattern), entry))
                except re.error as exc:
                    raise ConfigError(f"lexicon entry {entry.id!r} is not a valid regex: {exc}") from None
                continue
            norm, _ = fold(entry.pattern)
            for variant in expand(norm):
                atoms = parse(variant)
                if not atoms or atoms[0][0] != "c":
                    raise ConfigError(f"lexicon phrase {entry.pattern!r} must start with a letter or digit")
                node = arabic if _is_arabic(atoms[0][1]) else latin
                for atom in atoms:
                    node = node.children.setdefault(atom, _Node())
                if node.terminal is None:  # first entry wins on duplicates
                    node.terminal = index
        parts = []
        if latin.children:
            parts.append(_emit(latin, None))
        if arabic.children:
            parts.append(_PROCLITICS + _emit(arabic, None))
        self.trie: re.Pattern[str] | None = (
            re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts else None
        )
        self.regexes = tuple(regexes)

    def __len__(self) -> int:
        return len(self.entries)

    def finditer(self, text: str) -> Iterator[Hit]:
        """Non-overlapping trie matches (leftmost, longest phrase), then every regex entry's matches."""
        if self.trie is not None:
            entries = self.entries
            for m in self.trie.finditer(text):
                group = m.lastgroup
                if group is not None and m.end() > m.start():
                    yield Hit(m.start(), m.end(), entries[int(group[1:])])
        for pattern, entry in self.regexes:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    yield Hit(m.start(), m.end(), entry)
