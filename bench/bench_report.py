"""Rendering speed of `convo report`: 1,000 analysed calls to HTML (a page each + the dashboard).

    .venv/bin/python bench/bench_report.py [--calls 1000] [--screenshots]

Analysis is done first and not timed; the figure is the time to write the report folder. With
--screenshots (needs Debian's chromium) it also renders the bundled samples' report and saves
bench/screenshots/index.png and bench/screenshots/call_*.png for a reviewer to open.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_calls import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "bench" / "screenshots"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--screenshots", action="store_true")
    args = parser.parse_args()

    import dataclasses

    from convo_nlp import Analyzer
    from convo_nlp.report import write_report
    from convo_nlp.schema import Call

    analyzer = Analyzer()
    rng = random.Random(3)
    results = []
    t0 = time.perf_counter()
    for doc in generate(args.calls):
        call = Call.from_dict(doc)
        meta = {"agent": f"agent-{rng.randrange(25):02d}", "team": rng.choice(["north", "south", "east"]),
                "channel": rng.choice(["phone", "chat", "email"]), "date": f"2026-11-{rng.randrange(1, 29):02d}"}
        results.append((f"gen.jsonl#{call.id}", analyzer.process(dataclasses.replace(call, meta=meta))))
    analysed = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        files = write_report(results, Path(tmp) / "report")
        seconds = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (files.index, *files.pages))
    turns = sum(len(a.call.turns) for _, a in results)
    print("command: .venv/bin/python bench/bench_report.py" + (" --screenshots" if args.screenshots else ""))
    print(f"calls {len(results)}, turns {turns} (analysed first in {analysed:.1f}s, not counted)")
    print(f"report written in {seconds:.2f}s ({len(results) / seconds:.0f} calls/s; goal: 1,000 calls < 10 s)")
    print(f"files {len(files.pages) + 1}, total {size / 1e6:.1f} MB, index {files.index.name}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.screenshots:
        screenshots(analyzer)


def screenshots(analyzer) -> None:  # type: ignore[no-untyped-def]
    from convo_nlp.io import read_calls
    from convo_nlp.report import write_report

    chromium = shutil.which("chromium")
    if chromium is None:
        print("screenshots skipped: install Debian's chromium")
        return
    samples = sorted(p for p in (REPO / "data" / "samples").iterdir() if p.is_file() and p.suffix != ".md")
    results = [(str(p.relative_to(REPO)), analyzer.process(c)) for p in samples for c in read_calls(p).calls]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_report(results, Path(tmp) / "report", "LAST compliance report (bundled samples)")
        targets = {"index.png": files.index}
        for stem in ("en_telecom_interrupt", "ar_lev_telecom_codeswitch", "ar-gulf-bank-0003"):
            targets[f"call_{stem}.png"] = Path(tmp) / "report" / "calls" / f"{stem}.html"
        for name, page in targets.items():
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp}/profile", "--hide-scrollbars", "--window-size=1280,2200",
                 f"--screenshot={SHOTS / name}", page.as_uri()],
                check=True, capture_output=True, timeout=120,
            )
            print(f"screenshot: bench/screenshots/{name}")


if __name__ == "__main__":
    main()
