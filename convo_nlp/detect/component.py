"""The detection stage: all call-level findings put on the call as events."""

from __future__ import annotations

import dataclasses

from convo_nlp.config import InterruptionConfig, SilenceConfig
from convo_nlp.detect.backchannels import BackchannelMatcher
from convo_nlp.detect.interruptions import InterruptionDetector
from convo_nlp.detect.metrics import detect_long_silences
from convo_nlp.detect.omissions import detect_omissions
from convo_nlp.detect.order import detect_stage_order
from convo_nlp.schema import Call, Provenance


class FindingsDetector:
    """``Call -> Call``: replaces ``call.events`` with interruptions, omissions, stage order
    problems and long silences, in that order."""

    name = "findings.v1"

    def __init__(self, interruptions: InterruptionConfig | None = None, silence: SilenceConfig | None = None) -> None:
        interruptions = interruptions or InterruptionConfig()
        self.silence = silence or SilenceConfig()
        self.interruptions = InterruptionDetector(
            min_overlap=interruptions.min_overlap,
            backchannels=BackchannelMatcher(interruptions.extra_backchannels, interruptions.backchannel_max_words),
        )

    def __call__(self, call: Call) -> Call:
        events = (
            self.interruptions.detect(call)
            + detect_omissions(call)
            + detect_stage_order(call)
            + detect_long_silences(call, self.silence.long_silence)
        )
        prov = Provenance(stage="detect", component=self.name)
        return dataclasses.replace(call, events=tuple(events), provenance=call.provenance + (prov,))
