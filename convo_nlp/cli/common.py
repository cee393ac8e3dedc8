"""Options and helpers shared by the commands: one output-options helper for all of them."""

from __future__ import annotations

import enum
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

log = logging.getLogger("convo_nlp")


class OutputFormat(str, enum.Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="TOML config (see `convo init-config`).", show_default=False)
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a config key, e.g. --set interruptions.min_overlap=1.0 (repeatable)."),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="What to print on stdout.")]
OutDirOpt = Annotated[
    Path | None, typer.Option("--output-dir", "-o", help="Write one JSON per call plus summary.csv here.")
]
MaxFileMbOpt = Annotated[
    int, typer.Option("--max-file-mb", min=1, help="Refuse input files larger than this many megabytes.")
]
InputFormatOpt = Annotated[
    str | None, typer.Option("--input-format", "-i", help="Read inputs as this format instead of detecting it.")
]


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    """Console for tables on stdout; piped to a file it is 160 columns wide, not squeezed into 80."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=160)


def stdout_write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


# -- recordings ---------------------------------------------------------------------------------
LanguageOpt = Annotated[
    str | None, typer.Option("--language", help="Recordings: ar, en or auto (Arabic or English).", show_default=False)
]
AsrModelOpt = Annotated[
    str | None,
    typer.Option(
        "--asr-model",
        help="Recordings: base (embedded, default), tiny.en (embedded, English only), a CTranslate2 model "
        "folder, or a model name (needs the network).",
        show_default=False,
    ),
]
AgentChannelOpt = Annotated[
    int | None,
    typer.Option("--agent-channel", min=0, max=1, help="Stereo recordings: the agent's channel (0 left, 1 right).",
                 show_default=False),
]
NumSpeakersOpt = Annotated[
    int | None,
    typer.Option("--num-speakers", min=0, max=10, help="Mono recordings: speakers to find (0 = estimate).",
                 show_default=False),
]
AgentSpeakerOpt = Annotated[
    str | None,
    typer.Option("--agent-speaker", help="Mono recordings: the diarized speaker who is the agent, e.g. SPEAKER_01.",
                 show_default=False),
]
RttmOpt = Annotated[
    Path | None,
    typer.Option("--rttm", help="Mono recordings: an RTTM file (or a folder of <stem>.rttm) giving who spoke when, "
                 "instead of diarization.", show_default=False),
]


def audio_overrides(
    language: str | None = None,
    asr_model: str | None = None,
    agent_channel: int | None = None,
    num_speakers: int | None = None,
    agent_speaker: str | None = None,
) -> list[str]:
    """The recording options as ``--set`` overrides of the ``[audio]`` config table."""
    out = []
    if language is not None:
        out.append(f"audio.language={_toml(language)}")
    if asr_model is not None:
        out.append(f"audio.asr_model={_toml(asr_model)}")
    if agent_channel is not None:
        out.append(f"audio.agent_channel={agent_channel}")
    if num_speakers is not None:
        out.append(f"audio.num_speakers={num_speakers}")
    if agent_speaker is not None:
        out.append(f"audio.agent_speaker={_toml(agent_speaker)}")
    return out


def _toml(value: str) -> str:
    import json

    return json.dumps(value)
