"""JSON Lines: one call per line (native or LABELING.md), or one turn per line grouped by ``call_id``."""

from __future__ import annotations

import json
from collections.abc import Sequence

from convo_nlp.errors import SchemaError
from convo_nlp.io._common import Source, common_language, iter_lines
from convo_nlp.io._jsonutil import dumps, json_kind, loads
from convo_nlp.io.native_json import call_from_dict, json_type
from convo_nlp.schema import Call, Turn

NAME = "jsonl"
SUFFIXES = (".jsonl", ".ndjson")

_LINE_HINT = "each line must be one complete JSON object; for a single JSON document pass --input-format json"
_TURN_KEYS = ("speaker", "text", "role")


def read(text: str, src: Source) -> list[Call]:
    order: list[str] = []
    whole: dict[str, Call] = {}
    grouped: dict[str, list[Turn]] = {}
    for n, line in iter_lines(text):
        if not line.strip():
            continue
        where = f"line {n}"
        record = loads(line, src, where=where, hint=_LINE_HINT)
        if not isinstance(record, dict):
            raise src.error(f"{where} is {json_type(record)}; each line must be a JSON object (a call or a turn)",
                            hint=_LINE_HINT, cls=SchemaError)
        if "turns" in record:
            call = call_from_dict(record, where, src)
            if call.id in whole or call.id in grouped:
                raise src.error(f"{where}: call id {call.id!r} appears twice", hint="give each call a unique 'id'",
                                cls=SchemaError)
            whole[call.id] = call
            order.append(call.id)
        elif any(k in record for k in _TURN_KEYS):
            call_id = _call_id(record.get("call_id"), where, src)
            if call_id in whole:
                raise src.error(f"{where}: call id {call_id!r} is used by a whole-call line and by turn lines",
                                hint="use one layout per call", cls=SchemaError)
            turns = grouped.get(call_id)
            if turns is None:
                turns = grouped[call_id] = []
                order.append(call_id)
            fields = {k: v for k, v in record.items() if k != "call_id"}
            turns.append(Turn.from_dict(fields, where, default_id=f"t{len(turns)}"))
        else:
            raise src.error(
                f"{where} is neither a call (no 'turns' list) nor a turn (no 'speaker' and 'text')",
                hint='a call line is {"id": …, "turns": [...]}; a turn line is {"call_id", "speaker", "text"}',
                cls=SchemaError,
            )
    calls: list[Call] = []
    for call_id in order:
        if call_id in whole:
            calls.append(whole[call_id])
            continue
        turns = grouped[call_id]
        ids = [t.id for t in turns]
        if len(set(ids)) != len(ids):
            raise src.error(f"call {call_id!r} has duplicate turn ids", hint="give each turn a unique 'id'",
                            cls=SchemaError)
        calls.append(Call(id=call_id, turns=tuple(turns), language=common_language(turns), source=src.name))
    return calls


def _call_id(value: object, where: str, src: Source) -> str:
    if value is None:
        return src.stem
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise src.error(f"{where}: 'call_id' must be a string, got {json_type(value)}", cls=SchemaError)
    return str(value)


def render(calls: Sequence[Call]) -> str:
    return "".join(dumps(c.to_dict()) + "\n" for c in calls)


def sniff(head: str) -> int:
    kind = json_kind(head)
    if kind == "jsonl":
        return 2
    body = head.lstrip("\ufeff \t\n")
    if kind != "json" or not body.startswith("{"):
        return 0
    first, newline, _rest = body.partition("\n")
    if not newline:
        return 1  # the first line runs past the head: could be one long call line
    try:
        json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return 0  # a complete first line that is not JSON: a pretty-printed document
    return 1
