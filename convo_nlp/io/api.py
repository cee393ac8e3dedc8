"""Read and write calls in any supported format: the functions the CLI and pipeline use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from convo_nlp.errors import ConvoNLPError, InputError, UnknownFormatError
from convo_nlp.io._common import Source, log
from convo_nlp.io.atomic import atomic_write_text
from convo_nlp.io.decode import decode_bytes, normalize_newlines, read_file_bytes
from convo_nlp.io.detect import HEAD_CHARS, detect_format, detect_from_content, unknown_format_error
from convo_nlp.io.registry import ALL_SUFFIXES, FORMAT_NAMES, canonical_name, format_for_suffix, get_spec
from convo_nlp.schema import Call

DEFAULT_MAX_BYTES = 200_000_000


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The calls read from one file, the format they were read as, and the file's path."""

    calls: tuple[Call, ...]
    format: str
    path: str


def _stem(name: str) -> str:
    if name.startswith("<") and name.endswith(">"):
        return name.strip("<>") or "stdin"
    return Path(name).stem or "call"


def _require_content(text: str, name: str) -> None:
    if not text:
        raise InputError("input is empty", path=name, hint="pipe a transcript in, or pass a file path")
    if not text.strip():
        raise InputError("file contains only whitespace", path=name,
                         hint="export the transcript again; a blank file holds no calls")


def _parse(text: str, fmt: str, name: str) -> tuple[Call, ...]:
    _require_content(text, name)
    spec = get_spec(fmt)
    src = Source(name=name, stem=_stem(name))
    try:
        calls = spec.read(text, src)
    except ConvoNLPError as exc:
        if exc.path is None:
            raise type(exc)(exc.message, path=name, hint=exc.hint) from exc
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # A reader bug or an input shape nobody foresaw: still one clear line, never a raw traceback.
        log.debug("%s: unexpected %s while reading as %s", name, type(exc).__name__, fmt, exc_info=True)
        raise InputError(f"could not be read as {spec.name}: {type(exc).__name__}: {exc}", path=name,
                         hint=f"check it against docs/formats.md, or pass another --input-format "
                              f"({', '.join(FORMAT_NAMES)})") from exc
    if not calls:
        raise InputError(f"no calls found in this {spec.name} file", path=name, hint="see docs/formats.md")
    log.debug("%s: read %d call(s) as %s", name, len(calls), spec.name)
    return tuple(calls)


def _format_name(fmt: str, name: str) -> str:
    try:
        return canonical_name(fmt)
    except UnknownFormatError as exc:
        raise UnknownFormatError(exc.message, path=name, hint=exc.hint) from None


def read_calls(path: str | Path, fmt: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read every call in ``path``; ``fmt`` None detects the format from suffix and content."""
    p = Path(path)
    name = str(path)
    if fmt is not None:
        fmt = _format_name(fmt, name)
    text = decode_bytes(read_file_bytes(p, max_bytes, name), name)
    _require_content(text, name)
    if fmt is None:
        fmt = detect_format(p, text[:HEAD_CHARS])
    return ReadResult(calls=_parse(text, fmt, name), format=fmt, path=name)


def read_text(text: str | bytes, fmt: str | None = None, *, name: str = "<stdin>") -> ReadResult:
    """Read calls from text in memory (e.g. stdin); the format is detected from content only.

    Bytes (``sys.stdin.buffer.read()``) are decoded like a file, with the same clear encoding errors.
    """
    text = decode_bytes(text, name) if isinstance(text, bytes) else normalize_newlines(text.lstrip("\ufeff"))
    _require_content(text, name)
    if fmt is not None:
        fmt = _format_name(fmt, name)
    else:
        found, _score = detect_from_content(text[:HEAD_CHARS])
        if found is None:
            raise unknown_format_error(name, "cannot tell the format from the content")
        fmt = found
    return ReadResult(calls=_parse(text, fmt, name), format=fmt, path=name)


def render_calls(calls: Sequence[Call], fmt: str) -> str:
    """The whole text of a ``fmt`` file holding ``calls``."""
    return get_spec(fmt).render(list(calls))


def output_format(path: str | Path, fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` if given, else the one its suffix names."""
    if fmt is not None:
        return _format_name(fmt, str(path))
    found = format_for_suffix(Path(path))
    if found is None:
        raise UnknownFormatError(
            f"cannot tell the output format from the suffix {Path(path).suffix!r}",
            path=str(path),
            hint=f"use one of {' '.join(ALL_SUFFIXES)}, or pass the format ({', '.join(FORMAT_NAMES)})",
        )
    return found


def write_calls(calls: Sequence[Call], path: str | Path, fmt: str | None = None) -> None:
    """Write ``calls`` to ``path`` atomically, in ``fmt`` or the format its suffix names."""
    chosen = output_format(path, fmt)
    try:
        text = render_calls(calls, chosen)
    except ConvoNLPError as exc:
        if exc.path is None:
            raise type(exc)(exc.message, path=str(path), hint=exc.hint) from exc
        raise
    atomic_write_text(path, text)
