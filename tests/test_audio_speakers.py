"""Who spoke when, on constructed cases: clustering, smoothing, segments, word-speaker assignment,
turns (stereo keeps overlap; mono splits on speaker change), overlap put back into turns, RTTM."""

from __future__ import annotations

import numpy as np
import pytest

from convo_nlp.audio.cluster import cluster, estimate_speakers
from convo_nlp.audio.diarize import absorb_short, segments_from_windows, smooth_within_regions, window_centres
from convo_nlp.audio.features import mel_filters, mel_spectrogram
from convo_nlp.audio.overlap import apply_overlaps, segment_overlaps
from convo_nlp.audio.transcriber import read_rttm_segments
from convo_nlp.audio.turns import assign_speakers, build_turns
from convo_nlp.audio.types import AsrWord, SpeakerSegment
from convo_nlp.schema import Role, Word


def _voices(n_per: list[int], dim: int = 64, spread: float = 0.15, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Noisy unit vectors around one random direction per speaker, and the true labels."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(n_per), dim))
    xs, ys = [], []
    for label, n in enumerate(n_per):
        v = centres[label] + spread * np.linalg.norm(centres[label]) * rng.normal(size=(n, dim)) / np.sqrt(dim)
        xs.append(v)
        ys += [label] * n
    x = np.concatenate(xs)
    return x / np.linalg.norm(x, axis=1, keepdims=True), np.array(ys)


def _agreement(labels: np.ndarray, truth: np.ndarray) -> float:
    """Accuracy under the best one-to-one relabelling (brute force, k <= 3)."""
    from itertools import permutations

    k = int(max(labels.max(), truth.max())) + 1
    return max(float(np.mean(np.array([p[v] for v in labels]) == truth)) for p in permutations(range(k)))


@pytest.mark.parametrize("sizes", [[30, 30], [50, 10], [20, 20, 20]])
def test_clustering_recovers_constructed_speakers(sizes):
    x, truth = _voices(sizes)
    labels = cluster(x, len(sizes))
    assert _agreement(labels, truth) == 1.0
    assert labels[0] == 0  # numbered by first appearance


def test_clustering_is_deterministic():
    x, _ = _voices([25, 25], spread=0.6)
    assert np.array_equal(cluster(x, 2), cluster(x, 2))


@pytest.mark.parametrize("sizes", [[40], [30, 30], [20, 20, 20]])
def test_speaker_count_is_estimated(sizes):
    x, _ = _voices(sizes, spread=0.1)
    assert estimate_speakers(x) == len(sizes)


def test_short_flips_inside_a_stretch_of_speech_are_smoothed_but_not_across_pauses():
    regions = [(0.0, 5.0), (5.6, 6.6)]
    centres = window_centres(regions, 0.5)
    # one stretch: speaker 0 with a one-window flip; then a short reply by speaker 1 after a pause
    labels = np.array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1])
    assert len(centres) == len(labels)
    out = smooth_within_regions(centres, labels, regions, min_run=3)
    assert out[:10].tolist() == [0] * 10
    assert out[10:].tolist() == [1, 1]  # the reply keeps its speaker


def test_segments_cut_half_way_between_windows_and_stay_inside_speech():
    regions = [(1.0, 4.0), (5.0, 6.0)]
    centres = window_centres(regions, 0.5)
    labels = np.array([0, 0, 0, 1, 1, 1, 0, 0])
    segs = segments_from_windows(centres, labels, regions, 0.5)
    assert [(s.speaker, s.start, s.end) for s in segs] == [
        ("SPEAKER_00", 1.0, 2.5),
        ("SPEAKER_01", 2.5, 4.0),
        ("SPEAKER_00", 5.0, 6.0),
    ]


def test_absorb_short_joins_a_blip_between_one_speaker():
    segs = [SpeakerSegment(*s) for s in [(0, 2, "A"), (2, 2.2, "B"), (2.2, 4, "A"), (5, 6, "B")]]
    assert [(s.start, s.end, s.speaker) for s in absorb_short(segs, 0.4)] == [(0, 4, "A"), (5, 6, "B")]


def test_words_go_to_the_speaker_with_the_largest_overlap_and_pause_words_to_their_neighbours():
    segs = [SpeakerSegment(0.0, 2.0, "A"), SpeakerSegment(2.0, 4.0, "B"), SpeakerSegment(6.0, 8.0, "A")]
    words = [
        AsrWord("hello", 0.1, 0.5),
        AsrWord("straddle", 1.8, 2.5),  # 0.2 s in A, 0.5 s in B
        AsrWord("drift", 4.3, 4.6),  # in a pause: nearer the previous word (3.8) than the next (6.5)
        AsrWord("x", 3.5, 3.8),
        AsrWord("early", 5.9, 6.0),  # in a pause, right before the next word
        AsrWord("later", 6.1, 6.5),
    ]
    words = sorted(words, key=lambda w: w.start)
    got = {w.text: w.speaker for w in assign_speakers(words, segs, default="A")}
    assert got == {"hello": "A", "straddle": "B", "x": "B", "drift": "B", "early": "A", "later": "A"}


def _w(text, start, end, speaker):
    return Word(text, start, end, speaker=speaker)


def test_stereo_turns_keep_overlap_and_split_at_pauses():
    words = [
        _w("my", 0.0, 0.3, "customer"), _w("internet", 0.4, 0.9, "customer"), _w("is", 1.0, 1.2, "customer"),
        _w("down", 1.3, 1.8, "customer"), _w("since", 1.9, 2.3, "customer"), _w("monday", 2.4, 3.0, "customer"),
        _w("sorry", 2.0, 2.4, "agent"), _w("about", 2.5, 2.8, "agent"), _w("that", 2.9, 3.2, "agent"),
        _w("again", 5.0, 5.4, "customer"),
    ]
    turns = build_turns(
        words, max_pause=1.0, split_on_speaker_change=False,
        roles={"agent": Role.AGENT, "customer": Role.CUSTOMER}, channels={"agent": 0, "customer": 1},
    )
    assert [(t.speaker, t.text, t.start, t.end) for t in turns] == [
        ("customer", "my internet is down since monday", 0.0, 3.0),
        ("agent", "sorry about that", 2.0, 3.2),
        ("customer", "again", 5.0, 5.4),
    ]
    assert [t.id for t in turns] == ["t1", "t2", "t3"]
    assert turns[1].role is Role.AGENT and turns[1].channel == 0 and turns[0].channel == 1


def test_mono_turns_split_on_every_change_of_speaker():
    words = [_w("hi", 0, 0.3, "S0"), _w("yes", 0.5, 0.8, "S1"), _w("so", 0.9, 1.0, "S0"), _w("ok", 1.1, 1.3, "S0")]
    turns = build_turns(words, max_pause=1.0, split_on_speaker_change=True)
    assert [(t.speaker, t.text) for t in turns] == [("S0", "hi"), ("S1", "yes"), ("S0", "so ok")]
    assert all(t.role is Role.UNKNOWN for t in turns)


def test_detected_overlap_is_put_back_into_mono_turns():
    turns = build_turns(
        [_w("long", 0.0, 3.0, "S0"), _w("cut", 3.0, 4.0, "S1")], max_pause=1.0, split_on_speaker_change=True
    )
    out = apply_overlaps(turns, [(2.0, 3.0)])
    assert (out[0].start, out[0].end) == (0.0, 3.0)
    assert (out[1].start, out[1].end) == (2.0, 4.0)  # S1 started while S0 was still talking
    assert apply_overlaps(turns, [(10.0, 11.0)]) == list(turns)  # far from any change: nothing moves


def test_overlap_between_rttm_segments():
    segs = [SpeakerSegment(*s) for s in [(0, 5, "A"), (4, 6, "B"), (4.5, 4.8, "A"), (7, 8, "A")]]
    assert segment_overlaps(segs) == [(4, 5), (4.5, 4.8)]


def test_rttm_segments_are_read(tmp_path):
    path = tmp_path / "call.rttm"
    path.write_text(
        "SPEAKER call 1 0.50 2.00 <NA> <NA> agent <NA> <NA>\nSPEAKER call 1 2.20 1.00 <NA> <NA> caller <NA> <NA>\n"
    )
    diar = read_rttm_segments(path)
    assert [(s.start, s.end, s.speaker) for s in diar.segments] == [(0.5, 2.5, "agent"), (2.2, 3.2, "caller")]
    assert diar.speakers == ("agent", "caller")


def test_mel_features_put_a_tone_in_the_right_band():
    sr = 16000
    t = np.arange(sr) / sr
    mel = mel_spectrogram(np.sin(2 * np.pi * 1000 * t).astype(np.float32))
    assert mel.shape == (101, 40)
    band = int(np.argmax(mel[50]))
    filt = mel_filters()
    assert filt[band, int(1000 / (sr / 400))] > 0  # the strongest band's filter covers 1 kHz
    # Slaney normalisation: every filter has (about) the same area in Hz
    areas = filt.sum(axis=1) * (sr / 400)
    assert np.allclose(areas, areas.mean(), rtol=0.1)


def test_turn_edges_snap_to_the_speech_the_detector_heard():
    from convo_nlp.audio.turns import snap_to_speech

    turns = build_turns(
        [_w("early", 0.7, 1.5, "A"), _w("word", 1.6, 2.7, "A"), _w("next", 5.2, 6.0, "A")],
        max_pause=1.0, split_on_speaker_change=False,
    )
    regions = [(1.0, 3.0), (5.0, 6.4)]
    out = snap_to_speech(turns, regions)
    # starts in a pause -> the next speech onset; ends inside speech -> that stretch's end
    assert [(t.start, t.end) for t in out] == [(1.0, 3.0), (5.0, 6.4)]
    # nothing within reach: unchanged
    assert snap_to_speech(turns, [(20.0, 21.0)]) == list(turns)


def test_long_recordings_are_cut_at_quiet_moments():
    from convo_nlp.audio.chunks import quiet_cuts

    sr = 16000
    rng = np.random.default_rng(0)
    samples = (0.3 * rng.standard_normal(sr * 700)).astype(np.float32)  # 700 s of loud noise
    samples[int(310.0 * sr) : int(310.5 * sr)] = 0.0  # quiet moments near 300 s and 610 s
    samples[int(590.2 * sr) : int(590.6 * sr)] = 0.0
    cuts = quiet_cuts(samples, piece=300.0)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(samples)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:], strict=False))  # contiguous, nothing lost
    assert len(cuts) == 3
    assert 310.0 <= cuts[0][1] / sr <= 310.5 and 590.2 <= cuts[1][1] / sr <= 590.6
    assert quiet_cuts(samples[: sr * 60]) == [(0, sr * 60)]  # short calls are one piece


def test_repetition_loops_are_recognised_and_normal_speech_is_not():
    from convo_nlp.audio.asr import is_looping

    assert is_looping("man, coffee, " * 30, 2.4)
    assert is_looping("نتمنى أن " * 20, 2.4)
    assert is_looping("مو" + "و" * 80, 2.4)
    assert not is_looping("Good morning, you're through to Contoso Energy, how may I help you today?", 2.4)
    assert not is_looping("أهلاً بك في بنك الريان، كيف أقدر أساعدك اليوم؟ حسابك موقوف بسبب خصم مكرر", 2.4)
    assert not is_looping("no no no", 2.4)  # short repeats are speech
