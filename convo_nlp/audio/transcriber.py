"""Recording in, call out: decode -> language -> speech to text -> who spoke when -> turns.

Stereo (one party per channel, the usual call-centre recording): each channel is transcribed on
its own and its role comes from the channel map, so overlapping speech of both parties is kept
and interruptions are measured exactly. Mono: the words are given to the speakers found by
diarization (or by an RTTM file), and roles are decided later from what each speaker says.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convo_nlp.audio.asr import AsrOptions, SpeechRecognizer
from convo_nlp.audio.decode import is_silent, load_audio
from convo_nlp.audio.diarize import DiarizationOptions, Diarizer
from convo_nlp.audio.overlap import apply_overlaps, segment_overlaps
from convo_nlp.audio.turns import assign_speakers, build_turns, snap_to_speech
from convo_nlp.audio.types import AsrResult, Audio, Diarization, SpeakerSegment
from convo_nlp.audio.vad import speech_regions
from convo_nlp.errors import InputError
from convo_nlp.schema import Call, Provenance, Role, Turn, Word
from convo_nlp.schema.roles import role_from_name

log = logging.getLogger("convo_nlp")

STEREO_TIMING = "stereo: one party per channel; overlap and interruptions measured exactly"
MONO_TIMING = (
    "mono: speakers found by diarization, an estimate; overlapping speech cannot be separated on one "
    "channel, so overlap and interruptions are under-counted (a stereo recording measures them exactly)"
)
RTTM_TIMING = "mono: speakers from the RTTM file; overlap as the RTTM gives it"


@dataclass(frozen=True, slots=True)
class TranscribeOptions:
    asr: AsrOptions = field(default_factory=AsrOptions)
    diarization: DiarizationOptions = field(default_factory=DiarizationOptions)
    agent_channel: int = 0
    agent_speaker: str = ""
    max_pause: float = 1.0
    rttm_beside: bool = True

    def summary(self) -> dict[str, Any]:
        """The settings that shape a transcript, recorded with it (a re-run with the same settings can
        reuse it)."""
        a = self.asr
        return {
            "asr_model": a.model,
            "language": a.language,
            "beam_size": a.beam_size,
            "compute_type": a.compute_type,
            "agent_channel": self.agent_channel,
            "num_speakers": self.diarization.num_speakers,
            "agent_speaker": self.agent_speaker,
            "max_pause": self.max_pause,
        }


@dataclass(frozen=True, slots=True)
class Transcription:
    call: Call
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Heard:
    """Stage 1 output: the call's language and what the recogniser heard on each track."""

    language: str
    probability: float
    tracks: tuple[AsrResult, ...]
    speech: tuple[list[tuple[float, float]], ...] = ()  # voice activity per track


class CallTranscriber:
    """Transcribes recordings into calls. Models load on first use and are reused for every call.

    ``transcribe_many`` works stage by stage over a chunk of recordings (decode all, recognise all,
    diarize all, then build the calls), so each model is used for a run of files at a time."""

    def __init__(self, options: TranscribeOptions | None = None, home: Path | None = None) -> None:
        self.options = options or TranscribeOptions()
        self.asr = SpeechRecognizer(self.options.asr, home)
        self.diarizer = Diarizer(self.options.diarization)

    def transcribe(
        self, path: str | Path, *, rttm: Path | None = None, max_seconds: float | None = None
    ) -> Transcription:
        return self.transcribe_audio(load_audio(path, max_seconds=max_seconds), rttm=rttm)

    def transcribe_audio(self, audio: Audio, *, rttm: Path | None = None) -> Transcription:
        rttm = rttm or self._rttm_beside(Path(audio.path))
        heard = self._recognise(audio)
        return self._assemble(audio, heard, self._speakers(audio, heard, rttm), rttm)

    def transcribe_many(
        self,
        paths: Sequence[Path],
        *,
        rttm: Callable[[Path], Path | None] | None = None,
        max_seconds: float | None = None,
        chunk: int = 4,
    ) -> Iterator[tuple[Path, Transcription | Exception]]:
        """(path, transcription or the error that stopped it) for every path, in order."""
        for i in range(0, len(paths), max(1, chunk)):
            batch = list(paths[i : i + max(1, chunk)])
            results: dict[Path, Transcription | Exception] = {}
            decoded: dict[Path, Audio] = {}
            for p in batch:
                try:
                    decoded[p] = load_audio(p, max_seconds=max_seconds)
                except Exception as exc:  # noqa: BLE001 - recorded per file; the batch goes on
                    results[p] = exc
            heard: dict[Path, _Heard] = {}
            for p, audio in decoded.items():
                try:
                    heard[p] = self._recognise(audio)
                except Exception as exc:  # noqa: BLE001
                    results[p] = exc
            for p, h in heard.items():
                try:
                    r = (rttm(p) if rttm else None) or self._rttm_beside(p)
                    results[p] = self._assemble(decoded[p], h, self._speakers(decoded[p], h, r), r)
                except Exception as exc:  # noqa: BLE001
                    results[p] = exc
            decoded.clear()
            for p in batch:
                yield p, results[p]

    # -- stages -------------------------------------------------------------------------------

    def _recognise(self, audio: Audio) -> _Heard:
        if is_silent(audio):
            return _Heard("", 1.0, ())
        language, probability = self.asr.choose_language(audio.tracks)
        return _Heard(
            language,
            probability,
            tuple(self.asr.transcribe(t, language) for t in audio.tracks),
            tuple(speech_regions(t) for t in audio.tracks),
        )

    def _speakers(self, audio: Audio, heard: _Heard, rttm: Path | None) -> Diarization | None:
        """Mono only: the RTTM's segments, or diarization of the track."""
        if audio.stereo or not heard.tracks:
            return None
        if rttm is not None:
            return read_rttm_segments(rttm)
        return self.diarizer.diarize(audio.tracks[0], heard.speech[0])

    def _assemble(self, audio: Audio, heard: _Heard, diar: Diarization | None, rttm: Path | None) -> Transcription:
        path = Path(audio.path)
        info: dict[str, Any] = {
            "channels": audio.source_channels,
            "sample_rate": audio.source_rate,
            "codec": audio.codec,
            "duration": round(audio.duration, 3),
            "mode": "stereo" if audio.stereo else "mono",
        }
        if audio.dual_mono:
            info["note"] = "both channels carry the same signal: treated as mono"
        warnings: list[str] = []
        prov: tuple[Provenance, ...] = ()
        turns: list[Turn] = []
        if not heard.tracks:
            warnings.append(f"{audio.path}: the recording is silent; no speech to transcribe")
            info["timing"] = "silent recording"
        else:
            info["language_probability"] = round(heard.probability, 3)
            asr = Provenance("asr", "faster-whisper", self.asr.resolved.description, f"language {heard.language}")
            if audio.stereo:
                turns, speakers = self._stereo_turns(heard)
                info["timing"] = STEREO_TIMING
                info["agent_channel"] = self.options.agent_channel
            else:
                assert diar is not None
                turns, speakers = self._mono_turns(heard, diar, rttm)
                info["timing"] = RTTM_TIMING if rttm is not None else MONO_TIMING
            prov = (asr, speakers)
            dropped = sum(r.dropped_segments for r in heard.tracks)
            if dropped:
                info["dropped_segments"] = dropped
                warnings.append(
                    f"{audio.path}: {dropped} stretch(es) of audio gave only repeated words and were left out "
                    "(poor audio, or a language other than --language)"
                )
            if not turns:
                warnings.append(f"{audio.path}: no words were recognised")
        for w in warnings:
            log.warning(w)
        info["options"] = self.options.summary()
        call = Call(
            id=path.stem,
            turns=tuple(turns),
            language=heard.language or None,
            duration=round(audio.duration, 3),
            source=str(path),
            provenance=prov,
            meta={"audio": info},
        )
        return Transcription(call, tuple(warnings))

    def _stereo_turns(self, heard: _Heard) -> tuple[list[Turn], Provenance]:
        agent_ch = self.options.agent_channel
        words = [
            Word(w.text, w.start, w.end, w.probability, "agent" if ch == agent_ch else "customer")
            for ch, result in enumerate(heard.tracks)
            for w in result.words
        ]
        turns = build_turns(
            words,
            max_pause=self.options.max_pause,
            split_on_speaker_change=False,
            roles={"agent": Role.AGENT, "customer": Role.CUSTOMER},
            channels={"agent": agent_ch, "customer": 1 - agent_ch},
        )
        by_channel = {ch: [t for t in turns if t.channel == ch] for ch in (0, 1)}
        snapped = sorted(
            (t for ch, ts in by_channel.items() for t in snap_to_speech(ts, heard.speech[ch])),
            key=lambda t: (t.start or 0.0, t.end or 0.0),
        )
        turns = [dataclasses.replace(t, id=f"t{i}") for i, t in enumerate(snapped, 1)]
        detail = f"channel {agent_ch} = agent, channel {1 - agent_ch} = customer"
        return turns, Provenance("speakers", "channels", "", detail)

    def _mono_turns(self, heard: _Heard, diar: Diarization, rttm: Path | None) -> tuple[list[Turn], Provenance]:
        words = assign_speakers(heard.tracks[0].words, diar.segments, default="SPEAKER_00")
        # speaker names that say the role (an RTTM with "agent" / "caller") decide it
        roles: dict[str, Role] = {s: role_from_name(s) for s in diar.speakers if role_from_name(s) is not Role.UNKNOWN}
        if self.options.agent_speaker:
            roles = {s: (Role.AGENT if s == self.options.agent_speaker else Role.CUSTOMER) for s in diar.speakers}
        turns = build_turns(words, max_pause=self.options.max_pause, split_on_speaker_change=True, roles=roles)
        turns = snap_to_speech(turns, heard.speech[0])
        overlaps = segment_overlaps(diar.segments) if rttm is not None else list(diar.overlaps)
        turns = apply_overlaps(turns, overlaps)
        detail = f"{len(diar.speakers)} speaker(s)" + (f" from {rttm.name}" if rttm is not None else "")
        return turns, Provenance("speakers", "rttm" if rttm is not None else diar.method, "", detail)

    def _rttm_beside(self, path: Path) -> Path | None:
        if not self.options.rttm_beside:
            return None
        candidate = path.with_suffix(".rttm")
        return candidate if candidate.is_file() else None


def read_rttm_segments(path: Path) -> Diarization:
    """Speaker segments of the first recording in an RTTM file."""
    from convo_nlp.io import read_calls

    calls = read_calls(path, "rttm").calls
    if not calls or not calls[0].turns:
        raise InputError("the RTTM file has no SPEAKER lines", path=str(path), hint="check the file or drop --rttm")
    segs = tuple(
        SpeakerSegment(t.start or 0.0, t.end or 0.0, t.speaker) for t in calls[0].turns if t.start is not None
    )
    return Diarization(segs, "rttm")


def options_from_config(config: Any) -> TranscribeOptions:
    """``TranscribeOptions`` from the ``[audio]`` table of a :class:`convo_nlp.config.Config`."""
    a = config.audio
    return TranscribeOptions(
        asr=AsrOptions(
            model=a.asr_model,
            language=a.language,
            compute_type=a.compute_type,
            beam_size=a.beam_size,
            threads=a.threads,
        ),
        diarization=DiarizationOptions(num_speakers=a.num_speakers),
        agent_channel=a.agent_channel,
        agent_speaker=a.agent_speaker,
        max_pause=a.max_pause,
        rttm_beside=a.rttm_beside,
    )
