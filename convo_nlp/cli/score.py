"""`convo score`: re-score analysed calls with a (possibly different) scorecard, without re-classifying."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from convo_nlp.cli.common import ConfigOpt, FormatOpt, InputFormatOpt, MaxFileMbOpt, OutDirOpt, OutputFormat, SetOpt, stderr


def score(
    inputs: Annotated[list[str], typer.Argument(help="Results of `convo analyze` (JSON/JSONL, or its -o folder), "
                                                "or transcripts that already carry labels.", show_default=False)],
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
    from convo_nlp.cli.batch import ResultSink, run_batch
    from convo_nlp.cli.inputs import expand_inputs
    from convo_nlp.cli.loading import load_annotated
    from convo_nlp.cli.render import print_results, print_summary
    from convo_nlp.pipeline import Analyzer

    console = stderr()
    analyzer = Analyzer.from_config(config, set_ or ())
    sink = ResultSink(output_dir) if output_dir is not None else None
    outcome = run_batch(expand_inputs(inputs), partial(load_annotated, input_format=input_format, max_bytes=max_file_mb * 1_000_000), analyzer.score,
                        console=console, sink=sink, verbose=verbose)
    print_results(outcome.results, fmt, outcome.failures)
    print_summary(outcome, console, verb="scored")
    if outcome.failures:
        raise typer.Exit(1)
