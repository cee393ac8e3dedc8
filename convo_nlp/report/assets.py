"""The report's stylesheet and script, shipped inside the package and inlined into every page
(no network, no CDN: the pages work from a file share)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def asset(name: str) -> str:
    return resources.files("convo_nlp.report").joinpath("assets", name).read_text(encoding="utf-8")


def head(title: str) -> str:
    """``<head>`` with the inlined CSS; ``title`` must already be escaped."""
    return (
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{title}</title><style>{asset('report.css')}</style></head>"
    )


def script() -> str:
    return f"<script>{asset('report.js')}</script>"
