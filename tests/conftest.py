"""Shared test helpers: calls are built by hand, never by loading models."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from convo_nlp.schema import Call, Evidence, Label, Role, StageLabel, Turn

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
# the transcript samples (the recordings under samples/audio/ are tested apart: they need the models)
TRANSCRIPT_SAMPLES = tuple(p for p in sorted(SAMPLES.iterdir()) if p.is_file() and p.suffix != ".md")
AUDIO_SAMPLES = SAMPLES / "audio"
EVAL_DIR = REPO.parent / "shared" / "data" / "eval"

# the lexicon for every test unless a test asks for the default (fixture ``default_classifier``)
os.environ["CONVO_NLP_CONFIG"] = str(REPO / "tests" / "lexicon.toml")


@pytest.fixture
def default_classifier(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run with the shipped default configuration (hf-transformer.v1) instead of the tests' lexicon."""
    monkeypatch.delenv("CONVO_NLP_CONFIG", raising=False)


TurnSpec = tuple  # (role, text) | (role, text, labels) | (role, text, labels, start, end)


def make_call(specs: Sequence[TurnSpec], call_id: str = "c1", language: str | None = "en") -> Call:
    """Build a call from (role, text[, labels[, start, end]]) tuples; labels become lexicon-style labels."""
    turns = []
    for i, spec in enumerate(specs):
        role, text = spec[0], spec[1]
        labels = spec[2] if len(spec) > 2 else ()
        start, end = (spec[3], spec[4]) if len(spec) > 4 else (None, None)
        turns.append(
            Turn(
                id=f"t{i}",
                speaker=role,
                text=text,
                start=start,
                end=end,
                role=Role(role),
                labels=tuple(StageLabel(Label(lab), 1.0, "test", (Evidence(f"t{i}", text),)) for lab in labels),
            )
        )
    return Call(id=call_id, turns=tuple(turns), language=language)


@pytest.fixture
def build_call():
    return make_call


def check_lexicon_output(call: Call, out: Sequence[tuple[StageLabel, ...]]) -> None:
    """What every lexicon prediction must satisfy: one tuple per turn, scores in (0, 1], and
    distinct evidence that quotes the raw text exactly at its span."""
    assert len(out) == len(call.turns)
    for turn, labels in zip(call.turns, out, strict=True):
        for label in labels:
            assert label.source == "lexicon.v1"
            assert 0 < label.score <= 1
            assert label.evidence, label
            for ev in label.evidence:
                assert ev.turn_id == turn.id
                assert ev.span is not None
                assert turn.text[ev.span[0] : ev.span[1]] == ev.quote
                assert ev.quote and ev.quote.strip() == ev.quote
                assert ev.rule
            spans = [ev.span for ev in label.evidence if ev.span is not None]
            for i, a in enumerate(spans):  # each piece of evidence counts once: no span inside another
                assert not any(j != i and b[0] <= a[0] and a[1] <= b[1] for j, b in enumerate(spans)), spans


@pytest.fixture
def convo(monkeypatch, capsys):
    """Run the ``convo`` command in-process: ``convo("analyze", …) -> (exit code, stdout, stderr)``."""
    import io
    import sys

    from convo_nlp.cli.main import run

    def call(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["convo", *args])
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return call
