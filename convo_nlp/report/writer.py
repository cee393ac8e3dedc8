"""Write the report folder: ``index.html`` and ``calls/<call>.html``, each file atomically."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from convo_nlp.io import atomic_write_text
from convo_nlp.io.names import UniqueNames
from convo_nlp.pipeline import Analysis
from convo_nlp.report.call_page import render_call_page
from convo_nlp.report.index_page import render_index
from convo_nlp.report.stats import Entry, batch_stats


@dataclass(frozen=True, slots=True)
class ReportFiles:
    index: Path
    pages: tuple[Path, ...]


def write_report(
    results: Sequence[tuple[str, Analysis]], out_dir: str | Path, title: str = "LAST compliance report"
) -> ReportFiles:
    """``results``: (source, analysis) pairs, as ``convo analyze`` produces them."""
    out = Path(out_dir)
    (out / "calls").mkdir(parents=True, exist_ok=True)
    names = UniqueNames()
    entries, pages = [], []
    for source, analysis in results:
        name = names.name(analysis.call.id)
        path = out / "calls" / f"{name}.html"
        atomic_write_text(path, render_call_page(analysis, source))
        pages.append(path)
        entries.append(Entry(analysis, source, f"calls/{name}.html"))
    index = out / "index.html"
    atomic_write_text(index, render_index(batch_stats(entries), title))
    return ReportFiles(index, tuple(pages))
