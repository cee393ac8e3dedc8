"""Print a batch's results on stdout in the chosen format, and its summary line on stderr."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console

from convo_nlp.cli.batch import BatchOutcome, Failure
from convo_nlp.cli.common import OutputFormat, stdout_console, stdout_write
from convo_nlp.cli.summary import summary_csv, summary_table
from convo_nlp.pipeline import Analysis
from convo_nlp.schema import SCHEMA_VERSION


def print_results(results: Sequence[tuple[str, Analysis]], fmt: OutputFormat, failures: Sequence[Failure] = ()) -> None:
    if fmt is OutputFormat.json:
        doc = {
            "schema_version": SCHEMA_VERSION,
            "results": [a.to_dict(s) for s, a in results],
            "failures": [{"source": f.source, "error": f.error} for f in failures],
        }
        stdout_write(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt is OutputFormat.jsonl:
        stdout_write("".join(json.dumps(a.to_dict(s), ensure_ascii=False) + "\n" for s, a in results))
    elif fmt is OutputFormat.csv:
        stdout_write(summary_csv(results))
    elif results:
        stdout_console().print(summary_table(results))


def print_summary(outcome: BatchOutcome, console: Console, verb: str = "analysed") -> None:
    n = len(outcome.results)
    scores = [a.report.score for _, a in outcome.results]
    formats = ", ".join(f"{k}×{v}" for k, v in sorted(outcome.formats.items()))
    parts = [
        f"{verb} {n} call{'s' if n != 1 else ''} from {outcome.files} input{'s' if outcome.files != 1 else ''}"
        f" in {outcome.seconds:.2f}s"
    ]
    if formats:
        parts.append(f"formats: {formats}")
    if outcome.reused:
        parts.append(f"{outcome.reused} reused from an earlier run (--no-resume to redo)")
    if scores:
        parts.append(f"mean score {sum(scores) / len(scores):.1f}")
    if outcome.failures:
        parts.append(f"[red]{len(outcome.failures)} failed[/]")
    console.print("; ".join(parts), highlight=False)
