"""Small HTML helpers. Every piece of call text passes through :func:`esc`; nothing from a
transcript is ever written into a page unescaped."""

from __future__ import annotations

import html
from collections.abc import Iterable

from convo_nlp.schema import Evidence

LABEL_ORDER = ("deflect", "complaint", "apologise", "solve", "listen", "thank", "gratitude")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def css_class(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower())


def chip(label: str) -> str:
    return f'<span class="chip {css_class(label)}">{esc(label)}</span>'


def status(value: str) -> str:
    return f'<span class="status {css_class(value)}">{esc(value)}</span>'


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    m, s = divmod(max(seconds, 0.0), 60)
    return f"{int(m)}:{s:04.1f}"


def turn_anchor(turn_id: str) -> str:
    return "turn-" + css_class(turn_id)


def evidence_links(evidence: Iterable[Evidence], page: str = "") -> str:
    """Links to the turns an item of evidence points at, with the quote as tooltip."""
    seen: dict[str, str] = {}
    for e in evidence:
        seen.setdefault(e.turn_id, e.quote)
    return " ".join(
        f'<a href="{esc(page)}#{turn_anchor(tid)}" title="{esc(quote)}">{esc(tid)}</a>' for tid, quote in seen.items()
    )


def direction(language: str | None) -> str:
    """``dir`` for a turn: Arabic right-to-left, mixed lines by their first strong character."""
    return {"ar": "rtl", "en": "ltr"}.get(language or "", "auto")


def page(title: str, body: str) -> str:
    from convo_nlp.report.assets import head, script

    return f'<!DOCTYPE html>\n<html lang="en">{head(esc(title))}<body><main>{body}</main>{script()}</body></html>\n'
