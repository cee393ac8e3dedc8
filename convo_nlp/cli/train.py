"""`convo train`: fine-tune hf-transformer.v1 on labelled conversations (LABELING.md format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def train(
    data: Annotated[list[str], typer.Argument(help="Labelled files (LABELING.md JSONL), folders or globs.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model folder to write, e.g. models/NAME.")],
    base_model: Annotated[
        str,
        typer.Option(
            "--base-model",
            help="Base encoder: a Hugging Face folder, a hub name (network), or "
            "convo:multilingual-e5-small (built by `make models`).",
        ),
    ] = "convo:multilingual-e5-small",
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training turns.")] = 4,
    batch_size: Annotated[int, typer.Option(min=1)] = 16,
    lr: Annotated[float, typer.Option(help="Learning rate of the LoRA adapters.")] = 1e-3,
    max_length: Annotated[int, typer.Option(min=16, help="Tokens per input (longer turns are cut).")] = 64,
    lora_r: Annotated[int, typer.Option(min=1, help="LoRA rank.")] = 8,
    layers: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Keep only the base's bottom N layers (0: all). Default: 6 for the default base, else all.",
        ),
    ] = None,
    top_layers: Annotated[int, typer.Option(min=0, help="Adapt only the top N encoder layers (0: all).")] = 0,
    int8: Annotated[
        bool,
        typer.Option(
            "--int8/--float32",
            help="Run quantised to int8: about 2x faster, but a turn's scores then vary a little with its batch.",
        ),
    ] = False,
    context: Annotated[
        bool, typer.Option("--context/--no-context", help="Also read the previous turn (slower).")
    ] = False,
    combine: Annotated[
        bool,
        typer.Option(
            "--combine/--no-combine",
            help="Let the lexicon share a label's decision where that measures better on dev.",
        ),
    ] = True,
    seed: Annotated[int, typer.Option(help="Random seed: the same data and seed give the same model.")] = 13,
    max_steps: Annotated[int, typer.Option(min=0, help="Stop after this many steps (0: all epochs).")] = 0,
) -> None:
    """Train the transformer classifier (LoRA adapters + a multi-label head) on labelled calls.

    Calls go to train/dev/test by their "split" field, else by a stable hash of their id
    (80/10/10). Thresholds, and which labels the lexicon helps decide, are chosen on dev; test
    figures are written into the model card."""
    from convo_nlp.classify.transformer.model import DEFAULT_BASE
    from convo_nlp.classify.transformer.network import LoraSettings
    from convo_nlp.classify.transformer.train import TrainSettings
    from convo_nlp.cli.train_job import run_train

    settings = TrainSettings(
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        max_length=max_length,
        seed=seed,
        max_steps=max_steps,
        context=context,
        layers=(6 if base_model == DEFAULT_BASE else 0) if layers is None else layers,
        int8=int8,
        lora=LoraSettings(r=lora_r, alpha=2 * lora_r, top_layers=top_layers),
    )
    run_train(data, output, base_model, settings, combine=combine)
