"""The call's timeline as inline SVG: one lane per party, turns as bars coloured by label,
interruptions and long silences marked; every bar links to its turn."""

from __future__ import annotations

from convo_nlp.report.markup import LABEL_ORDER, clock, esc, turn_anchor
from convo_nlp.schema import Call, EventKind, Role

_COLOURS = {
    "listen": "#0891b2", "apologise": "#d97706", "solve": "#16a34a", "deflect": "#dc2626",
    "thank": "#7c3aed", "complaint": "#be123c", "gratitude": "#0d9488", "": "#94a3b8",
}
_W, _LANE, _TOP, _LEFT = 1000.0, 34.0, 22.0, 80.0


def main_label(labels: list[str]) -> str:
    return next((lab for lab in LABEL_ORDER if lab in labels), "")


def timeline_svg(call: Call) -> str:
    """'' when the call has no timings."""
    timed = [t for t in call.turns if t.start is not None and t.end is not None]
    if not timed:
        return ""
    end = max(call.duration or 0.0, max(t.end for t in timed if t.end is not None)) or 1.0
    roles = [r for r in (Role.AGENT, Role.CUSTOMER, Role.UNKNOWN) if any(t.role is r for t in timed)]
    lane = {r: i for i, r in enumerate(roles)}
    span = _W - _LEFT - 10

    def x(t: float) -> float:
        return _LEFT + span * t / end

    height = _TOP + _LANE * len(roles) + 26
    parts = [f'<svg viewBox="0 0 {_W:.0f} {height:.0f}" role="img" aria-label="timeline of the call">']
    for r, i in lane.items():
        y = _TOP + i * _LANE
        parts.append(f'<text x="4" y="{y + 20:.1f}">{esc(r.value)}</text>')
        parts.append(f'<line x1="{_LEFT}" x2="{_W - 10}" y1="{y + 15:.1f}" y2="{y + 15:.1f}" stroke="#e2e8f0"/>')
    for e in call.events:
        if e.kind is EventKind.LONG_SILENCE and e.start is not None and e.end is not None:
            parts.append(
                f'<rect x="{x(e.start):.1f}" y="{_TOP - 4}" width="{max(x(e.end) - x(e.start), 1):.1f}" '
                f'height="{_LANE * len(roles) + 4:.1f}" fill="#fef3c7" opacity="0.8">'
                f"<title>{esc(e.detail)}</title></rect>"
            )
    for t in timed:
        assert t.start is not None and t.end is not None
        labels = [lab.label.value for lab in t.labels]
        colour = _COLOURS[main_label(labels)]
        y = _TOP + lane[t.role] * _LANE
        tip = f"{t.id} {clock(t.start)}–{clock(t.end)} {', '.join(labels) or 'no label'}: {t.text[:120]}"
        parts.append(
            f'<a href="#{turn_anchor(t.id)}"><rect x="{x(t.start):.1f}" y="{y + 4:.1f}" '
            f'width="{max(x(t.end) - x(t.start), 2):.1f}" height="22" rx="3" fill="{colour}">'
            f"<title>{esc(tip)}</title></rect></a>"
        )
    for e in call.events:
        if e.kind is EventKind.INTERRUPTION and e.start is not None:
            y = _TOP + lane.get(e.by or Role.UNKNOWN, 0) * _LANE
            tip = f"interruption {clock(e.start)}: {e.detail}"
            target = f"#{turn_anchor(e.turn_ids[-1])}" if e.turn_ids else "#"
            parts.append(
                f'<a href="{target}"><path d="M{x(e.start):.1f} {y + 2:.1f} l-6 -10 h12 z" fill="#b91c1c">'
                f"<title>{esc(tip)}</title></path></a>"
            )
    axis_y = _TOP + _LANE * len(roles) + 14
    for i in range(0, 11):
        tick = end * i / 10
        anchor = "end" if i == 10 else "middle"
        parts.append(f'<text x="{x(tick):.1f}" y="{axis_y:.1f}" text-anchor="{anchor}">{clock(tick)}</text>')
    parts.append("</svg>")
    return "".join(parts)
