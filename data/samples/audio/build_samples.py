"""Synthesise the sample customer-service phone calls in this folder.

Each call is a fixed script of agent and customer utterances. Every utterance is spoken
by espeak-ng, resampled to 8 kHz telephone rate with sox, trimmed to where speech really
is, and placed on its speaker's track at a start time derived from the turn-taking plan
(a gap after the previous turn, or an overlap where the agent interrupts). The tracks
are stacked (stereo: channel 0 = agent, channel 1 = customer) or mixed (mono), peak
normalised, written as 16-bit WAV and, where needed, converted with sox to FLAC or MP3.

Next to each audio file a ``<basename>.script.json`` records the script as placed:
plain text, speaker, channel, start/end in seconds, and the expected LAST findings.

Requirements: Python 3.11 with numpy, and the ``espeak-ng`` and ``sox`` command-line
tools (Debian: ``apt-get install -y espeak-ng sox libsox-fmt-all``). The output is
deterministic for given tool versions.

Run from the repository root::

    .venv/bin/python data/samples/audio/build_samples.py [--scripts-dir DIR]

``--scripts-dir`` writes the ``.script.json`` files somewhere else (default: ``tests/golden/audio/``,
where the tests compare the analysis with them; kept out of this folder so that analysing
``data/samples`` reads only calls).
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

OUT_DIR = Path(__file__).resolve().parent
SAMPLE_RATE = 8000
LEAD_IN = 0.5  # seconds of silence before the first utterance
TAIL = 0.6  # seconds of silence after the last utterance
TRIM_THRESHOLD = 0.005  # |sample| above this fraction of full scale counts as speech
PEAK = 0.89  # target peak after normalisation (about -1 dBFS)
AGENT, CUSTOMER = "agent", "customer"


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice setting: ``-v name -s speed -p pitch -g word_gap``."""

    name: str
    speed: int  # words per minute
    pitch: int  # 0-99
    word_gap: int = 0  # extra pause between words, in units of 10 ms at normal speed

    def args(self) -> list[str]:
        """The espeak-ng options for this voice."""
        return ["-v", self.name, "-s", str(self.speed), "-p", str(self.pitch), "-g", str(self.word_gap)]

    def describe(self) -> str:
        """The voice as it is recorded in the script JSON."""
        return "espeak-ng " + " ".join(self.args())


@dataclass(frozen=True)
class Turn:
    """One utterance in the plan.

    ``text`` is the plain text recorded in the script JSON; ``spoken`` (if given) is what
    is sent to espeak-ng instead, e.g. Arabic with diacritics. The turn starts ``gap``
    seconds after everything before it has ended, or, if ``overlap`` is set, that many
    seconds before the end of the immediately preceding turn (an interruption).
    """

    speaker: str
    text: str
    spoken: str | None = None
    gap: float = 0.5
    overlap: float | None = None


@dataclass(frozen=True)
class Call:
    """A call to synthesise: its script, voices, layout and expected LAST outcome."""

    basename: str
    audio_format: str  # "wav", "flac" or "mp3"
    language: str
    stereo: bool
    voices: dict[str, Voice]
    turns: list[Turn]
    apologised: bool
    thanked: bool
    mp3_bitrate_kbps: int = 32

    @property
    def audio_name(self) -> str:
        return f"{self.basename}.{self.audio_format}"


@dataclass(frozen=True)
class Placed:
    """A synthesised utterance at its place on the timeline (start/end in samples)."""

    turn: Turn
    samples: np.ndarray = field(repr=False)
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.samples)


def run(cmd: list[str]) -> None:
    """Run a command, raising with its stderr if it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")


def read_wav_mono(path: Path) -> np.ndarray:
    """Read a 16-bit mono WAV file into a float64 array in [-1, 1]."""
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == SAMPLE_RATE
        data = w.readframes(w.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0


def write_wav(path: Path, tracks: np.ndarray) -> None:
    """Write a (channels, samples) float array in [-1, 1] as 16-bit PCM WAV."""
    pcm = np.clip(np.round(tracks * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(tracks.shape[0])
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.T.tobytes())


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """Cut leading and trailing silence so the utterance starts and ends where speech is."""
    loud = np.flatnonzero(np.abs(samples) > TRIM_THRESHOLD)
    if loud.size == 0:
        raise ValueError("espeak-ng produced no audible speech")
    return samples[loud[0] : loud[-1] + 1]


def synthesise(turn: Turn, voice: Voice, workdir: Path, index: int) -> np.ndarray:
    """Speak one turn with espeak-ng and return it at 8 kHz, trimmed, as floats."""
    raw = workdir / f"u{index:02d}_raw.wav"
    tel = workdir / f"u{index:02d}_8k.wav"
    text = turn.spoken or turn.text
    run(["espeak-ng", "-b", "1", *voice.args(), "-w", str(raw), text])
    # -R: repeatable mode; -D: no dither, so every run gives identical samples.
    # The band-pass gives a telephone-like 300-3400 Hz channel.
    run(["sox", "-R", "-D", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(tel), "sinc", "300-3400"])
    return trim_silence(read_wav_mono(tel))


def place(call: Call, workdir: Path) -> list[Placed]:
    """Synthesise every turn and give it a start time according to the turn-taking plan."""
    placed: list[Placed] = []
    timeline_end = 0
    for i, turn in enumerate(call.turns):
        samples = synthesise(turn, call.voices[turn.speaker], workdir, i)
        if not placed:
            start = round(LEAD_IN * SAMPLE_RATE)
        elif turn.overlap is not None:
            start = placed[-1].end - round(turn.overlap * SAMPLE_RATE)
        else:
            start = timeline_end + round(turn.gap * SAMPLE_RATE)
        placed.append(Placed(turn, samples, start))
        timeline_end = max(timeline_end, placed[-1].end)
    return placed


def mix(call: Call, placed: list[Placed]) -> np.ndarray:
    """Lay the utterances onto tracks: (2, n) agent/customer for stereo, (1, n) for mono."""
    length = max(p.end for p in placed) + round(TAIL * SAMPLE_RATE)
    tracks = np.zeros((2 if call.stereo else 1, length))
    for p in placed:
        row = channel_of(call, p.turn.speaker) or 0
        tracks[row, p.start : p.end] += p.samples
    return tracks * (PEAK / np.max(np.abs(tracks)))


def channel_of(call: Call, speaker: str) -> int | None:
    """The channel a speaker is on (agent 0, customer 1), or None for a mono call."""
    if not call.stereo:
        return None
    return 0 if speaker == AGENT else 1


def seconds(n_samples: int) -> float:
    """A sample count as seconds, rounded to milliseconds."""
    return round(n_samples / SAMPLE_RATE, 3)


def interruptions(placed: list[Placed]) -> list[dict[str, object]]:
    """Agent turns that start while the customer's previous turn is still going."""
    found: list[dict[str, object]] = []
    for prev, cur in itertools.pairwise(placed):
        if cur.turn.speaker == AGENT and prev.turn.speaker == CUSTOMER and cur.start < prev.end:
            found.append(
                {
                    "by": AGENT,
                    "of": CUSTOMER,
                    "start": seconds(cur.start),
                    "end": seconds(prev.end),
                    "overlap": seconds(prev.end - cur.start),
                }
            )
    return found


def utterance_record(call: Call, p: Placed) -> dict[str, object]:
    """One utterance as placed; ``tts_text`` is added when espeak-ng was given other text."""
    record: dict[str, object] = {
        "speaker": p.turn.speaker,
        "channel": channel_of(call, p.turn.speaker),
        "text": p.turn.text,
        "start": seconds(p.start),
        "end": seconds(p.end),
    }
    if p.turn.spoken and p.turn.spoken != p.turn.text:
        record["tts_text"] = p.turn.spoken
    return record


def script_record(call: Call, placed: list[Placed]) -> dict[str, object]:
    """The ``.script.json`` content: the script exactly as placed, plus expected findings."""
    return {
        "id": call.basename,
        "audio": call.audio_name,
        "language": call.language,
        "channels": 2 if call.stereo else 1,
        "sample_rate": SAMPLE_RATE,
        "agent_channel": 0 if call.stereo else None,
        "voices": {who: call.voices[who].describe() for who in (AGENT, CUSTOMER)},
        "utterances": [utterance_record(call, p) for p in placed],
        "expected": {
            "interruptions": interruptions(placed),
            "apologised": call.apologised,
            "thanked": call.thanked,
            "agent_speaks_first": placed[0].turn.speaker == AGENT,
        },
    }


def encode_mp3(wav: Path, target: Path, bitrate_kbps: int) -> None:
    """Encode a WAV file as constant-bitrate MP3 with sox (libmp3lame)."""
    run(["sox", "-R", "-D", str(wav), "-C", str(bitrate_kbps), str(target)])


def mp3_delay(mp3: Path, reference: np.ndarray, max_lag: int = SAMPLE_RATE // 2) -> int:
    """How many samples the decoded MP3 lags behind the mono ``reference`` (cross-correlation)."""
    proc = subprocess.run(
        ["sox", str(mp3), "-t", "s16", "-r", str(SAMPLE_RATE), "-c", "1", "-"], capture_output=True, check=True
    )
    decoded = np.frombuffer(proc.stdout, dtype="<i2").astype(np.float64) / 32768.0
    window = reference[: 10 * SAMPLE_RATE]
    scores = np.correlate(decoded[: len(window) + max_lag], window, mode="valid")
    return int(np.argmax(scores))


def encode(call: Call, tracks: np.ndarray, workdir: Path) -> Path:
    """Write the call's audio file in its target format and return its path."""
    target = OUT_DIR / call.audio_name
    if call.audio_format == "wav":
        write_wav(target, tracks)
        return target
    tmp = workdir / f"{call.basename}.wav"
    write_wav(tmp, tracks)
    if call.audio_format == "flac":
        run(["sox", "-R", "-D", str(tmp), "-C", "8", str(target)])
    elif call.audio_format == "mp3":
        encode_mp3(tmp, target, call.mp3_bitrate_kbps)
        # The MP3 encoder adds a delay (about 0.14 s at 8 kHz) that ffmpeg/PyAV and sox
        # keep when decoding. Cut that much of the lead-in silence and encode again, so
        # the decoded audio lines up with the script times.
        delay = mp3_delay(target, tracks[0])
        if delay:
            write_wav(tmp, tracks[:, delay:])
            encode_mp3(tmp, target, call.mp3_bitrate_kbps)
            if mp3_delay(target, tracks[0]) != 0:
                raise RuntimeError("could not align the MP3 with the script times")
    else:
        raise ValueError(f"unknown audio format {call.audio_format!r}")
    return target


def build(call: Call, scripts_dir: Path) -> None:
    """Synthesise one call; write its audio next to this script and its script JSON to ``scripts_dir``."""
    with tempfile.TemporaryDirectory(prefix=f"{call.basename}_") as tmp:
        workdir = Path(tmp)
        placed = place(call, workdir)
        tracks = mix(call, placed)
        audio = encode(call, tracks, workdir)
    record = script_record(call, placed)
    script_path = scripts_dir / f"{call.basename}.script.json"
    script_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    duration = tracks.shape[1] / SAMPLE_RATE
    print(f"{audio.name}: {duration:.2f} s, {audio.stat().st_size} bytes; {script_path.name}")


def en_telecom_stereo() -> Call:
    """English telecom call, stereo; the agent interrupts, then apologises, solves and thanks."""
    return Call(
        basename="en_telecom_stereo",
        audio_format="wav",
        language="en",
        stereo=True,
        voices={AGENT: Voice("en-us+f3", 145, 60), CUSTOMER: Voice("en-gb", 140, 40)},
        turns=[
            Turn(AGENT, "Thank you for calling Northwind Telecom, my name is Sarah, how can I help you today?"),
            Turn(
                CUSTOMER,
                "Hi. My internet has been down for three days, and I was charged twice this month. "
                "Nobody has fixed it.",
                gap=0.6,
            ),
            Turn(AGENT, "Okay, okay, let me check your account.", overlap=1.8),
            Turn(AGENT, "I'm sorry for the inconvenience. I have reset your line and credited your account.", gap=0.6),
            Turn(CUSTOMER, "Great, it is working now. Thank you.", gap=0.8),
            Turn(AGENT, "Thank you for contacting Northwind Telecom. Have a great day.", gap=0.5),
        ],
        apologised=True,
        thanked=True,
    )


def ar_bank_stereo() -> Call:
    """Arabic bank call, stereo; the agent interrupts and solves, but neither apologises nor thanks.

    espeak-ng's Arabic voice misreads much unvocalised text, so the text sent to it carries
    diacritics where they help and full stops where a pause makes the words clearer.
    """
    return Call(
        basename="ar_bank_stereo",
        audio_format="flac",
        language="ar",
        stereo=True,
        voices={AGENT: Voice("ar+m1", 120, 40, word_gap=5), CUSTOMER: Voice("ar+f2", 110, 55, word_gap=5)},
        turns=[
            Turn(AGENT, "أهلاً بك في بنك الريان، كيف أقدر أساعدك؟", "أَهْلًا بِك في بنك الريان. كيف أقدر أُسَاعِدَك؟"),
            Turn(
                CUSTOMER,
                "بطاقتي موقوفة، والمبلغ انخصم من حسابي مرتين، وأنا ما سويت إلا عملية واحدة.",
                "بِطَاقَتِي مَوقُوفَة. والمبلغ انخصم من حِسَابِي مَرَّتَين. وأنا ما سويت إلا عملية واحدة.",
                gap=0.6,
            ),
            Turn(AGENT, "طيب طيب، أشوف حسابك.", "طَيِّب طَيِّب. أَشُوف حِسَابَك.", overlap=1.8),
            Turn(
                AGENT,
                "سأقوم بإلغاء الخصم وسيعود المبلغ إلى حسابك خلال يومين.",
                "سَأَقُومُ بِإِلْغَاءِ الْخَصْم. وَسَيَعُودُ الْمَبْلَغ إِلَى حِسَابِك خِلَالَ يَوْمَيْن.",
                gap=0.7,
            ),
            Turn(CUSTOMER, "زين، الله يعطيك العافية.", "زَيْن. اللَّهُ يُعْطِيكَ الْعَافِيَة.", gap=0.6),
            Turn(AGENT, "مع السلامة.", "مَعَ السَّلَامَة.", gap=0.4),
        ],
        apologised=False,
        thanked=False,
    )


def en_mono_billing() -> Call:
    """English energy-billing call, mono mix of two voices; one short (1 s) interruption."""
    return Call(
        basename="en_mono_billing",
        audio_format="mp3",
        language="en",
        stereo=False,
        voices={AGENT: Voice("en-gb+f3", 140, 65), CUSTOMER: Voice("en-us", 150, 30)},
        turns=[
            # "Con toso" makes espeak-ng stress the name more clearly; the script keeps "Contoso".
            Turn(
                AGENT,
                "Good morning, you're through to Contoso Energy, how may I help you?",
                "Good morning, you're through to Con toso Energy, how may I help you?",
            ),
            Turn(
                CUSTOMER,
                "Hello. I just got my electricity bill and it is three hundred pounds, which is "
                "double what I normally pay.",
                gap=0.6,
            ),
            Turn(AGENT, "Oh no, so the bill has doubled?", overlap=1.0),
            Turn(CUSTOMER, "Yes, exactly.", gap=0.4),
            Turn(AGENT, "I apologise for the trouble.", gap=0.6),
            Turn(
                AGENT,
                "The bill used an estimated meter reading. I have corrected it, so your new bill is "
                "one hundred and fifty pounds.",
                gap=0.4,
            ),
            Turn(CUSTOMER, "That is much better. Thanks for sorting that out.", gap=0.7),
            Turn(AGENT, "Thank you for contacting Contoso Energy. Have a nice day.", gap=0.5),
        ],
        apologised=True,
        thanked=True,
    )


def main() -> None:
    """Build every call."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scripts-dir",
        type=Path,
        default=OUT_DIR.parents[2] / "tests" / "golden" / "audio",
        help="where to write the <basename>.script.json files (default: tests/golden/audio)",
    )
    scripts_dir: Path = parser.parse_args().scripts_dir
    scripts_dir.mkdir(parents=True, exist_ok=True)
    for call in (en_telecom_stereo(), ar_bank_stereo(), en_mono_billing()):
        build(call, scripts_dir)


if __name__ == "__main__":
    main()
