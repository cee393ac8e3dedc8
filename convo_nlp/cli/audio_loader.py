"""Read recordings for the batch runner: transcribe them, a chunk at a time, stage by stage."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from convo_nlp.audio.formats import is_audio_path
from convo_nlp.cli.inputs import Source
from convo_nlp.config import Config
from convo_nlp.errors import InputError
from convo_nlp.schema import Call

if TYPE_CHECKING:
    from convo_nlp.audio.transcriber import CallTranscriber, Transcription


class AudioLoader:
    """``load(source) -> ([call], "audio/<codec>")`` for recordings.

    The first request for a recording transcribes it together with the next recordings of the
    batch (``chunk`` at a time, stage-major); later requests are answered from that work. The
    models are loaded once, on first use. ``rttm`` is an RTTM file (one input) or a folder of
    ``<stem>.rttm`` files that replace diarization."""

    def __init__(
        self,
        config: Config,
        sources: Sequence[Source],
        *,
        rttm: Path | None = None,
        chunk: int = 4,
    ) -> None:
        self.config = config
        self.rttm = rttm
        self.chunk = chunk
        self._queue = [s.path for s in sources if s.path is not None and is_audio_path(s.path) and not s.missing]
        self._done: dict[Path, Transcription | Exception] = {}
        self._transcriber: CallTranscriber | None = None

    @property
    def transcriber(self) -> CallTranscriber:
        if self._transcriber is None:
            from convo_nlp.audio.transcriber import CallTranscriber, options_from_config

            self._transcriber = CallTranscriber(options_from_config(self.config))
        return self._transcriber

    def options_summary(self) -> dict[str, object]:
        from convo_nlp.audio.transcriber import options_from_config

        return options_from_config(self.config).summary()

    def rttm_for(self, path: Path) -> Path | None:
        if self.rttm is None:
            return None
        if self.rttm.is_dir():
            candidate = self.rttm / f"{path.stem}.rttm"
            return candidate if candidate.is_file() else None
        return self.rttm

    def transcription(self, path: Path) -> Transcription:
        if path not in self._done:
            start = self._queue.index(path) if path in self._queue else None
            batch = self._queue[start : start + self.chunk] if start is not None else [path]
            for p, result in self.transcriber.transcribe_many(
                batch, rttm=self.rttm_for, max_seconds=self.config.audio.max_minutes * 60.0, chunk=self.chunk
            ):
                self._done[p] = result
        result = self._done.pop(path)
        if isinstance(result, Exception):
            raise result
        return result

    def load(self, source: Source) -> tuple[list[Call], str]:
        if source.path is None:
            raise InputError("recordings cannot be read from stdin", hint="give the audio file's path")
        result = self.transcription(source.path)
        codec = result.call.meta.get("audio", {}).get("codec", "audio")
        return [result.call], f"audio/{codec}"
