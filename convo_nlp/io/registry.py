"""Format name → reader, writer, file suffixes and content sniffer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from convo_nlp.errors import UnknownFormatError
from convo_nlp.io import delimited, jsonl, native_json, plaintext, rttm, subtitles, whisper_json
from convo_nlp.io._common import Source
from convo_nlp.schema import Call

Reader = Callable[[str, Source], list[Call]]
Renderer = Callable[[Sequence[Call]], str]
Sniffer = Callable[[str], int]


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One transcript format. ``sniff(head)`` says 0 (not this), 1 (could be) or 2 (surely this)."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    render: Renderer
    sniff: Sniffer
    description: str


_SPECS = (
    FormatSpec("json", native_json.SUFFIXES, native_json.read, native_json.render, native_json.sniff,
               "convo_nlp call JSON (one call, a list, or {\"calls\": [...]})"),
    FormatSpec("jsonl", jsonl.SUFFIXES, jsonl.read, jsonl.render, jsonl.sniff,
               "JSON Lines: one call per line, or one turn per line with call_id"),
    FormatSpec("csv", delimited.CSV_SUFFIXES, delimited.read_csv, delimited.render_csv, delimited.sniff_csv,
               "comma-separated, one turn per row"),
    FormatSpec("tsv", delimited.TSV_SUFFIXES, delimited.read_tsv, delimited.render_tsv, delimited.sniff_tsv,
               "tab-separated, one turn per row"),
    FormatSpec("vtt", subtitles.VTT_SUFFIXES, subtitles.read_vtt, subtitles.render_vtt, subtitles.sniff_vtt,
               "WebVTT subtitles"),
    FormatSpec("srt", subtitles.SRT_SUFFIXES, subtitles.read_srt, subtitles.render_srt, subtitles.sniff_srt,
               "SubRip subtitles"),
    FormatSpec("txt", plaintext.SUFFIXES, plaintext.read, plaintext.render, plaintext.sniff,
               "plain 'Speaker: text' dialogue"),
    FormatSpec("rttm", rttm.SUFFIXES, rttm.read, rttm.render, rttm.sniff, "RTTM diarisation (times, no text)"),
    FormatSpec("whisper", whisper_json.SUFFIXES, whisper_json.read, whisper_json.render, whisper_json.sniff,
               "faster-whisper / WhisperX JSON"),
)

FORMATS: dict[str, FormatSpec] = {spec.name: spec for spec in _SPECS}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
SUFFIX_TO_FORMAT: dict[str, str] = {suffix: spec.name for spec in _SPECS for suffix in spec.suffixes}
ALL_SUFFIXES: tuple[str, ...] = tuple(SUFFIX_TO_FORMAT)

# Other spellings accepted for a format name (CLI --input-format / --output-format).
ALIASES: dict[str, str] = {
    "ndjson": "jsonl", "json-lines": "jsonl", "jsonlines": "jsonl", "webvtt": "vtt", "subrip": "srt",
    "text": "txt", "plain": "txt", "whisperx": "whisper", "faster-whisper": "whisper", "native": "json",
}


def canonical_name(fmt: str) -> str:
    """``"WebVTT"`` → ``"vtt"``; UnknownFormatError naming the choices for anything unknown."""
    key = fmt.strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMAT_NAMES)}")
    return key


def get_spec(fmt: str) -> FormatSpec:
    return FORMATS[canonical_name(fmt)]


def format_for_suffix(path: Path) -> str | None:
    """The format a file name's suffix names, or None (``x.vtt.txt`` counts by its last suffix)."""
    return SUFFIX_TO_FORMAT.get(path.suffix.lower())
