"""Run a job over many inputs: progress on stderr, one result file per call written atomically,
failures recorded with a one-line reason, and the batch carries on.

Resumable: a re-run into the same output folder reuses every call whose result is already there
(complete, since results are written atomically) and was made with the same configuration; a
recording with a result is not even decoded again."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from convo_nlp.audio.formats import is_audio_path
from convo_nlp.cli.inputs import Source
from convo_nlp.cli.summary import summary_csv
from convo_nlp.errors import ConvoNLPError
from convo_nlp.io import atomic_write_text
from convo_nlp.io.names import UniqueNames
from convo_nlp.pipeline import Analysis
from convo_nlp.results import result_from_dict
from convo_nlp.schema import Call

log = logging.getLogger("convo_nlp")

Loader = Callable[[Source], tuple[list[Call], str]]
Handler = Callable[[Call], Analysis]


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    error: str


@dataclass(slots=True)
class BatchOutcome:
    results: list[tuple[str, Analysis]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)
    files: int = 0
    reused: int = 0
    seconds: float = 0.0


def one_line(exc: BaseException) -> str:
    """The error as one line; unexpected errors say how to get the traceback."""
    if isinstance(exc, ConvoNLPError):
        return " ".join(str(exc).split())
    return f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (rerun with -v for the traceback)"


class ResultSink:
    """Writes each result to ``<out_dir>/<call id>.json`` (atomically, unique names), then
    ``summary.csv`` and ``failures.csv``."""

    def __init__(self, out_dir: Path, resume_digest: str | None = None) -> None:
        self.out_dir = out_dir
        self._names = UniqueNames()
        self._done: dict[tuple[str, str], Path] = {}
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConvoNLPError(
                f"cannot create the output folder: {exc.strerror}", path=str(out_dir), hint="choose another -o folder"
            ) from None
        if resume_digest:
            self._index(resume_digest)

    def _index(self, digest: str) -> None:
        """Remember the results already in the folder that this configuration made."""
        for path in sorted(self.out_dir.glob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                key = (str(doc["source"]), str(doc["call"]["id"]))
                same = doc["report"]["config_digest"] == digest
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if same:
                self._done[key] = path
                self._names.reserve(path.stem)

    def done(self, source: str, call_id: str | None = None) -> list[Path]:
        """Result files already made for ``source`` (for one call of it, given ``call_id``)."""
        return [p for (src, cid), p in self._done.items() if src == source and call_id in (None, cid)]

    @staticmethod
    def reuse(path: Path) -> Analysis:
        return result_from_dict(json.loads(path.read_text(encoding="utf-8")), str(path))

    def write(self, source: str, analysis: Analysis) -> Path:
        path = self.out_dir / f"{self._names.name(analysis.call.id)}.json"
        atomic_write_text(path, json.dumps(analysis.to_dict(source), ensure_ascii=False, indent=2) + "\n")
        return path

    def close(self, outcome: BatchOutcome) -> None:
        # utf-8 BOM so that spreadsheet programs show Arabic correctly.
        atomic_write_text(self.out_dir / "summary.csv", "\ufeff" + summary_csv(outcome.results))
        write_failures(self.out_dir, outcome.failures)


def write_failures(out_dir: Path, failures: Sequence[Failure]) -> None:
    """``failures.csv`` (source, error) when something failed; an old one is removed otherwise."""
    path = out_dir / "failures.csv"
    if failures:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["source", "error"])
        writer.writerows([f.source, f.error] for f in failures)
        atomic_write_text(path, "\ufeff" + buf.getvalue())
    elif path.exists():
        path.unlink()


def progress_bar(console: Console) -> Progress:
    """The progress display on stderr: only on a terminal, gone when done."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def run_batch(
    sources: Sequence[Source],
    load: Loader,
    handle: Handler,
    *,
    console: Console,
    sink: ResultSink | None = None,
    verbose: bool = False,
) -> BatchOutcome:
    outcome = BatchOutcome()
    started = time.perf_counter()
    progress = progress_bar(console)
    with progress:
        files = progress.add_task("files", total=len(sources))
        calls = progress.add_task("calls", total=None)

        def tick(total: int | None = None) -> None:
            if total is not None:
                progress.reset(calls, total=total)
            else:
                progress.advance(calls)

        for source in sources:
            progress.update(files, description=f"files: {Path(source.name).name[:40]}")
            _run_one(source, load, handle, outcome, sink, console, verbose, tick)
            progress.advance(files)
    outcome.seconds = time.perf_counter() - started
    if sink is not None:
        sink.close(outcome)
    return outcome


def _run_one(
    source: Source,
    load: Loader,
    handle: Handler,
    outcome: BatchOutcome,
    sink: ResultSink | None,
    console: Console,
    verbose: bool,
    tick: Callable[..., None] = lambda *_: None,
) -> None:
    """Load one source and handle its calls; ``tick(n)`` announces n calls, ``tick()`` one done."""
    outcome.files += 1
    if source.missing:
        _fail(outcome, console, source.name, source.missing)
        return
    if sink is not None and is_audio_path(source.name) and _reuse(source.name, None, sink, outcome):
        return
    try:
        calls, fmt = load(source)
    except Exception as exc:  # noqa: BLE001 - a bad file must not stop the batch
        _fail(outcome, console, source.name, one_line(exc), exc if verbose else None)
        return
    outcome.formats[fmt] = outcome.formats.get(fmt, 0) + 1
    log.info("%s: read %d call(s) as %s", source.name, len(calls), fmt)
    tick(len(calls))
    for call in calls:
        tick()
        if sink is not None and _reuse(source.name, call.id, sink, outcome):
            continue
        try:
            analysis = handle(call)
            if sink is not None:
                sink.write(source.name, analysis)
        except Exception as exc:  # noqa: BLE001
            _fail(outcome, console, f"{source.name}#{call.id}", one_line(exc), exc if verbose else None)
            continue
        outcome.results.append((source.name, analysis))


def _reuse(source: str, call_id: str | None, sink: ResultSink, outcome: BatchOutcome) -> bool:
    """Take the finished results of a source (or one of its calls) instead of redoing them; not when
    the source changed after its result was written."""
    paths = sink.done(source, call_id)
    try:
        changed = Path(source).stat().st_mtime
        paths = [p for p in paths if p.stat().st_mtime >= changed]
    except OSError:
        pass
    try:
        analyses = [sink.reuse(p) for p in paths]
    except ConvoNLPError:
        return False  # unreadable now: do the work again
    outcome.results.extend((source, a) for a in analyses)
    outcome.reused += len(analyses)
    return bool(analyses)


def _fail(outcome: BatchOutcome, console: Console, name: str, message: str, exc: BaseException | None = None) -> None:
    outcome.failures.append(Failure(name, message))
    text = message if message.startswith(name) else f"{name}: {message}"
    console.print(f"[red]error:[/] {escape(text)}", markup=True, highlight=False)
    if exc is not None:
        console.print_exception(show_locals=False)
    sys.stderr.flush()
