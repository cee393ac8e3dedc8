"""``lexicon.v1``: LAST labels from Arabic and English phrase lexicons plus context rules.

Every label comes with evidence: the raw substring that matched, its raw character span and
the id of the lexicon entry or rule. The lexicons are package data
(``convo_nlp/classify/lexicons/{en,ar}.json``); organisations add their approved phrases
through ``extra_phrases`` (``{label: {"en": [...], "ar": [...]}}``), without code.

Matching runs on normalised text (``convo_nlp.text.normalize``); spans are mapped back to the
raw text through the normaliser's offsets. See docs/lexicon.md for the rules.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.classify.lexicon_compile import Entry, Hit, Matcher
from convo_nlp.errors import ConfigError
from convo_nlp.schema import ALL_LABELS, Call, Evidence, Label, Role, StageLabel, Turn, labels_for_role
from convo_nlp.text.langid import detect_language
from convo_nlp.text.normalize import NormText, fold, normalize

logger = logging.getLogger("convo_nlp")

LEXICON_LANGUAGES: tuple[str, ...] = ("en", "ar")
CONTEXT_LISTS: tuple[str, ...] = (
    "negators", "verb_negators", "skip", "third_person", "reporters", "contrast",
    "request_markers", "greetings", "yes_words", "yes_fillers", "question_words", "wh_words",
)
DEFAULT_SCORE = 0.9
CONTEXT_SCORE = 0.6
MAX_EVIDENCE = 5

_LABELS_BY_VALUE = {label.value: label for label in Label}
_WORD = re.compile(r"[\w']+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_QUESTION = re.compile(r"[^.!?\n]*\?")


# --------------------------------------------------------------------------- lexicon data


@dataclass(frozen=True)
class Context:
    """Word lists (normalised) used by the context rules, merged over languages."""

    negators: frozenset[str]
    verb_negators: frozenset[str]
    skip: frozenset[str]
    third_person: frozenset[str]
    reporters: frozenset[str]
    contrast: frozenset[str]
    request_markers: frozenset[str]
    greetings: frozenset[str]
    yes_words: frozenset[str]
    yes_fillers: frozenset[str]
    question_words: frozenset[str]
    wh_words: frozenset[str]


@dataclass(frozen=True)
class CompiledLexicon:
    positives: Mapping[Label, Matcher]
    blockers: Matcher
    context: Context


def load_lexicon_data(language: str) -> dict[str, Any]:
    """The built-in lexicon of ``language`` ("en" or "ar") as a fresh dict."""
    path = resources.files("convo_nlp.classify").joinpath("lexicons").joinpath(f"{language}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the built-in {language} lexicon: {exc}",
                          hint="reinstall convo_nlp (the lexicon JSON files are package data)") from None
    if not isinstance(data, dict):
        raise ConfigError(f"the built-in {language} lexicon is not a JSON object")
    return data


def _entry(item: Any, source: str, labels: frozenset[str], where: str) -> Entry:
    if isinstance(item, str):
        return Entry(id=f"{source}:{item}", pattern=item, labels=labels)
    if isinstance(item, Mapping):
        phrase, regex = item.get("phrase"), item.get("regex")
        if (phrase is None) == (regex is None) or not isinstance(phrase or regex, str):
            raise ConfigError(f"{where}: an entry object needs exactly one of 'phrase' or 'regex' (a string)")
        pattern = str(phrase or regex)
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"{where}: 'tags' must be a list of strings")
        score = item.get("score", DEFAULT_SCORE)
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 < score <= 1:
            raise ConfigError(f"{where}: 'score' must be a number in (0, 1]")
        return Entry(id=str(item.get("id") or f"{source}:{pattern}"), pattern=pattern, labels=labels,
                     score=float(score), tags=frozenset(tags), is_regex=regex is not None)
    raise ConfigError(f"{where}: a lexicon entry must be a phrase string or an object, got {type(item).__name__}")


def _items(data: Mapping[str, Any], items: Any, language: str, source: str, labels: frozenset[str],
           where: str) -> list[Entry]:
    if not isinstance(items, list):
        raise ConfigError(f"{where} must be a list of phrases")
    sets = data.get("sets", {})
    out: list[Entry] = []
    for i, item in enumerate(items):
        if isinstance(item, str) and item.startswith("@"):
            name = item[1:]
            if name not in sets:
                raise ConfigError(f"{where}[{i}] refers to an unknown set {item!r}")
            out.extend(_items(data, sets[name], language, f"{language}.{name}", labels, f"{language}.sets.{name}"))
        else:
            out.append(_entry(item, source, labels, f"{where}[{i}]"))
    return out


def _check_label(name: str, where: str) -> Label:
    label = _LABELS_BY_VALUE.get(name)
    if label is None:
        raise ConfigError(f"{where}: {name!r} is not a label", hint=f"use one of {', '.join(_LABELS_BY_VALUE)}")
    return label


def compile_lexicon(
    datasets: Mapping[str, Mapping[str, Any]],
    extra_phrases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
) -> CompiledLexicon:
    """Compile lexicon data (``{language: lexicon dict}``) and organisation phrases."""
    positives: dict[Label, list[Entry]] = {label: [] for label in ALL_LABELS}
    blockers: list[Entry] = []
    context: dict[str, set[str]] = {name: set() for name in CONTEXT_LISTS}
    for language, data in datasets.items():
        for name, spec in data.get("labels", {}).items():
            label = _check_label(name, f"{language} lexicon")
            if not isinstance(spec, Mapping):
                raise ConfigError(f"{language} lexicon: labels.{name} must be an object with 'match' / 'block'")
            positives[label].extend(_items(data, spec.get("match", []), language, f"{language}.{name}",
                                           frozenset({name}), f"{language}.labels.{name}.match"))
            blockers.extend(_items(data, spec.get("block", []), language, f"{language}.block.{name}",
                                   frozenset({name}), f"{language}.labels.{name}.block"))
        for name, words in data.get("context", {}).items():
            if name not in context:
                raise ConfigError(f"{language} lexicon: unknown context list {name!r}")
            for word in words:
                context[name].add(fold(word)[0])
    for name, by_language in (extra_phrases or {}).items():
        label = _check_label(name, "lexicon.extra_phrases")
        if not isinstance(by_language, Mapping):
            raise ConfigError(f"lexicon.extra_phrases.{name} must map a language to a list of phrases",
                              hint='e.g. [lexicon.extra_phrases.apologise] en = ["we regret the trouble"]')
        for language, phrases in by_language.items():
            if isinstance(phrases, str) or not isinstance(phrases, Sequence):
                raise ConfigError(f"lexicon.extra_phrases.{name}.{language} must be a list of phrases")
            for i, phrase in enumerate(phrases):
                if not isinstance(phrase, str) or not phrase.strip():
                    raise ConfigError(f"lexicon.extra_phrases.{name}.{language}[{i}] must be a non-empty string")
                positives[label].append(Entry(id=f"extra.{name}:{phrase}", pattern=phrase,
                                              labels=frozenset({name}), tags=frozenset({"extra"})))
    return CompiledLexicon(
        positives={label: Matcher(entries) for label, entries in positives.items()},
        blockers=Matcher(_merge_blockers(blockers)),
        context=Context(**{name: frozenset(words) for name, words in context.items()}),
    )


def _merge_blockers(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per blocker pattern, blocking the union of the labels it was listed for."""
    merged: dict[tuple[str, bool], Entry] = {}
    for e in entries:
        key = (e.pattern, e.is_regex)
        if key in merged:
            old = merged[key]
            merged[key] = Entry(old.id, old.pattern, old.labels | e.labels, old.score, old.tags, old.is_regex)
        else:
            merged[key] = e
    return list(merged.values())


# --------------------------------------------------------------------------- classifier


@dataclass(frozen=True)
class _Found:
    """A label's piece of evidence in normalised coordinates."""

    start: int
    end: int
    rule: str
    score: float
    tags: frozenset[str] = frozenset()


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


class LexiconClassifier(TurnClassifier):
    """Phrase lexicons (Arabic dialects and English) plus context rules; see docs/lexicon.md.

    ``extra_phrases``: ``{label: {"en": [...], "ar": [...]}}`` phrases added by an organisation
    (same phrase syntax as the built-in lexicons).
    """

    name: ClassVar[str] = "lexicon.v1"
    version: ClassVar[str] = "1.0"

    def __init__(self, extra_phrases: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> None:
        datasets = {language: load_lexicon_data(language) for language in LEXICON_LANGUAGES}
        self._lex = compile_lexicon(datasets, extra_phrases)
        self._scan_thanks = (Label.THANK, Label.GRATITUDE)

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _norm(turn: Turn) -> NormText:
        language = turn.language if turn.language is not None else detect_language(turn.text)
        norm = normalize(turn.text, language)
        if turn.norm_text is not None and turn.norm_text != norm.text:
            logger.debug("turn %s: norm_text differs from lexicon.v1's normalisation; using its own", turn.id)
        return norm

    def _hits(self, norm: NormText, label: Label, blocks: list[Hit]) -> list[Hit]:
        hits = list(self._lex.positives[label].finditer(norm.text))
        if not hits:
            return hits
        value = label.value
        hits = [h for h in hits
                if not any(value in b.entry.labels and _overlaps(h.start, h.end, b.start, b.end) for b in blocks)]
        if hits and norm.language != "ar":  # matches must start and end on (spaCy) token boundaries
            tokens = norm.tokens
            starts = {s for s, _ in tokens}
            ends = {e for _, e in tokens}
            hits = [h for h in hits if h.start in starts and h.end in ends]
        return hits

    def _has_thanks(self, norm: NormText) -> bool:
        blocks = list(self._lex.blockers.finditer(norm.text))
        return any(self._hits(norm, label, blocks) for label in self._scan_thanks)

    def _words_before(self, text: str, start: int) -> list[str]:
        segment = text[max(0, start - 80):start]
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(segment)]
        if breaks:
            segment = segment[breaks[-1]:]
        return _WORD.findall(segment)

    def _negated(self, words: Sequence[str], negators: frozenset[str]) -> bool:
        skip = self._lex.context.skip
        for word in reversed(words):
            if word in skip:
                continue
            return word in negators or word.endswith("n't")
        return False

    def _reported(self, words: Sequence[str]) -> bool:
        ctx = self._lex.context
        if any(w in ctx.reporters for w in words[-3:]):
            return True
        for word in reversed(words):
            if word in ctx.skip:
                continue
            return word in ctx.third_person
        return False

    def _is_question(self, norm: NormText) -> bool:
        if "?" in norm.text:
            return True
        words = _WORD.findall(norm.text)
        return bool(words) and words[0] in self._lex.context.question_words

    # ----------------------------------------------------------------- rules

    def _apologise(self, hits: list[Hit], text: str, prev: NormText | None, words_in_turn: int) -> list[_Found]:
        ctx = self._lex.context
        out = []
        for h in hits:
            before = self._words_before(text, h.start)
            if self._negated(before, ctx.negators) or self._reported(before):
                continue
            if "afwan" in h.entry.tags and prev is not None and len(_WORD.findall(text[:h.start])) <= 1:
                if self._has_thanks(prev):  # "عفواً" answering the other party's thanks: you're welcome
                    continue
            out.append(_Found(h.start, h.end, h.entry.id, h.entry.score, h.entry.tags))
        return out

    def _formulaic_ok(self, h: Hit, text: str, speaker_first_turn: bool) -> bool:
        """Religious / formulaic phrases are thanks when they close a turn, not a request or a greeting."""
        ctx = self._lex.context
        words = _WORD.findall(text)
        if "?" in text or any(w in ctx.request_markers for w in words):
            return False  # attached to a request: "please"
        after = _WORD.findall(text[h.end:])
        if speaker_first_turn and (len(after) > 3 or any(w in ctx.greetings for w in words)):
            return False  # greeting at the start of the conversation
        return len(after) <= 3

    def _thanks(self, hits: list[Hit], text: str, speaker_first_turn: bool, verb_negators: frozenset[str]) -> list[_Found]:
        out = []
        for h in hits:
            if "formulaic" in h.entry.tags and not self._formulaic_ok(h, text, speaker_first_turn):
                continue
            if "negatable" in h.entry.tags and self._negated(self._words_before(text, h.start), verb_negators):
                continue
            out.append(_Found(h.start, h.end, h.entry.id, h.entry.score, h.entry.tags))
        return out

    def _contrast(self, found: list[_Found], text: str) -> tuple[list[_Found], list[_Found]]:
        """"I appreciate ... but ..." from a customer: an objection (complaint), not gratitude."""
        keep, complaints = [], []
        contrast = self._lex.context.contrast
        for f in found:
            rest = text[f.end:]
            stop = _SENTENCE_BREAK.search(rest)
            clause = rest[: stop.start()] if stop else rest
            words = [(m.group(), m.end()) for m in _WORD.finditer(clause)]
            idx = next((i for i, (w, _) in enumerate(words) if w in contrast), None)
            if idx is not None and len(words) - idx - 1 >= 2:
                complaints.append(_Found(f.start, f.end + words[idx][1], "context:thanks-but", 0.7))
            else:
                keep.append(f)
        return keep, complaints

    def _negation_filter(self, hits: list[Hit], text: str) -> list[_Found]:
        ctx = self._lex.context
        negators = ctx.negators | ctx.verb_negators
        return [_Found(h.start, h.end, h.entry.id, h.entry.score, h.entry.tags) for h in hits
                if not self._negated(self._words_before(text, h.start), negators)]

    def _yes_answer(self, norm: NormText, prev: NormText | None) -> _Found | None:
        """A short "yes" / "ايه" answering the other party's factual question is ``solve``."""
        if prev is None or not self._is_question(prev):
            return None
        ctx = self._lex.context
        words = list(_WORD.finditer(norm.text))
        if not 1 <= len(words) <= 4 or not all(m.group() in ctx.yes_words or m.group() in ctx.yes_fillers
                                               for m in words):
            return None
        first = next((m for m in words if m.group() in ctx.yes_words), None)
        if first is None:
            return None
        return _Found(first.start(), first.end(), "context:yes-answer", CONTEXT_SCORE)

    def _clarifying(self, norm: NormText, blocks: list[Hit], solve: list[_Found]) -> list[_Found]:
        """An agent's wh-question about the problem or the request is ``listen``."""
        ctx = self._lex.context
        out = []
        for m in _QUESTION.finditer(norm.text):
            words = list(_WORD.finditer(m.group()))
            if not words or len(words) > 14:
                continue
            lead = next((w for w in words if w.group() not in ctx.yes_fillers), None)
            if lead is None or lead.group() not in ctx.wh_words:
                continue
            start, end = m.start() + lead.start(), m.end()
            if any("listen" in b.entry.labels and _overlaps(start, end, b.start, b.end) for b in blocks):
                continue
            if any(_overlaps(start, end, s.start, s.end) for s in solve):
                continue
            out.append(_Found(start, end, "context:clarifying-question", CONTEXT_SCORE))
        return out

    # ----------------------------------------------------------------- predict

    def _classify_turn(self, turn: Turn, norm: NormText, prev: NormText | None,
                       speaker_first_turn: bool) -> tuple[StageLabel, ...]:
        text = norm.text
        if not any(ch.isalnum() for ch in text):
            return ()
        allowed = labels_for_role(turn.role)
        agent_side = turn.role is not Role.CUSTOMER
        customer_side = turn.role is not Role.AGENT
        ctx = self._lex.context
        blocks = list(self._lex.blockers.finditer(text))
        found: dict[Label, list[_Found]] = {}

        for label in allowed:
            hits = self._hits(norm, label, blocks)
            if label is Label.APOLOGISE:
                found[label] = self._apologise(hits, text, prev, len(_WORD.findall(text)))
            elif label in (Label.THANK, Label.GRATITUDE):
                found[label] = self._thanks(hits, text, speaker_first_turn, ctx.negators | ctx.verb_negators)
            elif label in (Label.LISTEN, Label.SOLVE):
                found[label] = self._negation_filter(hits, text)
            else:
                found[label] = [_Found(h.start, h.end, h.entry.id, h.entry.score, h.entry.tags) for h in hits]

        if customer_side and found.get(Label.GRATITUDE):
            keep, complaints = self._contrast(found[Label.GRATITUDE], text)
            found[Label.GRATITUDE] = keep
            found[Label.COMPLAINT] = found.get(Label.COMPLAINT, []) + complaints

        if agent_side:
            deflect, solve = found.get(Label.DEFLECT, []), found.get(Label.SOLVE, [])
            if deflect and solve:
                solve = [s for s in solve if not any(_overlaps(s.start, s.end, d.start, d.end) for d in deflect)]
                if solve:  # a refusal that also offers an alternative is solve, not deflect
                    deflect = []
                found[Label.DEFLECT], found[Label.SOLVE] = deflect, solve
            if not found.get(Label.SOLVE) and not found.get(Label.DEFLECT):
                yes = self._yes_answer(norm, prev)
                if yes is not None:
                    found[Label.SOLVE] = [yes]
            if not found.get(Label.LISTEN):
                found[Label.LISTEN] = self._clarifying(norm, blocks, found.get(Label.SOLVE, []))

        labels = []
        for label in ALL_LABELS:
            items = found.get(label)
            if not items:
                continue
            labels.append(self._stage_label(turn, norm, label, items))
        return tuple(labels)

    def _stage_label(self, turn: Turn, norm: NormText, label: Label, items: list[_Found]) -> StageLabel:
        seen: set[tuple[int, int, str]] = set()
        evidence = []
        for f in sorted(items, key=lambda f: (f.start, f.end)):
            start, end = norm.raw_span(f.start, f.end)
            key = (start, end, f.rule)
            if key in seen:
                continue
            seen.add(key)
            evidence.append(Evidence(turn_id=turn.id, quote=turn.text[start:end], span=(start, end),
                                     start=turn.start, end=turn.end, rule=f.rule))
        score = min(0.99, max(f.score for f in items) + 0.05 * (len(evidence) - 1))
        return StageLabel(label=label, score=round(score, 4), source=self.name, evidence=tuple(evidence[:MAX_EVIDENCE]))

    def predict(self, call: Call) -> list[tuple[StageLabel, ...]]:
        out: list[tuple[StageLabel, ...]] = []
        seen_speakers: set[str] = set()
        prev_turn: Turn | None = None
        prev_norm: NormText | None = None
        for turn in call.turns:
            norm = self._norm(turn)
            other_prev = prev_norm if prev_turn is not None and prev_turn.speaker != turn.speaker else None
            first = turn.speaker not in seen_speakers
            seen_speakers.add(turn.speaker)
            out.append(self._classify_turn(turn, norm, other_prev, first))
            prev_turn, prev_norm = turn, norm
        return out
