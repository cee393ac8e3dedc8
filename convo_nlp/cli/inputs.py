"""Turn the INPUT arguments (files, folders, globs, "-") into a list of sources."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from convo_nlp.audio.formats import AUDIO_SUFFIXES
from convo_nlp.io import ALL_SUFFIXES as TRANSCRIPT_SUFFIXES

INPUT_SUFFIXES = (*TRANSCRIPT_SUFFIXES, *AUDIO_SUFFIXES)

STDIN = "-"
# Files a previous run wrote into an output folder; never taken as input.
OUTPUT_NAMES = frozenset({"summary.csv", "failures.csv"})


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a path, or stdin (``path is None``); ``missing`` explains an input that is not there."""

    name: str
    path: Path | None
    missing: str | None = None


def expand_inputs(
    items: Sequence[str], suffixes: Sequence[str] = INPUT_SUFFIXES, exclude: Path | None = None
) -> list[Source]:
    """Sources in argument order; a folder gives its transcript and audio files (sorted, recursive), leaving
    out hidden files and ``exclude`` (the output folder, so a re-run never reads its own results)."""
    skip = exclude.resolve() if exclude is not None else None
    sources: list[Source] = []
    for item in items:
        if item == STDIN:
            sources.append(Source("<stdin>", None))
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and p.name not in OUTPUT_NAMES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and (skip is None or skip not in p.resolve().parents)
            )
            if not found:
                what = f"no transcript or audio files ({', '.join(suffixes)}) in this folder"
                sources.append(Source(item, path, what))
            sources.extend(Source(str(p), p) for p in found)
        elif path.is_file():
            sources.append(Source(item, path))
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                sources.append(Source(item, None, "no file matches this pattern"))
            sources.extend(Source(str(p), p) for p in matches)
        else:
            sources.append(Source(item, None, "no such file or folder"))
    return sources
