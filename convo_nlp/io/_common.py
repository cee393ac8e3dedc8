"""Helpers shared by the format modules: source info, times, speaker prefixes, turn building."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from convo_nlp.errors import ConvoNLPError, InputError, SchemaError
from convo_nlp.schema import Call, Label, Role, Turn, role_from_name

log = logging.getLogger("convo_nlp")

DOCS_HINT = "see docs/formats.md for the expected layout"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the text being parsed came from: ``name`` goes into errors, ``stem`` is the default call id."""

    name: str
    stem: str

    def error(self, message: str, hint: str | None = None, cls: type[InputError] = InputError) -> InputError:
        return cls(message, path=self.name, hint=hint)


def relocate(err: ConvoNLPError, where: str, src: Source) -> ConvoNLPError:
    """The same error, with ``where`` (e.g. "line 4") put in front of its message and the path set."""
    return type(err)(f"{where}: {err.message}", path=err.path or src.name, hint=err.hint)


# --------------------------------------------------------------------------- times

_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d+)(?:[.,](\d+))?$")
_SECONDS = re.compile(r"^(\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?\s*s?$", re.IGNORECASE)


def parse_time(value: str) -> float:
    """Seconds from ``"12.5"``, ``"12.5s"``, ``"mm:ss(.ms)"`` or ``"hh:mm:ss(.ms)"`` (``,`` allowed as decimal mark).

    Raises ValueError for anything else, negative or non-finite values.
    """
    s = value.strip()
    m = _CLOCK.match(s)
    if m:
        hours, minutes, seconds, frac = m.groups()
        h = int(hours) if hours is not None else 0
        mins, secs = int(minutes), int(seconds)
        if secs >= 60 or (hours is not None and mins >= 60):
            raise ValueError(f"{value!r} is not a valid clock time")
        whole = (h * 60 + mins) * 60 + secs
        # Building the decimal string keeps the value exactly as written (no float sum error).
        return float(f"{whole}.{frac or '0'}")
    if _SECONDS.match(s):
        number = float(s.rstrip("sS").strip().replace(",", "."))
        if math.isfinite(number) and number >= 0:
            return number
    raise ValueError(f"{value!r} is not a time")


def to_millis(seconds: float) -> int:
    return int(round(seconds * 1000))


def format_clock(seconds: float, decimal_mark: str = ".") -> str:
    """``hh:mm:ss.mmm`` (millisecond precision; hours grow past 99 when needed)."""
    ms = to_millis(seconds)
    total_s, ms = divmod(ms, 1000)
    total_m, s = divmod(total_s, 60)
    h, m = divmod(total_m, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{decimal_mark}{ms:03d}"


def format_number(value: float) -> str:
    """Shortest text that reads back as exactly the same float."""
    return repr(float(value))


# --------------------------------------------------------------------------- speakers

COLONS = ":\uff1a\ufe55\ufe13\u2236\ua789"  # ASCII, fullwidth, small, vertical, ratio, modifier colon
_NAME_BAD = frozenset(COLONS + '[]{}<>"?!\u061f,\u060c\n\r\t')
_SPEAKER_LINE = re.compile(rf"^(?P<name>[^{COLONS}\n]{{1,60}}?)\s*[{COLONS}](?!\d)(?!//)\s*(?P<rest>.*)$", re.DOTALL)
MAX_NAME_CHARS = 40
MAX_NAME_WORDS = 4


def is_speaker_name(name: str) -> bool:
    """Whether ``name`` can stand before a colon as a speaker (short, no sentence punctuation)."""
    return (
        0 < len(name) <= MAX_NAME_CHARS
        and len(name.split()) <= MAX_NAME_WORDS
        and name[0] not in "#-"
        and not (_NAME_BAD & set(name))
        and name == name.strip()
    )


def split_speaker(line: str) -> tuple[str, str] | None:
    """``"Agent: hello"`` → ``("Agent", "hello")``; ``None`` when the line has no speaker prefix."""
    m = _SPEAKER_LINE.match(line.strip())
    if not m:
        return None
    name = m.group("name").strip()
    if not is_speaker_name(name):
        return None
    return name, m.group("rest").strip()


def writable_speaker(name: str, fmt: str) -> str:
    """A speaker name that reads back as a ``Name:`` prefix; offending characters are dropped."""
    if is_speaker_name(name):
        return name
    cleaned = " ".join("".join(c for c in name if c not in _NAME_BAD).split()).lstrip("#-").strip()
    words = cleaned.split()
    if len(words) > MAX_NAME_WORDS:
        cleaned = "_".join(words)
    cleaned = cleaned[:MAX_NAME_CHARS].strip() or "unknown"
    log.warning("%s: speaker %r cannot be written as a prefix; written as %r", fmt, name, cleaned)
    return cleaned


# --------------------------------------------------------------------------- turns and calls


def role_for(speaker: str, role: str | Role | None = None) -> Role:
    """The given role (validated) or the role guessed from the speaker name."""
    if role is None or role == "":
        return role_from_name(speaker)
    if isinstance(role, Role):
        return role
    try:
        return Role(role.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise SchemaError(f"role {role!r} is not one of {allowed}") from None


def parse_labels(value: str, sep: str = ";") -> tuple[Label, ...]:
    """``"apologise; solve"`` → gold labels."""
    out: list[Label] = []
    for part in value.split(sep):
        name = part.strip().lower()
        if not name:
            continue
        try:
            out.append(Label(name))
        except ValueError:
            allowed = ", ".join(lab.value for lab in Label)
            raise SchemaError(f"label {part.strip()!r} is not one of {allowed}") from None
    return tuple(out)


def make_turn(index: int, speaker: str, text: str, *, turn_id: str | None = None, **fields: Any) -> Turn:
    """A Turn with id ``t{index}`` unless given and role guessed from the speaker unless given."""
    role = role_for(speaker, fields.pop("role", None))
    return Turn(id=turn_id or f"t{index}", speaker=speaker, text=text, role=role, **fields)


def check_unique_ids(turns: Sequence[Turn], call_id: str) -> None:
    seen: set[str] = set()
    for t in turns:
        if t.id in seen:
            raise SchemaError(f"call {call_id!r} has two turns with id {t.id!r}", hint="give each turn a unique id")
        seen.add(t.id)


def common_language(turns: Iterable[Turn]) -> str | None:
    """The language shared by every turn, if they all name the same one."""
    langs = {t.language for t in turns}
    if len(langs) == 1:
        (only,) = langs
        return only
    return None


def build_call(call_id: str, turns: Sequence[Turn], src: Source, *, language: str | None = None) -> Call:
    check_unique_ids(turns, call_id)
    return Call(id=call_id, turns=tuple(turns), language=language, source=src.name)


def iter_lines(text: str) -> Iterable[tuple[int, str]]:
    """(1-based line number, line) pairs; only ``\\n`` separates lines."""
    yield from enumerate(text.split("\n"), start=1)


def one_call(calls: Sequence[Call], fmt: str) -> Call:
    """The single call a one-call-per-file format can hold."""
    if len(calls) != 1:
        raise ConvoNLPError(
            f"the {fmt} format holds one call per file; got {len(calls)}",
            hint="write one file per call, or use json/jsonl/csv for several calls in one file",
        )
    return calls[0]


def require_times(call: Call, fmt: str) -> None:
    for t in call.turns:
        if t.start is None or t.end is None:
            raise ConvoNLPError(
                f"call {call.id!r} turn {t.id!r} has no start/end times, which {fmt} needs",
                hint="write it as txt, json, jsonl or csv instead",
            )
