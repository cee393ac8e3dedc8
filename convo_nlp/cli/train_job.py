"""The work of `convo train`: read, split, train with progress, measure on the test split."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from convo_nlp.classify.base import TurnClassifier
from convo_nlp.classify.transformer.model import TurnModel
from convo_nlp.classify.transformer.train import TrainSettings, train_model, update_card
from convo_nlp.cli.common import stderr
from convo_nlp.cli.inputs import expand_inputs
from convo_nlp.cli.loading import load_transcripts
from convo_nlp.errors import InputError
from convo_nlp.roles import RoleResolver
from convo_nlp.schema import Call


def split_of(call: Call) -> str:
    given = str(call.meta.get("split", "")).lower()
    if given in ("train", "dev", "test"):
        return given
    bucket = int(hashlib.sha256(call.id.encode()).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def read_labelled(data: Sequence[str]) -> dict[str, list[Call]]:
    roles = RoleResolver()
    parts: dict[str, list[Call]] = {"train": [], "dev": [], "test": []}
    for source in expand_inputs(data):
        if source.missing:
            raise InputError(source.missing, path=source.name)
        calls, _ = load_transcripts(source, None)
        for call in calls:
            parts[split_of(call)].append(roles(call))
    if not any(t.gold is not None for c in parts["train"] for t in c.turns):
        raise InputError("no labelled training turns", hint="give turns a 'labels' list as in LABELING.md")
    return parts


def run_train(data: Sequence[str], output: Path, base: str, settings: TrainSettings, combine: bool = True) -> None:
    from convo_nlp.classify.lexicon import LexiconClassifier
    from convo_nlp.classify.transformer.classifier import TransformerClassifier
    from convo_nlp.evaluation.runner import evaluate

    console = stderr()
    parts = read_labelled(data)
    console.print(
        f"calls: train {len(parts['train'])}, dev {len(parts['dev'])}, test {len(parts['test'])}", highlight=False
    )
    progress = Progress(
        TextColumn("training"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task("train", total=None, loss="-")

        def tick(step: int, total: int, loss: float) -> None:
            progress.update(task, completed=step, total=total, loss=f"{loss:.3f}")

        card = train_model(parts["train"], parts["dev"], base, output, settings, name=output.name, progress=tick)
    console.print(f"trained in {card.training['seconds']}s ({card.training['steps']} steps)", highlight=False)
    lexicon = LexiconClassifier()
    model = TurnModel.load(output)
    policies: dict[str, str] = {}
    if combine and parts["dev"]:
        policies = combine_policies(model, lexicon, parts["dev"])
        update_card(output, combine=policies)
        mixed = {k: v for k, v in policies.items() if v != "model"}
        console.print(f"combined with the lexicon on dev: {mixed or 'no label'}", highlight=False)
    metrics = {}
    if parts["test"]:
        report = evaluate(TransformerClassifier(model, lexicon, policies), parts["test"], ["test split"])
        metrics["test"] = report.to_dict()
        for g in report.groups:
            console.print(
                f"test {g.name}: macro-F1 agent {g.macro_f1(_agent()):.3f}, all {g.macro_f1():.3f} ({g.turns} turns)",
                highlight=False,
            )
    update_card(output, metrics=metrics)
    console.print(f"model written to {output}/ (card: {output}/README.md)", highlight=False)


def combine_policies(model: TurnModel, lexicon: TurnClassifier, dev: Sequence[Call]) -> dict[str, str]:
    """Per label, whether the model, the lexicon, either or both decide: the best on ``dev``."""
    from convo_nlp.classify.transformer.classifier import TransformerClassifier
    from convo_nlp.classify.transformer.combine import choose_policies
    from convo_nlp.classify.transformer.examples import LABELS
    from convo_nlp.evaluation.runner import collect_outcomes

    model_alone = TransformerClassifier(model, lexicon=None)
    by_model, _ = collect_outcomes(model_alone, dev)
    by_lexicon, _ = collect_outcomes(lexicon, dev)
    return choose_policies(by_model, by_lexicon, LABELS)


def _agent():  # type: ignore[no-untyped-def]
    from convo_nlp.schema.labels import AGENT_LABELS

    return AGENT_LABELS
