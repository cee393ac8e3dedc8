"""`convo report`: self-contained HTML, one page per call plus a dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from convo_nlp.cli.common import (
    AgentChannelOpt,
    AgentSpeakerOpt,
    AsrModelOpt,
    ConfigOpt,
    InputFormatOpt,
    LanguageOpt,
    MaxFileMbOpt,
    NumSpeakersOpt,
    RttmOpt,
    SetOpt,
    audio_overrides,
)


def report(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Results of `convo analyze` (JSON), transcripts or recordings.", show_default=False),
    ],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Write index.html and calls/ here.")],
    open_: Annotated[bool, typer.Option("--open", help="Open the index in the web browser when done.")] = False,
    title: Annotated[str, typer.Option("--title", help="The dashboard's title.")] = "LAST compliance report",
    config: ConfigOpt = None,
    set_: SetOpt = None,
    input_format: InputFormatOpt = None,
    max_file_mb: MaxFileMbOpt = 200,
    language: LanguageOpt = None,
    asr_model: AsrModelOpt = None,
    agent_channel: AgentChannelOpt = None,
    num_speakers: NumSpeakersOpt = None,
    agent_speaker: AgentSpeakerOpt = None,
    rttm: RttmOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for failures.")] = False,
) -> None:
    """Turn analysed calls into HTML a QA reviewer can look at: a page per call (score, LAST
    criteria and why, timeline, transcript with the evidence highlighted, Arabic right-to-left,
    conversation figures, provenance) and a dashboard (score distribution, pass rate per criterion,
    findings per 100 calls, per agent / team / channel / date with each one's weakest criterion,
    every call worst first). Self-contained: no network needed to view it.

    Inputs that are not results yet are analysed first. Exits 1 if any input failed."""
    from convo_nlp.cli.report_job import run_report

    run_report(
        inputs,
        output_dir=output_dir,
        open_browser=open_,
        title=title,
        config=config,
        overrides=[*(set_ or ()), *audio_overrides(language, asr_model, agent_channel, num_speakers, agent_speaker)],
        input_format=input_format,
        max_bytes=max_file_mb * 1_000_000,
        rttm=rttm,
        verbose=verbose,
    )
