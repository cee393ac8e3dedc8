"""``lexicon.v1``: LAST labels from Arabic and English phrase lexicons plus context rules.

Every label comes with evidence: the raw substring that matched, its raw character span and
the id of the lexicon entry or rule. The lexicons are package data
(``convo_nlp/classify/lexicons/{en,ar}.json``); organisations add their approved phrases
through ``extra_phrases`` (``{label: {"en": [...], "ar": [...]}}``), without code.

Matching runs on normalised text (``convo_nlp.text.normalize``); spans are mapped back to the
raw text through the normaliser's offsets. See docs/lexicon.md for the rules.

Loading and compiling the lexicons is ``lexicon_data``; this module holds the context rules.

Rules, in short (see the methods for details):

* Blockers: a label's match is dropped when a blocker listed for that label overlaps it
  (all blocker matches are considered, also overlapping ones).
* apologise: not after a negator ("مش آسف") or when reported ("قالي آسف", "الموظف اعتذر");
  entries tagged ``afwan`` (عفواً) are "you're welcome" when they open a turn that answers
  the other party's thanks.
* thank / gratitude: entries tagged ``formulaic`` (يعطيك العافية, الله يخليك, يعيشك...) count
  only when they close a turn, not next to a request or question ("please"), and not as a
  greeting in the speaker's first turn; ``negatable`` entries are dropped after a negator.
  A customer's thanks followed by "but ..." with an objection is a complaint instead.
* listen / solve: dropped after a negator. An agent's wh-question is listen (Arabic: also
  with the wh-word inside the question, or unpunctuated when it starts or ends with one), as
  is a short Arabic question repeating the customer's words ("لسوسة؟"). A short yes answering
  the other party's factual question is solve. A refusal that also offers a solution is solve,
  not deflect; a contact detail (tag ``contact``) given with a third-party redirect (tag
  ``redirect``) is no solution of ours, so the turn stays deflect.
* complaint / deflect: entries tagged ``negatable`` are dropped after a negator.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.classify.lexicon_compile import Hit, Matcher
from convo_nlp.classify.lexicon_data import builtin_lexicon, extra_entries
from convo_nlp.schema import ALL_LABELS, Call, Evidence, Label, Role, StageLabel, Turn, labels_for_role
from convo_nlp.text.langid import detect_language
from convo_nlp.text.normalize import NormText, normalize

logger = logging.getLogger("convo_nlp")

CONTEXT_SCORE = 0.6
MAX_EVIDENCE = 5

_WORD = re.compile(r"[\w']+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_QUESTION = re.compile(r"[^.!?\n]*\?")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

#: Arabic conjunctions written on the next word (و "and", ف "so"): "وما" is "ما" for the rules.
_AR_CONJ = "\u0648\u0641"
#: Contrast words that also mean "just / only" ("شكرا بس" = "thanks, that's all"): after them
#: an objection needs a negation or a complaint phrase.
_WEAK_CONTRAST = frozenset({"\u0628\u0633"})  # بس
#: An unpunctuated Arabic turn is a question when a question word is among its first words.
ARABIC_QUESTION_LEAD = 3
#: A formulaic thanks ("يعطيك العافية", "bless you") closes a turn: at most this many words follow.
FORMULAIC_MAX_AFTER = 3
#: Words that say what thanks are for ("يعطيك العافية على المساعدة", "cheers for that").
_THANKS_FOR = frozenset({"\u0639\u0644\u0649", "\u0639\u0644\u064a", "\u0639", "\u0639\u0627\u0644",
                         "\u0639\u0646", "for"})  # على (على with alef maksura folded), ع, عال, عن
#: Echo questions ("لسوسة؟" repeating the customer's request) are at most this many words;
#: without a question mark, at most ``MAX_ECHO_UNMARKED``.
MAX_ECHO_WORDS = 8
MAX_ECHO_UNMARKED = 4
#: Arabic function words that never make a question an echo of the previous turn.
_AR_FUNCTION_WORDS = frozenset((  # written normalised (no hamza on alef, ه for ة)
    "انت انتي انتم انتو انا احنا نحن هو هي هم هما هذا هذه هذي هاد هادا هاي هيدا هيدي ده دي دا "
    "هاذا هاذي ذلك تلك هداك اللي الي الذي التي على عن في من الى مع عند عندك عندي عندنا عندكم "
    "كان كانت يكون بس كمان ايضا شي شيء حاجه اشي كل بعض لسه لسا مازال يعني طيب تمام اوك ماشي "
    "خلاص هلا هلق الحين دلوقتي توا توه اليوم امبارح امس بكره غدوه حضرتك سيدي فندم افندم "
    "استاذ مدام اخي اختي خويا عليك عليه عليها منك منه فيه فيها ليك لك له لها هنا هناك "
    "برك فقط كذا هيك هكا كده واحد وحده"
).split())


# --------------------------------------------------------------------------- word helpers


def _in(word: str, words: frozenset[str]) -> bool:
    """``word`` is in ``words``, also with an Arabic conjunction written on it ("وما" -> "ما")."""
    if word in words:
        return True
    return len(word) > 2 and word[0] in _AR_CONJ and word[1:] in words


@lru_cache(maxsize=64)
def _multiword(wordset: frozenset[str]) -> tuple[str, ...]:
    return tuple(p for p in wordset if " " in p)


def _has_any(words: Sequence[str], wordset: frozenset[str]) -> bool:
    """Any word of ``words`` (or run of words, for several-word entries) is in ``wordset``."""
    if any(_in(w, wordset) for w in words):
        return True
    multi = _multiword(wordset)
    if not multi:
        return False
    joined = " " + " ".join(words) + " "
    return any(f" {p} " in joined for p in multi)


_SPLIT_PREFIX = frozenset("([{\"'")
_SPLIT_SUFFIX = frozenset(",.!?;:)]}\"'")


def _plain_boundaries(text: str, start: int, end: int) -> bool:
    """``[start, end)`` certainly starts and ends on (spaCy) token boundaries: whitespace or the
    text's edge around it, or only opening / closing punctuation between it and them
    ("(ref 12)", "sorry!")."""
    i = start
    while i > 0 and text[i - 1] in _SPLIT_PREFIX:
        i -= 1
    if i > 0 and not text[i - 1].isspace():
        return False
    j = end
    while j < len(text) and text[j] in _SPLIT_SUFFIX:
        j += 1
    return j == len(text) or text[j].isspace()


def _stem(word: str) -> str:
    """A rough Arabic stem for comparing words across turns: article and proclitics removed."""
    for prefix in ("\u0648\u0627\u0644", "\u0641\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644",
                   "\u0644\u0644", "\u0627\u0644"):  # وال فال بال كال لل ال
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    if len(word) >= 4 and word[0] in "\u0648\u0641\u0628\u0644":  # و ف ب ل
        return word[1:]
    return word


# --------------------------------------------------------------------------- classifier


@dataclass(frozen=True)
class _Found:
    """A label's piece of evidence in normalised coordinates."""

    start: int
    end: int
    rule: str
    score: float
    tags: frozenset[str] = frozenset()


def _found(h: Hit) -> _Found:
    return _Found(h.start, h.end, h.entry.id, h.entry.score, h.entry.tags)


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
        self._lex = builtin_lexicon()
        self._extra: dict[Label, Matcher] = {
            label: Matcher(entries) for label, entries in extra_entries(extra_phrases).items()
        }
        self._scan_thanks = (Label.THANK, Label.GRATITUDE)

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _norm(turn: Turn) -> NormText:
        language = turn.language if turn.language is not None else detect_language(turn.text)
        norm = normalize(turn.text, language)
        if turn.norm_text is not None and turn.norm_text != norm.text:
            logger.debug("turn %s: norm_text differs from lexicon.v1's normalisation; using its own", turn.id)
        return norm

    def _blocks(self, norm: NormText, label: Label) -> list[Hit]:
        """Blocker matches of ``label`` in a turn."""
        return list(self._lex.blockers[label].finditer(norm.text, overlapping=True))

    def _hits(self, norm: NormText, label: Label) -> list[Hit]:
        """Matches of ``label``'s phrases that no blocker of ``label`` overlaps."""
        hits = list(self._lex.positives[label].finditer(norm.text))
        extra = self._extra.get(label)
        if extra is not None:
            hits.extend(extra.finditer(norm.text))
        if not hits:
            return hits
        blocks = self._blocks(norm, label)
        if blocks:
            hits = [h for h in hits if not any(_overlaps(h.start, h.end, b.start, b.end) for b in blocks)]
        if hits and norm.language not in ("ar", None):
            # Matches must start and end on (spaCy) token boundaries. Whitespace and sentence
            # punctuation before a space are always boundaries, so spaCy (~0.1-0.5 ms a turn)
            # only runs when a match touches something else ("@handle", "t.co/x", "3.5").
            text = norm.text
            if not all(_plain_boundaries(text, h.start, h.end) for h in hits):
                tokens = norm.tokens
                starts = {s for s, _ in tokens}
                ends = {e for _, e in tokens}
                hits = [h for h in hits if h.start in starts and h.end in ends]
        return hits

    def _has_thanks(self, norm: NormText) -> bool:
        return any(self._hits(norm, label) for label in self._scan_thanks)

    @staticmethod
    def _words_before(text: str, start: int) -> list[str]:
        segment = text[max(0, start - 80):start]
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(segment)]
        if breaks:
            segment = segment[breaks[-1]:]
        return _WORD.findall(segment)

    def _negated(self, words: Sequence[str], negators: frozenset[str]) -> bool:
        skip = self._lex.context.skip
        for word in reversed(words):
            if _in(word, skip):
                continue
            return _in(word, negators) or word.endswith("n't")
        return False

    def _reported(self, words: Sequence[str]) -> bool:
        ctx = self._lex.context
        if _has_any(words[-3:], ctx.reporters):
            return True
        for word in reversed(words):
            if _in(word, ctx.skip):
                continue
            return _in(word, ctx.third_person)
        return False

    def _is_question(self, norm: NormText) -> bool:
        if "?" in norm.text:
            return True
        words = _WORD.findall(norm.text)
        ctx = self._lex.context
        if not words:
            return False
        if _in(words[0], ctx.question_words) or _in(words[0], ctx.wh_words):
            return True
        if not _ARABIC_LETTER.search(norm.text):
            return False
        # Arabic questions often go unpunctuated, open with "please" ("بالله فما تران؟") and
        # put the wh-word last ("التران وقتاش").
        if any(_in(w, ctx.question_words) or _in(w, ctx.wh_words) for w in words[1:ARABIC_QUESTION_LEAD + 1]):
            return True
        return len(words) > 1 and _in(words[-1], ctx.wh_words)

    # ----------------------------------------------------------------- rules

    def _apologise(self, hits: list[Hit], text: str, prev: NormText | None) -> list[_Found]:
        ctx = self._lex.context
        out = []
        for h in hits:
            before = self._words_before(text, h.start)
            if self._negated(before, ctx.negators) or self._reported(before):
                continue
            if "afwan" in h.entry.tags and prev is not None and len(_WORD.findall(text[:h.start])) <= 1:
                if self._has_thanks(prev):  # "عفواً" answering the other party's thanks: you're welcome
                    continue
            out.append(_found(h))
        return out

    def _formulaic_ok(self, h: Hit, text: str, words: Sequence[str], speaker_first_turn: bool,
                      hits: Sequence[Hit] = ()) -> bool:
        """Religious / formulaic phrases are thanks when they close a turn, not a request or a greeting.

        Closing: at most ``FORMULAIC_MAX_AFTER`` words follow. After an Arabic phrase they must
        be addressing or filler words (any context-list word), other thanks ("يعطيك العافية ما
        قصرت"), or say what the thanks are for ("... على المساعدة"); anything else makes the
        phrase a "please" opening a request ("يعيشك تسكرة لتونس").
        """
        ctx = self._lex.context
        # The sentence the phrase is in, and the sentence before it when that one is a question.
        before = text[:h.start]
        breaks = [m for m in _SENTENCE_BREAK.finditer(before)]
        sentence_start = breaks[-1].end() if breaks else 0
        prev_sentence_is_question = bool(breaks) and breaks[-1].group() == "?"
        rest = text[h.end:]
        stop = _SENTENCE_BREAK.search(rest)
        sentence = text[sentence_start:h.end + (stop.end() if stop else len(rest))]
        if prev_sentence_is_question or "?" in sentence:
            return False  # attached to a request or a question: "please"
        if _has_any(_WORD.findall(sentence), ctx.request_markers):
            return False
        after = list(_WORD.finditer(rest))
        if speaker_first_turn and (len(after) > FORMULAIC_MAX_AFTER or _has_any(words, ctx.greetings)):
            return False  # greeting at the start of the conversation
        if len(after) > FORMULAIC_MAX_AFTER:
            return False
        if after and _ARABIC_LETTER.search(text[h.start:h.end]) and not _in(after[0].group(), _THANKS_FOR):
            for m in after:
                pos = h.end + m.start()
                if _in(m.group(), ctx.all_words) or any(o.start <= pos < o.end for o in hits if o is not h):
                    continue
                return False
        return True

    def _thanks(self, hits: list[Hit], text: str, words: Sequence[str], speaker_first_turn: bool,
                verb_negators: frozenset[str]) -> list[_Found]:
        out = []
        for h in hits:
            if "formulaic" in h.entry.tags and not self._formulaic_ok(h, text, words, speaker_first_turn, hits):
                continue
            if "negatable" in h.entry.tags and self._negated(self._words_before(text, h.start), verb_negators):
                continue
            out.append(_found(h))
        return out

    def _contrast(self, found: list[_Found], text: str, complaints: list[_Found]) -> tuple[list[_Found], list[_Found]]:
        """"I appreciate ... but ..." from a customer: an objection (complaint), not gratitude."""
        keep, objections = [], []
        ctx = self._lex.context
        negators = ctx.negators | ctx.verb_negators
        for f in found:
            rest = text[f.end:]
            stop = _SENTENCE_BREAK.search(rest)
            clause = rest[: stop.start()] if stop else rest
            words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(clause)]
            idx = next((i for i, (w, _, _) in enumerate(words) if _in(w, ctx.contrast)), None)
            objection = idx is not None and len(words) - idx - 1 >= 2
            if objection and idx is not None and words[idx][0] in _WEAK_CONTRAST:
                tail = words[idx + 1:]
                tail_start, tail_end = f.end + tail[0][1], f.end + tail[-1][2]
                objection = (any(_in(w, negators) or w.endswith("n't") for w, _, _ in tail)
                             or any(_overlaps(tail_start, tail_end, c.start, c.end) for c in complaints))
            if objection and idx is not None:
                objections.append(_Found(f.start, f.end + words[idx][2], "context:thanks-but", 0.7))
            else:
                keep.append(f)
        return keep, objections

    def _negation_filter(self, hits: list[Hit], text: str) -> list[_Found]:
        ctx = self._lex.context
        negators = ctx.negators | ctx.verb_negators
        return [_found(h) for h in hits if not self._negated(self._words_before(text, h.start), negators)]

    def _tagged_negation_filter(self, hits: list[Hit], text: str) -> list[_Found]:
        """Drop only the hits of entries tagged "negatable" that follow a negator."""
        ctx = self._lex.context
        negators = ctx.negators | ctx.verb_negators
        return [_found(h) for h in hits
                if "negatable" not in h.entry.tags
                or not self._negated(self._words_before(text, h.start), negators)]

    def _yes_answer(self, norm: NormText, prev: NormText | None) -> _Found | None:
        """A short "yes" / "ايه" answering the other party's factual question is ``solve``."""
        if prev is None or "?" in norm.text or not self._is_question(prev):
            return None  # "نعم؟" is a pardon request, not an answer
        ctx = self._lex.context
        words = list(_WORD.finditer(norm.text))
        if not 1 <= len(words) <= 4 or not all(_in(m.group(), ctx.yes_words) or _in(m.group(), ctx.yes_fillers)
                                               for m in words):
            return None
        first = next((m for m in words if _in(m.group(), ctx.yes_words)), None)
        if first is None:
            return None
        return _Found(first.start(), first.end(), "context:yes-answer", CONTEXT_SCORE)

    @staticmethod
    def _question_segments(text: str) -> list[tuple[int, int, bool]]:
        """(start, end, marked) of the sentences of ``text`` that may be questions: those
        ending in "?" (marked), and, in Arabic text (often transcribed without punctuation),
        every other sentence too (unmarked; the rules then need more evidence)."""
        out = [(m.start(), m.end(), True) for m in _QUESTION.finditer(text)]
        if _ARABIC_LETTER.search(text):
            pos = 0
            for m in _SENTENCE_BREAK.finditer(text + "\n"):
                if m.group() != "?" and text[pos:m.start()].strip():
                    out.append((pos, m.start(), False))
                pos = m.end()
        return sorted(out)

    def _clarifying(self, norm: NormText, blocks: list[Hit], solve: list[_Found]) -> list[_Found]:
        """An agent's wh-question about the problem or the request is ``listen``.

        The wh-word leads the question (after fillers). In Arabic it may also stand inside a
        question marked with "?" ("المشكلة بدأت امتى؟"), and an unmarked Arabic sentence
        counts when it starts or ends with a wh-word ("وين ماشي", "ماشي لوين").
        """
        ctx = self._lex.context
        text = norm.text
        out = []
        for seg_start, seg_end, marked in self._question_segments(text):
            segment = text[seg_start:seg_end]
            words = list(_WORD.finditer(segment))
            if not words or len(words) > 14:
                continue
            lead = next((w for w in words if not _in(w.group(), ctx.yes_fillers)), None)
            if lead is None:
                continue
            first = lead
            if not _in(lead.group(), ctx.wh_words):
                if not _ARABIC_LETTER.search(segment):
                    continue
                if marked:
                    if next((w for w in words if _in(w.group(), ctx.wh_words)), None) is None:
                        continue
                elif len(words) < 2 or not _in(words[-1].group(), ctx.wh_words):
                    continue
                first = words[0]  # wh-word inside an Arabic question: quote the whole question
            start = seg_start + first.start()
            end = seg_end if marked else seg_start + words[-1].end()
            if any(_overlaps(start, end, b.start, b.end) for b in blocks):
                continue
            if any(_overlaps(start, end, s.start, s.end) for s in solve):
                continue
            out.append(_Found(start, end, "context:clarifying-question", CONTEXT_SCORE))
        return out

    def _echo(self, norm: NormText, prev: NormText | None, blocks: list[Hit], solve: list[_Found]) -> list[_Found]:
        """An Arabic question that repeats the customer's words back to confirm them
        ("لسوسة؟", "مرتين؟") is ``listen``: a short question ("?") sharing a content word with
        the customer's turn, or an unmarked turn of at most ``MAX_ECHO_UNMARKED`` words whose
        content words all come from it."""
        if prev is None or not _ARABIC_LETTER.search(norm.text):
            return []
        ctx = self._lex.context
        prev_stems = {_stem(w) for w in _WORD.findall(prev.text)}
        text = norm.text
        marked_any = "?" in text
        out = []
        for seg_start, seg_end, marked in self._question_segments(text):
            if not marked and marked_any:
                continue
            words = list(_WORD.finditer(text[seg_start:seg_end]))
            if not 1 <= len(words) <= (MAX_ECHO_WORDS if marked else MAX_ECHO_UNMARKED):
                continue
            content = [w.group() for w in words
                       if not _in(w.group(), ctx.all_words) and w.group() not in _AR_FUNCTION_WORDS
                       and (len(_stem(w.group())) >= 3 or w.group().isdigit())]
            shared = [w for w in content if _stem(w) in prev_stems]
            if not shared or (not marked and len(shared) < len(content)):
                continue
            start, end = seg_start + words[0].start(), seg_start + words[-1].end()
            if marked:
                end = seg_end
            if any(_overlaps(start, end, b.start, b.end) for b in blocks):
                continue
            if any(_overlaps(start, end, s.start, s.end) for s in solve):
                continue
            out.append(_Found(start, end, "context:echo-question", CONTEXT_SCORE))
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
        words = _WORD.findall(text)
        found: dict[Label, list[_Found]] = {}

        for label in allowed:
            hits = self._hits(norm, label)
            if label is Label.APOLOGISE:
                found[label] = self._apologise(hits, text, prev)
            elif label in (Label.THANK, Label.GRATITUDE):
                found[label] = self._thanks(hits, text, words, speaker_first_turn, ctx.negators | ctx.verb_negators)
            elif label in (Label.LISTEN, Label.SOLVE):
                found[label] = self._negation_filter(hits, text)
            else:
                found[label] = self._tagged_negation_filter(hits, text)

        if customer_side and found.get(Label.GRATITUDE):
            keep, objections = self._contrast(found[Label.GRATITUDE], text, found.get(Label.COMPLAINT, []))
            found[Label.GRATITUDE] = keep
            found[Label.COMPLAINT] = found.get(Label.COMPLAINT, []) + objections

        if agent_side:
            deflect, solve = found.get(Label.DEFLECT, []), found.get(Label.SOLVE, [])
            if deflect and solve:
                solve = [s for s in solve if not any(_overlaps(s.start, s.end, d.start, d.end) for d in deflect)]
                if any("redirect" in d.tags for d in deflect):
                    # Sending the customer to a third party is deflect even with its number or link
                    # (LABELING.md); only a solution of our own outweighs it.
                    solve = [s for s in solve if "contact" not in s.tags]
                if solve:  # a refusal that also offers an alternative is solve, not deflect
                    deflect = []
                found[Label.DEFLECT], found[Label.SOLVE] = deflect, solve
            if not found.get(Label.SOLVE) and not found.get(Label.DEFLECT):
                yes = self._yes_answer(norm, prev)
                if yes is not None:
                    found[Label.SOLVE] = [yes]
            if not found.get(Label.LISTEN) and ("?" in text or norm.language in ("ar", "mixed")):
                listen_blocks = self._blocks(norm, Label.LISTEN)
                found[Label.LISTEN] = self._clarifying(norm, listen_blocks, found.get(Label.SOLVE, []))
                if not found[Label.LISTEN]:
                    found[Label.LISTEN] = self._echo(norm, prev, listen_blocks, found.get(Label.SOLVE, []))

        labels = []
        for label in ALL_LABELS:
            items = found.get(label)
            if not items:
                continue
            labels.append(self._stage_label(turn, norm, label, items))
        return tuple(labels)

    def _stage_label(self, turn: Turn, norm: NormText, label: Label, items: list[_Found]) -> StageLabel:
        """One label with its evidence: trimmed spans, and a span inside a longer one of the same
        label dropped (a phrase and a regex, or a built-in and an organisation phrase, often quote
        the same words), so that each distinct piece of evidence counts once in the score."""
        text = norm.text
        spans: list[tuple[int, int, _Found]] = []
        for f in items:
            s, e = f.start, f.end
            while s < e and text[s].isspace():  # a regex entry may match surrounding spaces
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                spans.append((s, e, f))
        kept: list[tuple[int, int, _Found]] = []
        for s, e, f in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
            if not any(ks <= s and e <= ke for ks, ke, _ in kept):
                kept.append((s, e, f))
        evidence = []
        for s, e, f in kept:
            start, end = norm.raw_span(s, e)
            evidence.append(Evidence(turn_id=turn.id, quote=turn.text[start:end], span=(start, end),
                                     start=turn.start, end=turn.end, rule=f.rule))
        score = min(0.99, max(f.score for f in items) + 0.05 * max(0, len(evidence) - 1))
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
