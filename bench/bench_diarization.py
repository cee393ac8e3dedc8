"""Diarization error rate, speaker counting and overlap detection of the embedded diarizer.

    .venv/bin/python bench/bench_diarization.py

Data (skips cleanly when ../shared/data/eval is absent):

* pyannote_sample/sample.wav vs sample.rttm: 30 s, two speakers, 1.89 s of overlap;
* pyannote_ami_debug/*.wav vs debug.*.rttm, scored inside debug.*.uem: 30 s AMI meeting excerpts
  with 1-4 speakers, each diarized with the speaker count estimated (num_speakers=0) and with
  the true count from the RTTM (oracle);
* stereo_diarization.wav: one speaker per channel, both at once; the whole CallTranscriber path.

DER is frame based (10 ms), NIST style, with an optimal one-to-one speaker mapping; overlapping
reference speech counts once per speaker. Reported with no collar (the strict figure pyannote
publishes) and with a ±0.25 s collar around reference boundaries (md-eval's usual setting). The
DER includes the VAD's missed speech and false alarms, not only speaker confusion.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parents[2] / "shared/data/eval"
DIAR = EVAL / "diarization"
COLLAR = 0.25


@dataclass(frozen=True, slots=True)
class Run:
    uri: str
    mode: str  # "est" or "oracle" / "n=2"
    der: Any  # DerResult, no collar
    der_collar: Any  # DerResult, ±COLLAR
    overlap: Any  # OverlapResult
    seconds: float
    duration: float


def diarize_file(
    wav: Path,
    reference: Sequence[Any],
    uem: Sequence[tuple[float, float]] | None,
    modes: Sequence[tuple[str, int, bool]],
    encoder: Any,
) -> list[Run]:
    """Diarize ``wav`` once per mode ``(name, num_speakers, reference_regions)`` and score each run.

    ``reference_regions``: give the diarizer the reference speech regions instead of the VAD's, so
    that the run measures speaker assignment alone (no missed speech or false alarm from the VAD)."""
    from convo_nlp.audio.decode import load_audio
    from convo_nlp.audio.diarize import DiarizationOptions, Diarizer
    from convo_nlp.audio.vad import speech_regions
    from convo_nlp.evaluation.diarization import diarization_error, merge_intervals, overlap_match, overlap_regions

    audio = load_audio(wav)
    track = audio.tracks[0]
    t0 = time.perf_counter()
    regions = speech_regions(track)
    vad_seconds = time.perf_counter() - t0
    ref_overlap = overlap_regions(reference)
    ref_regions = merge_intervals((s[0], s[1]) for s in reference)
    runs = []
    for mode, k, use_ref in modes:
        t0 = time.perf_counter()
        diar = Diarizer(DiarizationOptions(num_speakers=k), encoder=encoder).diarize(
            track, ref_regions if use_ref else regions
        )
        seconds = (0.0 if use_ref else vad_seconds) + time.perf_counter() - t0
        runs.append(
            Run(
                uri=wav.stem,
                mode=mode,
                der=diarization_error(reference, diar.segments, uem=uem),
                der_collar=diarization_error(reference, diar.segments, collar=COLLAR, uem=uem),
                overlap=overlap_match(ref_overlap, diar.overlaps, uem=uem),
                seconds=seconds,
                duration=audio.duration,
            )
        )
    return runs


def warm_up(wav: Path, encoder: Any) -> None:
    from convo_nlp.audio.decode import load_audio
    from convo_nlp.audio.diarize import Diarizer
    from convo_nlp.audio.vad import speech_regions

    track = load_audio(wav).tracks[0][: 16_000 * 10]
    Diarizer(encoder=encoder).diarize(track, speech_regions(track))


def pct(x: float) -> str:
    return "   n/a" if x != x else f"{x:6.1%}"  # nan -> n/a


def der_line(r: Run) -> str:
    d = r.der
    return (
        f"{r.uri:8s} {r.mode:7s} {d.ref_speakers:3d} {d.hyp_speakers:3d} {'ok ' if d.speaker_count_correct else 'NO '}"
        f" {d.total:6.1f} {d.missed:6.2f} {d.false_alarm:6.2f} {d.confusion:6.2f} {d.der:7.1%} {r.der_collar.der:7.1%}"
        f" {r.overlap.reference:5.2f} {r.overlap.hypothesis:5.2f} {pct(r.overlap.found)} {pct(r.overlap.false)}"
        f" {r.seconds / r.duration:6.3f}"
    )


HEADER = (
    f"{'file':8s} {'mode':7s} {'ref':>3s} {'hyp':>3s} {'cnt':3s} {'speech':>6s} {'miss':>6s} {'fa':>6s} {'conf':>6s}"
    f" {'DER':>7s} {'DER.25':>7s} {'ovRef':>5s} {'ovHyp':>5s} {'found':>6s} {'false':>6s} {'RTF':>6s}"
)
LEGEND = (
    "ref/hyp = speakers in reference / found; cnt = count right; speech/miss/fa/conf in seconds (no collar);\n"
    f"DER.25 = DER with ±{COLLAR} s collar; ovRef/ovHyp = seconds of reference / detected overlap; found = share of\n"
    "reference overlap detected; false = share of detected overlap that is not reference overlap; RTF = (VAD +\n"
    "diarization seconds) / audio seconds.\nModes: n=2 / oracle = true speaker count; est = count estimated\n"
    "(num_speakers=0); refVAD = true count and the reference speech regions given instead of the VAD's, which\n"
    "measures speaker assignment alone (its misses are only overlapped speech; no VAD error)"
)


def summary(label: str, runs: Sequence[Run]) -> None:
    from convo_nlp.evaluation.diarization import OverlapResult, pooled_der

    right = sum(r.der.speaker_count_correct for r in runs)
    ov = sum((r.overlap for r in runs), OverlapResult(0.0, 0.0, 0.0))
    print(
        f"{label:28s} files {len(runs):2d}  mean DER {statistics.mean(r.der.der for r in runs):6.1%}"
        f"  pooled DER {pooled_der(r.der for r in runs):6.1%}"
        f"  (±{COLLAR}s collar: mean {statistics.mean(r.der_collar.der for r in runs):6.1%},"
        f" pooled {pooled_der(r.der_collar for r in runs):6.1%})"
        f"  count right {right}/{len(runs)}  overlap found {pct(ov.found)} false {pct(ov.false)}"
    )


def stereo(wav: Path) -> None:
    """CallTranscriber on the two-channel file: overlap of agent and customer turns vs reference."""
    from convo_nlp.audio.asr import AsrOptions
    from convo_nlp.audio.decode import load_audio
    from convo_nlp.audio.transcriber import CallTranscriber, TranscribeOptions
    from convo_nlp.audio.vad import speech_regions
    from convo_nlp.evaluation.asr import word_errors
    from convo_nlp.evaluation.diarization import intersect_intervals, merge_intervals, overlap_match
    from convo_nlp.schema import Role

    refs_path = DIAR / "references.json"
    refs = json.loads(refs_path.read_text(encoding="utf-8")) if refs_path.is_file() else {}
    info = refs.get("stereo_diarization.wav", {})

    t0 = time.perf_counter()
    call = CallTranscriber(TranscribeOptions(asr=AsrOptions(language="en"), rttm_beside=False)).transcribe(wav).call
    seconds = time.perf_counter() - t0
    by_role = {
        role: merge_intervals(
            (t.start, t.end) for t in call.turns if t.role == role and t.start is not None and t.end is not None
        )
        for role in (Role.AGENT, Role.CUSTOMER)
    }
    turn_overlap = intersect_intervals(by_role[Role.AGENT], by_role[Role.CUSTOMER])

    audio = load_audio(wav)
    vad = [speech_regions(t) for t in audio.tracks]
    vad_overlap = intersect_intervals(vad[0], vad[1]) if len(vad) == 2 else []

    mode = call.meta["audio"]["mode"]
    print(f"stereo_diarization.wav: {audio.duration:.1f} s, {len(audio.tracks)} tracks, mode {mode},")
    print(f"  CallTranscriber (base, language en) {seconds:.1f} s incl. model load; {len(call.turns)} turns")
    for t in call.turns:
        print(f"  {t.role.value:8s} ch{t.channel} {t.start:5.2f}-{t.end:5.2f}  {t.text}")
    print(f"  agent (ch0) turn spans:    {fmt(by_role[Role.AGENT])}")
    print(f"  customer (ch1) turn spans: {fmt(by_role[Role.CUSTOMER])}")
    print(f"  per-channel VAD regions:   ch0 {fmt(vad[0])}   ch1 {fmt(vad[1] if len(vad) > 1 else [])}")

    references: list[tuple[str, list[tuple[float, float]]]] = [
        ("both channels' VAD speech (derived here)", vad_overlap)
    ]
    m = re.search(r"left active ~([\d.]+)-([\d.]+) s, right ~([\d.]+)-([\d.]+) s", info.get("what", ""))
    if m:
        left, right = (float(m[1]), float(m[2])), (float(m[3]), float(m[4]))
        references.append(("references.json energy ranges (approx.)", intersect_intervals([left], [right])))
    print(
        "  NOTE: no timed reference exists for this file (references.json gives per-channel text and rough\n"
        "  energy-threshold activity only), so the reference overlap is derived: where both channels' speech\n"
        "  regions (Silero VAD per channel) overlap, and, as a check, the energy ranges quoted in references.json."
    )
    head = f"{'ref ov':>14s} {'turn overlap':>14s} {'ref s':>6s} {'hyp s':>6s} {'found':>6s} {'false':>6s}"
    print(f"  {'reference':42s} {head}")
    for name, ref in references:
        r = overlap_match(ref, turn_overlap)
        print(
            f"  {name:42s} {fmt(ref):>14s} {fmt(turn_overlap):>14s} {r.reference:6.2f} {r.hypothesis:6.2f}"
            f" {pct(r.found)} {pct(r.false)}"
        )
    if merge_intervals(turn_overlap) == merge_intervals(vad_overlap):
        print(
            "  NOTE: the turn edges coincide with the per-channel VAD regions (the transcriber snaps turn edges to\n"
            "  voice activity), so the first row agrees by construction; the energy-range row is the independent check."
        )
    texts = info.get("reference_transcript", {})
    for ch, key in enumerate(("left_channel_0", "right_channel_1")):
        if key in texts:
            hyp = " ".join(t.text for t in call.turns if t.channel == ch)
            w = word_errors(texts[key], hyp, language="en")
            note = "reference is whisper-tiny output, approx."
            print(f"  WER channel {ch}: {w.wer:6.1%} ({w.errors}/{w.ref_words} words; {note})")


def fmt(intervals: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{a:.2f}-{b:.2f}" for a, b in intervals) or "-"


def main() -> None:
    if not DIAR.is_dir():
        print(f"skipped: {DIAR} not found (the evaluation data lives in ../shared/data/eval)")
        return

    from convo_nlp.audio.voice import VoiceEncoder
    from convo_nlp.evaluation.diarization import read_rttm, read_rttm_files, read_uem, speakers_in

    print("command: .venv/bin/python bench/bench_diarization.py")
    print(f"cores: {os.cpu_count()}  load average at start: {os.getloadavg()[0]:.2f}")
    encoder = VoiceEncoder()  # shared by every Diarizer: loaded once
    sample = DIAR / "pyannote_sample"
    t0 = time.perf_counter()
    warm_up(sample / "sample.wav", encoder)
    print(f"VAD + voice encoder loaded and warmed up in {time.perf_counter() - t0:.1f} s (not in the RTF figures)")
    print(LEGEND)

    print("\n== pyannote sample (sample.wav vs sample.rttm, no UEM: scored from 0 to the last end) ==")
    ref = read_rttm(sample / "sample.rttm")
    modes = [("n=2", 2, False), ("est", 0, False), ("refVAD", 2, True)]
    runs = diarize_file(sample / "sample.wav", ref, None, modes, encoder)
    print(HEADER)
    for r in runs:
        print(der_line(r))

    print("\n== AMI debug excerpts (pyannote_ami_debug, scored inside the UEM) ==")
    ami = DIAR / "pyannote_ami_debug"
    refs: dict[str, Any] = {}
    uems: dict[str, Any] = {}
    for part in ("train", "development", "test"):
        refs.update(read_rttm_files(ami / f"debug.{part}.rttm"))
        uems.update(read_uem(ami / f"debug.{part}.uem"))
    missing = sorted(u for u in refs if not (ami / f"{u}.wav").is_file())
    est_runs: list[Run] = []
    oracle_runs: list[Run] = []
    ref_vad_runs: list[Run] = []
    print(HEADER)
    for uri in sorted(refs):
        wav = ami / f"{uri}.wav"
        if not wav.is_file():
            continue
        uem = uems.get(uri)
        k = speakers_in(refs[uri], uem)
        est, oracle, ref_vad = diarize_file(
            wav, refs[uri], uem, [("est", 0, False), ("oracle", k, False), ("refVAD", k, True)], encoder
        )
        est_runs.append(est)
        oracle_runs.append(oracle)
        ref_vad_runs.append(ref_vad)
        for r in (est, oracle, ref_vad):
            print(der_line(r))
    if missing:
        print(f"(no audio for {', '.join(missing)})")
    print()
    summary("AMI, count estimated", est_runs)
    summary("AMI, oracle count", oracle_runs)
    summary("AMI, oracle count + ref VAD", ref_vad_runs)
    counts = [(r.der.ref_speakers, r.der.hyp_speakers) for r in est_runs]
    print("AMI speaker counts (reference -> estimated): " + ", ".join(f"{a}->{b}" for a, b in counts))

    print("\n== stereo, one speaker per channel (CallTranscriber) ==")
    stereo(DIAR / "stereo_diarization.wav")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
