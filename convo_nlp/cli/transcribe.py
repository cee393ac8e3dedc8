"""`convo transcribe`: recordings in, transcripts with speakers and roles out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from convo_nlp.cli.common import (
    AgentChannelOpt,
    AgentSpeakerOpt,
    AsrModelOpt,
    ConfigOpt,
    LanguageOpt,
    NumSpeakersOpt,
    RttmOpt,
    SetOpt,
    audio_overrides,
)

TRANSCRIPT_FORMATS = ("json", "vtt", "srt", "rttm", "txt")


def transcribe(
    inputs: Annotated[list[str], typer.Argument(help="Recordings, folders or globs.", show_default=False)],
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-o", help="Write <name>.json (and other formats) here.")
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", help="json (default), vtt, srt, rttm, txt; repeatable.", show_default=False),
    ] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    language: LanguageOpt = None,
    asr_model: AsrModelOpt = None,
    agent_channel: AgentChannelOpt = None,
    num_speakers: NumSpeakersOpt = None,
    agent_speaker: AgentSpeakerOpt = None,
    rttm: RttmOpt = None,
    resume: Annotated[
        bool,
        typer.Option("--resume/--no-resume", help="Skip recordings already transcribed into -o (same settings)."),
    ] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for failures.")] = False,
) -> None:
    """Transcribe recorded calls (wav, mp3, flac, ogg, m4a …; mono or stereo) with the embedded
    speech model: words with timings, who spoke when, agent and customer.

    Writes the native JSON transcript (what `convo analyze` reads) and, on request, VTT/SRT with
    speakers, RTTM and plain text. Without -o, the transcript is printed. Exits 1 if any failed."""
    from convo_nlp.cli.transcribe_job import run_transcribe

    overrides = [*(set_ or ()), *audio_overrides(language, asr_model, agent_channel, num_speakers, agent_speaker)]
    run_transcribe(
        inputs,
        output_dir=output_dir,
        formats=formats or ["json"],
        config=config,
        overrides=overrides,
        rttm=rttm,
        resume=resume,
        verbose=verbose,
    )
