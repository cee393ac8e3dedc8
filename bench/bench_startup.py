"""Start-up time of the CLI and of `import convo_nlp` (median of N runs).

.venv/bin/python bench/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    convo = shutil.which("convo", path=str(Path(sys.executable).parent)) or "convo"
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "en_telecom_interrupt.vtt"
    print(f"convo --help:            {timed([convo, '--help'], args.runs):.3f} s (median of {args.runs})")
    print(f"python -c 'import convo_nlp': {timed([sys.executable, '-c', 'import convo_nlp'], args.runs):.3f} s")
    print(f"convo analyze (1 call):  {timed([convo, 'analyze', str(sample), '-f', 'jsonl'], 3):.3f} s (median of 3)")


if __name__ == "__main__":
    main()
