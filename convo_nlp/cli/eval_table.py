"""Rich tables for an evaluation report."""

from __future__ import annotations

from rich.table import Table

from convo_nlp.evaluation.runner import EvaluationReport
from convo_nlp.schema import AGENT_LABELS, CUSTOMER_LABELS


def evaluation_tables(report: EvaluationReport) -> list[Table]:
    tables: list[Table] = []
    for group in report.groups:
        table = Table(title=f"{report.classifier} — {group.name} ({group.turns} turns)", title_justify="left")
        for col in ("label", "precision", "recall", "F1", "support", "tp", "fp", "fn"):
            table.add_column(col, justify="left" if col == "label" else "right")
        for s in group.labels:
            if s.tp + s.fp + s.fn == 0:
                continue
            table.add_row(
                s.label,
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                str(s.support),
                str(s.tp),
                str(s.fp),
                str(s.fn),
            )
        micro = group.micro()
        table.add_section()
        table.add_row("macro (agent)", "", "", f"{group.macro_f1(AGENT_LABELS):.3f}", "", "", "", "")
        table.add_row("macro (customer)", "", "", f"{group.macro_f1(CUSTOMER_LABELS):.3f}", "", "", "", "")
        table.add_row(
            "micro",
            f"{micro.precision:.3f}",
            f"{micro.recall:.3f}",
            f"{micro.f1:.3f}",
            str(micro.support),
            str(micro.tp),
            str(micro.fp),
            str(micro.fn),
        )
        tables.append(table)
        conf = Table(title=f"confusion — {group.name} (rows: human, columns: predicted)", title_justify="left")
        cols = sorted({p for row in group.confusion.values() for p in row})
        conf.add_column("human \\ predicted")
        for c in cols:
            conf.add_column(c, justify="right")
        for g in sorted(group.confusion):
            conf.add_row(g, *(str(group.confusion[g].get(c, 0) or "") for c in cols))
        tables.append(conf)
    return tables
