"""Throughput of the lexicon pipeline on one core: 1,000 generated calls.

    .venv/bin/python bench/bench_pipeline.py [--calls 1000]

Prints calls/s and turns/s for analysis (roles, normalise, classify, detect, score) and for the
whole path including reading and writing JSON, plus peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_calls import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    from convo_nlp import Analyzer, read_calls

    docs = generate(args.calls)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "calls.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        analyzer = Analyzer()
        warm = read_calls(path).calls[:5]
        for c in warm:
            analyzer.process(c)  # load spaCy tokenizers etc. before timing

        t0 = time.perf_counter()
        calls = read_calls(path).calls
        t1 = time.perf_counter()
        analyses = [analyzer.process(c) for c in calls]
        t2 = time.perf_counter()
        out = "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in analyses)
        (Path(tmp) / "out.jsonl").write_text(out, encoding="utf-8")
        t3 = time.perf_counter()

    turns = sum(len(c.turns) for c in calls)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"calls: {len(calls)}  turns: {turns}  (one core)")
    print(f"read jsonl:        {t1 - t0:7.3f} s")
    rate = f"{len(calls) / (t2 - t1):8.1f} calls/s  {turns / (t2 - t1):9.1f} turns/s"
    print(f"analyse:           {t2 - t1:7.3f} s  -> {rate}")
    print(f"write results:     {t3 - t2:7.3f} s")
    print(f"end to end:        {t3 - t0:7.3f} s  -> {len(calls) / (t3 - t0):8.1f} calls/s")
    print(f"peak RSS:          {rss_mb:7.1f} MB")


if __name__ == "__main__":
    main()
