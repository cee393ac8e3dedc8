"""Safe, unique file names for calls written into one folder."""

from __future__ import annotations

import re


class UniqueNames:
    """``name(call_id)`` -> a file-system-safe stem, never the same twice (case-insensitively):
    ``a``, ``a-2``, ``a-3`` … Names already on disk can be reserved with ``reserve``."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def reserve(self, stem: str) -> None:
        self._used.add(stem.lower())

    def name(self, call_id: str) -> str:
        base = re.sub(r"[^\w.\-]+", "_", call_id, flags=re.UNICODE).strip("._") or "call"
        name, n = base, 1
        while name.lower() in self._used:
            n += 1
            name = f"{base}-{n}"
        self._used.add(name.lower())
        return name
