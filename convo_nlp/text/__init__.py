"""Text processing: language id, Arabic/English normalisation with offsets, the normaliser component.

Importing this package does not import spaCy; the blank English pipeline is built on first use.
"""

from convo_nlp.text.component import TextNormalizer
from convo_nlp.text.langid import call_language, detect_language
from convo_nlp.text.normalize import NormText, normalize, tokenize

__all__ = ["NormText", "TextNormalizer", "call_language", "detect_language", "normalize", "tokenize"]
