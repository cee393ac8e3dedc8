from __future__ import annotations

import tomllib

import pytest

from convo_nlp.config import Config, default_config_text
from convo_nlp.errors import ConfigError


def test_default_config_is_valid_and_weights_sum_to_100():
    cfg = Config.default()
    assert sum(s.weight for s in cfg.scorecard.sections.values()) == pytest.approx(100)
    assert set(cfg.scorecard.sections) == {"listen", "apologise", "solve", "thank"}
    # the transformer measured better than the lexicon (README, "Classifiers"), so it is the default
    assert tomllib.loads(default_config_text())["pipeline"]["classifier"] == "hf-transformer.v1"
    assert cfg.pipeline.classifier == "hf-transformer.v1"


def test_a_site_config_named_by_the_environment_applies_when_none_is_given(tmp_path, monkeypatch):
    site = tmp_path / "site.toml"
    site.write_text('[pipeline]\nclassifier = "lexicon.v1"\n[silence]\nlong_silence = 7\n')
    monkeypatch.setenv("CONVO_NLP_CONFIG", str(site))
    assert Config.load().pipeline.classifier == "lexicon.v1" and Config.load().silence.long_silence == 7
    own = tmp_path / "own.toml"
    own.write_text("[silence]\nlong_silence = 3\n")
    assert Config.load(own).silence.long_silence == 3  # a file given explicitly wins
    assert Config.load(own).pipeline.classifier == "hf-transformer.v1"
    monkeypatch.setenv("CONVO_NLP_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="missing.toml"):
        Config.load()


def test_overrides_change_values_and_the_digest(tmp_path, default_classifier):
    base = Config.default()
    changed = Config.load(None, ["interruptions.min_overlap=1.5", 'scorecard.name="Team A"'])
    assert changed.interruptions.min_overlap == 1.5
    assert changed.scorecard.name == "Team A"
    assert changed.digest() != base.digest()
    assert Config.load(None, []).digest() == base.digest()


def test_user_file_merges_over_defaults(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[lexicon.extra_phrases]\napologise = { en = ["we deeply regret"] }\n[silence]\nlong_silence = 4\n')
    cfg = Config.load(path)
    assert cfg.lexicon.extra_phrases == {"apologise": {"en": ["we deeply regret"]}}
    assert cfg.silence.long_silence == 4
    assert cfg.interruptions.min_overlap == 0.5  # untouched default


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[scorecard.sections.listen]\nweight = 50\n", "sum to 100"),
        ("[pipeline]\nclasifier = 'x'\n", "clasifier"),
        ("[lexicon.extra_phrases]\nhappy = { en = ['x'] }\n", "unknown label"),
        ("[[scorecard.sections.thank.criteria]]\nid = 'x'\ncheck = 'telepathy'\n", "telepathy"),
        ("[interruptions]\nmin_overlap = -1\n", "min_overlap"),
        ("not = [valid toml", "invalid TOML"),
    ],
)
def test_invalid_config_gives_one_clear_error(tmp_path, text, needle):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        Config.load(path)
    msg = str(info.value)
    assert needle in msg and str(path) in msg and "\n" not in msg


def test_missing_config_file_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="init-config"):
        Config.load(tmp_path / "nope.toml")


def test_bad_override_syntax():
    with pytest.raises(ConfigError, match="key=value"):
        Config.load(None, ["interruptions.min_overlap"])
