"""The model cache shared by every component that builds models (speech, encoders): where it is,
how a build is staged, and checksums."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from convo_nlp.errors import ModelError


def cache_home() -> Path:
    """``$CONVO_NLP_HOME``, else the platform's cache directory + ``convo_nlp``."""
    env = os.environ.get("CONVO_NLP_HOME")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "convo_nlp"


def package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def staging_dir(target: Path) -> Path:
    """A new empty folder beside ``target`` to build into, then rename over it (readable by all, so
    that a shared cache works for every user)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        tmp.chmod(0o755)
    except OSError as exc:
        raise ModelError(
            f"cannot write the model cache: {exc.strerror}", path=str(target.parent), hint="set CONVO_NLP_HOME"
        ) from None
    return tmp


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 4 MiB pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()
