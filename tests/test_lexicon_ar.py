"""Arabic lexicon (convo_nlp/classify/lexicons/ar.json) with lexicon.v1's rules: every label in
MSA, Gulf, Egyptian, Levantine and Tunisian Arabic (and code-switched turns), the Arabic traps
of LABELING.md, evidence spans on raw text with diacritics and tatweel, organisation phrases and
role filtering. Every sentence here was written for these tests."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from convo_nlp.classify.lexicon import LexiconClassifier
from convo_nlp.classify.lexicon_compile import Matcher
from convo_nlp.classify.lexicon_data import CONTEXT_LISTS, load_lexicon_data
from convo_nlp.schema import Call, Label, Role, StageLabel, Turn
from convo_nlp.text import normalize

from conftest import check_lexicon_output

A, C, U = "agent", "customer", "unknown"


@pytest.fixture(scope="module")
def clf() -> LexiconClassifier:
    return LexiconClassifier()


def call_of(turns: Sequence[tuple[str, str]], language: str | None = None) -> Call:
    return Call(
        id="ar-test",
        language="ar",
        turns=tuple(
            Turn(id=f"t{i}", speaker=role if role != U else f"spk{i % 2}", text=text, role=Role(role),
                 language=language)
            for i, (role, text) in enumerate(turns)
        ),
    )


def predict(clf: LexiconClassifier, turns: Sequence[tuple[str, str]]) -> list[tuple[StageLabel, ...]]:
    call = call_of(turns)
    out = clf.predict(call)
    check_lexicon_output(call, out)
    return out


def last(clf: LexiconClassifier, role: str, text: str,
         before: Sequence[tuple[str, str]] = ()) -> dict[Label, StageLabel]:
    """The labels of the turn ``text`` said by ``role`` after the ``before`` turns."""
    out = predict(clf, [*before, (role, text)])
    return {label.label: label for label in out[-1]}


def quotes(label: StageLabel) -> list[str]:
    return [ev.quote for ev in label.evidence]


COMPLAINT_BEFORE = [(C, "الطلب ما وصلني وصارلي أسبوع أستنى")]
HELP_BEFORE = [(C, "عندي مشكلة في الفاتورة"), (A, "تم تعديل الفاتورة وراح يوصلك إشعار")]


# --------------------------------------------------------------------------- lexicon data


def test_lexicon_file_is_well_formed():
    data = load_lexicon_data("ar")
    assert set(data["labels"]) == {label.value for label in Label}
    assert set(data["context"]) == set(CONTEXT_LISTS)
    for spec in data["labels"].values():
        assert spec["match"], spec
    for name in data["sets"]:
        assert any(f"@{name}" in spec.get(kind, []) for spec in data["labels"].values() for kind in ("match", "block"))


def test_every_label_has_broad_coverage(clf):
    """Each label has many Arabic phrases, which expand to many more alternatives."""
    for label in Label:
        entries = [e for e in clf._lex.positives[label].entries if e.id.startswith("ar.")]
        assert len(entries) >= 15, (label, len(entries))
        assert Matcher(entries).n_variants >= 500, (label, Matcher(entries).n_variants)


# --------------------------------------------------------------------------- agent labels by dialect

APOLOGIES = [
    # MSA
    ("نعتذر عن التأخير في معالجة طلبك", "نعتذر"),
    ("عذراً على الإزعاج، سأتحقق من الأمر", "عذراً"),
    ("نأسف لما حدث معك", "نأسف"),
    ("يؤسفنا سماع ذلك", "يؤسفنا"),
    ("المعذرة، لم ننتبه للخطأ", "المعذرة"),
    ("أعتذر منك بشدة", "أعتذر"),
    # Gulf
    ("السموحة منك على التأخير", "السموحة"),
    ("آسفين على الإزعاج طال عمرك", "آسفين"),
    ("معليش على التأخير يا أخوي", "معليش على"),
    ("اعذرنا، النظام كان واقف", "اعذرنا"),
    # Egyptian
    ("متأسفين جداً يا فندم", "متأسفين"),
    ("حقك علينا", "حقك علينا"),
    ("معلش يا فندم على التأخير", "معلش يا فندم"),
    ("بعتذر لحضرتك عن اللي حصل", "بعتذر"),
    # Levantine
    ("آسفة كتير عالتأخير", "آسفة"),
    ("سامحنا، صار في غلط من عنا", "سامحنا"),
    ("منعتذر منك على هالشي", "منعتذر"),
    # Tunisian
    ("سامحني على التأخير", "سامحني"),
    ("نعتذرو على الإزعاج", "نعتذرو"),
    ("اسمحلي نقاطعك شوية", "اسمحلي نقاطعك"),
    # code-switched
    ("سوري على التأخير", "سوري"),
    ("sorry على الانتظار", "sorry"),
]


@pytest.mark.parametrize(("text", "quote"), APOLOGIES)
def test_agent_apologise(clf, text, quote):
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    assert Label.APOLOGISE in labels, text
    got = quotes(labels[Label.APOLOGISE])
    assert any(q.startswith(quote) or quote in q for q in got), got


THANKS = [
    ("شكراً لتواصلك معنا", "MSA"),
    ("نشكرك على صبرك", "MSA"),
    ("مشكور على انتظارك", "Gulf"),
    ("شاكرين لك تواصلك", "Gulf"),
    ("تم الحل، يعطيك العافية", "Gulf/Levantine, formulaic closing"),
    ("متشكرين لحضرتك", "Egyptian"),
    ("شكراً إنك اتصلت بينا", "Egyptian"),
    ("شكراً كتير إلك", "Levantine"),
    ("ميرسي برشا", "Tunisian"),
    ("توا تخدم الخدمة، يعيشك", "Tunisian, formulaic closing"),
    ("لا شكراً", "no thanks counts"),
    ("thanks على صبرك", "code-switched"),
]


@pytest.mark.parametrize(("text", "_why"), THANKS)
def test_agent_thank(clf, text, _why):
    labels = last(clf, A, text, before=HELP_BEFORE)
    assert Label.THANK in labels, text
    assert Label.GRATITUDE not in labels


LISTENS = [
    ("أتفهم انزعاجك تماماً", "MSA empathy"),
    ("منذ متى بدأت المشكلة؟", "MSA question"),
    ("ما هي المشكلة بالتحديد؟", "MSA question"),
    ("معك حق، من متى صار هالشي؟", "Gulf"),
    ("وش صار بالضبط؟", "Gulf question"),
    ("ما عليك زود", "Gulf empathy"),
    ("فاهم حضرتك، إيه اللي حصل بالظبط؟", "Egyptian"),
    ("من امتى المشكلة دي؟", "Egyptian question"),
    ("شو صار معك بالزبط؟", "Levantine question"),
    ("حاسس فيك والله", "Levantine empathy"),
    ("شنوة صار؟", "Tunisian question"),
    ("وقتاش بدا المشكل", "Tunisian unpunctuated question"),
    ("وين ماشي", "Tunisian clarifying the request"),
    ("يعني الخصم صار مرتين؟", "paraphrase"),
    ("قصدك إنه المبلغ انخصم مرتين", "paraphrase"),
]


@pytest.mark.parametrize(("text", "_why"), LISTENS)
def test_agent_listen(clf, text, _why):
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    assert Label.LISTEN in labels, text
    assert Label.APOLOGISE not in labels


SOLVES = [
    ("تم إلغاء الرسوم وسيتم إرجاع المبلغ خلال ثلاثة أيام", "MSA: تم + verbal noun"),
    ("قمنا بتحويل طلبك إلى القسم المختص", "MSA"),
    ("بسوي لك تحويل للقسم المختص الحين", "Gulf: ب + verb"),
    ("راح أرسل لك رابط التفعيل", "Gulf: راح + verb"),
    ("هبعتلك رسالة فيها الكود", "Egyptian: هـ + verb"),
    ("ممكن حضرتك تعمل ريستارت للراوتر", "Egyptian instruction"),
    ("رح ابعتلك فني بكرا الساعة عشرة", "Levantine"),
    ("عملتلك تعويض على الفاتورة", "Levantine done"),
    ("توا نبعثولك الفني", "Tunisian"),
    ("التران الجاي على الستة و نص", "Tunisian time answer"),
    ("التسكرة بسبعة آلاف و خمسمية", "Tunisian price answer"),
    ("المبلغ 250 ريال وراح يرجع لحسابك", "amount"),
    ("جربت تطفي الراوتر وتشغله؟", "question proposing a fix"),
    ("ابعتلنا رقم الطلب على الخاص عشان نحلها", "details with a stated purpose"),
    ("السبب كان عطل في الشبكة بمنطقتك", "explaining the cause"),
]


@pytest.mark.parametrize(("text", "_why"), SOLVES)
def test_agent_solve(clf, text, _why):
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    assert Label.SOLVE in labels, text
    assert Label.DEFLECT not in labels


DEFLECTS = [
    ("هذه ليست مسؤوليتنا", "MSA"),
    ("لا يمكننا فعل أي شيء", "MSA"),
    ("هذي مو مشكلتنا، راجع البنك", "Gulf"),
    ("ما أقدر أسوي لك شي", "Gulf"),
    ("مالناش دعوة، كلم البنك بنفسك", "Egyptian"),
    ("مش مسؤوليتنا، ما فينا نعمل شي", "Levantine"),
    ("ما في شي نقدر نعمله", "Levantine"),
    ("موش مسؤوليتنا", "Tunisian"),
    ("ما نجمش نعاونك", "Tunisian"),
    ("لازم تتقبل الوضع", "you have to accept it"),
]


@pytest.mark.parametrize(("text", "_why"), DEFLECTS)
def test_agent_deflect(clf, text, _why):
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    assert Label.DEFLECT in labels, text
    assert Label.SOLVE not in labels


def test_refusal_with_an_alternative_is_solve_not_deflect(clf):
    labels = last(clf, A, "ما نقدر نرجع المبلغ، بس نقدر نعطيك رصيد بنفس القيمة", before=COMPLAINT_BEFORE)
    assert Label.SOLVE in labels
    assert Label.DEFLECT not in labels


# --------------------------------------------------------------------------- customer labels by dialect

COMPLAINTS = [
    ("لم يصلني الطلب حتى الآن", "MSA"),
    ("الخدمة سيئة جداً", "MSA"),
    ("الطلب ما وصلني وهذي ثالث مرة أتصل", "Gulf"),
    ("انخصم المبلغ مرتين من حسابي", "Gulf"),
    ("النت فاصل من امبارح ومحدش بيرد", "Egyptian"),
    ("دفعت وما وصلني شي", "Egyptian/Gulf"),
    ("صرلي أسبوع ناطر والنت مقطوع", "Levantine"),
    ("زهقت من هالخدمة", "Levantine"),
    ("الكونكسيون ماتخدمش", "Tunisian"),
    ("التران مأخر برشا", "Tunisian"),
    ("كل مرة نفس المشكلة", "recurrence"),
    ("جربت كل شي قلتلي عليه وما نفع", "a suggested fix did not help"),
    ("شكرا على ولا شي", "sarcastic thanks"),
    ("شكرا بس المشكلة لسا موجودة", "thanks, but ... objection"),
]


@pytest.mark.parametrize(("text", "_why"), COMPLAINTS)
def test_customer_complaint(clf, text, _why):
    labels = last(clf, C, text, before=[(A, "أهلاً، كيف أقدر أساعدك؟")])
    assert Label.COMPLAINT in labels, text
    assert Label.GRATITUDE not in labels


GRATITUDES = [
    ("شكراً جزيلاً على المساعدة", "MSA"),
    ("مشكور ما قصرت", "Gulf"),
    ("الله يعطيك العافية", "Gulf/Levantine formulaic, closing"),
    ("متشكر جداً، كتر خيرك", "Egyptian"),
    ("يسلمو كتير، هيك تمام", "Levantine"),
    ("يعيشك خويا", "Tunisian formulaic, closing"),
    ("برشا مرسي", "Tunisian"),
    ("يعطيك الصحة", "Tunisian"),
    ("تمام الله يسلمك", "satisfaction after help"),
    ("ممتاز، المشكلة انحلت", "satisfaction"),
    ("لا شكراً", "no thanks counts"),
    ("merci beaucoup", "French"),
]


@pytest.mark.parametrize(("text", "_why"), GRATITUDES)
def test_customer_gratitude(clf, text, _why):
    labels = last(clf, C, text, before=HELP_BEFORE)
    assert Label.GRATITUDE in labels, text
    assert Label.COMPLAINT not in labels


def test_plain_request_gets_no_label(clf):
    assert last(clf, C, "بدي أعرف متى بيطلع التران لسوسة") == {}
    assert last(clf, C, "عندي سؤال عن الباقات") == {}


# --------------------------------------------------------------------------- traps (LABELING.md)


@pytest.mark.parametrize("text", ["عفواً؟", "عفوا ؟", "نعم؟", "كيفاش؟", "شنوة؟", "عفواً، ممكن تعيد؟", "آسف، ما سمعتك"])
def test_pardon_requests_get_no_label(clf, text):
    labels = last(clf, A, text, before=[(C, "بدي أغير الباقة تبعي")])
    assert labels == {}, (text, labels)


def test_afwan_answering_thanks_is_not_an_apology(clf):
    labels = last(clf, A, "عفواً", before=[(C, "شكراً كتير على المساعدة")])
    assert Label.APOLOGISE not in labels
    labels = last(clf, A, "عفواً يا فندم، أي خدمة", before=[(C, "متشكر جداً")])
    assert Label.APOLOGISE not in labels


def test_afwan_as_excuse_me_is_an_apology(clf):
    assert Label.APOLOGISE in last(clf, A, "عفواً، ممكن أطرح عليك سؤال؟", before=[(C, "الخط مقطوع")])
    assert Label.APOLOGISE in last(clf, A, "عفواً على التأخير", before=[(C, "شكراً")])


@pytest.mark.parametrize("text", ["معلش", "معليش", "معلش مش مشكلة", "معليش عادي", "لا معلش"])
def test_malesh_meaning_never_mind_is_not_an_apology(clf, text):
    assert Label.APOLOGISE not in last(clf, A, text, before=COMPLAINT_BEFORE), text


@pytest.mark.parametrize("text", ["معليش على التأخير", "معلش ما أقدر أغير الموعد", "معليش تأخرت عليك"])
def test_malesh_for_something_is_an_apology(clf, text):
    assert Label.APOLOGISE in last(clf, A, text, before=COMPLAINT_BEFORE), text


@pytest.mark.parametrize("text", [
    "مش آسف", "ما في داعي تعتذر", "لا تعتذر", "ما له داعي الاعتذار", "متعتذرش يا فندم",
    "قالي آسف وسكر الخط", "اعتذرولي وما صلحوا شي", "الموظف اعتذر", "للأسف ما في مواعيد",
])
def test_negated_reported_and_unfortunately_are_not_apologies(clf, text):
    assert Label.APOLOGISE not in last(clf, A, text, before=COMPLAINT_BEFORE), text


@pytest.mark.parametrize("text", ["أنا سوري ومقيم هون", "المطبخ السوري طيب"])
def test_suri_meaning_syrian_is_not_an_apology(clf, text):
    assert Label.APOLOGISE not in last(clf, U, text), text


def test_la_shukran_counts_as_thanks(clf):
    assert Label.THANK in last(clf, A, "لا شكراً", before=[(C, "تحب أبعتلك الفاتورة؟")])
    assert Label.GRATITUDE in last(clf, C, "لا شكراً", before=[(A, "في شي ثاني أقدر أساعدك فيه؟")])


def test_sarcastic_thanks_is_a_complaint_not_gratitude(clf):
    labels = last(clf, C, "شكراً على ولا شي", before=[(A, "ما نقدر نسوي شي")])
    assert Label.GRATITUDE not in labels
    assert Label.COMPLAINT in labels


def test_formulaic_phrase_is_please_when_attached_to_a_request(clf):
    assert Label.GRATITUDE not in last(clf, C, "الله يخليك ممكن تشوف الطلب تبعي")
    assert Label.GRATITUDE not in last(clf, C, "يعيشك تسكرة لتونس", before=[(A, "عسلامة")])
    assert Label.GRATITUDE not in last(clf, C, "يرحم والديك شوفلي الفاتورة")


def test_formulaic_phrase_is_a_greeting_at_the_start(clf):
    assert Label.THANK not in last(clf, A, "يعطيك العافية، معك أحمد، كيف أقدر أساعدك؟")
    assert Label.GRATITUDE not in last(clf, C, "السلام عليكم، يعطيك العافية", before=[(A, "أهلاً")])


def test_formulaic_phrase_closing_after_help_is_thanks(clf):
    assert Label.GRATITUDE in last(clf, C, "تمام، الله يخليك", before=HELP_BEFORE)
    assert Label.GRATITUDE in last(clf, C, "بارك الله فيك يا أخي", before=HELP_BEFORE)
    assert Label.GRATITUDE in last(clf, C, "يعطيك العافية على المساعدة", before=HELP_BEFORE)


def test_you_are_welcome_is_not_thanks(clf):
    for text in ("العفو", "لا شكر على واجب", "ولو، هذا واجبنا"):
        assert Label.THANK not in last(clf, A, text, before=[(C, "شكراً")]), text


def test_yes_answering_a_factual_question_is_solve(clf):
    assert Label.SOLVE in last(clf, A, "ايه", before=[(C, "فما تران لسوسة الصباح؟")])
    assert Label.SOLVE in last(clf, A, "ايوه يا فندم", before=[(C, "هل الفرع مفتوح يوم السبت؟")])
    assert Label.SOLVE not in last(clf, A, "ايه", before=[(C, "النت مقطوع عندي")])
    assert Label.SOLVE not in last(clf, A, "نعم؟", before=[(C, "هل الفرع مفتوح؟")])


def test_greeting_and_identity_questions_are_not_listening(clf):
    assert Label.LISTEN not in last(clf, A, "أهلاً، كيف أقدر أساعدك؟")
    assert Label.LISTEN not in last(clf, A, "شو بقدر ساعدك؟")
    assert Label.LISTEN not in last(clf, A, "ممكن رقم الطلب؟", before=COMPLAINT_BEFORE)
    assert Label.LISTEN not in last(clf, A, "شو اسمك الكريم؟", before=COMPLAINT_BEFORE)
    assert Label.SOLVE not in last(clf, A, "ممكن تعطيني رقم الهوية؟", before=COMPLAINT_BEFORE)


def test_echo_question_confirming_the_request_is_listen(clf):
    before = [(C, "نحب زوز تساكر لسوسة")]
    assert Label.LISTEN in last(clf, A, "لسوسة؟", before=before)
    assert Label.LISTEN in last(clf, A, "زوز تساكر", before=before)
    assert Label.LISTEN in last(clf, A, "الأولى ولا الثانية؟", before=before)


def test_no_problem_and_solved_are_not_complaints(clf):
    for text in ("مش مشكلة", "الحمد لله المشكلة انحلت", "ما في مشكلة أبداً", "لا ما عندي أي مشكلة"):
        assert Label.COMPLAINT not in last(clf, C, text, before=HELP_BEFORE), text


# --------------------------------------------------------------------------- evidence and normalisation


def test_evidence_span_with_diacritics_and_tatweel(clf):
    text = "نَعْتَــــذِرُ منكَ جِدًّا على التَّأخِيرِ"
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    ev = labels[Label.APOLOGISE].evidence[0]
    assert text[ev.span[0]:ev.span[1]] == ev.quote
    assert ev.quote == "نَعْتَــــذِرُ"  # the trailing diacritic belongs to the word
    assert normalize(ev.quote, "ar").text == "نعتذر"


def test_evidence_span_with_alef_forms_and_arabic_indic_digits(clf):
    text = "إن شاء الله رح أرجّع لك المبلغ خلال ٣ أيام"
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    for ev in labels[Label.SOLVE].evidence:
        assert text[ev.span[0]:ev.span[1]] == ev.quote
    assert any("٣" in q for q in quotes(labels[Label.SOLVE]))


def test_evidence_with_proclitic_and_presentation_form(clf):
    text = "وشكراً ﻻتصالك"  # U+FEFB lam-alef ligature
    labels = last(clf, A, text, before=HELP_BEFORE)
    ev = labels[Label.THANK].evidence[0]
    assert ev.quote.startswith("وشكراً")
    assert text[ev.span[0]:ev.span[1]] == ev.quote


def test_unnormalised_spellings_match(clf):
    for text in ("آسف", "اسف", "أسف", "متأسفة", "متاسفه", "شكرًا", "شكرا", "مشكورة", "عذرًا"):
        labels = last(clf, A, text, before=HELP_BEFORE)
        assert labels, text


def test_language_is_detected_when_missing(clf):
    call = call_of([(C, "الطلب ما وصلني"), (A, "نعتذر منك")], language=None)
    out = clf.predict(call)
    assert {lab.label for lab in out[0]} == {Label.COMPLAINT}
    assert {lab.label for lab in out[1]} == {Label.APOLOGISE}


def test_code_switched_mixed_turn(clf):
    labels = last(clf, A, "sorry كتير، I'll send you the link هلأ", before=COMPLAINT_BEFORE)
    assert Label.APOLOGISE in labels


# --------------------------------------------------------------------------- roles and organisation phrases


def test_role_filtering(clf):
    assert set(last(clf, C, "شكراً", before=HELP_BEFORE)) == {Label.GRATITUDE}
    assert set(last(clf, A, "شكراً", before=HELP_BEFORE)) == {Label.THANK}
    assert Label.APOLOGISE not in last(clf, C, "آسف، غلطت بالرقم")
    assert Label.COMPLAINT not in last(clf, A, "النت مقطوع بالمنطقة كلها")


def test_unknown_role_may_get_any_label(clf):
    labels = last(clf, U, "شكراً، بس الطلب ما وصلني")
    assert Label.COMPLAINT in labels


def test_extra_phrases_add_matches():
    text = "نلتمس منكم الصفح يا سيدي"
    assert Label.APOLOGISE not in last(LexiconClassifier(), A, text, before=COMPLAINT_BEFORE)
    clf = LexiconClassifier(extra_phrases={"apologise": {"ar": ["نلتمس منكم الصفح"]}})
    labels = last(clf, A, text, before=COMPLAINT_BEFORE)
    assert Label.APOLOGISE in labels
    assert labels[Label.APOLOGISE].evidence[0].rule == "extra.apologise:نلتمس منكم الصفح"


def test_extra_phrases_are_normalised_and_add_to_builtin_matches():
    clf = LexiconClassifier(extra_phrases={"apologise": {"ar": ["نأسف جدا للإزعاج"]}})
    labels = last(clf, A, "نأسفُ جداً للإزعاجِ", before=COMPLAINT_BEFORE)
    rules = [ev.rule for ev in labels[Label.APOLOGISE].evidence]
    assert "extra.apologise:نأسف جدا للإزعاج" in rules
    assert clf.name == "lexicon.v1"


# --------------------------------------------------------------------------- whole calls


def test_gulf_call_end_to_end(clf):
    turns = [
        (A, "السلام عليكم، معك سارة من خدمة العملاء، كيف أقدر أساعدك؟"),
        (C, "انخصم مني المبلغ مرتين وما أحد رد علي"),
        (A, "آسفين على الإزعاج، أتفهم انزعاجك. من متى صار الخصم؟"),
        (C, "من يوم الأحد"),
        (A, "تم إرجاع المبلغ الزايد وراح يوصلك خلال يومين"),
        (C, "مشكور ما قصرت"),
        (A, "العفو، شكراً لاتصالك"),
    ]
    out = [{lab.label for lab in labs} for labs in predict(clf, turns)]
    assert out[0] == set()
    assert out[1] == {Label.COMPLAINT}
    assert out[2] == {Label.APOLOGISE, Label.LISTEN}
    assert Label.SOLVE in out[4]
    assert out[5] == {Label.GRATITUDE}
    assert out[6] == {Label.THANK}


def test_tunisian_ticket_office_call(clf):
    turns = [
        (C, "عسلامة، بالله فما تران لسوسة الليلة؟"),
        (A, "ايه فما واحد على الثمنية و نص"),
        (C, "بقداش التسكرة؟"),
        (A, "سبعة آلاف و ميتين"),
        (C, "باهي، يعيشك"),
    ]
    out = [{lab.label for lab in labs} for labs in predict(clf, turns)]
    assert out[0] == set()
    assert Label.SOLVE in out[1]
    assert Label.SOLVE in out[3]
    assert out[4] == {Label.GRATITUDE}
