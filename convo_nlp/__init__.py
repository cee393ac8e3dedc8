"""convo_nlp: score Arabic and English customer-service calls against LAST
(Listen, Apologise, Solve, Thank).

    from convo_nlp import Analyzer, read_calls
    analyzer = Analyzer.from_config()          # or Analyzer.from_config("convo.toml")
    for call in read_calls("call.vtt").calls:
        report = analyzer.analyze(call)
        print(report.score, report.band)

Importing this package is light: heavy libraries (spaCy, torch, transformers) load only
when a component that needs them is built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from convo_nlp._version import __version__

_LAZY = {
    "Analyzer": "convo_nlp.pipeline",
    "Analysis": "convo_nlp.pipeline",
    "Config": "convo_nlp.config",
    "read_calls": "convo_nlp.io",
    "write_calls": "convo_nlp.io",
    "build_classifier": "convo_nlp.registry",
    "load_classifier": "convo_nlp.classify.api",
    "Call": "convo_nlp.schema",
    "Turn": "convo_nlp.schema",
    "Word": "convo_nlp.schema",
    "CallReport": "convo_nlp.schema",
    "Event": "convo_nlp.schema",
    "Evidence": "convo_nlp.schema",
    "Label": "convo_nlp.schema",
    "Role": "convo_nlp.schema",
    "StageLabel": "convo_nlp.schema",
    "ConvoNLPError": "convo_nlp.errors",
}

__all__ = [
    "Analysis", "Analyzer", "Call", "CallReport", "Config", "ConvoNLPError", "Event", "Evidence", "Label",
    "Role", "StageLabel", "Turn", "Word", "__version__", "build_classifier", "load_classifier", "read_calls",
    "write_calls",
]

if TYPE_CHECKING:
    from convo_nlp.classify.api import load_classifier
    from convo_nlp.config import Config
    from convo_nlp.errors import ConvoNLPError
    from convo_nlp.io import read_calls, write_calls
    from convo_nlp.pipeline import Analysis, Analyzer
    from convo_nlp.registry import build_classifier
    from convo_nlp.schema import Call, CallReport, Event, Evidence, Label, Role, StageLabel, Turn, Word


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'convo_nlp' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
