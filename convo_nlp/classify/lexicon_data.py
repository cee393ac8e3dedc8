"""Lexicon data for ``lexicon.v1``: the built-in JSON lexicons and organisation phrases,
validated and compiled into matchers (``CompiledLexicon``).

The built-in lexicons are compiled once per process (``builtin_lexicon``); a classifier with
``extra_phrases`` compiles only its own phrases on top. See docs/lexicon.md for the format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from convo_nlp.classify.lexicon_compile import Entry, Matcher
from convo_nlp.errors import ConfigError
from convo_nlp.schema import ALL_LABELS, Label
from convo_nlp.text.normalize import fold

LEXICON_LANGUAGES: tuple[str, ...] = ("en", "ar")
CONTEXT_LISTS: tuple[str, ...] = (
    "negators", "verb_negators", "skip", "third_person", "reporters", "contrast",
    "request_markers", "greetings", "yes_words", "yes_fillers", "question_words", "wh_words",
)
DEFAULT_SCORE = 0.9

_LABELS_BY_VALUE = {label.value: label for label in Label}


@dataclass(frozen=True)
class Context:
    """Word lists (normalised) used by the context rules, merged over languages.

    Entries are single words, except that ``reporters``, ``contrast``, ``request_markers``
    and ``greetings`` may also hold several-word phrases ("as a matter of fact", "لو سمحت").
    """

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
    all_words: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class CompiledLexicon:
    """Compiled lexicons: per label, a matcher of the phrases that give it and one of the
    phrases that block it (blockers of different labels never shadow each other)."""

    positives: Mapping[Label, Matcher]
    blockers: Mapping[Label, Matcher]
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
        if not item.strip():
            raise ConfigError(f"{where}: a lexicon phrase must not be empty")
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
           where: str, seen_sets: tuple[str, ...] = ()) -> list[Entry]:
    if not isinstance(items, list):
        raise ConfigError(f"{where} must be a list of phrases")
    sets = data.get("sets", {})
    if not isinstance(sets, Mapping):
        raise ConfigError(f"{language} lexicon: 'sets' must be an object of named phrase lists")
    out: list[Entry] = []
    for i, item in enumerate(items):
        if isinstance(item, str) and item.startswith("@"):
            name = item[1:]
            if name not in sets:
                raise ConfigError(f"{where}[{i}] refers to an unknown set {item!r}")
            if name in seen_sets:
                raise ConfigError(f"{where}[{i}]: set {item!r} refers to itself")
            out.extend(_items(data, sets[name], language, f"{language}.{name}", labels,
                              f"{language}.sets.{name}", seen_sets + (name,)))
        else:
            out.append(_entry(item, source, labels, f"{where}[{i}]"))
    return out


def _check_label(name: str, where: str) -> Label:
    label = _LABELS_BY_VALUE.get(name)
    if label is None:
        raise ConfigError(f"{where}: {name!r} is not a label", hint=f"use one of {', '.join(_LABELS_BY_VALUE)}")
    return label


def extra_entries(extra_phrases: Mapping[str, Mapping[str, Sequence[str]]] | None) -> dict[Label, list[Entry]]:
    """Validated organisation phrases (``{label: {language: [phrase, ...]}}``) as entries."""
    out: dict[Label, list[Entry]] = {}
    if extra_phrases is None:
        return out
    if not isinstance(extra_phrases, Mapping):
        raise ConfigError("lexicon.extra_phrases must map a label to {language: [phrases]}")
    for name, by_language in extra_phrases.items():
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
                out.setdefault(label, []).append(Entry(id=f"extra.{name}:{phrase}", pattern=phrase,
                                                       labels=frozenset({name}), tags=frozenset({"extra"})))
    return out


def compile_lexicon(
    datasets: Mapping[str, Mapping[str, Any]],
    extra_phrases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
) -> CompiledLexicon:
    """Compile lexicon data (``{language: lexicon dict}``) and organisation phrases.

    Raises ``ConfigError`` on malformed data (unknown label, set or context list, bad entry,
    bad phrase syntax, invalid regex).
    """
    positives: dict[Label, list[Entry]] = {label: [] for label in ALL_LABELS}
    blockers: dict[Label, list[Entry]] = {label: [] for label in ALL_LABELS}
    context: dict[str, set[str]] = {name: set() for name in CONTEXT_LISTS}
    for language, data in datasets.items():
        if not isinstance(data, Mapping):
            raise ConfigError(f"the {language} lexicon must be a JSON object")
        labels = data.get("labels", {})
        if not isinstance(labels, Mapping):
            raise ConfigError(f"{language} lexicon: 'labels' must be an object of label -> {{match, block}}")
        for name, spec in labels.items():
            label = _check_label(name, f"{language} lexicon")
            if not isinstance(spec, Mapping):
                raise ConfigError(f"{language} lexicon: labels.{name} must be an object with 'match' / 'block'")
            unknown = set(spec) - {"match", "block"}
            if unknown:
                raise ConfigError(f"{language} lexicon: labels.{name} has unknown keys {sorted(unknown)}",
                                  hint="use 'match' and 'block'")
            positives[label].extend(_items(data, spec.get("match", []), language, f"{language}.{name}",
                                           frozenset({name}), f"{language}.labels.{name}.match"))
            blockers[label].extend(_items(data, spec.get("block", []), language, f"{language}.block.{name}",
                                          frozenset({name}), f"{language}.labels.{name}.block"))
        lists = data.get("context", {})
        if not isinstance(lists, Mapping):
            raise ConfigError(f"{language} lexicon: 'context' must be an object of word lists")
        for name, words in lists.items():
            if name not in context:
                raise ConfigError(f"{language} lexicon: unknown context list {name!r}",
                                  hint=f"use one of {', '.join(CONTEXT_LISTS)}")
            if isinstance(words, str) or not isinstance(words, list):
                raise ConfigError(f"{language} lexicon: context.{name} must be a list of words")
            for word in words:
                if not isinstance(word, str) or not word.strip():
                    raise ConfigError(f"{language} lexicon: context.{name} holds {word!r}, not a word")
                context[name].add(" ".join(fold(word)[0].split()))
    for label, entries in extra_entries(extra_phrases).items():
        positives[label].extend(entries)
    lists_frozen = {name: frozenset(words) for name, words in context.items()}
    all_words = frozenset(w for words in lists_frozen.values() for w in words)
    return CompiledLexicon(
        positives={label: Matcher(entries) for label, entries in positives.items()},
        blockers={label: Matcher(_dedupe(entries)) for label, entries in blockers.items()},
        context=Context(**lists_frozen, all_words=all_words),
    )


@lru_cache(maxsize=1)
def builtin_lexicon() -> CompiledLexicon:
    """The built-in English and Arabic lexicons, compiled once per process."""
    return compile_lexicon({language: load_lexicon_data(language) for language in LEXICON_LANGUAGES})


def _dedupe(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per (pattern, kind): the first one listed."""
    seen: dict[tuple[str, bool], Entry] = {}
    for e in entries:
        seen.setdefault((e.pattern, e.is_regex), e)
    return list(seen.values())
