"""Typed field access for ``from_dict``: wrong or missing fields raise SchemaError that names them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from convo_nlp.errors import SchemaError

_MISSING = object()


def require_mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SchemaError(
            f"{where} must be a JSON object, got {type(value).__name__}",
            hint="see docs/formats.md for the expected fields",
        )
    return value


def get_str(d: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
    value = d.get(key, _MISSING)
    if value is _MISSING or value is None:
        if default is _MISSING:
            raise SchemaError(
                f"{where} has no '{key}' field", hint=f"add a '{key}' string to every {where.split('[')[0]}"
            )
        return default
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("id", "speaker"):
        return str(value)
    if not isinstance(value, str):
        raise SchemaError(f"{where}.{key} must be a string, got {type(value).__name__}")
    return value


def get_float(d: Mapping[str, Any], key: str, where: str) -> float | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise SchemaError(f"{where}.{key} must be a number of seconds, got {value!r}") from None
    return float(value)


def get_list(d: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = d.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SchemaError(f"{where}.{key} must be a list, got {type(value).__name__}")
    return value


def get_dict(d: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = d.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SchemaError(f"{where}.{key} must be an object, got {type(value).__name__}")
    return dict(value)


def get_int(d: Mapping[str, Any], key: str, where: str) -> int | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaError(f"{where}.{key} must be an integer, got {value!r}")
    return value
