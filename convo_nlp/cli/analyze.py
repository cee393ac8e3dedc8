"""`convo analyze`: transcripts in, LAST findings and scores out."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from convo_nlp.cli.common import ConfigOpt, FormatOpt, InputFormatOpt, MaxFileMbOpt, OutDirOpt, OutputFormat, SetOpt, stderr


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
    from convo_nlp.cli.batch import ResultSink, run_batch
    from convo_nlp.cli.inputs import expand_inputs
    from convo_nlp.cli.loading import load_transcripts
    from convo_nlp.cli.render import print_results, print_summary
    from convo_nlp.pipeline import Analyzer

    console = stderr()
    analyzer = Analyzer.from_config(config, set_ or ())
    sink = ResultSink(output_dir) if output_dir is not None else None
    outcome = run_batch(expand_inputs(inputs), partial(load_transcripts, input_format=input_format, max_bytes=max_file_mb * 1_000_000), analyzer.process,
                        console=console, sink=sink, verbose=verbose)
    print_results(outcome.results, fmt, outcome.failures)
    print_summary(outcome, console)
    if output_dir is not None:
        console.print(f"results written to {output_dir}/ (one JSON per call, summary.csv)", highlight=False)
    if outcome.failures:
        raise typer.Exit(1)

