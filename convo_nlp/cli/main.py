"""The ``convo`` command: assembles the commands (one file each) and owns error display.

Errors print one line on stderr and exit 1; ``-v``/``--verbose`` (or CONVO_NLP_DEBUG=1) shows the
traceback, never with local variables (transcripts are personal data).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from convo_nlp.cli import analyze, convert, evaluate, info, init_config, report, score, train, transcribe

app = typer.Typer(
    name="convo",
    help="Score Arabic and English customer-service calls against LAST: Listen, Apologise, Solve, Thank.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("analyze")(analyze.analyze)
app.command("transcribe")(transcribe.transcribe)
app.command("score")(score.score)
app.command("report")(report.report)
app.command("evaluate")(evaluate.evaluate)
app.command("train")(train.train)
app.command("convert")(convert.convert)
app.command("info")(info.info)
app.command("init-config")(init_config.init_config)


def _version(value: bool) -> None:
    if value:
        from convo_nlp._version import __version__

        sys.stdout.write(f"convo_nlp {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr
    )


def _verbose(argv: list[str]) -> bool:
    return "-v" in argv or "--verbose" in argv or os.environ.get("CONVO_NLP_DEBUG") == "1"


def run() -> None:
    """Console-script entry point."""
    from convo_nlp.errors import ConvoNLPError

    try:
        app()
    except ConvoNLPError as exc:
        if _verbose(sys.argv):
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"error: {' '.join(str(exc).split())}\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if _verbose(sys.argv):
            raise
        sys.stderr.write(f"error: internal error: {type(exc).__name__}: {exc} (rerun with -v for the traceback)\n")
        sys.exit(1)


if __name__ == "__main__":
    run()
