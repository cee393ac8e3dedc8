"""Options and helpers shared by the commands: one output-options helper for all of them."""

from __future__ import annotations

import enum
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

log = logging.getLogger("convo_nlp")


class OutputFormat(str, enum.Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="TOML config (see `convo init-config`).", show_default=False)
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a config key, e.g. --set interruptions.min_overlap=1.0 (repeatable)."),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="What to print on stdout.")]
OutDirOpt = Annotated[
    Path | None, typer.Option("--output-dir", "-o", help="Write one JSON per call plus summary.csv here.")
]
MaxFileMbOpt = Annotated[
    int, typer.Option("--max-file-mb", min=1, help="Refuse input files larger than this many megabytes.")
]
InputFormatOpt = Annotated[
    str | None, typer.Option("--input-format", "-i", help="Read inputs as this format instead of detecting it.")
]


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    """Console for tables on stdout; piped to a file it is 160 columns wide, not squeezed into 80."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=160)


def stdout_write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()
