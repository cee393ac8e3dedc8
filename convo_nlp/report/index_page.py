"""The batch dashboard: how the calls score, which criteria fail, who needs coaching on what, and
every call, worst first."""

from __future__ import annotations

from convo_nlp.report.markup import css_class, esc, page
from convo_nlp.report.stats import BatchStats, CriterionRate, Group
from convo_nlp.schema import Status


def render_index(stats: BatchStats, title: str = "LAST compliance report") -> str:
    body = [
        f"<h1>{esc(title)}</h1>",
        _overview(stats),
        "<div class='grid'>",
        _histogram(stats),
        _findings(stats),
        "</div>",
        _criteria(stats.rates),
    ]
    for key, groups in stats.groups.items():
        body.append(_groups(key, groups))
    body.append(_calls(stats))
    return page(title, "".join(body))


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


def _overview(s: BatchStats) -> str:
    n = len(s.entries)
    auto = sum(1 for e in s.entries if e.analysis.report.auto_failed)
    langs: dict[str, int] = {}
    for e in s.entries:
        lang = e.analysis.call.language or "?"
        langs[lang] = langs.get(lang, 0) + 1
    lang_text = ", ".join(f"{esc(k)} {v}" for k, v in sorted(langs.items()))
    return (
        "<section><div class='grid'>"
        f"<div><div class='small'>calls</div><div class='big'>{n}</div><div class='small'>{lang_text}</div></div>"
        f"<div><div class='small'>mean score</div><div class='big'>{s.mean_score:.1f}</div></div>"
        f"<div><div class='small'>auto-failed</div><div class='big'>{auto}</div></div>"
        "</div></section>"
    )


def _histogram(s: BatchStats) -> str:
    top = max(s.histogram) or 1
    width, height, bar = 300, 120, 26
    parts = [f'<svg viewBox="0 0 {width} {height + 20}" role="img" aria-label="score distribution">']
    for i, count in enumerate(s.histogram):
        h = height * count / top
        x = 5 + i * (bar + 3)
        colour = "#b91c1c" if i < 5 else "#d97706" if i < 8 else "#15803d"
        parts.append(
            f'<rect x="{x}" y="{height - h:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}">'
            f"<title>{i * 10}–{i * 10 + 10}: {count} call(s)</title></rect>"
            f'<text x="{x + bar / 2}" y="{height + 14}" text-anchor="middle" font-size="9">{i * 10}</text>'
        )
    parts.append("</svg>")
    return f"<section><h2>Score distribution</h2>{''.join(parts)}</section>"


def _findings(s: BatchStats) -> str:
    rows = "".join(
        f"<tr><td>{esc(k.replace('_', ' '))}</td><td class='num'>{v:.1f}</td></tr>"
        for k, v in s.findings_per_100.items()
    )
    rows = rows or "<tr><td colspan=2>none</td></tr>"
    return (
        "<section><h2>Findings per 100 calls</h2><table class='sortable'><thead><tr><th>finding</th>"
        f"<th>per 100 calls</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _rate_bar(rate: float | None) -> str:
    if rate is None:
        return "–"
    return f"<span class='bar' style='width:{100 * rate:.0f}px'></span> {_pct(rate)}"


def _criteria(rates: tuple[CriterionRate, ...]) -> str:
    rows = "".join(
        f"<tr><td>{esc(r.section)}</td><td>{esc(r.id)}</td>"
        f"<td class='num' data-sort='{r.rate if r.rate is not None else -1}'>"
        f"{_rate_bar(r.rate)}</td><td class='num'>{r.passed}</td><td class='num'>{r.failed}</td>"
        f"<td class='num'>{r.not_applicable}</td></tr>"
        for r in rates
    )
    return (
        "<section><h2>Pass rate per criterion</h2><table class='sortable'><thead><tr><th>stage</th><th>criterion</th>"
        f"<th>pass rate</th><th>pass</th><th>fail</th><th>n/a</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _groups(key: str, groups: tuple[Group, ...]) -> str:
    rows = []
    for g in sorted(groups, key=lambda g: g.mean_score):
        weak = g.weakest
        if weak is None:
            weak_cell, links = "–", ""
        else:
            weak_cell = f"{esc(weak.id)} ({_pct(weak.rate)})"
            shown = g.failing(weak.id)
            links = " ".join(f'<a href="{esc(e.href)}">{esc(e.analysis.call.id)}</a>' for e in shown[:8])
            if len(shown) > 8:
                links += f" <span class='small'>+{len(shown) - 8} more</span>"
        rows.append(
            f"<tr><td dir='auto'>{esc(g.value)}</td><td class='num'>{len(g.entries)}</td>"
            f"<td class='num'>{g.mean_score:.1f}</td><td>{weak_cell}</td><td>{links}</td></tr>"
        )
    return (
        f"<section><h2>By {esc(key)}</h2><table class='sortable'><thead><tr><th>{esc(key)}</th><th>calls</th>"
        f"<th>mean score</th><th>weakest criterion</th><th>calls that show it</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table></section>"
    )


def _calls(s: BatchStats) -> str:
    rows = []
    for e in sorted(s.entries, key=lambda e: (e.analysis.report.score, e.analysis.call.id)):
        r, c = e.analysis.report, e.analysis.call
        failed = " ".join(esc(x.id) for x in r.criteria if x.status is Status.FAIL)
        findings: dict[str, int] = {}
        for f in r.findings:
            findings[f.kind.value] = findings.get(f.kind.value, 0) + 1
        found = ", ".join(f"{esc(k.replace('_', ' '))}{'×' + str(v) if v > 1 else ''}" for k, v in findings.items())
        rows.append(
            f"<tr><td dir='auto'><a href=\"{esc(e.href)}\">{esc(c.id)}</a></td>"
            f"<td class='num' data-sort='{r.score:.2f}'>{r.score:.1f}</td>"
            f"<td><span class='band {css_class(r.band)}'>{esc(r.band)}</span></td>"
            f"<td>{esc(c.language or '')}</td><td dir='auto'>{esc(e.meta('agent') or '')}</td>"
            f"<td>{esc(e.meta('channel') or '')}</td><td>{failed}</td><td>{found}</td></tr>"
        )
    return (
        "<section><h2>Calls, worst first</h2><table class='sortable calls'><thead><tr><th>call</th><th>score</th>"
        "<th>band</th><th>lang</th><th>agent</th><th>channel</th><th>failed criteria</th><th>findings</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )
