"""`convo analyze`: transcripts in, LAST findings and scores out."""

from __future__ import annotations

from typing import Annotated

import typer

from convo_nlp.cli.common import (
    AgentChannelOpt,
    AgentSpeakerOpt,
    AsrModelOpt,
    ConfigOpt,
    FormatOpt,
    InputFormatOpt,
    LanguageOpt,
    MaxFileMbOpt,
    NumSpeakersOpt,
    OutDirOpt,
    OutputFormat,
    RttmOpt,
    SetOpt,
    audio_overrides,
)


def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.", show_default=False)],
    fmt: FormatOpt = OutputFormat.table,
    output_dir: OutDirOpt = None,
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
    resume: Annotated[
        bool, typer.Option("--resume/--no-resume", help="Reuse results already in -o made with the same config.")
    ] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for failures.")] = False,
) -> None:
    """Analyse calls (transcripts or recordings): LAST stages, findings, a 0-100 score and the
    evidence, per call. Recordings (wav, mp3, flac, ogg, m4a …) are transcribed first with the
    embedded speech model.

    Exits 1 if any input failed (the others are still analysed and written)."""
    from convo_nlp.cli.job import run_job

    run_job(
        inputs,
        rescore=False,
        fmt=fmt,
        output_dir=output_dir,
        config=config,
        overrides=[*(set_ or ()), *audio_overrides(language, asr_model, agent_channel, num_speakers, agent_speaker)],
        input_format=input_format,
        max_file_mb=max_file_mb,
        verbose=verbose,
        rttm=rttm,
        resume=resume,
    )
