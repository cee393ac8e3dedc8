"""`import convo_nlp` (and building the lexicon analyser) must not pull heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "faster_whisper", "ctranslate2", "spacy", "pandas")


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_import_convo_nlp_is_light():
    loaded = _loaded_after("import convo_nlp")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "pydantic" not in loaded


def test_lexicon_analyzer_never_imports_torch_or_whisper():
    loaded = _loaded_after("from convo_nlp import Analyzer\nAnalyzer()")
    assert not loaded & {"torch", "transformers", "faster_whisper", "ctranslate2"}


def test_cli_module_import_is_light():
    loaded = _loaded_after("import convo_nlp.cli.main")
    assert not loaded & set(HEAVY)
