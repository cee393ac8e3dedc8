"""Analysis results as documents: what ``convo analyze`` writes and ``convo score`` reads back.

A result is ``Analysis.to_dict(source)``: ``{"schema_version", "source", "call", "report"}``;
``resources/result.schema.json`` is its JSON Schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from convo_nlp.errors import InputError, SchemaError
from convo_nlp.pipeline import Analysis
from convo_nlp.schema import Call, CallReport


def result_from_dict(d: Any, where: str = "result") -> Analysis:
    if not isinstance(d, dict) or "call" not in d or "report" not in d:
        raise SchemaError(f"{where} is not an analysis result (needs 'call' and 'report')")
    return Analysis(Call.from_dict(d["call"], f"{where}.call"), CallReport.from_dict(d["report"], f"{where}.report"))


def is_result_document(d: Any) -> bool:
    return isinstance(d, dict) and "call" in d and "report" in d


def iter_result_documents(path: Path) -> Iterator[dict[str, Any]]:
    """Result objects in a ``.json`` (one result, a list, or {"results": [...]}) or ``.jsonl`` file.
    Yields nothing when the file holds something else (e.g. a plain transcript)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        docs = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError:
                return
    else:
        docs = doc.get("results", [doc]) if isinstance(doc, dict) else doc if isinstance(doc, list) else []
    if docs and all(is_result_document(d) for d in docs):
        yield from docs


def result_schema() -> dict[str, Any]:
    text = resources.files("convo_nlp.resources").joinpath("result.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_results(path: Path) -> list[Analysis]:
    docs = list(iter_result_documents(path))
    if not docs:
        raise InputError(
            "no analysis results in this file",
            path=str(path),
            hint="pass the JSON written by `convo analyze --format json` or its -o folder",
        )
    return [result_from_dict(d, f"{path.name}[{i}]") for i, d in enumerate(docs)]
