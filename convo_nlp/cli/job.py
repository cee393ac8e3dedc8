"""The job shared by `convo analyze` and `convo score`: inputs -> batch -> outputs -> exit code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import typer

from convo_nlp.audio.formats import is_audio_path
from convo_nlp.cli.audio_loader import AudioLoader
from convo_nlp.cli.batch import ResultSink, run_batch
from convo_nlp.cli.common import OutputFormat, stderr
from convo_nlp.cli.inputs import Source, expand_inputs
from convo_nlp.cli.loading import load_annotated, load_transcripts
from convo_nlp.cli.render import print_results, print_summary
from convo_nlp.io import ALL_SUFFIXES as TRANSCRIPT_SUFFIXES
from convo_nlp.pipeline import Analyzer
from convo_nlp.schema import Call


def recording_or_text_loader(
    analyzer: Analyzer,
    sources: Sequence[Source],
    text: Callable[[Source], tuple[list[Call], str]],
    input_format: str | None,
    rttm: Path | None,
) -> Callable[[Source], tuple[list[Call], str]]:
    """Recordings are transcribed (a chunk at a time, models loaded once); anything else goes to ``text``."""
    audio = AudioLoader(analyzer.config, sources, rttm=rttm)

    def load(source: Source) -> tuple[list[Call], str]:
        if source.path is not None and input_format is None and is_audio_path(source.path):
            return audio.load(source)
        return text(source)

    return load


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
    rttm: Path | None = None,
    resume: bool = True,
) -> None:
    """Analyse (or, with ``rescore``, re-score annotated) calls; exit 1 if any input failed.

    Recordings are transcribed first (analysis only). With ``resume``, calls whose result is already
    in ``output_dir`` (same configuration) are reused."""
    console = stderr()
    analyzer = Analyzer.from_config(config, overrides)
    digest = analyzer.config.digest() if resume and not rescore else None
    sink = ResultSink(output_dir, resume_digest=digest) if output_dir is not None else None
    max_bytes = max_file_mb * 1_000_000
    load: Callable[[Source], tuple[list[Call], str]]
    if rescore:
        sources = expand_inputs(inputs, suffixes=TRANSCRIPT_SUFFIXES)
        load = partial(load_annotated, input_format=input_format, max_bytes=max_bytes)
    else:
        sources = expand_inputs(inputs, exclude=output_dir)
        load = recording_or_text_loader(
            analyzer,
            sources,
            partial(load_transcripts, input_format=input_format, max_bytes=max_bytes),
            input_format,
            rttm,
        )

    outcome = run_batch(
        sources,
        load,
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
