"""CSV and TSV: a header row, then one turn per row (grouped into calls by ``call_id``)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from convo_nlp.errors import ConvoNLPError, SchemaError
from convo_nlp.io._common import (
    Source,
    build_call,
    common_language,
    format_number,
    make_turn,
    parse_labels,
    parse_time,
    relocate,
)
from convo_nlp.schema import Call, Turn

CSV_SUFFIXES = (".csv",)
TSV_SUFFIXES = (".tsv", ".tab")
COLUMNS = ("call_id", "id", "speaker", "role", "text", "start", "end", "language", "channel", "labels")
_ALIASES = {"turn_id": "id", "conversation_id": "call_id", "gold_labels": "labels"}
_TIME_HINT = "give seconds (12.5) or a clock time (mm:ss.ms or hh:mm:ss.ms)"


def _column_name(header: str) -> str:
    key = re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").strip().lower())
    return _ALIASES.get(key, key)


def _rows(text: str, delimiter: str) -> Any:
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _first_line(text: str) -> str:
    return next((ln for ln in text[:65536].lstrip("\ufeff").split("\n", 50) if ln.strip()), "")


def _has_required(columns: Sequence[str]) -> bool:
    return "text" in columns and ("speaker" in columns or "role" in columns)


def _read(text: str, src: Source, delimiter: str, fmt: str) -> list[Call]:
    if delimiter == "," and not _has_required(_header_of(text, ",")) and _has_required(_header_of(text, ";")):
        delimiter = ";"  # spreadsheet exports in some locales
    reader = _rows(text, delimiter)
    header: list[str] | None = None
    raw_header: list[str] = []
    order: list[str] = []
    groups: dict[str, list[Turn]] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                raw_header = [h.strip().lstrip("\ufeff") for h in row]
                header = [_column_name(h) for h in row]
                _check_header(header, raw_header, src, fmt)
                continue
            if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
                shown = "tab" if delimiter == "\t" else repr(delimiter)
                raise src.error(
                    f"line {line} has {len(row)} fields but the header has {len(header)}",
                    hint=f"put quotes around fields that contain the delimiter ({shown})",
                    cls=SchemaError,
                )
            cells = {col: (row[i] if i < len(row) else "") for i, col in enumerate(header)}
            extra = {raw_header[i]: cells[col] for i, col in enumerate(header)
                     if col not in COLUMNS and col and cells[col].strip()}
            call_id = cells.get("call_id", "").strip() or src.stem
            turns = groups.get(call_id)
            if turns is None:
                turns = groups[call_id] = []
                order.append(call_id)
            try:
                turns.append(_turn(cells, len(turns), extra, "labels" in header))
            except ConvoNLPError as exc:
                raise relocate(exc, f"line {line}", src) from None
    except csv.Error as exc:
        raise src.error(f"line {reader.line_num}: cannot parse the {fmt.upper()}: {exc}",
                        hint="check the quoting on that line") from None
    if header is None:
        raise src.error(f"no header row found in the {fmt.upper()}", hint="the first row must name the columns")
    if not order:
        raise src.error(f"the {fmt.upper()} has a header row but no turns", hint="add one row per turn")
    return [build_call(cid, groups[cid], src, language=common_language(groups[cid])) for cid in order]


def _header_of(text: str, delimiter: str) -> list[str]:
    try:
        return [_column_name(h) for h in next(iter(_rows(_first_line(text), delimiter)), [])]
    except csv.Error:
        return []


def _check_header(header: list[str], raw: list[str], src: Source, fmt: str) -> None:
    if not _has_required(header):
        missing = " and ".join(f"'{c}'" for c in ("speaker", "text") if c not in header)
        found = ", ".join(repr(h) for h in raw[:8]) or "none"
        raise src.error(
            f"the {fmt.upper()} header row has no {missing} column (found: {found})",
            hint=f"the first row must name the columns, with at least 'speaker' and 'text' "
                 f"({', '.join(COLUMNS)}); for 'Agent: …' dialogue lines pass --input-format txt",
            cls=SchemaError,
        )
    known = [h for h in header if h in COLUMNS]
    dup = {h for h in known if known.count(h) > 1}
    if dup:
        raise src.error(f"column {sorted(dup)[0]!r} appears twice in the header row", cls=SchemaError)


def _time(cells: dict[str, str], key: str) -> float | None:
    value = cells.get(key, "").strip()
    if not value:
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise SchemaError(f"'{key}' value {value!r} is not a time", hint=_TIME_HINT) from None


def _turn(cells: dict[str, str], index: int, extra: dict[str, str], labelled: bool) -> Turn:
    speaker = cells.get("speaker", "").strip() or cells.get("role", "").strip()
    if not speaker:
        raise SchemaError("the 'speaker' cell is empty", hint="name the speaker of every row (e.g. agent / customer)")
    channel_text = cells.get("channel", "").strip()
    try:
        channel = int(channel_text) if channel_text else None
    except ValueError:
        raise SchemaError(f"'channel' value {channel_text!r} is not a whole number") from None
    return make_turn(
        index,
        speaker,
        cells.get("text", "").strip(),
        turn_id=cells.get("id", "").strip() or None,
        role=cells.get("role", "").strip() or None,
        start=_time(cells, "start"),
        end=_time(cells, "end"),
        language=cells.get("language", "").strip() or None,
        channel=channel,
        gold=parse_labels(cells.get("labels", "")) if labelled else None,
        meta=extra,
    )


def _render(calls: Sequence[Call], delimiter: str) -> str:
    labelled = any(t.gold is not None for c in calls for t in c.turns)
    columns = COLUMNS if labelled else COLUMNS[:-1]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for call in calls:
        for t in call.turns:
            row = [
                call.id, t.id, t.speaker, t.role.value, t.text,
                "" if t.start is None else format_number(t.start),
                "" if t.end is None else format_number(t.end),
                t.language or "",
                "" if t.channel is None else str(t.channel),
            ]
            if labelled:
                row.append(";".join(lab.value for lab in t.gold or ()))
            writer.writerow(row)
    return buf.getvalue()


def _sniff(head: str, delimiter: str) -> int:
    if delimiter not in _first_line(head):
        return 0
    names = _header_of(head, delimiter)
    if _has_required(names):
        return 2
    return 1 if len(names) >= 2 and any(n in COLUMNS for n in names) else 0


def read_csv(text: str, src: Source) -> list[Call]:
    return _read(text, src, ",", "csv")


def read_tsv(text: str, src: Source) -> list[Call]:
    return _read(text, src, "\t", "tsv")


def render_csv(calls: Sequence[Call]) -> str:
    return _render(calls, ",")


def render_tsv(calls: Sequence[Call]) -> str:
    return _render(calls, "\t")


def sniff_csv(head: str) -> int:
    return max(_sniff(head, ","), 2 if _sniff(head, ";") == 2 else 0)


def sniff_tsv(head: str) -> int:
    return _sniff(head, "\t")
