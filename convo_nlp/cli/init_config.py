"""`convo init-config`: write the default configuration, with comments, to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from convo_nlp.cli.common import stderr


def init_config(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path("convo.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write the default config (pipeline, lexicon phrases, interruptions, scorecard) to edit."""
    from convo_nlp.config import default_config_text
    from convo_nlp.errors import ConfigError
    from convo_nlp.io import atomic_write_text

    if path.exists() and not force:
        raise ConfigError("file exists", path=str(path), hint="pass --force to overwrite it")
    atomic_write_text(path, default_config_text())
    stderr().print(f"wrote {path}; use it with: convo analyze --config {path} …", highlight=False)
