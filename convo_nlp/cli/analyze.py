"""`convo analyze`: transcripts in, LAST findings and scores out."""

from __future__ import annotations

from typing import Annotated

import typer

from convo_nlp.cli.common import (
    ConfigOpt,
    FormatOpt,
    InputFormatOpt,
    MaxFileMbOpt,
    OutDirOpt,
    OutputFormat,
    SetOpt,
)


def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.", show_default=False)],
    fmt: FormatOpt = OutputFormat.table,
    output_dir: OutDirOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    input_format: InputFormatOpt = None,
    max_file_mb: MaxFileMbOpt = 200,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for failures.")] = False,
) -> None:
    """Analyse call transcripts: LAST stages, findings, a 0-100 score and the evidence, per call.

    Exits 1 if any input failed (the others are still analysed and written)."""
    from convo_nlp.cli.job import run_job

    run_job(
        inputs,
        rescore=False,
        fmt=fmt,
        output_dir=output_dir,
        config=config,
        overrides=set_ or (),
        input_format=input_format,
        max_file_mb=max_file_mb,
        verbose=verbose,
    )
