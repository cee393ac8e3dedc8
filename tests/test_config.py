from __future__ import annotations

import tomllib

import pytest

from convo_nlp.config import Config, default_config_text
from convo_nlp.errors import ConfigError


def test_default_config_is_valid_and_weights_sum_to_100():
    cfg = Config.default()
    assert sum(s.weight for s in cfg.scorecard.sections.values()) == pytest.approx(100)
    assert set(cfg.scorecard.sections) == {"listen", "apologise", "solve", "thank"}
    assert tomllib.loads(default_config_text())["pipeline"]["classifier"] == "lexicon.v1"


def test_overrides_change_values_and_the_digest(tmp_path):
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
