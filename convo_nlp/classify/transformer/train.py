"""Fine-tuning: LoRA on the encoder's attention + a multi-label head, seeded and reproducible.
Per-label decision thresholds are chosen on the development split."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from convo_nlp.classify.transformer.artefact import CARD, ModelCard, readme
from convo_nlp.classify.transformer.examples import LABELS, Example, examples, label_mask
from convo_nlp.classify.transformer.model import DEFAULT_BASE, TurnModel, quantized, resolve_base
from convo_nlp.classify.transformer.network import LoraSettings, build_network, encode, keep_layers, load_base
from convo_nlp.schema import Call


@dataclass(frozen=True, slots=True)
class TrainSettings:
    epochs: int = 4
    batch_size: int = 16
    lr: float = 1e-3
    head_lr: float = 3e-3
    weight_decay: float = 0.01
    max_length: int = 64
    seed: int = 13
    max_steps: int = 0  # 0: all epochs
    threads: int = 0
    context: bool = False  # also read the previous turn (slower; generalised worse in our measurements)
    layers: int = 0  # keep only the base's bottom N layers (0: all): faster, at some cost in accuracy
    int8: bool = False  # run quantised to int8 (faster, but a turn's scores then depend a little on its batch)
    prefix: str = ""  # put before every input; "" for the default e5 base means "query: "
    lora: LoraSettings = field(default_factory=LoraSettings)


def data_digest(calls: Sequence[Call]) -> str:
    """sha256 of the labelled turns the model learns from (ids, roles, texts, labels)."""
    h = hashlib.sha256()
    for c in calls:
        for t in c.turns:
            h.update(json.dumps([c.id, t.role.value, t.text, sorted(x.value for x in t.gold or ())]).encode())
    return h.hexdigest()


def _seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def train_model(
    train_calls: Sequence[Call],
    dev_calls: Sequence[Call],
    base: str,
    out_dir: Path,
    settings: TrainSettings | None = None,
    name: str = "",
    progress: Callable[[int, int, float], None] | None = None,
) -> ModelCard:
    """Train on ``train_calls`` (roles resolved, turns with gold labels), choose thresholds on
    ``dev_calls``, write the model folder atomically and return its card."""
    import torch
    from safetensors.torch import save_file

    s = settings or TrainSettings()
    if s.threads:
        torch.set_num_threads(s.threads)
    _seed(s.seed)
    train_ex, dev_ex = examples(train_calls), examples(dev_calls)
    if not train_ex:
        from convo_nlp.errors import InputError

        raise InputError("no labelled turns to train on", hint="give turns a 'labels' list as in LABELING.md")
    prefix = s.prefix or ("query: " if base == DEFAULT_BASE else "")
    tokenizer, encoder = load_base(resolve_base(base))
    encoder = keep_layers(encoder, s.layers)
    network = build_network(encoder, len(LABELS), s.lora)
    lora_params = [p for n, p in network.named_parameters() if p.requires_grad and not n.startswith("head.")]
    optimiser = torch.optim.AdamW(
        [{"params": lora_params, "lr": s.lr}, {"params": network.head.parameters(), "lr": s.head_lr}],
        weight_decay=s.weight_decay,
    )
    steps_per_epoch = (len(train_ex) + s.batch_size - 1) // s.batch_size
    total = s.max_steps or steps_per_epoch * s.epochs
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda k: min(1.0, (k + 1) / max(1, total // 10)) * max(0.0, 1 - k / total)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    rng = random.Random(s.seed)
    lengths = [len(e.turn.text) + (len(e.turn.context) if s.context else 0) for e in train_ex]
    started, step = time.perf_counter(), 0
    network.train()
    while step < total:
        for rows in bucketed_batches(lengths, s.batch_size, rng):
            batch = [train_ex[j] for j in rows]
            contexts = [e.turn.context for e in batch] if s.context else None
            enc = encode(tokenizer, [e.turn.text for e in batch], contexts, s.max_length, prefix)
            logits = network(enc["input_ids"], enc["attention_mask"])
            targets = torch.tensor([e.targets for e in batch], dtype=torch.float32)
            mask = torch.tensor([label_mask(e.turn.role) for e in batch], dtype=torch.float32)
            loss = (loss_fn(logits, targets) * mask).sum() / mask.sum().clamp_min(1.0)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            step += 1
            if progress is not None:
                progress(step, total, loss.item())
            if step >= total:
                break
    seconds = time.perf_counter() - started
    network.eval()
    card = ModelCard(
        name=name or out_dir.name,
        labels=tuple(lab.value for lab in LABELS),
        thresholds=tuple([0.5] * len(LABELS)),
        base_model=base,
        max_length=s.max_length,
        lora={**asdict(s.lora), "targets": list(s.lora.targets)},
        training={
            **{k: v for k, v in asdict(s).items() if k != "lora"},
            "steps": step,
            "seconds": round(seconds, 1),
            "train_turns": len(train_ex),
            "dev_turns": len(dev_ex),
        },
        data={
            "sha256": data_digest([*train_calls, *dev_calls]),
            "train_calls": len(train_calls),
            "dev_calls": len(dev_calls),
        },
        versions=_versions(),
        context=s.context,
        prefix=prefix,
        int8=s.int8,
        layers=s.layers,
    )
    model = TurnModel(tokenizer, _as_run(network, card.int8), card)
    if dev_ex:
        probs = model.probabilities([e.turn for e in dev_ex])
        gold = np.array([e.targets for e in dev_ex], dtype=np.float32)
        card = _with_thresholds(card, choose_thresholds(probs, gold))
    _write(network, card, out_dir, save_file)
    return card


def _as_run(network: Any, int8: bool) -> Any:
    """A copy of the trained network as :meth:`TurnModel.load` will run it: LoRA merged, int8 if asked."""
    import copy

    run = copy.deepcopy(network)
    if hasattr(run.encoder, "merge_and_unload"):
        run.encoder = run.encoder.merge_and_unload()
    return quantized(run) if int8 else run


def bucketed_batches(lengths: Sequence[int], batch_size: int, rng: random.Random, pool: int = 50) -> list[list[int]]:
    """One epoch of batches: shuffled, then sorted by length inside pools of ``pool`` batches so
    that a batch pads little, then the batches shuffled again."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    for i in range(0, len(order), batch_size * pool):
        part = sorted(order[i : i + batch_size * pool], key=lambda k: lengths[k])
        batches += [part[j : j + batch_size] for j in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def choose_thresholds(probs: np.ndarray, gold: np.ndarray, margin: float = 0.01) -> tuple[float, ...]:
    """Per label, the threshold in 0.30…0.70 with the best F1 on the development turns; a
    threshold nearer 0.5 wins unless the other is better by more than ``margin`` (a small
    development split should not push a label to an extreme). 0.5 when the label does not occur."""
    out = []
    for j in range(probs.shape[1]):
        if gold[:, j].sum() == 0:
            out.append(0.5)
            continue
        scored = []
        for th in np.arange(0.3, 0.701, 0.05):
            pred = probs[:, j] >= th
            tp = float(np.sum(pred & (gold[:, j] > 0)))
            fp, fn = float(np.sum(pred & (gold[:, j] == 0))), float(np.sum(~pred & (gold[:, j] > 0)))
            scored.append((2 * tp / (2 * tp + fp + fn) if tp else 0.0, float(round(th, 2))))
        best_f1 = max(f for f, _ in scored)
        out.append(min((th for f, th in scored if f >= best_f1 - margin), key=lambda th: abs(th - 0.5)))
    return tuple(out)


def _with_thresholds(card: ModelCard, thresholds: tuple[float, ...]) -> ModelCard:
    from dataclasses import replace

    return replace(card, thresholds=thresholds)


def _write(network: Any, card: ModelCard, out_dir: Path, save_file: Any) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        network.encoder.save_pretrained(str(tmp / "adapter"))
        save_file({k: v.contiguous() for k, v in network.head.state_dict().items()}, str(tmp / "head.safetensors"))
        (tmp / CARD).write_text(json.dumps(card.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "README.md").write_text(readme(card), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def update_card(out_dir: Path, **changes: Any) -> ModelCard:
    """Rewrite the card (e.g. with test metrics measured after training)."""
    from dataclasses import replace

    from convo_nlp.io.atomic import atomic_write_text

    card = replace(ModelCard.read(out_dir), **changes)
    atomic_write_text(out_dir / CARD, json.dumps(card.to_dict(), indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(out_dir / "README.md", readme(card))
    return card


def _versions() -> dict[str, str]:
    import peft
    import torch
    import transformers

    from convo_nlp._version import __version__

    return {
        "convo_nlp": __version__,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "peft": peft.__version__,
    }


__all__ = ["Example", "TrainSettings", "choose_thresholds", "data_digest", "train_model", "update_card"]
