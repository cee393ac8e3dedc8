"""Which files are recordings (by suffix); no heavy imports, so the CLI can ask cheaply."""

from __future__ import annotations

from pathlib import Path

AUDIO_SUFFIXES = (".wav", ".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wma", ".webm", ".mp4")


def is_audio_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in AUDIO_SUFFIXES
