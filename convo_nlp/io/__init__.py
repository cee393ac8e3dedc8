"""Transcript formats: read and write calls as json, jsonl, csv, tsv, vtt, srt, txt, rttm and Whisper JSON.

``read_calls`` detects the format from the file suffix and content and reports which one it used.
Conventions of every format: docs/formats.md.
"""

from convo_nlp.io.api import (
    DEFAULT_MAX_BYTES,
    ReadResult,
    output_format,
    read_calls,
    read_text,
    render_calls,
    write_calls,
)
from convo_nlp.io.atomic import atomic_write_text
from convo_nlp.io.detect import detect_format
from convo_nlp.io.registry import ALL_SUFFIXES, FORMAT_NAMES, FORMATS, canonical_name

__all__ = [
    "ALL_SUFFIXES", "DEFAULT_MAX_BYTES", "FORMATS", "FORMAT_NAMES", "ReadResult", "atomic_write_text",
    "canonical_name", "detect_format", "output_format", "read_calls", "read_text", "render_calls", "write_calls",
]
