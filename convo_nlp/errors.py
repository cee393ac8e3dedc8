"""One error hierarchy. Every message says what went wrong *and what to do*.

The CLI prints ``str(error)`` on one line and exits 1; ``-v`` adds the traceback.
"""

from __future__ import annotations


class ConvoNLPError(Exception):
    """Base class of every error convo_nlp raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None) -> None:
        self.path = path
        self.hint = hint
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.path}: {self.message}" if self.path else self.message
        return f"{head} ({self.hint})" if self.hint else head


class InputError(ConvoNLPError):
    """A file could not be read or understood (bad encoding, malformed JSON, missing fields…)."""


class UnknownFormatError(InputError):
    """No reader recognises the file's suffix or content."""


class SchemaError(InputError):
    """Data does not match the convo_nlp data model (wrong type, missing field, bad value)."""


class ConfigError(ConvoNLPError):
    """A configuration file or override is invalid."""


class ModelError(ConvoNLPError):
    """A model could not be found, built or loaded."""
