"""The TextNormalizer component: sets each turn's language and norm_text, the call's language,
and never changes the raw text (a new Call is returned)."""

from __future__ import annotations

from convo_nlp.schema import Call, Role, Turn
from convo_nlp.text import TextNormalizer, normalize


def make(texts: list[str], language: str | None = None, turn_language: str | None = None) -> Call:
    return Call(id="c", language=language, turns=tuple(
        Turn(id=f"t{i}", speaker="agent" if i % 2 == 0 else "customer",
             role=Role.AGENT if i % 2 == 0 else Role.CUSTOMER, text=t, language=turn_language)
        for i, t in enumerate(texts)))


def test_sets_language_and_norm_text_and_keeps_text():
    raw = ["أهلاً وسهلاً، كيف أقدر أساعدك؟", "النت مقطوع من أمس!!", "آسِفٌ جِدًّا على التأخيــر", "OK, thanks"]
    call = make(raw)
    out = TextNormalizer()(call)
    assert out is not call
    assert [t.text for t in out.turns] == raw
    assert [t.text for t in call.turns] == raw and all(t.norm_text is None for t in call.turns)
    assert [t.language for t in out.turns] == ["ar", "ar", "ar", "en"]
    assert out.turns[2].norm_text == "اسف جدا علي التاخير"
    assert out.turns[3].norm_text == "ok, thanks"
    assert out.language == "ar"  # 3 of 4 turns
    for t in out.turns:
        assert t.norm_text == normalize(t.text, t.language).text


def test_keeps_given_languages():
    out = TextNormalizer()(make(["hello", "مرحبا"], language="en", turn_language="mixed"))
    assert out.language == "en"
    assert [t.language for t in out.turns] == ["mixed", "mixed"]


def test_turns_without_letters_get_no_language():
    out = TextNormalizer()(make(["...", "١٢٣"]))
    assert [t.language for t in out.turns] == [None, None]
    assert [t.norm_text for t in out.turns] == ["...", "123"]
    assert out.language is None


def test_is_idempotent_and_named():
    norm = TextNormalizer()
    once = norm(make(["شكراً", "Thanks"]))
    twice = norm(once)
    assert twice.turns == once.turns
    assert TextNormalizer.name == "text.normalizer.v1"
