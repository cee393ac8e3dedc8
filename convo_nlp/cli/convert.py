"""`convo convert`: any supported transcript format to any other."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from convo_nlp.cli.common import InputFormatOpt, stderr, stdout_write


def convert(
    input: Annotated[str, typer.Argument(help="Transcript file, or - for stdin.")],
    output: Annotated[str, typer.Argument(help="Output file (format from its suffix), or - for stdout.")],
    to: Annotated[
        str | None,
        typer.Option("--to", "-t", help="Output format (json, jsonl, csv, tsv, vtt, srt, txt, rttm, whisper)."),
    ] = None,
    input_format: InputFormatOpt = None,
) -> None:
    """Convert a transcript between formats; the detected input format is reported."""
    from convo_nlp.cli.inputs import Source
    from convo_nlp.cli.loading import load_transcripts
    from convo_nlp.errors import InputError
    from convo_nlp.io import render_calls, write_calls

    source = Source("<stdin>", None) if input == "-" else Source(input, Path(input))
    if source.path is not None and not source.path.is_file():
        raise InputError("no such file", path=input)
    calls, fmt = load_transcripts(source, input_format)
    if output == "-":
        if to is None:
            raise InputError("writing to stdout needs --to FORMAT", hint="e.g. --to vtt")
        stdout_write(render_calls(calls, to))
    else:
        write_calls(calls, output, to)
    stderr().print(f"{input}: read {len(calls)} call(s) as {fmt}; wrote {output}", highlight=False)
