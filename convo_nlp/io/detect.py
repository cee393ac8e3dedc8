"""Which format a file is in: its suffix first, then what its first kilobytes look like."""

from __future__ import annotations

from pathlib import Path

from convo_nlp.errors import UnknownFormatError
from convo_nlp.io._common import log
from convo_nlp.io.registry import ALL_SUFFIXES, FORMAT_NAMES, FORMATS, format_for_suffix

# Tie-break among equally sure sniffers: the most specific formats first, free text last.
_PRIORITY = ("vtt", "whisper", "json", "jsonl", "rttm", "srt", "tsv", "csv", "txt")
_JSON_FAMILY = frozenset({"json", "jsonl", "whisper"})
HEAD_CHARS = 1 << 20


def sniff_scores(head: str) -> dict[str, int]:
    return {name: FORMATS[name].sniff(head) for name in _PRIORITY}


def detect_from_content(head: str) -> tuple[str | None, int]:
    """The best-matching format for ``head`` and its score (0: nothing matched)."""
    scores = sniff_scores(head)
    best = max(_PRIORITY, key=lambda name: scores[name])  # max keeps the first of equal scores
    return (best, scores[best]) if scores[best] > 0 else (None, 0)


def unknown_format_error(path: str, why: str) -> UnknownFormatError:
    return UnknownFormatError(
        why,
        path=path,
        hint=f"supported suffixes: {' '.join(ALL_SUFFIXES)}; or pass --input-format "
             f"({', '.join(FORMAT_NAMES)})",
    )


def detect_format(path: Path | str, head: str) -> str:
    """The format of the file at ``path`` whose text starts with ``head``.

    The suffix decides, except that ``.json`` is told apart (native / JSON Lines / Whisper) by content,
    and content that is surely another format wins over a ``.txt`` suffix or over a suffix whose format
    it cannot be. Raises UnknownFormatError when neither suffix nor content names a format.
    """
    p = Path(path)
    by_suffix = format_for_suffix(p)
    by_content, score = detect_from_content(head)
    if by_suffix is None:
        # An unknown suffix (.md, .yml …) needs sure content; a bare name may go by a likely match.
        if by_content is None or (p.suffix and score < 2):
            suffix = f"suffix {p.suffix!r} is not a known one" if p.suffix else "the file name has no suffix"
            raise unknown_format_error(str(path), f"cannot tell the format: {suffix} and the content matches none")
        log.debug("%s: no known suffix; content looks like %s", path, by_content)
        return by_content
    if by_content is None or by_content == by_suffix or score < 2:
        return by_suffix
    if by_suffix == "json" and by_content in _JSON_FAMILY:
        return by_content
    if by_suffix == "txt" or FORMATS[by_suffix].sniff(head) == 0:
        log.info("%s: the suffix says %s but the content is %s; reading it as %s", path, by_suffix, by_content,
                 by_content)
        return by_content
    return by_suffix
