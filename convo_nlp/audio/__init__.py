"""Recorded calls to transcripts: decoding, speech to text, who spoke when, turns.

    from convo_nlp.audio import CallTranscriber
    call = CallTranscriber().transcribe("call.wav").call

Importing this package is light; numpy, PyAV, faster-whisper and torch load when used.
"""

from __future__ import annotations

import importlib
from typing import Any

from convo_nlp.audio.formats import AUDIO_SUFFIXES, is_audio_path

_LAZY = {
    "CallTranscriber": "convo_nlp.audio.transcriber",
    "TranscribeOptions": "convo_nlp.audio.transcriber",
    "Transcription": "convo_nlp.audio.transcriber",
    "load_audio": "convo_nlp.audio.decode",
}

__all__ = ["AUDIO_SUFFIXES", "CallTranscriber", "TranscribeOptions", "Transcription", "is_audio_path", "load_audio"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'convo_nlp.audio' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
