"""Self-contained HTML reports: one page per call and a batch dashboard (``convo report``).

    from convo_nlp.report import write_report
    files = write_report([(source, analysis), ...], "report/")
"""

from __future__ import annotations

from convo_nlp.report.writer import ReportFiles, write_report

__all__ = ["ReportFiles", "write_report"]
