"""Bytes → text, with one clear error for files that are missing, too big, binary or not UTF-8."""

from __future__ import annotations

import codecs
from pathlib import Path

from convo_nlp.errors import InputError

_REENCODE_HINT = (
    "re-save the file as UTF-8 (e.g. 'Save as… → UTF-8' in your editor, or "
    "'iconv -f CP1256 -t UTF-8 in.txt > out.txt' for Arabic Windows files)"
)

# Leading bytes of common non-text files, to name what was given instead of a transcript.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF/WAV audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"OggS", "an Ogg audio file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "an SQLite database"),
)
_AUDIO_HINT = "convo_nlp reads transcripts, not audio: transcribe it first (e.g. WhisperX JSON) and pass that"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_file_bytes(path: Path, max_bytes: int, name: str | None = None) -> bytes:
    """The file's bytes; InputError if it is missing, a directory, unreadable or over ``max_bytes``."""
    shown = name or str(path)
    if not path.exists():
        raise InputError("file not found", path=shown, hint="check the path and file name")
    if path.is_dir():
        raise InputError("is a directory, not a transcript file", path=shown, hint="pass a file path")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_big(size, max_bytes, shown)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=shown,
                         hint="check that it exists and that you may read it") from exc
    if len(data) > max_bytes:  # grew, or a pipe whose size stat() cannot tell
        raise _too_big(len(data), max_bytes, shown)
    return data


def _too_big(size: int, max_bytes: int, name: str) -> InputError:
    return InputError(
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
        path=name,
        hint="split it into smaller files, or raise the limit with --max-file-mb (read_calls(..., max_bytes=N))",
    )


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 (BOM optional) or UTF-16/32 with a BOM → text with ``\\n`` line ends.

    Raises InputError naming the byte offset for anything else, and for binary files.
    """
    if not data:
        raise InputError("input is empty" if name.startswith("<") else "file is empty", path=name,
                         hint="export the transcript again; an empty file holds no calls")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"is not valid {codec.upper()} despite its byte-order mark (bad bytes at offset {exc.start})",
                    path=name, hint=_REENCODE_HINT,
                ) from None
            return normalize_newlines(text.lstrip("\ufeff"))
    _reject_binary(data, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.start + 1].hex().upper()
        raise InputError(
            f"is not valid UTF-8: byte 0x{bad} at offset {exc.start} (line {line})",
            path=name, hint=_REENCODE_HINT,
        ) from None
    return normalize_newlines(text)


def _what_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:  # MPEG frame sync (no ID3 tag)
        return "an MP3/AAC audio file"
    if data[4:8] == b"ftyp":
        return "an MP4/M4A media file"
    return None


def _reject_binary(data: bytes, name: str) -> None:
    what = _what_binary(data)
    if what is not None:
        media = "audio" in what or "media" in what
        raise InputError(
            f"is {what}, not a text transcript", path=name,
            hint=_AUDIO_HINT if media else "export the transcript as UTF-8 text (.txt/.json/.csv/.vtt …)",
        )
    sample = data[:8192]
    nul = sample.find(b"\x00")
    if nul < 0:
        return
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and (even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)):
        raise InputError("looks like UTF-16 text without a byte-order mark", path=name, hint=_REENCODE_HINT)
    raise InputError(
        f"looks like a binary file (NUL byte at offset {nul}), not a text transcript", path=name,
        hint="pass the transcript itself, saved as UTF-8 text",
    )


def normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
