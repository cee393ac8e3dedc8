"""HTML reports: pages rendered from the sample calls carry the scores, criteria, evidence and
figures; Arabic turns are right-to-left; hostile transcript text is escaped; the dashboard groups
by agent / team / channel with each group's weakest criterion."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from convo_nlp.io import read_calls
from convo_nlp.pipeline import Analyzer
from convo_nlp.report import write_report
from convo_nlp.report.call_page import render_call_page
from convo_nlp.report.stats import Entry, batch_stats
from convo_nlp.schema import Call, Role, Status, Turn

from conftest import SAMPLES, TRANSCRIPT_SAMPLES


@pytest.fixture(scope="module")
def analyses():
    analyzer = Analyzer()
    return [(str(p), analyzer.process(c)) for p in TRANSCRIPT_SAMPLES for c in read_calls(p).calls]


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, analyses):
    out = tmp_path_factory.mktemp("report")
    write_report(analyses, out)
    return out


def _page(report_dir, call_id):
    return (report_dir / "calls" / f"{call_id}.html").read_text(encoding="utf-8")


def test_one_page_per_call_and_an_index_linking_them(report_dir, analyses):
    pages = sorted(p.stem for p in (report_dir / "calls").glob("*.html"))
    assert len(pages) == len(analyses)
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    for _, a in analyses:
        assert f'calls/{a.call.id}.html' in index
    # worst first: the table of calls lists scores in ascending order
    table = index.split("Calls, worst first")[1]
    scores = [float(s) for s in re.findall(r"data-sort='([\d.]+)'", table)]
    assert scores == sorted(scores) and len(scores) == len(analyses)


def test_call_page_shows_score_band_criteria_and_reasons(report_dir, analyses):
    for _, a in analyses:
        page = _page(report_dir, a.call.id)
        assert f'<span class="score">{a.report.score:.1f}</span>' in page
        assert a.report.band in page
        for c in a.report.criteria:
            assert f"<td>{c.id}<div" in page
            assert f'class="status {c.status.value.replace("/", "-")}"' in page


def test_evidence_is_highlighted_in_the_transcript(report_dir, analyses):
    a = next(a for _, a in analyses if a.call.id == "en-bank-0001")
    page = _page(report_dir, "en-bank-0001")
    marks = re.findall(r'<mark class="(\w+)" title="\w+">([^<]+)</mark>', page)
    labels = {label for label, _ in marks}
    assert {"apologise", "thank"} <= labels
    for _label, quoted in marks:
        assert any(html.unescape(quoted) in t.text for t in a.call.turns)
    # criteria evidence links point at turn anchors that exist on the page
    for anchor in re.findall(r'href="#(turn-[\w-]+)"', page):
        assert f'id="{anchor}"' in page


def test_arabic_turns_are_right_to_left_and_mixed_lines_auto(report_dir, analyses):
    page = _page(report_dir, "ar-gulf-bank-0003")
    turns = re.findall(r'<div class="turn [^"]*" id="[^"]+" dir="(\w+)"( lang="ar")?>', page)
    assert turns and all(d == "rtl" and lang for d, lang in turns)
    mixed = _page(report_dir, "ar_lev_telecom_codeswitch")
    assert 'dir="auto"' in mixed or 'dir="rtl"' in mixed
    assert "unicode-bidi:plaintext" in mixed  # each line takes its direction from its own text


def test_timeline_and_figures_when_the_call_has_timings(report_dir, analyses):
    page = _page(report_dir, "en_telecom_interrupt")
    assert "<svg" in page and 'aria-label="timeline of the call"' in page
    assert "interruption" in page and "talk time" in page
    assert re.search(r'<a href="#turn-[\w-]+"><rect', page)  # bars link to their turn
    untimed_id = next(a.call.id for _, a in analyses if not a.call.has_times)
    untimed = _page(report_dir, untimed_id)
    assert 'aria-label="timeline of the call"' not in untimed and "No timings in this call" in untimed


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_text_is_escaped_everywhere(tmp_path):
    call = Call(
        id='evil"><script>alert(1)</script>',
        turns=(
            Turn(id="t1", speaker='"><img src=x onerror=alert(2)>', text=HOSTILE, role=Role.CUSTOMER),
            Turn(id="t2", speaker="agent", text="Sorry about that " + HOSTILE, role=Role.AGENT),
        ),
        meta={"agent": "<b>mallory</b>", "channel": "<i>chat</i>"},
    )
    analysis = Analyzer().process(call)
    files = write_report([("x.json", analysis)], tmp_path)
    for path in (files.index, *files.pages):
        text = path.read_text(encoding="utf-8")
        assert text.count("<script>") == 1  # ours, the table sorter
        assert "alert(" not in text.split("<script>")[0] or "&lt;script&gt;" in text
        assert "<img" not in text and "<b>mallory" not in text and "<i>chat" not in text
        assert "onerror=alert" not in text.replace("onerror=alert(1)&gt;", "").replace("onerror=alert(2)&gt;", "")
    page = files.pages[0].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_dashboard_groups_by_agent_team_and_channel_with_the_weakest_criterion(tmp_path, analyses):
    tagged = []
    for i, (src, a) in enumerate(analyses):
        meta = {"agent": ["Huda", "Omar"][i % 2], "team": "Riyadh" if i < 6 else "Cairo"}
        meta["channel"] = ["phone", "chat"][i % 2]
        tagged.append((src, dataclasses.replace(a, call=dataclasses.replace(a.call, meta=meta))))
    stats = batch_stats([Entry(a, s, f"calls/{a.call.id}.html") for s, a in tagged])
    assert set(stats.groups) == {"agent", "team", "channel"}
    for group in stats.groups["agent"]:
        weak = group.weakest
        assert weak is not None and weak.failed > 0
        assert all(r.rate is None or r.rate >= weak.rate for r in group.rates)
        shown = group.failing(weak.id)
        assert shown and all(
            any(c.id == weak.id and c.status is Status.FAIL for c in e.analysis.report.criteria) for e in shown
        )
    files = write_report(tagged, tmp_path)
    index = files.index.read_text(encoding="utf-8")
    assert "By agent" in index and "By team" in index and "By channel" in index and "By date" not in index
    assert "Huda" in index and "weakest criterion" in index
    assert sum(stats.histogram) == len(analyses)
    assert stats.findings_per_100  # the samples carry findings


def test_a_page_renders_on_its_own(analyses):
    _, a = analyses[0]
    html = render_call_page(a, "src.json", index_href="index.html")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "http://" not in html and "https://" not in html  # nothing fetched from the network


def test_cli_report_over_transcripts_and_over_results(tmp_path, convo):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = convo("report", str(SAMPLES / "en_telecom_interrupt.vtt"), str(bad), "-o", str(tmp_path / "r1"))
    assert code == 1 and "bad.json" in err
    assert (tmp_path / "r1" / "calls" / "en_telecom_interrupt.html").is_file()
    results = tmp_path / "results"
    assert convo("analyze", str(SAMPLES / "mixed_service_calls.jsonl"), "-o", str(results), "-f", "csv")[0] == 0
    code, _, err = convo("report", str(results), "-o", str(tmp_path / "r2"))
    assert code == 0, err
    assert len(list((tmp_path / "r2" / "calls").glob("*.html"))) == 3
