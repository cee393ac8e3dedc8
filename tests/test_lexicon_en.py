"""English lexicon (convo_nlp/classify/lexicons/en.json) with lexicon.v1's rules: every label,
the traps of LABELING.md, evidence spans, role filtering and organisation phrases."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from convo_nlp.classify.lexicon import LexiconClassifier
from convo_nlp.classify.lexicon_data import CONTEXT_LISTS, load_lexicon_data
from convo_nlp.schema import Call, Label, Role, StageLabel, Turn

from conftest import check_lexicon_output

A, C, U = "agent", "customer", "unknown"


@pytest.fixture(scope="module")
def clf() -> LexiconClassifier:
    return LexiconClassifier()


def call_of(turns: Sequence[tuple[str, str]]) -> Call:
    return Call(
        id="en-test",
        language="en",
        turns=tuple(
            Turn(id=f"t{i}", speaker=role if role != U else f"spk{i % 2}", text=text, role=Role(role), language="en")
            for i, (role, text) in enumerate(turns)
        ),
    )


def predict(clf: LexiconClassifier, turns: Sequence[tuple[str, str]]) -> tuple[Call, list[tuple[StageLabel, ...]]]:
    call = call_of(turns)
    out = clf.predict(call)
    check_lexicon_output(call, out)
    return call, out


def last(
    clf: LexiconClassifier, role: str, text: str, before: Sequence[tuple[str, str]] = ()
) -> dict[Label, StageLabel]:
    """The labels of a turn ``text`` said by ``role`` (after the ``before`` turns)."""
    _, out = predict(clf, [*before, (role, text)])
    return {label.label: label for label in out[-1]}


def quotes(label: StageLabel) -> list[str]:
    return [ev.quote for ev in label.evidence]


# --------------------------------------------------------------------------- the lexicon file


def test_en_lexicon_is_complete():
    data = load_lexicon_data("en")
    for label in Label:
        assert data["labels"][label.value]["match"], label
    for name in CONTEXT_LISTS:
        assert data["context"][name], name
    assert {"not", "never"} <= set(data["context"]["negators"])
    assert {"but", "however", "although", "though", "yet"} <= set(data["context"]["contrast"])
    assert {"when", "what", "which", "where", "how", "why", "who"} <= set(data["context"]["wh_words"])


def test_en_json_is_plain_utf8_json():
    from importlib import resources

    raw = resources.files("convo_nlp.classify").joinpath("lexicons").joinpath("en.json").read_text(encoding="utf-8")
    assert isinstance(json.loads(raw), dict)


# --------------------------------------------------------------------------- apologise

APOLOGIES = [
    ("Sorry about that, let me check.", "Sorry about"),
    ("I'm so sorry for the wait.", "I'm so sorry"),
    ("I\u2019m really sorry about the delay.", "I\u2019m really sorry"),
    ("We're very sorry to hear that.", "We're very sorry"),
    ("Sorry to hear that!", "Sorry to hear"),
    ("So sorry!", "So sorry"),
    ("I apologise for the mix-up.", "I apologise"),
    ("We apologize for the inconvenience.", "We apologize"),
    ("Apologies for the delay in getting back to you.", "Apologies for the delay"),
    ("My apologies, that was my mistake.", "My apologies"),
    ("Please accept our sincere apologies.", "accept our sincere apologies"),
    ("We regret the inconvenience caused.", "We regret"),
    ("Please excuse the delay.", "excuse the delay"),
    ("That's on us, we should have told you.", "That's on us"),
    ("Sorry for the trouble, I've refunded it.", "Sorry for the trouble"),
    ("Sorry to keep you waiting.", "Sorry to keep you waiting"),
    ("This isn't the experience we want you to have.", "isn't the experience we"),
    ("Sorry, we can't do that today.", "Sorry"),  # an apologetic refusal is still an apology
]


@pytest.mark.parametrize("text,quote", APOLOGIES)
def test_agent_apologies(clf, text, quote):
    labels = last(clf, A, text)
    assert Label.APOLOGISE in labels, text
    assert any(quote in q for q in quotes(labels[Label.APOLOGISE])), quotes(labels[Label.APOLOGISE])


NOT_APOLOGIES = [
    "Sorry?",  # pardon, say again
    "Sorry, what?",
    "I'm sorry?",
    "Pardon?",
    "Sorry, I didn't catch that.",
    "Sorry, could you repeat that?",
    "Sorry to see you go.",  # regret about losing the customer
    "We're sorry to see you leave, your account is closed.",
    "Unfortunately that offer has ended.",
    "I'm afraid the shop is closed on Sundays.",
    "I'm not sorry about that.",
    "No need to apologise!",
    "You don't need to apologise.",
    "Don't apologise, it happens.",
    "We won't apologise for following the rules.",
    "He said sorry already.",
    "Your colleague apologised yesterday, I can see the note.",
    "They apologized on the phone.",
    "She is really sorry, she told me.",
]


@pytest.mark.parametrize("text", NOT_APOLOGIES)
def test_apology_traps(clf, text):
    assert Label.APOLOGISE not in last(clf, A, text), text


def test_apology_evidence_with_curly_apostrophe(clf):
    call, out = predict(clf, [(C, "My card was charged twice."), (A, "Oh no, I\u2019m so sorry about that.")])
    label = next(label for label in out[1] if label.label is Label.APOLOGISE)
    ev = label.evidence[0]
    assert ev.quote == "I\u2019m so sorry"
    assert call.turns[1].text[ev.span[0] : ev.span[1]] == "I\u2019m so sorry"
    assert ev.span == (7, 19)


# --------------------------------------------------------------------------- thank / gratitude

AGENT_THANKS = [
    ("Thank you for calling, how can I help?", "Thank you for calling"),
    ("Thanks for reaching out!", "Thanks for reaching out"),
    ("Thanks for getting in touch with us.", "Thanks for getting in touch"),
    ("Thank you for your patience.", "Thank you for your patience"),
    ("Thanks for letting us know.", "Thanks for letting us know"),
    ("Thanks for the info, checking now.", "Thanks for the info"),
    ("We appreciate your patience.", "appreciate your"),
    ("Appreciate it!", "Appreciate it"),
    ("Many thanks.", "Many thanks"),
    ("thx", "thx"),
    ("ty!", "ty"),
    ("Cheers!", "Cheers"),
]


@pytest.mark.parametrize("text,quote", AGENT_THANKS)
def test_agent_thanks(clf, text, quote):
    labels = last(clf, A, text)
    assert Label.THANK in labels and Label.GRATITUDE not in labels
    assert any(quote in q for q in quotes(labels[Label.THANK])), quotes(labels[Label.THANK])


CUSTOMER_THANKS = [
    "Thanks!",
    "Thank you so much.",
    "Perfect, thanks.",
    "That's great, thank you.",
    "Cheers, bye.",
    "Ta.",
    "Tq",
    "ty",
    "Thanks a lot for sorting it.",
    "You've been very helpful.",
    "Appreciate it.",
    "Problem solved!",
    "It works now, thanks.",
    "Brilliant, that did the trick.",
    "No thanks, that's all.",
    "No thank you.",
    "That's a relief.",
    "Great service, well done.",
]


@pytest.mark.parametrize("text", CUSTOMER_THANKS)
def test_customer_gratitude(clf, text):
    labels = last(clf, C, text, before=[(A, "I've reset your password.")])
    assert Label.GRATITUDE in labels, text
    assert Label.THANK not in labels and Label.COMPLAINT not in labels, labels


def test_no_thanks_counts_as_thanks(clf):
    assert Label.THANK in last(clf, A, "No thanks.")
    assert Label.GRATITUDE in last(clf, C, "No, thanks.")


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for nothing.",
        "Thanks a lot for wasting my time.",
        "Thanks for the useless help.",
        "Thank you for ignoring me for a week.",
        "No thanks to you, I sorted it myself.",
    ],
)
def test_sarcastic_thanks_is_a_complaint(clf, text):
    labels = last(clf, C, text)
    assert Label.GRATITUDE not in labels, text
    assert Label.COMPLAINT in labels, text


@pytest.mark.parametrize(
    "text",
    [
        "I appreciate the help, but it still doesn't work.",
        "Thanks for the reply, however the charge is still there.",
        "I appreciate that, although nobody has called me back.",
    ],
)
def test_appreciate_but_is_a_complaint(clf, text):
    labels = last(clf, C, text)
    assert Label.COMPLAINT in labels and Label.GRATITUDE not in labels, labels


@pytest.mark.parametrize(
    "text",
    [
        "Thank god it finally arrived.",
        "I'd appreciate it if you could call me back.",
        "Thanks to your app I missed my flight.",
    ],
)
def test_not_thanks(clf, text):
    labels = last(clf, C, text)
    assert Label.GRATITUDE not in labels, text


def test_formulaic_thanks_only_close_a_turn(clf):
    assert Label.GRATITUDE in last(clf, C, "Great, cheers.", before=[(A, "It's sorted now.")])
    assert Label.GRATITUDE not in last(
        clf, C, "Cheers, can you also send the receipt?", before=[(A, "It's sorted now.")]
    )


def test_role_filtering(clf):
    text = "Thanks, that's great."
    customer, agent, unknown = last(clf, C, text), last(clf, A, text), last(clf, U, text)
    assert Label.GRATITUDE in customer and Label.THANK not in customer
    assert Label.THANK in agent and Label.GRATITUDE not in agent
    assert {Label.THANK, Label.GRATITUDE} <= set(unknown)
    # customer turns never carry agent labels, and the other way round
    complaint = last(clf, A, "I'm so sorry, this is unacceptable and the app keeps crashing.")
    assert Label.COMPLAINT not in complaint and Label.APOLOGISE in complaint
    apology = last(clf, C, "Sorry, I was charged twice.")
    assert Label.APOLOGISE not in apology and Label.COMPLAINT in apology


# --------------------------------------------------------------------------- listen

LISTEN = [
    ("I understand how frustrating that is.", "I understand"),
    ("I completely understand your frustration.", "I completely understand"),
    ("I can see why you're upset.", "I can see why"),
    ("That must be really annoying.", "That must be"),
    ("Oh no!", "Oh no"),
    ("That's not good.", "That's not good"),
    ("I hear you.", "I hear you"),
    ("So you're saying the charge appeared twice?", "So you're saying"),
    ("Just to confirm, you were charged twice?", "Just to confirm"),
    ("If I understand correctly, the app closes on launch.", "If I understand correctly"),
    ("When did this start?", "When did this"),
    ("What error message do you see?", "What error message do you"),
    ("Which version of the app are you on?", "Which version"),
    ("Can you tell me more about what happened?", "tell me more"),
    ("Have you noticed any error messages?", "Have you noticed"),
    ("Is this happening on every device?", "Is this happening"),
]


@pytest.mark.parametrize("text,quote", LISTEN)
def test_agent_listen(clf, text, quote):
    labels = last(clf, A, text, before=[(C, "My app keeps crashing and I was charged twice.")])
    assert Label.LISTEN in labels, text
    # the expected words are quoted by some piece of evidence (a longer match may contain them)
    assert any(quote in q for q in quotes(labels[Label.LISTEN])), quotes(labels[Label.LISTEN])


@pytest.mark.parametrize(
    "text",
    [
        "Hello, how can I help?",
        "Good morning, you're through to Harbour Bank. How can I help you today?",
        "How may I assist you?",
        "Is there anything else I can help you with?",
        "Got it.",
        "Understood.",
    ],
)
def test_greetings_and_bare_acknowledgements_are_not_listen(clf, text):
    assert Label.LISTEN not in last(clf, A, text), text


@pytest.mark.parametrize(
    "text",
    [
        "May I have your account number?",
        "What's your account number?",
        "Can you confirm your date of birth?",
        "Could I take your postcode, please?",
    ],
)
def test_bare_identity_check_gets_no_label(clf, text):
    assert last(clf, A, text) == {}, text


# --------------------------------------------------------------------------- solve

SOLVE = [
    ("I've reset your line, it should work in a few minutes.", "I've reset"),
    ("I've refunded the second charge.", "I've refunded"),
    ("We've credited your account with ten pounds.", "We've credited"),
    ("I have gone ahead and cancelled the order.", "I have gone ahead and cancelled"),
    ("I've escalated this to our engineers.", "I've escalated"),
    ("I'll send you a replacement today.", "I'll send"),
    ("We'll refund the fee by Friday.", "We'll refund"),
    ("Please DM us your order number so we can fix it.", "Please DM"),
    ("Please try restarting the router.", "Please try"),
    ("You can now log in with your new password.", "You can now log"),
    ("Here's the link: https://example.com/help", "https://example.com/help"),
    ("The next train is at 11:30.", "next train"),
    ("You should receive it by Friday.", "You should receive"),
    ("It will be delivered tomorrow before noon.", "It will be delivered"),
    ("Have you tried restarting it?", "Have you tried"),
    ("Follow these steps and it will update.", "Follow these steps"),
    ("Go to Settings and turn on roaming.", "Go to Settings"),
    ("We've raised a ticket with our network team.", "We've raised"),
    ("A technician will visit on Monday morning.", "A technician will visit"),
    ("The refund will appear in 3-5 working days.", "The refund will appear"),
    ("This happened because the terminal never cancelled the first payment.", "This happened because"),
    ("Your reference number is 88120.", "reference number is 88120"),
]


@pytest.mark.parametrize("text,quote", SOLVE)
def test_agent_solve(clf, text, quote):
    labels = last(clf, A, text)
    assert Label.SOLVE in labels, text
    assert Label.DEFLECT not in labels
    assert any(quote in q for q in quotes(labels[Label.SOLVE])), quotes(labels[Label.SOLVE])


@pytest.mark.parametrize(
    "text",
    [
        "We're working on it, we'll be in touch.",
        "We'll look into it.",
        "I'll never refund that.",
    ],
)
def test_status_updates_and_negated_actions_are_not_solve(clf, text):
    assert Label.SOLVE not in last(clf, A, text), text


def test_short_yes_answering_a_factual_question_is_solve(clf):
    labels = last(clf, A, "Yes, that's right.", before=[(C, "Is the shop open on Sundays?")])
    assert Label.SOLVE in labels
    assert labels[Label.SOLVE].evidence[0].rule == "context:yes-answer"
    assert Label.SOLVE not in last(clf, A, "Yes?", before=[(C, "Is the shop open on Sundays?")])


# --------------------------------------------------------------------------- deflect

DEFLECT = [
    ("That's not our problem.", "not our problem"),
    ("That's not our responsibility.", "not our responsibility"),
    ("There's nothing I can do.", "nothing I can do"),
    ("There is nothing we can do about it.", "nothing we can do"),
    ("You have to accept it.", "You have to accept"),
    ("You'll have to contact the bank yourself.", "contact the bank yourself"),
    ("That's not my department.", "not my department"),
    ("It's out of our hands.", "out of our hands"),
    ("We can't help you with that.", "We can't help"),
    ("That's your problem.", "That's your problem"),
    ("It's company policy.", "It's company policy"),
    ("Please take it up with the network operator.", "take it up with the"),
]


@pytest.mark.parametrize("text,quote", DEFLECT)
def test_agent_deflect(clf, text, quote):
    labels = last(clf, A, text)
    assert Label.DEFLECT in labels, text
    assert Label.SOLVE not in labels
    assert any(quote in q for q in quotes(labels[Label.DEFLECT])), quotes(labels[Label.DEFLECT])


@pytest.mark.parametrize(
    "text",
    [
        "We can't refund the ticket, but I can rebook you on the next train for free.",
        "It's company policy not to refund, but I've sent you a voucher for the full amount.",
        "That's not my department, I'll transfer you to billing now.",
    ],
)
def test_refusal_with_an_alternative_is_solve(clf, text):
    labels = last(clf, A, text)
    assert Label.SOLVE in labels and Label.DEFLECT not in labels, labels


def test_agent_contacting_a_third_party_is_not_deflection(clf):
    labels = last(clf, A, "I'll contact the courier for you and call you back by five.")
    assert Label.SOLVE in labels and Label.DEFLECT not in labels


# --------------------------------------------------------------------------- complaint

COMPLAINTS = [
    ("I was charged twice for the same order.", "was charged twice"),
    ("I've been double charged!", "double charged"),
    ("The app is not working.", "not working"),
    ("My phone doesn't work since the update.", "doesn't work"),
    ("It stopped working yesterday.", "stopped working"),
    ("Still not fixed.", "Still not"),
    ("My parcel never arrived.", "never arrived"),
    ("I haven't received my refund.", "haven't received"),
    ("The screen came broken.", "broken"),
    ("The box arrived damaged.", "damaged"),
    ("You sent me the wrong item.", "wrong"),
    ("One item is missing from my order.", "missing"),
    ("My train is late again.", "late"),
    ("The flight was delayed three hours.", "delayed"),
    ("You cancelled my booking without telling me.", "cancelled"),
    ("I've been overcharged.", "overcharged"),
    ("I keep getting an error.", "error"),
    ("The app keeps crashing.", "keeps crashing"),
    ("I can't log in.", "can't log in"),
    ("This is the third time I've called.", "third time"),
    ("This is ridiculous.", "ridiculous"),
    ("Terrible service.", "Terrible service"),
    ("Worst airline ever.", "Worst"),
    ("Unacceptable.", "Unacceptable"),
    ("I'm so frustrated.", "frustrated"),
    ("Really disappointed with this.", "disappointed"),
    ("I'm fed up with it.", "fed up"),
    ("What a waste of time.", "waste of time"),
    ("No one has called me back.", "No one"),
    ("I've been waiting for two weeks.", "waiting"),
    ("I was on hold for an hour.", "on hold"),
    ("Still waiting.", "Still waiting"),
    ("Total rip off.", "rip off"),
    ("This is a scam.", "scam"),
    ("Awful.", "Awful"),
    ("Useless.", "Useless"),
    ("Disgusting service.", "Disgusting"),
    ("I tried that already and it didn't help.", "didn't help"),
]


@pytest.mark.parametrize("text,quote", COMPLAINTS)
def test_customer_complaints(clf, text, quote):
    labels = last(clf, C, text)
    assert Label.COMPLAINT in labels, text
    assert any(quote in q for q in quotes(labels[Label.COMPLAINT])), quotes(labels[Label.COMPLAINT])


@pytest.mark.parametrize(
    "text",
    [
        "When does the next train leave?",
        "Can I change my delivery address?",
        "Hi, I'm moving house next month and I wanted to know how to update my address.",
        "Sure, it's 12345.",
        "No problem at all.",
        "Not a problem.",
        "I lost my phone on the bus, can I get a new SIM?",  # a personal mishap
        "I can't wait to try it!",
        "It isn't broken, I just want a different colour.",
    ],
)
def test_plain_requests_are_not_complaints(clf, text):
    assert Label.COMPLAINT not in last(clf, C, text), text


# --------------------------------------------------------------------------- a whole call


def test_a_whole_call(clf):
    call, out = predict(
        clf,
        [
            (A, "Thanks for calling Northwind, how can I help?"),
            (C, "Hi, I was charged twice for my bill this month and nobody answered my email."),
            (A, "Oh no, I\u2019m really sorry about that. Just to confirm, both charges were on the 3rd?"),
            (C, "Yes, both on the 3rd."),
            (A, "I've refunded the second charge; it will appear on your account within 2 days."),
            (C, "Perfect, thanks so much."),
            (A, "You're welcome, thanks for your patience."),
        ],
    )
    got = [{label.label for label in labels} for labels in out]
    assert got[0] == {Label.THANK}
    assert got[1] == {Label.COMPLAINT}
    assert got[2] == {Label.LISTEN, Label.APOLOGISE}
    assert got[3] == set()
    assert got[4] == {Label.SOLVE}
    assert got[5] == {Label.GRATITUDE}
    assert got[6] == {Label.THANK}


# --------------------------------------------------------------------------- organisation phrases


def test_extra_phrases_add_matches_with_evidence():
    text = "We deeply regret the trouble. Mea culpa, truly."
    base = LexiconClassifier()
    extra = LexiconClassifier(
        extra_phrases={"apologise": {"en": ["we deeply regret", "mea culpa"]}, "thank": {"en": ["we owe you one"]}}
    )
    _, out = predict(base, [(A, "Mea culpa.")])
    assert Label.APOLOGISE not in {label.label for label in out[0]}
    _, out = predict(extra, [(A, text)])
    labels = {label.label: label for label in out[0]}
    assert Label.APOLOGISE in labels
    assert "Mea culpa" in quotes(labels[Label.APOLOGISE])
    assert "We deeply regret" in quotes(labels[Label.APOLOGISE])
    assert any(ev.rule == "extra.apologise:mea culpa" for ev in labels[Label.APOLOGISE].evidence)
    _, out = predict(base, [(A, "We owe you one!")])
    assert out[0] == ()
    _, out = predict(extra, [(A, "We owe you one!")])
    thank = next(label for label in out[0] if label.label is Label.THANK)
    assert thank.evidence[0].quote == "We owe you one"
    assert thank.evidence[0].rule == "extra.thank:we owe you one"


@pytest.mark.parametrize(
    "text, expected",
    [
        # LABELING.md: sending the customer to a third party is deflect, even with its number or link ...
        ("Please contact your bank directly on 0800 123 4567.", Label.DEFLECT),
        ("You will need to contact the seller yourself: www.seller.com/help", Label.DEFLECT),
        # ... our own channel with a number is solve, and so is a redirect that comes with our own action.
        ("Please call our billing team on 0800 123 4567.", Label.SOLVE),
        ("Your bank can help with that, and I have raised a ticket for you.", Label.SOLVE),
    ],
)
def test_third_party_redirect_with_contact_details_stays_deflect(clf, text, expected):
    labels = last(clf, A, text, before=[(C, "My card was charged twice.")])
    assert expected in labels, text
    other = Label.SOLVE if expected is Label.DEFLECT else Label.DEFLECT
    assert other not in labels, text
