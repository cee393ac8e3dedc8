"""WebVTT and SRT subtitles: each cue becomes a timed turn; the speaker comes from ``<v Name>`` or ``Name:``."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from convo_nlp.errors import SchemaError
from convo_nlp.io._common import (
    Source,
    format_clock,
    log,
    make_turn,
    one_call,
    parse_time,
    relocate,
    require_times,
    split_speaker,
    writable_speaker,
)
from convo_nlp.schema import Call, Turn

VTT_SUFFIXES = (".vtt", ".webvtt")
SRT_SUFFIXES = (".srt",)
DEFAULT_SPEAKER = "SPEAKER_00"

_TIMING = re.compile(r"^\s*(?P<a>\d[\d:.,]*)\s*-->\s*(?P<b>\d[\d:.,]*)(?:\s.*)?$")
_VOICE = re.compile(r"^\s*<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>")
_VTT_TAG = re.compile(r"<[^>]*>")
_SRT_TAG = re.compile(r"</?[A-Za-z][^>]*>|\{\\[^}]*\}")
_SKIP_BLOCK = re.compile(r"^(NOTE|STYLE|REGION)(\s|$)")
_SRT_TIMING_HEAD = re.compile(r"^\s*\d+\s*\n\s*\d+:\d{2}:\d{2},\d{1,3}\s*-->")
_TIME_HINT = "use hh:mm:ss.mmm (WebVTT) or hh:mm:ss,mmm (SRT)"


@dataclass
class _Cue:
    line: int
    ident: str | None
    start: float
    end: float
    payload: list[str]


def _blocks(lines: list[str], first: int) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first
    for offset, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first + offset
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _parse_cues(text: str, src: Source, fmt: str) -> tuple[list[_Cue], str | None]:
    lines = text.split("\n")
    language: str | None = None
    first = 1
    if fmt == "vtt":
        head = lines[0].lstrip("\ufeff") if lines else ""
        if head.startswith("WEBVTT"):
            # The header runs up to the first blank line; "Language: xx" there names the call's language.
            header_end = next((i for i, ln in enumerate(lines) if not ln.strip()), len(lines))
            for ln in lines[1:header_end]:
                key, _, value = ln.partition(":")
                if key.strip().lower() == "language" and value.strip():
                    language = value.strip()
            lines, first = lines[header_end:], header_end + 1
        else:
            log.warning("%s: no WEBVTT header line; reading the cues anyway", src.name)
    cues: list[_Cue] = []
    for lineno, block in _blocks(lines, first):
        if _TIMING.match(block[0]):
            ident, timing, payload, tline = None, block[0], block[1:], lineno
        elif len(block) > 1 and _TIMING.match(block[1]):
            ident, timing, payload, tline = block[0].strip(), block[1], block[2:], lineno + 1
        elif fmt == "vtt" and _SKIP_BLOCK.match(block[0]):
            continue
        elif cues:  # a blank line inside a cue's text: keep the text with that cue
            log.warning("%s: line %d has text but no cue timing; added to the cue before it", src.name, lineno)
            cues[-1].payload.extend(block)
            continue
        else:
            raise src.error(f"line {lineno}: expected a cue timing line 'start --> end', got {block[0][:40]!r}",
                            hint=_TIME_HINT, cls=SchemaError)
        m = _TIMING.match(timing)
        assert m is not None
        try:
            start, end = parse_time(m.group("a")), parse_time(m.group("b"))
        except ValueError as exc:
            raise src.error(f"line {tline}: bad cue time: {exc}", hint=_TIME_HINT, cls=SchemaError) from None
        cues.append(_Cue(tline, ident, start, end, payload))
    return cues, language


def _segments(payload: list[str], fmt: str) -> list[tuple[str | None, str]]:
    """The (speaker, text) parts of a cue: a new part starts at each line that names a new speaker."""
    parts: list[list[str | None]] = []
    for raw in payload:
        speaker: str | None = None
        body = raw
        voice = _VOICE.match(raw)
        if voice:
            speaker = (voice.group("name") or "").strip()
            speaker = html.unescape(speaker) if fmt == "vtt" else speaker
            body = raw[voice.end():]
        if fmt == "vtt":
            body = html.unescape(_VTT_TAG.sub("", body))
        else:
            body = _SRT_TAG.sub("", body)
        body = body.strip()
        if not voice:
            found = split_speaker(body)
            if found:
                speaker, body = found
        if parts and (speaker is None or speaker == parts[-1][0]):
            parts[-1][1] = f"{parts[-1][1]} {body}".strip()
        else:
            parts.append([speaker or None, body])
    return [(p[0], p[1] or "") for p in parts]


def _read(text: str, src: Source, fmt: str) -> list[Call]:
    cues, language = _parse_cues(text, src, fmt)
    if not cues:
        raise src.error("no cues found (a cue is a 'start --> end' timing line followed by its text)",
                        hint=_TIME_HINT)
    turns: list[Turn] = []
    previous = DEFAULT_SPEAKER
    for cue in cues:
        for k, (speaker, body) in enumerate(_segments(cue.payload, fmt) or [(None, "")]):
            speaker = speaker or previous  # an unnamed cue continues with the last speaker
            previous = speaker
            ident = cue.ident if k == 0 or cue.ident is None else f"{cue.ident}.{k}"
            try:
                turns.append(make_turn(len(turns), speaker, body, turn_id=ident, start=cue.start, end=cue.end))
            except SchemaError as exc:
                raise relocate(exc, f"line {cue.line}", src) from None
    ids = [t.id for t in turns]
    if len(set(ids)) != len(ids):
        log.warning("%s: cue identifiers repeat; numbering the turns t0, t1, … instead", src.name)
        turns = [replace(t, id=f"t{i}") for i, t in enumerate(turns)]
    return [Call(id=src.stem, turns=tuple(turns), language=language, source=src.name)]


def _cue_id_ok(turn_id: str) -> bool:
    return bool(turn_id.strip()) and "-->" not in turn_id and "\n" not in turn_id and not _SKIP_BLOCK.match(turn_id)


def _payload(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()] or [""]


def render_vtt(calls: Sequence[Call]) -> str:
    call = one_call(calls, "vtt")
    require_times(call, "vtt")
    out = ["WEBVTT"]
    if call.language:
        out.append(f"Language: {call.language}")
    out.append("")
    for t in call.turns:
        assert t.start is not None and t.end is not None
        if _cue_id_ok(t.id):
            out.append(t.id.strip())
        out.append(f"{format_clock(t.start)} --> {format_clock(t.end)}")
        lines = [html.escape(ln, quote=False) for ln in _payload(t.text)]
        voice = f"<v {html.escape(' '.join(t.speaker.split()), quote=False)}>" if t.speaker.strip() else ""
        out.append(voice + lines[0])
        out.extend(lines[1:])
        out.append("")
    return "\n".join(out)


def render_srt(calls: Sequence[Call]) -> str:
    call = one_call(calls, "srt")
    require_times(call, "srt")
    out: list[str] = []
    for n, t in enumerate(call.turns, start=1):
        assert t.start is not None and t.end is not None
        lines = _payload(t.text)
        prefix = f"{writable_speaker(t.speaker, 'srt')}: " if t.speaker.strip() else ""
        out += [str(n), f"{format_clock(t.start, ',')} --> {format_clock(t.end, ',')}",
                (prefix + lines[0]).rstrip(), *lines[1:], ""]
    return "\n".join(out)


def read_vtt(text: str, src: Source) -> list[Call]:
    return _read(text, src, "vtt")


def read_srt(text: str, src: Source) -> list[Call]:
    return _read(text, src, "srt")


def sniff_vtt(head: str) -> int:
    if re.match(r"WEBVTT(\s|$)", head.lstrip("\ufeff")):
        return 2
    return 1 if re.search(r"^\s*(\d+:)?\d{2}:\d{2}\.\d{3}\s*-->", head, re.MULTILINE) else 0


def sniff_srt(head: str) -> int:
    body = head.lstrip("\ufeff\n \t")
    if _SRT_TIMING_HEAD.match(body):
        return 2
    return 1 if re.search(r"^\s*\d+:\d{2}:\d{2},\d{1,3}\s*-->", head, re.MULTILINE) else 0
