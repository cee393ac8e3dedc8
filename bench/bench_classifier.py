"""Speed of the transformer classifier on this machine: model load time and batched inference
turns/s (goal >= 200 turns/s on 2 cores), next to the lexicon.

    .venv/bin/python bench/bench_classifier.py [--model models/last-e5-lora] [--turns 2000] [--fp32]

Prints batched turns/s (the embedding API's path), and turns/s of the whole classifier (model +
lexicon) call by call, as `convo analyze` runs it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_calls import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(Path(__file__).resolve().parents[1] / "models" / "last-e5-lora"))
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--fp32", action="store_true", help="float32 weights instead of int8")
    args = parser.parse_args()

    import torch

    from convo_nlp.classify.lexicon import LexiconClassifier
    from convo_nlp.classify.transformer.classifier import TransformerClassifier
    from convo_nlp.classify.transformer.examples import turn_inputs
    from convo_nlp.classify.transformer.model import TurnModel
    from convo_nlp.schema import Call

    calls = [Call.from_dict(d) for d in generate(args.turns // 12 + 1)]
    inputs = [x for c in calls for x in turn_inputs(c)][: args.turns]
    t0 = time.perf_counter()
    model = TurnModel.load(args.model, int8=False if args.fp32 else None)
    load = time.perf_counter() - t0
    model.probabilities(inputs[:32])  # warm-up
    t0 = time.perf_counter()
    model.probabilities(inputs, batch_size=args.batch)
    seconds = time.perf_counter() - t0
    lexicon = LexiconClassifier()
    clf = TransformerClassifier(model, lexicon)
    t0 = time.perf_counter()
    n_turns = sum(len(clf.predict(c)) for c in calls)
    per_call = time.perf_counter() - t0
    t0 = time.perf_counter()
    for c in calls:
        lexicon.predict(c)
    lexicon_only = time.perf_counter() - t0
    print(f"command: .venv/bin/python bench/bench_classifier.py --model {args.model}{' --fp32' if args.fp32 else ''}")
    weights = "int8" if model.int8 else "float32"
    print(f"torch threads {torch.get_num_threads()}, batch {args.batch}, max_length {model.card.max_length}, {weights}")
    print(f"model load (base + adapter + head): {load:.1f}s")
    print(f"inference: {len(inputs)} turns in {seconds:.1f}s = {len(inputs) / seconds:.0f} turns/s (goal >= 200)")
    print(f"classifier call by call (model + lexicon, {len(calls)} calls): {n_turns / per_call:.0f} turns/s")
    print(f"lexicon.v1 alone, call by call: {n_turns / lexicon_only:.0f} turns/s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
