"""Configuration: a TOML file validated with pydantic (unknown keys are errors).

The defaults live in one place, ``resources/default_config.toml`` (what ``convo init-config``
writes). A user file is merged over them; ``--set a.b=value`` overrides single keys. The
resolved config is hashed into every report (``Config.digest``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from convo_nlp.errors import ConfigError
from convo_nlp.schema.labels import ALL_LABELS

LANGUAGES = ("en", "ar")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PipelineConfig(_Strict):
    classifier: str = "hf-transformer.v1"
    model: str = "last-e5-lora"
    first_speaker: str = "agent"

    @field_validator("first_speaker")
    @classmethod
    def _role(cls, v: str) -> str:
        if v not in ("agent", "customer"):
            raise ValueError("must be 'agent' or 'customer'")
        return v


class LexiconConfig(_Strict):
    extra_phrases: dict[str, dict[str, list[str]]] = Field(default_factory=dict)

    @field_validator("extra_phrases")
    @classmethod
    def _labels(cls, v: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        known = {lab.value for lab in ALL_LABELS}
        for label, by_lang in v.items():
            if label not in known:
                raise ValueError(f"unknown label {label!r}; use one of {', '.join(sorted(known))}")
            for lang in by_lang:
                if lang not in LANGUAGES:
                    raise ValueError(f"{label}: unknown language {lang!r}; use 'en' or 'ar'")
        return v


class InterruptionConfig(_Strict):
    min_overlap: float = Field(0.5, ge=0.0)
    extra_backchannels: list[str] = Field(default_factory=list)
    backchannel_max_words: int = Field(3, ge=1)


class SilenceConfig(_Strict):
    long_silence: float = Field(10.0, gt=0.0)


class AudioConfig(_Strict):
    asr_model: str = "base"
    language: str = "auto"
    beam_size: int = Field(5, ge=1, le=10)
    compute_type: str = "int8"
    threads: int = Field(0, ge=0)
    agent_channel: int = Field(0, ge=0, le=1)
    num_speakers: int = Field(2, ge=0, le=10)
    agent_speaker: str = ""
    max_pause: float = Field(1.0, gt=0.0)
    rttm_beside: bool = True
    max_minutes: float = Field(240.0, gt=0.0)

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        if v not in ("ar", "en", "auto"):
            raise ValueError("must be 'ar', 'en' or 'auto'")
        return v


class CriterionConfig(_Strict):
    id: str
    check: str
    description: str = ""
    weight: float = Field(1.0, gt=0.0)
    auto_fail: bool = False
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("check")
    @classmethod
    def _known_check(cls, v: str) -> str:
        from convo_nlp.scoring.checks import CHECK_NAMES

        if v not in CHECK_NAMES:
            raise ValueError(f"unknown check {v!r}; use one of {', '.join(CHECK_NAMES)}")
        return v


class SectionConfig(_Strict):
    name: str
    weight: float = Field(ge=0.0)
    criteria: list[CriterionConfig] = Field(default_factory=list)


class BandConfig(_Strict):
    name: str
    min: float = Field(ge=0.0, le=100.0)


class ScorecardConfig(_Strict):
    name: str = "LAST default"
    auto_fail_score: float = Field(0.0, ge=0.0, le=100.0)
    bands: list[BandConfig]
    sections: dict[str, SectionConfig]

    @model_validator(mode="after")
    def _check(self) -> ScorecardConfig:
        total = sum(s.weight for s in self.sections.values())
        if abs(total - 100.0) > 1e-6:
            raise ValueError(f"section weights must sum to 100, they sum to {total:g}")
        ids = [c.id for s in self.sections.values() for c in s.criteria]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"criterion ids must be unique: {', '.join(dupes)}")
        if not self.bands:
            raise ValueError("give at least one band")
        if min(b.min for b in self.bands) > 0.0:
            raise ValueError("the lowest band must start at 0 so every score has a band")
        return self

    def sorted_bands(self) -> list[BandConfig]:
        return sorted(self.bands, key=lambda b: b.min, reverse=True)


class Config(_Strict):
    pipeline: PipelineConfig = Field(default_factory=PipelineConfig)
    lexicon: LexiconConfig = Field(default_factory=LexiconConfig)
    interruptions: InterruptionConfig = Field(default_factory=InterruptionConfig)
    silence: SilenceConfig = Field(default_factory=SilenceConfig)
    audio: AudioConfig = Field(default_factory=AudioConfig)
    scorecard: ScorecardConfig

    @classmethod
    def default(cls) -> Config:
        return cls.from_mapping(default_config_mapping(), source="default config")

    @classmethod
    def load(cls, path: str | Path | None = None, overrides: Sequence[str] = ()) -> Config:
        """Defaults, then the TOML file at ``path`` (when not given: the file named by the
        ``CONVO_NLP_CONFIG`` environment variable, if set), then ``key.path=value`` overrides."""
        data = default_config_mapping()
        source = "default config"
        if path is None and os.environ.get(CONFIG_ENV):
            path = os.environ[CONFIG_ENV]
        if path is not None:
            path = Path(path)
            source = str(path)
            data = _merge(data, _read_toml(path))
        for item in overrides:
            data = _merge(data, _parse_override(item))
        return cls.from_mapping(data, source=source)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "config") -> Config:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            msg = err["msg"].removeprefix("Value error, ")
            raise ConfigError(
                f"{where}: {msg}", path=source, hint="fix the key or run `convo init-config` for a valid example"
            ) from None

    def to_mapping(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def digest(self) -> str:
        """sha256 of the resolved config, first 16 hex digits: identical configs, identical digests."""
        blob = json.dumps(self.to_mapping(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


CONFIG_ENV = "CONVO_NLP_CONFIG"  # a site-wide configuration file, used when none is given


def default_config_text() -> str:
    return resources.files("convo_nlp.resources").joinpath("default_config.toml").read_text(encoding="utf-8")


def default_config_mapping() -> dict[str, Any]:
    return tomllib.loads(default_config_text())


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            "config file not found", path=str(path), hint="run `convo init-config` to write one"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror}", path=str(path)) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("config file is not UTF-8", path=str(path), hint="re-save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None


def _parse_override(item: str) -> dict[str, Any]:
    key, sep, value = item.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"override {item!r} is not key=value", hint="e.g. --set interruptions.min_overlap=1.0")
    try:
        parsed: Any = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    out: dict[str, Any] = {}
    node = out
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = parsed
    return out


def _merge(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge of tables; lists (bands, criteria) are replaced whole. To drop a default
    scorecard section, give it ``weight = 0``."""
    out = copy.deepcopy(dict(base))
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out
