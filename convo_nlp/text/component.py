"""The ``TextNormalizer`` pipeline component: language id and normalised text for every turn."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from convo_nlp.schema import Call, Turn
from convo_nlp.text.langid import call_language, detect_language
from convo_nlp.text.normalize import normalize


class TextNormalizer:
    """``Call -> Call``: sets each turn's ``language`` (when None) and ``norm_text``, and the
    call's ``language`` (when None) from the share of its turns' languages.

    The raw ``text`` is never touched; a new Call is returned (the input is not modified).
    """

    name: ClassVar[str] = "text.normalizer.v1"

    def normalize_turn(self, turn: Turn) -> Turn:
        language = turn.language if turn.language is not None else detect_language(turn.text)
        norm = normalize(turn.text, language)
        if turn.language == language and turn.norm_text == norm.text:
            return turn
        return dataclasses.replace(turn, language=language, norm_text=norm.text)

    def __call__(self, call: Call) -> Call:
        turns = tuple(self.normalize_turn(t) for t in call.turns)
        language = call.language if call.language is not None else call_language(t.language for t in turns)
        return dataclasses.replace(call, turns=turns, language=language)
