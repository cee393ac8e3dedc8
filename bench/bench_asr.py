"""Word error rate and speed of the embedded speech models on the reference clips.

    .venv/bin/python bench/bench_asr.py

Reads ../shared/data/eval/asr_audio/references.json (skips cleanly when absent). Every clip with a
reference is transcribed by Whisper base (multilingual) with its language fixed ("en" or "ar"),
and the English ones also by tiny.en. WER is after :func:`normalize_for_wer` (case, punctuation,
Arabic diacritics and letter variants); numbers are compared as written. Prints per file S/D/I,
WER and real-time factor (recognition seconds / audio seconds, model already loaded), the corpus
WER per language and model, and which language ``language="auto"`` (Arabic vs English) picks.

multilingual_en_de.mp3 is scored approximately and kept out of the corpus figures: its reference
is whisper-tiny output, not a human transcript, and its German half is only given truncated, so
only the English reference segment is scored, against the hypothesis cut where it best matches
the end of that segment (the rest is Whisper's English rendering of the German speech).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EVAL = Path(__file__).resolve().parents[2] / "shared/data/eval"
ASR_DIR = EVAL / "asr_audio"
APPROXIMATE = {"en/multilingual_en_de.mp3"}


@dataclass(frozen=True, slots=True)
class Clip:
    file: str
    language: str  # the language the clip is transcribed in ("en" or "ar")
    reference: str | None
    approximate: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    clip: Clip
    model: str
    duration: float
    seconds: float
    hypothesis: str
    errors: Any  # WerResult

    @property
    def rtf(self) -> float:
        return self.seconds / self.duration if self.duration else 0.0


def clips(entries: Sequence[dict[str, Any]]) -> list[Clip]:
    out = []
    for e in entries:
        file, lang = e["file"], e["language"]
        approximate = file in APPROXIMATE
        if lang == "ar":
            ref = e.get("reference_standard_orthography")
            out.append(Clip(file, "ar", ref, approximate, "" if ref else "no human reference"))
        else:
            ref = e.get("reference_plain")
            if approximate and ref:
                # "[segment 1, en] … [segment 2, de] Jedem, … ..." -> the English segment only
                m = re.search(r"\[segment 1, en\](.*?)\[segment 2", ref, flags=re.S)
                ref = m.group(1).strip() if m else ref
            out.append(Clip(file, "en", ref, approximate, "approximate: English segment only" if approximate else ""))
    return out


def mono(tracks: Sequence[np.ndarray]) -> np.ndarray:
    return tracks[0] if len(tracks) == 1 else np.mean(np.stack(tracks), axis=0).astype(np.float32)


def score(clip: Clip, hypothesis: str, language: str) -> Any:
    from convo_nlp.evaluation.asr import normalize_for_wer, word_errors

    assert clip.reference is not None
    if not clip.approximate:
        return word_errors(clip.reference, hypothesis, language=language)
    # free trailing hypothesis words: the prefix of the hypothesis that best matches the reference
    ref = normalize_for_wer(clip.reference, language).split()
    hyp = normalize_for_wer(hypothesis, language).split()
    lo, hi = max(0, len(ref) - 30), min(len(hyp), len(ref) + 30)
    return min((word_errors(ref, hyp[:j]) for j in range(lo, hi + 1)), key=lambda r: r.errors)


def suspect_references(rows: Sequence[Row]) -> dict[str, float]:
    """Files where two models agree closely (cross WER <= 20%) yet both miss the reference by >50%:
    {file: WER between the two hypotheses}."""
    from convo_nlp.evaluation.asr import word_errors

    out: dict[str, float] = {}
    for file in dict.fromkeys(r.clip.file for r in rows):
        pair = [r for r in rows if r.clip.file == file]
        if len(pair) == 2 and min(r.errors.wer for r in pair) > 0.5:
            cross = word_errors(pair[0].hypothesis, pair[1].hypothesis, language=pair[0].clip.language).wer
            if cross <= 0.2:
                out[file] = cross
    return out


def main() -> None:
    refs_path = ASR_DIR / "references.json"
    if not refs_path.is_file():
        print(f"skipped: {refs_path} not found (the evaluation data lives in ../shared/data/eval)")
        return

    from convo_nlp.audio.asr import AsrOptions, SpeechRecognizer
    from convo_nlp.audio.decode import load_audio
    from convo_nlp.evaluation.asr import WerResult, normalize_for_wer, word_errors

    print("command: .venv/bin/python bench/bench_asr.py")
    print(f"cores: {os.cpu_count()}  load average at start: {os.getloadavg()[0]:.2f}  (threads=0: all cores)")
    entries = json.loads(refs_path.read_text(encoding="utf-8"))
    all_clips = clips(entries)
    audio = {c.file: load_audio(ASR_DIR / c.file) for c in all_clips}
    samples = {f: mono(a.tracks) for f, a in audio.items()}

    recognisers = {
        "base": SpeechRecognizer(AsrOptions(model="base", language="auto", beam_size=5)),
        "tiny.en": SpeechRecognizer(AsrOptions(model="tiny.en", language="en", beam_size=5)),
    }
    warm = samples[next(c.file for c in all_clips if c.language == "en")][: 16_000 * 3]
    for name, rec in recognisers.items():
        t0 = time.perf_counter()
        rec.transcribe(warm, "en")  # loads the model and warms it up; not timed below
        print(f"model {name:8s} ({rec.resolved.description}) loaded + warm-up: {time.perf_counter() - t0:5.1f} s")

    rows: list[Row] = []
    for clip in all_clips:
        if clip.reference is None:
            continue
        x = samples[clip.file]
        for name in ("base", "tiny.en") if clip.language == "en" else ("base",):
            t0 = time.perf_counter()
            res = recognisers[name].transcribe(x, clip.language)
            seconds = time.perf_counter() - t0
            errors = score(clip, res.text, clip.language)
            rows.append(Row(clip, name, audio[clip.file].duration, seconds, res.text, errors))

    print()
    print("WER per file (after normalisation; S/D/I = substitutions/deletions/insertions)")
    header = f"{'file':42s} {'lang':4s} {'model':8s} {'dur s':>6s} {'ref w':>5s} {'S':>3s} {'D':>3s} {'I':>3s}"
    print(f"{header} {'WER':>7s} {'RTF':>6s}  note")
    for r in rows:
        e = r.errors
        print(
            f"{r.clip.file:42s} {r.clip.language:4s} {r.model:8s} {r.duration:6.1f} {e.ref_words:5d} "
            f"{e.substitutions:3d} {e.deletions:3d} {e.insertions:3d} {e.wer:7.1%} {r.rtf:6.3f}  {r.clip.note}"
        )

    suspect = suspect_references(rows)
    for file, cross in sorted(suspect.items()):
        print(
            f"WARNING {file}: base and tiny.en agree with each other (WER {cross:.0%} between them) but both "
            "miss the reference by >50%: the reference text probably belongs to another recording"
        )

    print()
    print("corpus WER (errors summed over files; approximate files excluded)")
    print(f"{'language':8s} {'model':8s} {'files':>5s} {'ref w':>5s} {'errors':>6s} {'WER':>7s} {'mean RTF':>8s}  set")
    for lang in ("en", "ar"):
        for name in ("base", "tiny.en"):
            sel = [r for r in rows if r.clip.language == lang and r.model == name and not r.clip.approximate]
            subsets = [("all with a reference", sel)]
            if any(r.clip.file in suspect for r in sel):
                subsets.append(("without suspect references", [r for r in sel if r.clip.file not in suspect]))
            for label, subset in subsets:
                if not subset:
                    continue
                total = sum((r.errors for r in subset), WerResult(0, 0, 0, 0))
                rtf = sum(r.seconds for r in subset) / sum(r.duration for r in subset)
                figures = f"{total.ref_words:5d} {total.errors:6d} {total.wer:7.1%} {rtf:8.3f}"
                print(f"{lang:8s} {name:8s} {len(subset):5d} {figures}  {label}")

    print()
    print('language="auto" (Whisper base, restricted to Arabic vs English, as the pipeline does)')
    print(f"{'file':42s} {'truth':6s} {'picked':6s} {'prob':>6s}  {'WER if picked':>13s}")
    base = recognisers["base"]
    for clip in all_clips:
        picked, prob = base.choose_language((samples[clip.file],))
        truth = next(e["language"] for e in entries if e["file"] == clip.file)
        extra = ""
        if clip.reference is not None and picked != clip.language:
            hyp = base.transcribe(samples[clip.file], picked).text
            extra = f"{word_errors(clip.reference, hyp, language=clip.language).wer:13.1%}"
        elif clip.reference is not None:
            extra = f"{'(same)':>13s}"
        print(f"{clip.file:42s} {truth:6s} {picked:6s} {prob:6.3f}  {extra}  {clip.note}")

    print()
    print("hypotheses (normalised), base model")
    for r in rows:
        if r.model == "base":
            print(f"  {r.clip.file}: {normalize_for_wer(r.hypothesis, r.clip.language)[:300]}")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
