"""Decoding: every supported container, mono and stereo, telephone and studio rates, bad files."""

from __future__ import annotations

import numpy as np
import pytest

from convo_nlp.audio.decode import is_silent, load_audio, same_signal
from convo_nlp.audio.types import SAMPLE_RATE
from convo_nlp.errors import InputError

from audio_synth import tone, write_audio


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".flac", ".ogg", ".m4a"])
@pytest.mark.parametrize("rate", [8000, 16000, 44100, 48000])
def test_stereo_formats_and_rates_decode_to_two_16k_tracks(tmp_path, suffix, rate):
    left = tone(1.0, 440, rate, start=0.2, total=2.0)
    right = tone(1.0, 660, rate, start=1.0, total=2.0)
    audio = load_audio(write_audio(tmp_path / f"call{suffix}", [left, right], rate))
    assert audio.stereo and not audio.dual_mono
    assert audio.source_channels == 2
    assert abs(audio.duration - 2.0) < 0.15  # codecs add a little padding
    # the left tone is loud at 0.5 s and silent at 1.5 s; the right one the other way round
    def level(track, t):
        i = int(t * SAMPLE_RATE)
        return float(np.sqrt(np.mean(track[i - 800 : i + 800] ** 2)))

    a, b = audio.tracks
    assert level(a, 0.5) > 0.1 and level(a, 1.5) < 0.02
    assert level(b, 1.5) > 0.1 and level(b, 0.5) < 0.02


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".flac"])
def test_mono_8k_gives_one_track(tmp_path, suffix):
    audio = load_audio(write_audio(tmp_path / f"m{suffix}", [tone(1.5, 300, 8000)], 8000))
    assert len(audio.tracks) == 1 and audio.source_rate == 8000 and audio.source_channels == 1
    assert audio.tracks[0].dtype == np.float32


def test_identical_channels_are_treated_as_mono(tmp_path):
    t = tone(1.0, 500, 16000)
    audio = load_audio(write_audio(tmp_path / "dual.wav", [t, t], 16000))
    assert audio.dual_mono and len(audio.tracks) == 1


def test_a_silent_channel_is_still_a_party():
    a = tone(1.0, 500, 16000)
    assert not same_signal(a, np.zeros_like(a))


def test_silence_is_detected(tmp_path):
    audio = load_audio(write_audio(tmp_path / "quiet.wav", [np.zeros(16000, dtype=np.float32)], 16000))
    assert is_silent(audio)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.wav", b"", "empty"),
        ("notes.wav", b"this is a text file, not a recording\n" * 20, "not a readable audio file"),
        ("broken.mp3", b"\xff\xfb\x90\x00" + bytes(range(256)) * 3, "audio"),
    ],
)
def test_bad_files_give_one_line_errors_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_audio(path)
    text = str(err.value)
    assert name in text and message in text and "\n" not in text


def test_truncated_wav_header_is_an_error(tmp_path):
    path = write_audio(tmp_path / "cut.wav", [tone(1.0, 400, 8000)], 8000)
    path.write_bytes(path.read_bytes()[:30])
    with pytest.raises(InputError) as err:
        load_audio(path)
    assert "cut.wav" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_audio(tmp_path / "nope.wav")


def test_too_long_recordings_are_refused_before_decoding(tmp_path):
    path = write_audio(tmp_path / "long.wav", [tone(3.0, 400, 8000)], 8000)
    with pytest.raises(InputError, match="max_minutes"):
        load_audio(path, max_seconds=1.0)
