"""Property tests: write → read is lossless for everything each format can represent.

Files are written with ``write_calls`` and read back with ``read_calls`` *without* naming the
format, so detection is exercised on every writer's output too.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convo_nlp.io import read_calls, render_calls, write_calls
from convo_nlp.io._common import is_speaker_name
from convo_nlp.schema import (
    Call,
    Event,
    EventKind,
    Evidence,
    Label,
    Provenance,
    Role,
    StageLabel,
    Turn,
    Word,
    role_from_name,
)

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

AR_WORDS = ["مرحبا", "شكراً", "لاتصالك", "نعتذر", "عن", "الإزعاج", "الفاتورة", "وصلتني", "مرتين!", "عذراً",
            "متأسفين", "وين", "المشكلة", "بالضبط؟", "الله", "يخليك", "ما", "وصلني", "شي", "\u200fنعم", "إلغاء",
            "الرسوم.", "مُحَمَّد", "١٢٣", "،", "؛"]
EN_WORDS = ["I", "was", "charged", "twice.", "Sorry", "about", "that,", "thank", "you!", "10:30", "a&b", "&amp;",
            "<b>", "x<y", "--", "…", "...", "\"quoted\"", "it's", "x:y", "#1", "[note]", "50%", "—", "-->", "{\\an8}"]
SPEAKERS = ["Agent", "Customer", "agent", "customer", "SPEAKER_00", "SPEAKER_01", "الموظف", "العميل",
            "خدمة العملاء", "Dr. Smith", "أحمد", "caller 2", "O'Brien"]

_printable = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"))
word = st.one_of(st.sampled_from(AR_WORDS + EN_WORDS), st.text(alphabet=_printable, min_size=1, max_size=6))
line_text = st.lists(word, max_size=8).map(" ".join).map(str.strip)  # one line, no outer spaces
srt_text = line_text.map(lambda s: " ".join(s.replace("<", "").replace("{", "").split()))
letters = st.text(alphabet=st.characters(codec="utf-8", categories=["L"]), min_size=1, max_size=10)
prefix_speaker = st.one_of(st.sampled_from(SPEAKERS), letters, st.tuples(letters, letters).map(" ".join))
token = st.text(alphabet=string.ascii_letters + string.digits + "_.-", min_size=1, max_size=10)
cue_id = st.text(alphabet=string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=8)
MS = 0.0005 + 1e-9  # times survive at millisecond precision


@st.composite
def times(draw, n: int) -> list[tuple[float, float]]:
    """Non-decreasing starts; turns may overlap (interruptions)."""
    out, t = [], draw(st.floats(0, 10))
    for _ in range(n):
        t += draw(st.floats(0, 5))
        out.append((t, t + draw(st.floats(0, 8))))
    return out


@st.composite
def simple_call(draw, speaker=prefix_speaker, text=line_text, timed=True, ids=None, call_id=token) -> Call:
    n = draw(st.integers(1, 6))
    spans = draw(times(n)) if timed else [(None, None)] * n
    turn_ids = [f"t{i}" for i in range(n)] if ids is None else draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    turns = tuple(
        Turn(id=turn_ids[i], speaker=draw(speaker), text=draw(text), start=spans[i][0], end=spans[i][1])
        for i in range(n)
    )
    return Call(id=draw(call_id), turns=turns, language=draw(st.none() | st.sampled_from(["ar", "en", "ar-EG"])))


def roundtrip(calls: list[Call], fmt: str, suffix: str, tmp: Path) -> list[Call]:
    path = tmp / f"calls{suffix}"
    write_calls(calls, path, fmt)
    result = read_calls(path)
    assert result.format == fmt, f"{fmt} output detected as {result.format}"
    assert not [p for p in tmp.iterdir() if p.name.endswith(".tmp")]  # atomic write left no temp file
    return list(result.calls)


def close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= MS)


def same_times(read: Turn, wrote: Turn) -> bool:
    return close(read.start, wrote.start) and close(read.end, wrote.end)


# ----------------------------------------------------------------------------- json / jsonl: everything

any_text = st.text(max_size=20)
seconds = st.floats(0, 1e5, allow_nan=False, allow_infinity=False)
evidence = st.builds(
    Evidence, turn_id=token, quote=any_text, span=st.none() | st.tuples(st.integers(0, 99), st.integers(0, 99)),
    start=st.none() | seconds, end=st.none() | seconds, rule=st.none() | any_text,
)
stage_label = st.builds(
    StageLabel, label=st.sampled_from(list(Label)), score=st.floats(0, 1).map(lambda x: round(x, 4)),
    source=any_text, evidence=st.lists(evidence, max_size=2).map(tuple),
)
json_value = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), any_text,
                       st.floats(allow_nan=False, allow_infinity=False), st.lists(any_text, max_size=2))
meta = st.dictionaries(any_text, json_value, max_size=3)


@st.composite
def words(draw) -> tuple[Word, ...]:
    out = []
    for start, end in draw(times(draw(st.integers(0, 3)))):
        out.append(Word(draw(any_text), start, end, draw(st.none() | st.floats(0, 1)), draw(st.none() | any_text)))
    return tuple(out)


@st.composite
def full_turn(draw, turn_id: str) -> Turn:
    span = draw(st.none() | times(1))
    return Turn(
        id=turn_id, speaker=draw(any_text), text=draw(any_text),
        start=span[0][0] if span else None, end=span[0][1] if span else None,
        role=draw(st.sampled_from(list(Role))), language=draw(st.none() | any_text),
        channel=draw(st.none() | st.integers(0, 3)), words=draw(words()), norm_text=draw(st.none() | any_text),
        labels=tuple(draw(st.lists(stage_label, max_size=2))),
        gold=draw(st.none() | st.lists(st.sampled_from(list(Label)), max_size=3).map(tuple)),
        meta=draw(meta),
    )


@st.composite
def full_call(draw, call_id: str) -> Call:
    ids = draw(st.lists(token, max_size=4, unique=True))
    event = st.builds(
        Event, kind=st.sampled_from(list(EventKind)), turn_ids=st.lists(token, max_size=2).map(tuple),
        start=st.none() | seconds, end=st.none() | seconds, by=st.none() | st.sampled_from(list(Role)),
        target=st.none() | st.sampled_from(list(Role)), detail=any_text,
        evidence=st.lists(evidence, max_size=2).map(tuple),
    )
    return Call(
        id=call_id, turns=tuple(draw(full_turn(i)) for i in ids), language=draw(st.none() | any_text),
        duration=draw(st.none() | seconds), source=draw(any_text), events=tuple(draw(st.lists(event, max_size=2))),
        provenance=tuple(draw(st.lists(st.builds(Provenance, any_text, any_text, any_text, any_text), max_size=2))),
        meta=draw(meta),
    )


full_calls = st.lists(any_text, min_size=1, max_size=3, unique=True).flatmap(
    lambda ids: st.tuples(*(full_call(i) for i in ids)).map(list))


@SETTINGS
@given(calls=full_calls)
def test_json_roundtrip_is_lossless(tmp_path_factory, calls):
    assert roundtrip(calls, "json", ".json", tmp_path_factory.mktemp("json")) == calls


@SETTINGS
@given(calls=full_calls)
def test_jsonl_roundtrip_is_lossless(tmp_path_factory, calls):
    assert roundtrip(calls, "jsonl", ".jsonl", tmp_path_factory.mktemp("jsonl")) == calls


@SETTINGS
@given(call=full_call("c1").filter(lambda c: c.source))
def test_json_without_source_gets_the_file_path(tmp_path_factory, call):
    import dataclasses

    call = dataclasses.replace(call, source=None)
    path = tmp_path_factory.mktemp("src") / "one.json"
    write_calls([call], path)
    (back,) = read_calls(path).calls
    assert back == dataclasses.replace(call, source=str(path))


# ----------------------------------------------------------------------------- csv / tsv

cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\n\t"),
               max_size=15).map(str.strip)


@st.composite
def table_calls(draw) -> list[Call]:
    labelled = draw(st.booleans())
    calls = []
    for call_id in draw(st.lists(cell.filter(bool), min_size=1, max_size=3, unique=True)):
        ids = draw(st.lists(cell.filter(bool), min_size=1, max_size=4, unique=True))
        spans = draw(times(len(ids)))
        turns = []
        for turn_id, (start, end) in zip(ids, spans, strict=True):
            timed = draw(st.sampled_from(["both", "start", "none"]))
            turns.append(Turn(
                id=turn_id, speaker=draw(cell.filter(bool)), text=draw(cell | line_text),
                start=None if timed == "none" else start, end=end if timed == "both" else None,
                role=draw(st.sampled_from(list(Role))), language=draw(st.none() | cell.filter(bool)),
                channel=draw(st.none() | st.integers(-1, 3)),
                gold=draw(st.lists(st.sampled_from(list(Label)), max_size=3).map(tuple)) if labelled else None,
            ))
        calls.append(Call(id=call_id, turns=tuple(turns)))
    return calls


def table_view(calls: list[Call]) -> list:
    return [(c.id, [(t.id, t.speaker, t.role, t.text, t.start, t.end, t.language, t.channel, t.gold)
                    for t in c.turns]) for c in calls]


@SETTINGS
@given(calls=table_calls(), fmt=st.sampled_from(["csv", "tsv"]))
def test_csv_tsv_roundtrip_turn_fields(tmp_path_factory, calls, fmt):
    back = roundtrip(calls, fmt, f".{fmt}", tmp_path_factory.mktemp(fmt))
    assert table_view(back) == table_view(calls)


# ----------------------------------------------------------------------------- vtt / srt

vtt_speaker = st.one_of(prefix_speaker, st.sampled_from(["A&B", "<x>", "Agent: 1", "x > y"]))


@SETTINGS
@given(call=simple_call(speaker=vtt_speaker, ids=cue_id))
def test_vtt_roundtrip_speaker_text_times_ids_language(tmp_path_factory, call):
    (back,) = roundtrip([call], "vtt", ".vtt", tmp_path_factory.mktemp("vtt"))
    assert back.language == call.language
    assert [(t.id, t.speaker, t.text) for t in back.turns] == [(t.id, t.speaker, t.text) for t in call.turns]
    assert all(same_times(b, w) for b, w in zip(back.turns, call.turns, strict=True))


@SETTINGS
@given(call=simple_call(text=srt_text))
def test_srt_roundtrip_speaker_text_times(tmp_path_factory, call):
    (back,) = roundtrip([call], "srt", ".srt", tmp_path_factory.mktemp("srt"))
    assert [(t.speaker, t.text, t.role) for t in back.turns] == [
        (t.speaker, t.text, role_from_name(t.speaker)) for t in call.turns]
    assert [t.id for t in back.turns] == [str(i) for i in range(1, len(call.turns) + 1)]
    assert all(same_times(b, w) for b, w in zip(back.turns, call.turns, strict=True))


# ----------------------------------------------------------------------------- txt

@st.composite
def txt_calls(draw) -> list[Call]:
    calls = []
    for call_id in draw(st.lists(line_text.filter(bool), min_size=1, max_size=3, unique=True)):
        call = draw(simple_call(call_id=st.just(call_id)))
        turns = []
        for t in call.turns:  # txt can carry both times, a start only, or none
            mode = draw(st.sampled_from(["both", "start", "none"]))
            turns.append(Turn(id=t.id, speaker=t.speaker, text=t.text, role=t.role,
                              start=None if mode == "none" else t.start, end=t.end if mode == "both" else None))
        calls.append(Call(id=call.id, turns=tuple(turns), language=call.language))
    return calls


@SETTINGS
@given(calls=txt_calls())
def test_txt_roundtrip_speaker_text_times_ids(tmp_path_factory, calls):
    back = roundtrip(calls, "txt", ".txt", tmp_path_factory.mktemp("txt"))
    assert [(c.id, c.language) for c in back] == [(c.id, c.language) for c in calls]
    for b, w in zip(back, calls, strict=True):
        assert [(t.speaker, t.text) for t in b.turns] == [(t.speaker, t.text) for t in w.turns]
        assert all(same_times(x, y) for x, y in zip(b.turns, w.turns, strict=True))


# ----------------------------------------------------------------------------- rttm

@SETTINGS
@given(calls=st.lists(token, min_size=1, max_size=3, unique=True).flatmap(
    lambda ids: st.tuples(*(simple_call(speaker=token, call_id=st.just(i)) for i in ids)).map(list)))
def test_rttm_roundtrip_speaker_times(tmp_path_factory, calls):
    back = roundtrip(calls, "rttm", ".rttm", tmp_path_factory.mktemp("rttm"))
    assert [c.id for c in back] == [c.id for c in calls]
    for b, w in zip(back, calls, strict=True):
        assert [t.speaker for t in b.turns] == [t.speaker for t in w.turns]
        assert all(same_times(x, y) and x.text == "" for x, y in zip(b.turns, w.turns, strict=True))


# ----------------------------------------------------------------------------- whisper

@st.composite
def whisper_call(draw) -> Call:
    base = draw(simple_call(speaker=any_text.filter(bool), text=any_text.map(str.strip), ids=any_text.filter(bool)))
    turns = []
    for t in base.turns:
        ws = tuple(Word(w.text.strip(), w.start, w.end, w.probability, w.speaker) for w in draw(words()))
        turns.append(Turn(id=t.id, speaker=t.speaker, text=t.text, start=t.start, end=t.end, words=ws))
    return Call(id=base.id, turns=tuple(turns), language=draw(st.none() | any_text.filter(bool)))


@SETTINGS
@given(call=whisper_call())
def test_whisper_roundtrip_segments_and_words(tmp_path_factory, call):
    (back,) = roundtrip([call], "whisper", ".json", tmp_path_factory.mktemp("whisper"))
    assert back.language == call.language

    def view(c: Call) -> list:
        return [(t.id, t.speaker, t.text, t.start, t.end, t.words) for t in c.turns]

    assert view(back) == view(call)


# ----------------------------------------------------------------------------- writers are deterministic

WRITERS: dict[str, Callable[[], st.SearchStrategy]] = {
    "json": lambda: full_calls, "jsonl": lambda: full_calls, "csv": table_calls, "tsv": table_calls,
    "txt": txt_calls,
}


@SETTINGS
@given(data=st.data(), fmt=st.sampled_from(sorted(WRITERS)))
def test_render_read_render_is_stable(data, fmt):
    from convo_nlp.io import read_text

    calls = data.draw(WRITERS[fmt]())
    text = render_calls(calls, fmt)
    again = render_calls(read_text(text, fmt, name="<mem>").calls, fmt)
    if fmt in ("json", "jsonl"):
        assert again == text
    else:  # csv/txt may gain a derived call language, nothing else
        assert read_text(again, fmt).calls == read_text(text, fmt).calls


def test_prefix_speakers_in_strategy_are_valid_names():
    for name in SPEAKERS:
        assert is_speaker_name(name), name
