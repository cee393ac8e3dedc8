"""Native JSON: one ``Call.to_dict()`` object, a list of them, or ``{"calls": [...]}``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from convo_nlp.errors import SchemaError
from convo_nlp.io._common import DOCS_HINT, Source
from convo_nlp.io._jsonutil import dumps, json_kind, loads
from convo_nlp.schema import SCHEMA_VERSION, Call

NAME = "json"
SUFFIXES = (".json",)

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number",
               bool: "true/false", type(None): "null"}
SHAPE_HINT = 'expected a call {"id": …, "turns": [...]}, a list of calls, or {"calls": [...]}'


def json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def call_from_dict(d: Any, where: str, src: Source, *, native: bool = False, default_id: str | None = None) -> Call:
    """``Call.from_dict`` plus: default id and ``source`` set to the file. ``native``: the document
    (or the file around it) carries ``schema_version``, so ``labels: []`` means no predictions."""
    if isinstance(d, Mapping):
        native = native or "schema_version" in d
        if default_id is not None and d.get("id") is None:
            d = {**d, "id": default_id}
    call = Call.from_dict(d, where, native=native)
    return call if call.source is not None else dataclasses.replace(call, source=src.name)


def read(text: str, src: Source) -> list[Call]:
    data = loads(text, src)
    if isinstance(data, list):
        return [call_from_dict(item, f"calls[{i}]", src) for i, item in enumerate(data)]
    if not isinstance(data, dict):
        raise src.error(f"the JSON is {json_type(data)}; {SHAPE_HINT}", hint=DOCS_HINT, cls=SchemaError)
    if "turns" in data:
        return [call_from_dict(data, "call", src, default_id=src.stem)]
    if "calls" in data:
        items = data["calls"]
        if not isinstance(items, list):
            raise src.error(f"'calls' must be a list, got {json_type(items)}", hint=DOCS_HINT, cls=SchemaError)
        native = "schema_version" in data
        version = data.get("schema_version")
        if version is not None and str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise src.error(f"schema_version {version!r} is not readable; this convo_nlp reads {SCHEMA_VERSION}",
                            hint="convert it with a matching convo_nlp version", cls=SchemaError)
        return [call_from_dict(item, f"calls[{i}]", src, native=native) for i, item in enumerate(items)]
    if "segments" in data:
        raise src.error("this is Whisper/WhisperX output, not a convo_nlp call",
                        hint="pass --input-format whisper", cls=SchemaError)
    keys = ", ".join(repr(k) for k in list(data)[:5]) or "none"
    raise src.error(f"the JSON object has no 'turns' or 'calls' field (keys: {keys}); {SHAPE_HINT}",
                    hint=DOCS_HINT, cls=SchemaError)


def render(calls: Sequence[Call]) -> str:
    if len(calls) == 1:
        return dumps(calls[0].to_dict(), indent=2) + "\n"
    return dumps({"schema_version": SCHEMA_VERSION, "calls": [c.to_dict() for c in calls]}, indent=2) + "\n"


def sniff(head: str) -> int:
    return 2 if json_kind(head) == "json" else 0
