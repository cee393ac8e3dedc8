"""The job shared by `convo analyze` and `convo score`: inputs -> batch -> outputs -> exit code."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import typer

from convo_nlp.cli.batch import ResultSink, run_batch
from convo_nlp.cli.common import OutputFormat, stderr
from convo_nlp.cli.inputs import expand_inputs
from convo_nlp.cli.loading import load_annotated, load_transcripts
from convo_nlp.cli.render import print_results, print_summary
from convo_nlp.pipeline import Analyzer


def run_job(
    inputs: Sequence[str],
    *,
    rescore: bool,
    fmt: OutputFormat,
    output_dir: Path | None,
    config: Path | None,
    overrides: Sequence[str],
    input_format: str | None,
    max_file_mb: int,
    verbose: bool,
) -> None:
    """Analyse (or, with ``rescore``, re-score annotated) calls; exit 1 if any input failed."""
    console = stderr()
    analyzer = Analyzer.from_config(config, overrides)
    sink = ResultSink(output_dir) if output_dir is not None else None
    loader = load_annotated if rescore else load_transcripts
    outcome = run_batch(
        expand_inputs(inputs, exclude=None if rescore else output_dir),
        partial(loader, input_format=input_format, max_bytes=max_file_mb * 1_000_000),
        analyzer.score if rescore else analyzer.process,
        console=console,
        sink=sink,
        verbose=verbose,
    )
    print_results(outcome.results, fmt, outcome.failures)
    print_summary(outcome, console, verb="scored" if rescore else "analysed")
    if output_dir is not None:
        console.print(f"results written to {output_dir}/ (one JSON per call, summary.csv)", highlight=False)
    if outcome.failures:
        raise typer.Exit(1)
