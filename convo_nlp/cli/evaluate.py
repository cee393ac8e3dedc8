"""`convo evaluate`: per-label precision, recall and F1 per language against labelled files."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from convo_nlp.cli.common import ConfigOpt, InputFormatOpt, SetOpt, stderr, stdout_console, stdout_write


class EvalFormat(str, enum.Enum):
    table = "table"
    json = "json"


def evaluate(
    classifier: Annotated[
        str, typer.Argument(help="lexicon (= lexicon.v1), transformer (= hf-transformer.v1), or a model folder.")
    ],
    data: Annotated[
        list[str], typer.Argument(help="Labelled files (LABELING.md format), folders or globs.", show_default=False)
    ],
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="table or json.")] = EvalFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the JSON report here.")] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    input_format: InputFormatOpt = None,
    split: Annotated[
        str | None, typer.Option("--split", help="Only calls whose 'split' field is this (train, dev, test).")
    ] = None,
) -> None:
    """Compare a classifier's turn labels with human labels: P/R/F1 per label and language,
    macro and micro averages, and a confusion table."""
    from convo_nlp.cli.inputs import expand_inputs
    from convo_nlp.cli.loading import load_transcripts
    from convo_nlp.config import Config
    from convo_nlp.errors import InputError
    from convo_nlp.evaluation.runner import evaluate as run_evaluation
    from convo_nlp.io import atomic_write_text
    from convo_nlp.registry import build_classifier
    from convo_nlp.schema import Call

    console = stderr()
    cfg = Config.load(config, set_ or ())
    clf = build_classifier(classifier, cfg)
    calls: list[Call] = []
    sources = []
    for source in expand_inputs(data):
        if source.missing:
            raise InputError(source.missing, path=source.name)
        loaded, _ = load_transcripts(source, input_format)
        calls.extend(c for c in loaded if split is None or str(c.meta.get("split", "")) == split)
        sources.append(source.name)
    if not any(t.gold is not None for c in calls for t in c.turns):
        raise InputError(
            "no human labels found in the data",
            path=", ".join(sources),
            hint="give turns a 'labels' list as in LABELING.md",
        )
    report = run_evaluation(clf, calls, sources)
    doc = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    if output is not None:
        atomic_write_text(output, doc + "\n")
    if fmt is EvalFormat.json:
        stdout_write(doc)
    else:
        from convo_nlp.cli.eval_table import evaluation_tables

        out = stdout_console()
        for table in evaluation_tables(report):
            out.print(table)
    console.print(f"evaluated {clf.name} on {report.calls} calls from {len(sources)} file(s)", highlight=False)
