"""The whole ``convo analyze`` path on two real English support calls: speed, memory, WER, speakers.

    .venv/bin/python bench/bench_callcenter.py

For each ../shared/data/eval/callcenter_audio_en/*.mp3 (skips cleanly when absent; 11-14 minute,
8 kHz mono phone calls), runs

    convo analyze CALL.mp3 -o TMPDIR -f json --no-resume --set audio.language="en"

as a subprocess under ``/usr/bin/time -v`` and reports: wall-clock seconds and real-time factor
(wall seconds / audio seconds, so model loading and start-up are included), peak RSS of the
process, the WER of the transcript (the result's turns' text in time order) against the
``.transcript.json`` reference (its segment texts in order; normalised, numbers compared as
written; the reference has redacted company names as underscores), and the speakers, turns and
role decision found.

Takes several minutes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(__file__).resolve().parents[2] / "shared/data/eval"
CALLS = EVAL / "callcenter_audio_en"
TIME = Path("/usr/bin/time")


@dataclass(frozen=True, slots=True)
class Measured:
    name: str
    command: str
    returncode: int
    wall: float
    rss_mb: float
    result: dict[str, Any]


def convo_executable() -> str:
    local = REPO / ".venv" / "bin" / "convo"
    return str(local) if local.is_file() else (shutil.which("convo") or "convo")


def wall_seconds(text: str) -> float:
    """'Elapsed (wall clock) time (h:mm:ss or m:ss): 2:13.45' -> 133.45."""
    m = re.search(r"Elapsed \(wall clock\)[^\n]*\):\s*([\d:.]+)", text)
    if not m:
        return float("nan")
    seconds = 0.0
    for part in m.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def max_rss_mb(text: str) -> float:
    m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
    return int(m.group(1)) / 1024 if m else float("nan")


def run(mp3: Path, out_dir: Path) -> Measured:
    cmd = [
        str(TIME),
        "-v",
        convo_executable(),
        "analyze",
        str(mp3),
        "-o",
        str(out_dir),
        "-f",
        "json",
        "--no-resume",
        "--set",
        'audio.language="en"',
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)
    result_path = out_dir / f"{mp3.stem}.json"
    result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.is_file() else {}
    if proc.returncode != 0 or not result:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        print(f"  convo analyze failed (exit {proc.returncode}) for {mp3.name}:\n{tail}")
    wall, rss = wall_seconds(proc.stderr), max_rss_mb(proc.stderr)
    return Measured(mp3.name, shlex.join(cmd), proc.returncode, wall, rss, result)


def reference_text(path: Path) -> str:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return " ".join(s["text"] for s in doc["segments"] if s.get("text"))


def hypothesis_text(turns: Sequence[dict[str, Any]]) -> str:
    ordered = sorted(turns, key=lambda t: (t.get("start") or 0.0, t.get("end") or 0.0))
    return " ".join(t["text"] for t in ordered if t.get("text"))


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    duration: float
    measured: Measured
    wer: Any  # WerResult | None
    speakers: int
    turns: int
    agent: str

    @property
    def rtf(self) -> float:
        return self.measured.wall / self.duration if self.duration else float("nan")


def describe(mp3: Path, m: Measured) -> Row:
    """Print one call's figures and return them."""
    from convo_nlp.evaluation.asr import word_errors

    call = m.result["call"]
    duration = float(call.get("duration") or 0.0)
    turns = call.get("turns", [])
    ref_path = mp3.with_name(f"{mp3.stem}.transcript.json")
    wer = None
    if ref_path.is_file():
        wer = word_errors(reference_text(ref_path), hypothesis_text(turns), language="en")
    speakers = sorted({t["speaker"] for t in turns})
    meta = call.get("meta", {})
    roles, audio = meta.get("roles", {}), meta.get("audio", {})
    row = Row(mp3.stem, duration, m, wer, len(speakers), len(turns), str(roles.get("agent", "")))
    print(f"  exit {m.returncode}; audio {duration:.1f} s ({audio.get('sample_rate')} Hz, {audio.get('mode')})")
    print(f"  wall {m.wall:.1f} s  RTF {row.rtf:.3f}  peak RSS {m.rss_mb:.0f} MB")
    if wer is not None:
        print(
            f"  WER {wer.wer:.1%}  (S {wer.substitutions}, D {wer.deletions}, I {wer.insertions};"
            f" {wer.ref_words} reference words, {wer.hyp_words} recognised)"
        )
    parts = []
    for spk in speakers:
        own = [t for t in turns if t["speaker"] == spk]
        talk = sum((t.get("end") or 0.0) - (t.get("start") or 0.0) for t in own)
        parts.append(f"{spk}: {len(own)} turns, {talk:.0f} s, role {own[0].get('role')}")
    print(f"  speakers {len(speakers)}, turns {len(turns)} -- " + "; ".join(parts))
    print(f"  roles: {json.dumps(roles, ensure_ascii=False)}")
    print(f"  score {m.result.get('report', {}).get('score')}")
    return row


def main() -> None:
    mp3s = sorted(CALLS.glob("*.mp3")) if CALLS.is_dir() else []
    if not mp3s:
        print(f"skipped: no calls in {CALLS} (the evaluation data lives in ../shared/data/eval)")
        return
    if not TIME.is_file():
        print(f"skipped: {TIME} not found (GNU time is needed to measure peak RSS)")
        return

    from convo_nlp.evaluation.asr import WerResult

    print("command: .venv/bin/python bench/bench_callcenter.py")
    print(f"cores: {os.cpu_count()}  load average at start: {os.getloadavg()[0]:.2f}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for mp3 in mp3s:
            m = run(mp3, Path(tmp) / mp3.stem)
            print(f"\n$ {m.command.replace(tmp, '$TMP')}")
            if m.result:
                rows.append(describe(mp3, m))

    print()
    head = f"{'audio s':>7s} {'wall s':>7s} {'RTF':>6s} {'RSS MB':>7s} {'WER':>6s} {'spk':>3s} {'turns':>5s}"
    print(f"{'call':45s} {head}  agent")
    for r in rows:
        w = f"{r.wer.wer:6.1%}" if r.wer is not None else "   n/a"
        figures = f"{r.duration:7.1f} {r.measured.wall:7.1f} {r.rtf:6.3f} {r.measured.rss_mb:7.0f} {w}"
        print(f"{r.name:45s} {figures} {r.speakers:3d} {r.turns:5d}  {r.agent}")
    if rows:
        total = sum((r.wer for r in rows if r.wer is not None), WerResult(0, 0, 0, 0))
        audio_s = sum(r.duration for r in rows)
        wall_s = sum(r.measured.wall for r in rows)
        figures = f"{audio_s:7.1f} {wall_s:7.1f} {wall_s / audio_s:6.3f} {'':7s} {total.wer:6.1%}"
        print(f"{'all (WER pooled over words)':45s} {figures}")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}  (2 cores; another process may share the CPU)")


if __name__ == "__main__":
    main()
