"""The batch summary: one row per call (id, language, score, each criterion, each finding count),
as CSV that opens in a spreadsheet, or as a table for the terminal."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from rich.table import Table

from convo_nlp.pipeline import Analysis
from convo_nlp.schema import EventKind, Role, Status

FINDING_COLUMNS = tuple(k.value for k in EventKind)
_STATUS_MARK = {Status.PASS: "[green]✓[/]", Status.FAIL: "[red]✗[/]", Status.NA: "[dim]–[/]"}


def _criterion_ids(results: Sequence[tuple[str, Analysis]]) -> list[str]:
    ids: dict[str, None] = {}
    for _, a in results:
        for c in a.report.criteria:
            ids.setdefault(c.id, None)
    return list(ids)


def summary_rows(results: Sequence[tuple[str, Analysis]]) -> tuple[list[str], list[list[object]]]:
    criteria = _criterion_ids(results)
    header = [
        "source",
        "call_id",
        "language",
        "turns",
        "score",
        "band",
        "auto_failed",
        *criteria,
        *FINDING_COLUMNS,
        "agent_talk_s",
        "customer_talk_s",
        "overlap_s",
        "non_talk_s",
        "duration_s",
    ]
    rows: list[list[object]] = []
    for source, a in results:
        r = a.report
        status = {c.id: c.status.value for c in r.criteria}
        counts = r.finding_counts()
        m = r.metrics
        figures: list[object] = (
            [
                round(m.talk_time.get(Role.AGENT.value, 0.0), 2),
                round(m.talk_time.get(Role.CUSTOMER.value, 0.0), 2),
                round(m.overlap_time, 2),
                round(m.non_talk_time, 2),
                round(m.duration, 2),
            ]
            if m
            else ["", "", "", "", ""]
        )
        rows.append(
            [
                source,
                r.call_id,
                r.language or "",
                len(a.call.turns),
                r.score,
                r.band,
                str(r.auto_failed).lower(),
                *(status.get(c, "") for c in criteria),
                *(counts.get(k, 0) for k in FINDING_COLUMNS),
                *figures,
            ]
        )
    return header, rows


def summary_csv(results: Sequence[tuple[str, Analysis]]) -> str:
    header, rows = summary_rows(results)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def summary_table(results: Sequence[tuple[str, Analysis]]) -> Table:
    table = Table(title="LAST compliance", title_justify="left", show_lines=False)
    for col, justify in (
        ("call", "left"),
        ("lang", "left"),
        ("score", "right"),
        ("band", "left"),
        ("L", "center"),
        ("A", "center"),
        ("S", "center"),
        ("T", "center"),
        ("findings", "left"),
    ):
        table.add_column(col, justify=justify, no_wrap=col != "findings")  # type: ignore[arg-type]
    for _, a in results:
        r = a.report
        marks = []
        for section in ("listen", "apologise", "solve", "thank"):
            statuses = [c.status for c in r.criteria if c.section == section]
            if not statuses:
                marks.append("")
            elif Status.FAIL in statuses:
                marks.append(_STATUS_MARK[Status.FAIL])
            elif Status.PASS in statuses:
                marks.append(_STATUS_MARK[Status.PASS])
            else:
                marks.append(_STATUS_MARK[Status.NA])
        counts = r.finding_counts()
        findings = ", ".join(f"{k.replace('_', ' ')}×{v}" if v > 1 else k.replace("_", " ") for k, v in counts.items())
        score_style = "red" if r.auto_failed or r.score < 50 else "yellow" if r.score < 75 else "green"
        table.add_row(r.call_id, r.language or "", f"[{score_style}]{r.score:.1f}[/]", r.band, *marks, findings or "-")
    return table
