"""Read one input source into calls, for the batch runner."""

from __future__ import annotations

import sys

from convo_nlp.cli.inputs import Source
from convo_nlp.io import DEFAULT_MAX_BYTES, read_calls, read_text
from convo_nlp.results import iter_result_documents, result_from_dict
from convo_nlp.schema import Call


def load_transcripts(
    source: Source, input_format: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Call], str]:
    if source.path is None:
        # bytes, so that non-UTF-8 input gets the readers' clear error
        stdin = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        result = read_text(stdin, input_format, name=source.name)
    else:
        result = read_calls(source.path, input_format, max_bytes=max_bytes)
    return list(result.calls), result.format


def load_annotated(
    source: Source, input_format: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Call], str]:
    """Analysis results (from ``convo analyze``) give their annotated calls; anything else is read as a
    transcript whose labels, if any, are kept."""
    if source.path is not None and input_format is None:
        docs = list(iter_result_documents(source.path))
        if docs:
            return [result_from_dict(d, f"{source.name}[{i}]").call for i, d in enumerate(docs)], "result"
    return load_transcripts(source, input_format, max_bytes)
