"""Recording in, call out: decode -> language -> speech to text -> who spoke when -> turns.

Stereo (one party per channel, the usual call-centre recording): each channel is transcribed on
its own and its role comes from the channel map, so overlapping speech of both parties is kept
and interruptions are measured exactly. Mono: the words are given to the speakers found by
diarization (or by an RTTM file), and roles are decided later from what each speaker says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convo_nlp.audio.asr import AsrOptions, SpeechRecognizer
from convo_nlp.audio.decode import is_silent, load_audio
from convo_nlp.audio.diarize import DiarizationOptions, Diarizer
from convo_nlp.audio.overlap import apply_overlaps, segment_overlaps
from convo_nlp.audio.turns import assign_speakers, build_turns
from convo_nlp.audio.types import Audio, Diarization, SpeakerSegment
from convo_nlp.audio.vad import speech_regions
from convo_nlp.errors import InputError
from convo_nlp.schema import Call, Provenance, Role, Word

log = logging.getLogger("convo_nlp")

STEREO_TIMING = "stereo: one party per channel; overlap and interruptions measured exactly"
MONO_TIMING = (
    "mono: speakers found by diarization; overlapping speech is only partly detected, so overlap "
    "and interruption figures are estimates (a stereo recording measures them exactly)"
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


@dataclass(frozen=True, slots=True)
class Transcription:
    call: Call
    warnings: tuple[str, ...] = ()


class CallTranscriber:
    """Transcribes recordings into calls. Models load on first use and are reused for every call."""

    def __init__(self, options: TranscribeOptions | None = None, home: Path | None = None) -> None:
        self.options = options or TranscribeOptions()
        self.asr = SpeechRecognizer(self.options.asr, home)
        self.diarizer = Diarizer(self.options.diarization)

    def transcribe(self, path: str | Path, *, rttm: Path | None = None, max_bytes: int | None = None) -> Transcription:
        return self.transcribe_audio(load_audio(path, max_bytes=max_bytes), rttm=rttm)

    def transcribe_audio(self, audio: Audio, *, rttm: Path | None = None) -> Transcription:
        path = Path(audio.path)
        rttm = rttm or self._rttm_beside(path)
        meta: dict[str, Any] = {
            "audio": {
                "channels": audio.source_channels,
                "sample_rate": audio.source_rate,
                "codec": audio.codec,
                "duration": round(audio.duration, 3),
                "mode": "stereo" if audio.stereo else "mono",
            }
        }
        if audio.dual_mono:
            meta["audio"]["note"] = "both channels carry the same signal: treated as mono"
        if is_silent(audio):
            warning = f"{audio.path}: the recording is silent; no speech to transcribe"
            log.warning(warning)
            meta["audio"]["timing"] = "silent recording"
            return Transcription(self._call(path, audio, [], "", meta, ()), (warning,))
        language, lang_p = self.asr.choose_language(audio.tracks)
        meta["audio"]["language_probability"] = round(lang_p, 3)
        if audio.stereo:
            turns_words, prov = self._stereo(audio, language)
            meta["audio"]["timing"] = STEREO_TIMING
            meta["audio"]["agent_channel"] = self.options.agent_channel
            turns = build_turns(
                turns_words,
                max_pause=self.options.max_pause,
                split_on_speaker_change=False,
                roles={"agent": Role.AGENT, "customer": Role.CUSTOMER},
                channels={"agent": self.options.agent_channel, "customer": 1 - self.options.agent_channel},
            )
        else:
            turns, prov, timing = self._mono(audio, language, rttm)
            meta["audio"]["timing"] = timing
        warnings: tuple[str, ...] = ()
        if not turns:
            warnings = (f"{audio.path}: no words were recognised",)
            log.warning(warnings[0])
        return Transcription(self._call(path, audio, turns, language, meta, prov), warnings)

    def _stereo(self, audio: Audio, language: str) -> tuple[list[Word], tuple[Provenance, ...]]:
        agent_ch = self.options.agent_channel
        words: list[Word] = []
        for ch, track in enumerate(audio.tracks):
            speaker = "agent" if ch == agent_ch else "customer"
            result = self.asr.transcribe(track, language)
            words.extend(Word(w.text, w.start, w.end, w.probability, speaker) for w in result.words)
        prov = (
            Provenance("asr", "faster-whisper", self.asr.resolved.description, f"language {language}"),
            Provenance("speakers", "channels", "", f"channel {agent_ch} = agent, channel {1 - agent_ch} = customer"),
        )
        return words, prov

    def _mono(self, audio: Audio, language: str, rttm: Path | None) -> tuple[list, tuple[Provenance, ...], str]:  # type: ignore[type-arg]
        track = audio.tracks[0]
        result = self.asr.transcribe(track, language)
        if rttm is not None:
            diar = read_rttm_segments(rttm)
            overlaps = segment_overlaps(diar.segments)
            timing = RTTM_TIMING
        else:
            diar = self.diarizer.diarize(track, speech_regions(track))
            overlaps = list(diar.overlaps)
            timing = MONO_TIMING
        words = assign_speakers(result.words, diar.segments, default="SPEAKER_00")
        roles: dict[str, Role] = {}
        if self.options.agent_speaker:
            roles = {s: (Role.AGENT if s == self.options.agent_speaker else Role.CUSTOMER) for s in diar.speakers}
        turns = build_turns(words, max_pause=self.options.max_pause, split_on_speaker_change=True, roles=roles)
        turns = apply_overlaps(turns, overlaps)
        prov = (
            Provenance("asr", "faster-whisper", self.asr.resolved.description, f"language {language}"),
            Provenance(
                "speakers",
                "rttm" if rttm is not None else diar.method,
                "",
                f"{len(diar.speakers)} speaker(s)" + (f" from {rttm.name}" if rttm is not None else ""),
            ),
        )
        return turns, prov, timing

    def _rttm_beside(self, path: Path) -> Path | None:
        if not self.options.rttm_beside:
            return None
        candidate = path.with_suffix(".rttm")
        return candidate if candidate.is_file() else None

    @staticmethod
    def _call(
        path: Path, audio: Audio, turns: list, language: str, meta: dict[str, Any], prov: tuple[Provenance, ...]  # type: ignore[type-arg]
    ) -> Call:
        return Call(
            id=path.stem,
            turns=tuple(turns),
            language=language or None,
            duration=round(audio.duration, 3),
            source=str(path),
            provenance=prov,
            meta=meta,
        )


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
