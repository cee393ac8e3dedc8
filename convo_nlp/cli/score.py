"""`convo score`: re-score analysed calls with a (possibly different) scorecard, without re-classifying."""

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


def score(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Results of `convo analyze` (JSON/JSONL, or its -o folder), or transcripts that already carry labels.",
            show_default=False,
        ),
    ],
    fmt: FormatOpt = OutputFormat.table,
    output_dir: OutDirOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    input_format: InputFormatOpt = None,
    max_file_mb: MaxFileMbOpt = 200,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for failures.")] = False,
) -> None:
    """Score already-labelled calls against a scorecard: the labels are kept, findings and score recomputed.

    Use it to try a new scorecard on last week's analysis without running the classifier again."""
    from convo_nlp.cli.job import run_job

    run_job(
        inputs,
        rescore=True,
        fmt=fmt,
        output_dir=output_dir,
        config=config,
        overrides=set_ or (),
        input_format=input_format,
        max_file_mb=max_file_mb,
        verbose=verbose,
    )
