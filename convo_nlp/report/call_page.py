"""One call's page: score and criteria, findings, timeline, conversation figures, the transcript
with the evidence highlighted (Arabic right-to-left), and provenance."""

from __future__ import annotations

from convo_nlp.pipeline import Analysis
from convo_nlp.report.markup import (
    chip,
    clock,
    css_class,
    direction,
    esc,
    evidence_links,
    page,
    status,
    turn_anchor,
)
from convo_nlp.report.timeline import main_label, timeline_svg
from convo_nlp.schema import CallReport, Turn


def render_call_page(analysis: Analysis, source: str | None = None, index_href: str = "../index.html") -> str:
    call, report = analysis.call, analysis.report
    body = [
        f'<nav><a href="{esc(index_href)}">← all calls</a></nav>',
        _header(analysis, source),
        _criteria(report),
        _findings(analysis),
    ]
    svg = timeline_svg(call)
    if svg:
        body.append(f'<section class="timeline"><h2>Timeline</h2>{svg}{_legend()}</section>')
    body.append(_metrics(report))
    body.append(_transcript(analysis))
    body.append(_provenance(analysis))
    return page(f"{call.id} — LAST report", "".join(body))


def _header(analysis: Analysis, source: str | None) -> str:
    call, r = analysis.call, analysis.report
    kv = [("language", call.language or "?"), ("turns", str(len(call.turns))), ("classifier", r.classifier)]
    if call.duration:
        kv.append(("duration", clock(call.duration)))
    for key in ("agent", "team", "channel", "date"):
        if key in call.meta:
            kv.append((key, str(call.meta[key])))
    if source:
        kv.append(("source", source))
    band = r.band
    sections = " ".join(
        f'<span class="kv">{esc(s.name)} <b>{s.points:.1f}/{s.max_points:.1f}</b></span>' for s in r.sections
    )
    warn = "".join(f'<p class="warn">{esc(w)}</p>' for w in r.warnings)
    auto = '<p class="warn">auto-fail: a critical criterion failed</p>' if r.auto_failed else ""
    return (
        f'<section><h1 dir="auto">{esc(call.id)}</h1><div class="hdr"><div><span class="score">{r.score:.1f}</span>'
        f'<span class="band {css_class(band)}">{esc(band)}</span></div><div>{sections}</div></div>'
        f'<p class="kv">{" · ".join(f"{esc(k)} <b dir=auto>{esc(v)}</b>" for k, v in kv)}</p>{auto}{warn}</section>'
    )


def _criteria(r: CallReport) -> str:
    rows = "".join(
        f"<tr><td>{esc(c.section)}</td><td>{esc(c.id)}<div class='small'>{esc(c.description)}</div></td>"
        f"<td>{status(c.status.value)}</td><td dir='auto'>{esc(c.reason)}</td>"
        f"<td>{evidence_links(c.evidence)}</td></tr>"
        for c in r.criteria
    )
    return (
        "<section><h2>LAST criteria</h2><table class='criteria'><thead><tr><th>stage</th><th>criterion</th>"
        f"<th>result</th><th>why</th><th>evidence</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _findings(analysis: Analysis) -> str:
    findings = analysis.report.findings
    if not findings:
        return "<section><h2>Findings</h2><p>None.</p></section>"
    rows = "".join(
        f"<tr><td>{esc(e.kind.value.replace('_', ' '))}</td><td>{clock(e.start)}</td>"
        f"<td>{esc(e.by.value if e.by else '')}</td><td dir='auto'>{esc(e.detail)}</td>"
        f"<td>{evidence_links(e.evidence) or evidence_links(_turn_refs(e.turn_ids))}</td></tr>"
        for e in findings
    )
    return (
        "<section><h2>Findings</h2><table class='findings'><thead><tr><th>finding</th><th>at</th><th>by</th>"
        f"<th>detail</th><th>turns</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _turn_refs(turn_ids: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from convo_nlp.schema import Evidence

    return [Evidence(turn_id=t) for t in turn_ids]


def _metrics(r: CallReport) -> str:
    m = r.metrics
    if m is None:
        return "<section><h2>Conversation figures</h2><p>No timings in this call.</p></section>"
    rows = "".join(
        f"<tr><td>{esc(role)}</td><td class='num'>{clock(m.talk_time.get(role, 0.0))}</td>"
        f"<td class='num'>{100 * m.talk_ratio.get(role, 0.0):.0f}%</td>"
        f"<td class='num'>{m.words_per_minute.get(role, 0.0):.0f}</td>"
        f"<td class='num'>{m.interruptions.get(role, 0)}</td></tr>"
        for role in sorted(m.talk_time)
    )
    return (
        "<section><h2>Conversation figures</h2><div class='grid'>"
        f"<div><div class='small'>duration</div><div class='big'>{clock(m.duration)}</div></div>"
        f"<div><div class='small'>non-talk time</div><div class='big'>{clock(m.non_talk_time)}</div></div>"
        f"<div><div class='small'>overlap</div><div class='big'>{clock(m.overlap_time)}</div></div>"
        f"<div><div class='small'>longest silence</div><div class='big'>{clock(m.longest_silence)}</div></div>"
        "</div><table><thead><tr><th>role</th><th>talk time</th><th>share</th><th>words/min</th>"
        f"<th>interruptions</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p class='small'>{esc(m.timing)}</p></section>"
    )


def highlight(turn: Turn) -> str:
    """The turn's raw text, escaped, with each evidence span wrapped in ``<mark class=LABEL>``."""
    spans: list[tuple[int, int, str]] = []
    for lab in turn.labels:
        for ev in lab.evidence:
            if ev.span is not None and ev.turn_id == turn.id:
                a, b = ev.span
                if 0 <= a < b <= len(turn.text):
                    spans.append((a, b, lab.label.value))
    spans.sort()
    out, pos = [], 0
    for a, b, label in spans:
        if a < pos:  # overlaps one already marked
            continue
        out.append(esc(turn.text[pos:a]))
        out.append(f'<mark class="{css_class(label)}" title="{esc(label)}">{esc(turn.text[a:b])}</mark>')
        pos = b
    out.append(esc(turn.text[pos:]))
    return "".join(out)


def _transcript(analysis: Analysis) -> str:
    rows = []
    for t in analysis.call.turns:
        labels = [lab.label.value for lab in t.labels]
        when = f" · {clock(t.start)}–{clock(t.end)}" if t.start is not None else ""
        lang = f' lang="{esc(t.language)}"' if t.language in ("ar", "en") else ""
        rows.append(
            f'<div class="turn {css_class(t.role.value)} {css_class(main_label(labels))}" id="{turn_anchor(t.id)}"'
            f' dir="{direction(t.language)}"{lang}><div class="meta" dir="ltr">{esc(t.id)} · <b>{esc(t.speaker)}</b>'
            f" ({esc(t.role.value)}){when} {''.join(chip(x) for x in labels)}</div>"
            f'<div class="text">{highlight(t)}</div></div>'
        )
    return f"<section><h2>Transcript</h2>{''.join(rows)}</section>"


def _provenance(analysis: Analysis) -> str:
    r = analysis.report
    steps = dict.fromkeys((*analysis.call.provenance, *r.provenance))  # a re-scored call repeats some
    rows = "".join(
        f"<tr><td>{esc(p.stage)}</td><td>{esc(p.component)}</td><td>{esc(p.version)}</td><td>{esc(p.detail)}</td></tr>"
        for p in steps
    )
    return (
        f"<section><h2>Provenance</h2><p class='kv'>config digest <b>{esc(r.config_digest)}</b> · schema "
        f"<b>{esc(r.schema_version)}</b></p><table><thead><tr><th>stage</th><th>component</th><th>version</th>"
        f"<th>detail</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _legend() -> str:
    labels = ("listen", "apologise", "solve", "deflect", "thank", "complaint", "gratitude")
    return (
        "<div class='legend'>"
        + " ".join(chip(x) for x in labels)
        + " <span class='small'>▼ interruption · shaded: long silence · click a bar for its turn</span></div>"
    )
