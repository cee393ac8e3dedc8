"""The lexicon engine: phrase syntax and compilation (lexicon_compile), blockers, the context
rules of lexicon.v1, and lexicon data errors (always ConfigError, never a crash)."""

from __future__ import annotations

import pytest

from convo_nlp.classify.lexicon import LexiconClassifier
from convo_nlp.classify.lexicon_compile import (
    MAX_EXPANSIONS,
    Entry,
    Matcher,
    expand,
    parse,
    split_slots,
    tokens_of,
)
from convo_nlp.classify.lexicon_data import CONTEXT_LISTS, builtin_lexicon, compile_lexicon, extra_entries
from convo_nlp.errors import ConfigError
from convo_nlp.schema import Call, Label, Role, Turn
from convo_nlp.text import normalize


def entry(pattern: str, i: int = 0, regex: bool = False) -> Entry:
    return Entry(id=f"e{i}", pattern=pattern, labels=frozenset({"apologise"}), is_regex=regex)


def matches(patterns: list[str], text: str, overlapping: bool = False) -> list[tuple[str, str]]:
    """(matched normalised text, entry id) for ``patterns`` on ``text`` (normalised first)."""
    norm = normalize(text).text
    m = Matcher([entry(p, i) for i, p in enumerate(patterns)])
    return [(norm[h.start:h.end], h.entry.id) for h in m.finditer(norm, overlapping=overlapping)]


def found(patterns: list[str], text: str) -> list[str]:
    return [q for q, _ in matches(patterns, text)]


# --------------------------------------------------------------------------- phrase syntax


def test_expand_groups_optional_and_order():
    assert expand("(i am|i'm) (so |)sorry") == ["i am so sorry", "i am sorry", "i'm so sorry", "i'm sorry"]
    assert expand("a (b|b) c") == ["a b c"]  # duplicates once
    assert expand("(a|)") == ["a", ""]


def test_expand_limit_is_a_config_error():
    one_slot = "(a|b|c|d)" * 7  # 4**7 variants of one word
    with pytest.raises(ConfigError, match="expands to more than"):
        expand(one_slot)
    with pytest.raises(ConfigError, match="expands to more than"):
        Matcher([entry(one_slot)])
    # the limit is per slot (space-separated part): the same groups with spaces compile fine
    spaced = Matcher([entry(" ".join(["(a|b|c|d)"] * 7))])
    assert spaced.n_variants == 28
    assert MAX_EXPANSIONS >= 1000


def test_split_slots_keeps_spaces_inside_groups():
    assert split_slots("(راح |رح |ه)بعتلك (لك|)") == ["(راح |رح |ه)بعتلك", "(لك|)"]
    assert split_slots("i am  sorry") == ["i", "am", "sorry"]
    with pytest.raises(ConfigError, match="nests"):
        split_slots("((a|b)|c)")
    with pytest.raises(ConfigError, match="unbalanced"):
        split_slots("(a|b")
    with pytest.raises(ConfigError, match="unbalanced"):
        split_slots("a|b)")


def test_parse_items():
    assert parse("sorry") == (("w", "sorry", False),)
    assert parse("apologi* for") == (("w", "apologi", True), ("w", "for", False))
    assert parse("don't") == (("w", "dont", False),)
    assert parse("sorry ?") == (("w", "sorry", False), ("p", "?", False))
    assert parse("yes, please") == (("w", "yes", False), ("o", ",", False), ("w", "please", False))


def test_parse_errors():
    with pytest.raises(ConfigError, match="only end a word"):
        parse("re*fund")
    with pytest.raises(ConfigError, match="no word"):
        parse("a *")
    with pytest.raises(ConfigError, match="unbalanced"):
        parse("a | b")


# --------------------------------------------------------------------------- matching


def test_word_boundaries():
    assert found(["sorry"], "I'm sorry.") == ["sorry"]
    assert found(["sorry"], "sorryful") == []
    assert found(["art"], "the party") == []
    assert found(["شكرا"], "تشكرا") == []


def test_star_continues_a_word():
    assert found(["apologi*"], "We apologise") == ["apologise"]
    assert found(["apologi*"], "my apologies!") == ["apologies"]
    assert found(["apologi* for"], "apologies for that") == ["apologies for"]
    assert found(["متاسف*"], "متأسفين جداً") == ["متاسفين"]


def test_gap_is_whitespace_or_one_comma():
    assert found(["thank you"], "thank   you") == ["thank   you"]
    assert found(["thank you"], "thank, you") == ["thank, you"]
    assert found(["thank you"], "thank. you") == []
    assert found(["thank you"], "thankyou") == []


def test_apostrophe_optional_and_punctuation_literal():
    assert found(["don't worry"], "dont worry") == ["dont worry"]
    assert found(["don't worry"], "Don’t worry") == ["don't worry"]  # curly quote folded
    assert found(["sorry ?"], "sorry?") == ["sorry?"]
    assert found(["sorry ?"], "sorry ?") == ["sorry ?"]
    assert found(["sorry ?"], "sorry about that") == []
    assert found(["yes, please"], "yes please") == ["yes please"]
    assert found(["e-mail"], "send an e - mail") == ["e - mail"]


def test_head_before_apostrophe_ends_a_phrase():
    assert found(["sorry"], "sorry's all I can say") == ["sorry"]


def test_arabic_proclitics_on_the_first_word_only():
    assert found(["شكرا"], "وشكرا") == ["وشكرا"]
    assert found(["شكرا"], "فبشكرا") == ["فبشكرا"]
    assert found(["شكرا لك"], "ولشكرا لك") == ["ولشكرا لك"]
    assert found(["الف شكر"], "الف وشكر") == []  # not on later words
    assert found(["sorry"], "وsorry") == []


def test_phrases_are_normalised_like_the_text():
    assert found(["آسف"], "اسف") == ["اسف"]
    assert found(["اسف"], "آسِفٌ") == ["اسف"]
    assert found(["مدرسة"], "مدرسه") == ["مدرسه"]
    assert found(["على"], "علي") == ["علي"]
    assert found(["SORRY"], "sorry") == ["sorry"]
    assert found(["Désolé"], "desole") == ["desole"]


def test_leftmost_longest_non_overlapping_first_entry_wins():
    assert matches(["so sorry", "sorry", "sorry for"], "so sorry for that") == [("so sorry", "e0")]
    assert matches(["sorry", "sorry for the wait"], "sorry for the wait") == [("sorry for the wait", "e1")]
    assert matches(["sorry", "(sorry|regret)"], "sorry") == [("sorry", "e0")]
    assert found(["a b", "b c"], "a b c") == ["a b"]
    assert [q for q, _ in matches(["a b", "b c"], "a b c", overlapping=True)] == ["a b", "b c"]


def test_optional_slots_and_starts():
    assert found(["(so|very|) sorry"], "very sorry") == ["very sorry"]
    assert found(["(so|very|) sorry"], "sorry") == ["sorry"]
    phrase = "(we|i) (are|am) (so|) sorry (about|for) (it|that|)"
    assert found([phrase], "we are sorry for that") == ["we are sorry for that"]
    assert found(["sorry (about|for) (it|that|)"], "sorry about") == ["sorry about"]


def test_regex_entries():
    m = Matcher([entry(r"\d+ دينار", 0, regex=True), entry("شكرا", 1)])
    text = normalize("الثمن ١٢ دينار، شكرا").text
    got = [(text[h.start:h.end], h.entry.id) for h in m.finditer(text)]
    assert ("12 دينار", "e0") in got and ("شكرا", "e1") in got


def test_tokens_are_cached_and_keyed():
    toks = tokens_of("وشكرا don't")
    assert "شكرا" in toks.keys and "وشكرا" in toks.keys and "dont" in toks.keys and "don" in toks.keys
    assert tokens_of("وشكرا don't") is toks


def test_compile_errors():
    for bad in ["(a|b", "a*b", "?sorry", "(|)"]:
        with pytest.raises(ConfigError):
            Matcher([entry(bad)])
    with pytest.raises(ConfigError, match="not a valid regex"):
        Matcher([entry("(unclosed", regex=True)])


# --------------------------------------------------------------------------- lexicon data


def good() -> dict:
    return {"labels": {"apologise": {"match": ["sorry", "@core"], "block": ["sorry ?"]}},
            "sets": {"core": ["we apologi*"]}, "context": {"negators": ["not"]}}


def test_compile_lexicon_good_data():
    lex = compile_lexicon({"en": good()})
    assert len(lex.positives[Label.APOLOGISE]) == 2
    assert len(lex.blockers[Label.APOLOGISE]) == 1
    assert lex.context.negators == frozenset({"not"})
    assert set(lex.positives) == set(Label)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["labels"].__setitem__("sorrow", {"match": []}), "not a label"),
    (lambda d: d["labels"].__setitem__("apologise", ["sorry"]), "must be an object"),
    (lambda d: d["labels"]["apologise"].__setitem__("matches", []), "unknown keys"),
    (lambda d: d["labels"]["apologise"].__setitem__("match", "sorry"), "must be a list"),
    (lambda d: d["labels"]["apologise"]["match"].append("@nope"), "unknown set"),
    (lambda d: d["sets"].__setitem__("core", ["@core"]), "refers to itself"),
    (lambda d: d["labels"]["apologise"]["match"].append(3), "phrase string or an object"),
    (lambda d: d["labels"]["apologise"]["match"].append(""), "must not be empty"),
    (lambda d: d["labels"]["apologise"]["match"].append({"phrase": "a", "regex": "b"}), "exactly one"),
    (lambda d: d["labels"]["apologise"]["match"].append({"phrase": "a", "score": 2}), "score"),
    (lambda d: d["labels"]["apologise"]["match"].append({"phrase": "a", "score": True}), "score"),
    (lambda d: d["labels"]["apologise"]["match"].append({"phrase": "a", "tags": "afwan"}), "tags"),
    (lambda d: d["labels"]["apologise"]["match"].append({"regex": "(x"}), "not a valid regex"),
    (lambda d: d["labels"]["apologise"]["match"].append("(a|b"), "unbalanced"),
    (lambda d: d["labels"]["apologise"]["match"].append("-sorry"), "letter or digit"),
    (lambda d: d["labels"]["apologise"]["match"].append("*a"), "only end a word"),
    (lambda d: d["context"].__setitem__("negator", ["no"]), "unknown context list"),
    (lambda d: d["context"].__setitem__("negators", "not"), "list of words"),
    (lambda d: d["context"].__setitem__("negators", [None]), "not a word"),
    (lambda d: d.__setitem__("labels", []), "'labels' must be an object"),
    (lambda d: d.__setitem__("sets", []), "'sets' must be an object"),
    (lambda d: d.__setitem__("context", []), "'context' must be an object"),
])
def test_bad_lexicon_data_is_a_config_error(mutate, message):
    data = good()
    mutate(data)
    with pytest.raises(ConfigError, match=message):
        compile_lexicon({"en": data})


def test_bad_extra_phrases_are_config_errors():
    with pytest.raises(ConfigError, match="not a label"):
        LexiconClassifier(extra_phrases={"sorrow": {"en": ["x"]}})
    with pytest.raises(ConfigError, match="map a language"):
        LexiconClassifier(extra_phrases={"apologise": ["x"]})  # type: ignore[dict-item]
    with pytest.raises(ConfigError, match="list of phrases"):
        LexiconClassifier(extra_phrases={"apologise": {"ar": "نأسف"}})
    with pytest.raises(ConfigError, match="non-empty string"):
        LexiconClassifier(extra_phrases={"apologise": {"ar": [""]}})
    with pytest.raises(ConfigError, match="unbalanced"):
        LexiconClassifier(extra_phrases={"apologise": {"ar": ["(نأسف"]}})
    assert extra_entries(None) == {}


def test_builtin_lexicons_compile_once_and_cover_every_list():
    assert builtin_lexicon() is builtin_lexicon()
    assert LexiconClassifier()._lex is LexiconClassifier()._lex
    ctx = builtin_lexicon().context
    for name in CONTEXT_LISTS:
        assert getattr(ctx, name), name


# --------------------------------------------------------------------------- classifier rules


def run(turns: list[tuple[str, str]]) -> list[set[Label]]:
    clf = LexiconClassifier()
    call = Call(id="c", turns=tuple(Turn(id=f"t{i}", speaker=r, role=Role(r), text=t)
                                    for i, (r, t) in enumerate(turns)))
    return [{lab.label for lab in labs} for labs in clf.predict(call)]


def test_blockers_only_block_their_own_label():
    # "آسف، ما سمعتك" (pardon) blocks apologise; the same turn's other labels are unaffected.
    out = run([("customer", "النت مقطوع"), ("agent", "آسف، ما سمعتك. من امتى النت مقطوع؟")])
    assert Label.APOLOGISE not in out[1]
    assert Label.LISTEN in out[1]


def test_blockers_of_different_labels_do_not_shadow_each_other():
    # an apologise blocker and a solve blocker overlap on "ممكن تعيد"; both must apply
    assert run([("customer", "بدي أغير الباقة"), ("agent", "عفواً، ممكن تعيد؟")])[1] == set()


def test_negation_drops_listen_and_solve():
    out = run([("customer", "الطلب ما وصل"), ("agent", "ما راح نرجعلك المبلغ")])
    assert Label.SOLVE not in out[1]


def test_predict_does_not_modify_the_call_and_keeps_turn_order():
    clf = LexiconClassifier()
    turns = (Turn(id="a", speaker="agent", role=Role.AGENT, text="نعتذر منك"),
             Turn(id="b", speaker="customer", role=Role.CUSTOMER, text="شكرا"))
    call = Call(id="c", turns=turns)
    out = clf.predict(call)
    assert call.turns == turns
    assert [lab.label for lab in out[0]] == [Label.APOLOGISE]
    assert [lab.label for lab in out[1]] == [Label.GRATITUDE]
    annotated = clf(call)
    assert annotated.turns[0].labels == out[0]
    assert annotated.provenance[-1].component == "lexicon.v1"


def test_empty_and_symbol_only_turns_get_no_labels():
    assert run([("agent", ""), ("agent", "..."), ("customer", "١٢٣")]) == [set(), set(), set()]


def test_evidence_count_is_capped_and_scores_bounded():
    clf = LexiconClassifier()
    text = "آسف، آسف، آسف، آسف، آسف، آسف، آسف جداً"
    call = Call(id="c", turns=(Turn(id="t0", speaker="agent", role=Role.AGENT, text=text),))
    (label,) = clf.predict(call)[0]
    assert len(label.evidence) == 5
    assert 0 < label.score <= 0.99
