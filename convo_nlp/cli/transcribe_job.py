"""The work of `convo transcribe`: recordings -> transcripts, with progress, resume and failures."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import typer

from convo_nlp.audio.formats import AUDIO_SUFFIXES
from convo_nlp.cli.audio_loader import AudioLoader
from convo_nlp.cli.batch import BatchOutcome, Failure, one_line, progress_bar, write_failures
from convo_nlp.cli.common import stderr, stdout_write
from convo_nlp.cli.inputs import expand_inputs
from convo_nlp.config import Config
from convo_nlp.errors import ConfigError
from convo_nlp.io import atomic_write_text, render_calls
from convo_nlp.io.names import UniqueNames
from convo_nlp.roles import RoleResolver
from convo_nlp.schema import Call, Role

_SUFFIX = {"json": ".json", "vtt": ".vtt", "srt": ".srt", "rttm": ".rttm", "txt": ".txt"}


def run_transcribe(
    inputs: Sequence[str],
    *,
    output_dir: Path | None,
    formats: Sequence[str],
    config: Path | None,
    overrides: Sequence[str],
    rttm: Path | None,
    resume: bool,
    verbose: bool,
) -> None:
    bad = [f for f in formats if f not in _SUFFIX]
    if bad:
        raise ConfigError(f"unknown transcript format {bad[0]!r}", hint=f"use one of {', '.join(_SUFFIX)}")
    console = stderr()
    cfg = Config.load(config, overrides)
    sources = expand_inputs(inputs, suffixes=AUDIO_SUFFIXES, exclude=output_dir)
    loader = AudioLoader(cfg, sources, rttm=rttm)
    roles = RoleResolver(first_speaker=Role(cfg.pipeline.first_speaker))
    outcome = BatchOutcome()
    names = UniqueNames()
    done: list[Call] = []
    started = time.perf_counter()
    progress = progress_bar(console)
    with progress:
        task = progress.add_task("recordings", total=len(sources))
        for source in sources:
            progress.update(task, description=f"recordings: {Path(source.name).name[:40]}")
            outcome.files += 1
            name = names.name(Path(source.name).stem)
            if output_dir is not None and resume and _up_to_date(output_dir / f"{name}.json", source.path, loader):
                outcome.reused += 1
                progress.advance(task)
                continue
            try:
                if source.missing:
                    raise FileNotFoundError(source.missing)
                (call,), _fmt = loader.load(source)
                call = roles(call)
                if output_dir is None:
                    done.append(call)
                else:
                    for fmt in formats:
                        atomic_write_text(output_dir / f"{name}{_SUFFIX[fmt]}", _render(call, fmt))
            except Exception as exc:  # noqa: BLE001 - a bad file must not stop the batch
                message = source.missing or one_line(exc)
                outcome.failures.append(Failure(source.name, message))
                console.print(f"[red]error:[/] {source.name}: {message}", markup=True, highlight=False)
                if verbose and not source.missing:
                    console.print_exception(show_locals=False)
            progress.advance(task)
    outcome.seconds = time.perf_counter() - started
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        write_failures(output_dir, outcome.failures)
    else:
        for call in done:
            stdout_write(_render(call, formats[0]))
    ok = outcome.files - len(outcome.failures) - outcome.reused
    parts = [f"transcribed {ok} recording{'s' if ok != 1 else ''} in {outcome.seconds:.1f}s"]
    if outcome.reused:
        parts.append(f"{outcome.reused} already done (--no-resume to redo)")
    if outcome.failures:
        parts.append(f"[red]{len(outcome.failures)} failed[/]")
    if output_dir is not None:
        parts.append(f"written to {output_dir}/")
    console.print("; ".join(parts), highlight=False)
    if outcome.failures:
        raise typer.Exit(1)


def _render(call: Call, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(call.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return render_calls([call], fmt)


def _up_to_date(out: Path, source: Path | None, loader: AudioLoader) -> bool:
    """A transcript of this recording is there, newer than it, made with the same settings."""
    if source is None or not out.is_file():
        return False
    try:
        if out.stat().st_mtime < source.stat().st_mtime:
            return False
        meta = json.loads(out.read_text(encoding="utf-8")).get("meta", {})
        return bool(meta.get("audio", {}).get("options") == loader.options_summary())
    except (OSError, ValueError, AttributeError):
        return False
