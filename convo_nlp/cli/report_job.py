"""The work of `convo report`: results are re-scored as they are, anything else analysed, then
the HTML is written."""

from __future__ import annotations

import time
import webbrowser
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import typer

from convo_nlp.cli.batch import run_batch
from convo_nlp.cli.common import stderr
from convo_nlp.cli.inputs import expand_inputs
from convo_nlp.cli.job import recording_or_text_loader
from convo_nlp.cli.loading import load_annotated
from convo_nlp.pipeline import Analysis, Analyzer
from convo_nlp.report import write_report
from convo_nlp.schema import Call


def run_report(
    inputs: Sequence[str],
    *,
    output_dir: Path,
    open_browser: bool,
    title: str,
    config: Path | None,
    overrides: Sequence[str],
    input_format: str | None,
    max_bytes: int,
    rttm: Path | None,
    verbose: bool,
) -> None:
    console = stderr()
    started = time.perf_counter()
    analyzer = Analyzer.from_config(config, overrides)
    sources = expand_inputs(inputs, exclude=output_dir)
    text = partial(load_annotated, input_format=input_format, max_bytes=max_bytes)
    load = recording_or_text_loader(analyzer, sources, text, input_format, rttm)

    def handle(call: Call) -> Analysis:
        """A call that is already labelled (a result of `convo analyze`) is only re-scored."""
        if any(p.stage == "classify" for p in call.provenance):
            return analyzer.score(call)
        return analyzer.process(call)

    outcome = run_batch(sources, load, handle, console=console, verbose=verbose)
    files = write_report(outcome.results, output_dir, title)
    failed = f"; [red]{len(outcome.failures)} failed[/]" if outcome.failures else ""
    seconds = time.perf_counter() - started
    console.print(
        f"report of {len(files.pages)} call(s) written to {files.index} in {seconds:.2f}s{failed}",
        highlight=False,
    )
    if open_browser:
        webbrowser.open(files.index.resolve().as_uri())
    if outcome.failures:
        raise typer.Exit(1)
