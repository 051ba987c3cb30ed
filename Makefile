# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
# pyenv's interpreter (the machine image ships it), else any python3.10 on PATH.
PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python3) $(shell command -v python3.10 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
SPACY_DIR := build/spacy_en_plans
MODEL := models/current.tar.gz
# data/kinds/ trains the kind classifier (bot/problem_kinds/classifier.py, on first use), not Rasa.
TRAIN_INPUTS := config.yml domain.yml $(shell find data -path data/kinds -prune -o -name '*.yml' -print 2>/dev/null) bot/knowledge_data/plans.yml

export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore::DeprecationWarning
# Each step prints one line and keeps its output in logs/ (scripts/step.py); VERBOSE=1 shows it all.
STEP = $(or $(PYTHON),python3) scripts/step.py

.PHONY: install lock train run test test-suites unit validate stories e2e quality eval bench purge clean scale-test

install: $(VENV)/.installed

# uv installs the locked versions about 3 times faster than pip (it downloads in parallel) and compiles
# them to bytecode once, so the first start does not; pip installs the same versions if uv can't.
UV_VERSION := 0.13.9
$(VENV)/.installed: requirements.txt requirements.lock .python-version
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))."; exit 1; }
	@$(STEP) "Installing packages into .venv (first time only, about 1 minute)" logs/install.log -- bash -c \
	  '$(PYTHON) -m venv $(VENV) && $(BIN)/pip install --disable-pip-version-check "uv==$(UV_VERSION)" \
	   && { $(BIN)/uv pip install --python $(BIN)/python --compile-bytecode -r requirements.txt -c requirements.lock \
	        || $(BIN)/pip install --disable-pip-version-check -r requirements.txt -c requirements.lock; }'
	@touch $@

# requirements.lock from the working .venv, after a change to requirements.txt (make install first).
lock:
	@{ sed -n '1,3p' requirements.lock; $(BIN)/pip freeze --disable-pip-version-check --exclude uv; } > requirements.lock.new && mv requirements.lock.new requirements.lock

$(SPACY_DIR)/meta.json: $(VENV)/.installed bot/knowledge_data/plans.yml bot/spacy_pipeline.py $(wildcard bot/knowledge/*.py)
	@$(STEP) "Building the spaCy pipeline from the plan names (a few seconds)" logs/spacy.log -- $(BIN)/python -m bot.spacy_pipeline $(SPACY_DIR)

# Retrains only when the data, config or gazetteer changed since the last model. `rasa data validate`
# (`make validate`, a suite of `make test`) checks the data, so training skips Rasa's own copy of it.
$(MODEL): $(VENV)/.installed $(SPACY_DIR)/meta.json $(TRAIN_INPUTS)
	@$(STEP) "Training the model: data or config changed (about 4 minutes)" logs/train.log -- $(BIN)/rasa train --skip-validation --fixed-model-name current --out models
	@touch $@

train: $(MODEL)

# The kind classifier (bot/problem_kinds/classifier.py), trained from data/kinds/ in a few seconds and
# kept in build/kind_model/, so the servers do not train it on the first message.
KIND_MODEL := build/kind_model/ready
$(KIND_MODEL): $(VENV)/.installed bot/problem_kinds/classifier.py $(wildcard data/kinds/*.yml)
	@$(STEP) "Training the problem-kind classifier (a few seconds)" logs/kind-model.log -- $(BIN)/python -m bot.problem_kinds.classifier
	@touch $@

run: $(MODEL)
	@scripts/run.sh

unit: $(VENV)/.installed
	@$(STEP) "Unit tests (about 1 minute)" logs/unit.log -- $(BIN)/python -m pytest -q tests/unit

validate: $(VENV)/.installed
	@$(STEP) "Checking the training data and domain (about 30 s)" logs/validate.log -- $(BIN)/rasa data validate --quiet

stories: $(MODEL)
	@$(STEP) "Story tests: one story per route (about 1 minute)" logs/stories.log -- \
	  $(BIN)/rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out reports/stories --quiet

e2e: $(MODEL)
	@$(STEP) "End-to-end tests through the REST channel (about 3 minutes)" logs/e2e.log -- $(BIN)/python -m pytest -q tests/e2e

# Held-out NLU and scripted conversations against tests/thresholds.yml (fails below them).
quality: $(MODEL)
	@$(STEP) "Quality floors: held-out NLU and scripted conversations (about 2 minutes)" logs/quality.log -- $(BIN)/python -m tools.evaluate

# The same plus 5-fold cross-validation on the training data, and the floors for 3 random seeds
# (tools/eval_seeds.py: two more trainings); reports under reports/eval/.
eval: $(MODEL)
	$(BIN)/python -m tools.evaluate --cross-validation --seeds

# Latency, throughput, memory and training times against a stock `rasa init` bot (both served at
# once, loaded in alternating slices), plus the latest install / make test times and the seeds'
# spread: reports/bench.json.
bench: $(MODEL)
	$(BIN)/python -m tools.bench

# A newcomer's first `make run` and `make test` on fresh clones (median of 3; about an hour):
# reports/fresh.json, and the first run's screen output in reports/first_run.txt.
.PHONY: bench-fresh
bench-fresh: $(VENV)/.installed
	$(BIN)/python -m tools.bench_fresh

# Delete stored conversations older than RETENTION_DAYS (default 30); run daily from a scheduler.
purge: $(VENV)/.installed
	$(BIN)/python -m tools.purge

# Every suite, TEST_JOBS at a time (each starts its own servers on free ports), one line each as it
# starts and ends, output in logs/. The model is trained once, first, while the suites that don't need
# it (unit, letters, validate, lint) and the first-time installs use the other core. Then the longest
# suites start first (make starts them in the order listed), so that no long one is left running alone
# at the end: e2e, quality, scale-test, widget-test, channels, stories. The installs come first in the
# list: make passes over a suite whose prerequisite is still running and starts the next one.
TEST_JOBS ?= 2
test: $(VENV)/.installed
	@started=$$(date +%s); $(MAKE) --no-print-directory -o $(VENV)/.installed -j$(TEST_JOBS) test-suites; status=$$?; mkdir -p logs; \
	  printf '{"step": "make test suites", "seconds": %s, "ok": %s, "at": "%s"}\n' "$$(( $$(date +%s) - started ))" \
	  "$$([ $$status = 0 ] && echo true || echo false)" "$$(date -u '+%F %T UTC')" >> logs/steps.jsonl; exit $$status
test-suites: $(MODEL) $(KIND_MODEL) ocr browser widget-deps unit letters-test validate lint e2e quality scale-test widget-test channels-test stories

# Two Rasa servers behind nginx with PostgreSQL and Redis (Debian's, installed once), one killed
# under load; plus static checks of deploy/. About 2 minutes; not part of `make test`.
scale-test: $(MODEL)
	@$(STEP) "Installing PostgreSQL, Redis and nginx from Debian if missing (first time only, about 1 minute)" logs/scale-deps.log -- scripts/install_scale_deps.sh
	@SCALE_TESTS=1 $(STEP) "Scale-out test: two Rasa servers, one killed under load (about 2 minutes)" logs/scale.log -- $(BIN)/python -m pytest -q tests/scale

clean:
	rm -rf build models reports results .rasa

# --- Channels: the web widget, SMS and Messenger (README.md, "Channels"). ---
.PHONY: widget-deps browser channels-test widget-test

widget/node_modules/.installed: widget/package.json widget/package-lock.json
	@$(STEP) "Installing the widget's test packages (npm, first time only)" logs/widget-deps.log -- bash -c 'cd widget && npm ci --no-audit --no-fund --loglevel=error'
	@touch $@

# axe-core for the accessibility audit; test-only (the widget itself is plain JS and CSS).
widget-deps: widget/node_modules/.installed

# Debian's chromium for the browser tests (Playwright drives it; never `playwright install`).
browser:
	@$(STEP) "Installing Debian's chromium if missing (first time only, about 1 minute)" logs/browser.log -- scripts/install_browser.sh

# Channel formatting, and signed SMS and Messenger webhooks against local fakes of Twilio and Graph.
channels-test: $(MODEL)
	@$(STEP) "Channel tests: SMS and Messenger formatting and webhooks (about 1 minute)" logs/channels-test.log -- $(BIN)/python -m pytest -q tests/channels

# The chat widget in headless chromium: conversations, reload, axe audit, phone size; reports/widget/.
widget-test: $(MODEL) widget-deps browser
	@$(STEP) "Widget tests in headless chromium (about 2 minutes)" logs/widget-test.log -- $(BIN)/python -m pytest -q tests/widget

# --- For the people who run it (README.md, "Operators"). ---
.PHONY: report review review-add check-sources

# One HTML page with charts and CSV files from the tracker store (DATABASE_URL or conversations.db):
# reports/operator/. SINCE=YYYY-MM-DD UNTIL=YYYY-MM-DD narrow the window.
report: $(VENV)/.installed
	$(BIN)/python -m tools.report $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL))

# The messages the assistant was unsure of, to label: reports/review/. Then
# `make review-add FILE=reports/review/<file>.yml` adds the labelled ones to data/nlu/.
review: $(VENV)/.installed
	$(BIN)/python -m tools.review export $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL))

review-add: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make review-add FILE=reports/review/<file>.yml"; exit 1; }
	$(BIN)/python -m tools.review add $(FILE)

# Are the knowledge data's sources still saying what we quote? Needs the internet; not in `make test`.
# Run it weekly (deploy/README.md, "For the people who run it"); exits 1 when a source changed.
check-sources: $(VENV)/.installed
	$(BIN)/python -m tools.check_sources

# --- Letters: reading denial letters (photos, PDFs) with Debian's Tesseract (bot/letter/). ---
.PHONY: ocr letters-test

# Debian's tesseract-ocr with English and Spanish, once (scripts/install_ocr.sh).
ocr:
	@$(STEP) "Installing Debian's Tesseract OCR if missing (first time only, about 1 minute)" logs/ocr.log -- scripts/install_ocr.sh

# The made-up letter set as text, clean images, phone photos and PDFs, against the floors (issue 16).
letters-test: $(VENV)/.installed ocr
	@$(STEP) "Letter tests: photos, scans and PDFs of plan letters (about 2 minutes)" logs/letters-test.log -- $(BIN)/python -m pytest -q tests/letters

run: ocr $(KIND_MODEL)
e2e: ocr
channels-test: ocr
widget-test: ocr

.PHONY: lint
# Lint and format check with ruff (settings in pyproject.toml), a step of `make test`.
# `make format` rewrites the files the check would refuse.
lint: $(VENV)/.installed
	@$(STEP) "Lint: ruff check and format check (a few seconds)" logs/lint.log -- \
		sh -c '$(BIN)/ruff check . && $(BIN)/ruff format --check .'

.PHONY: format
format: $(VENV)/.installed
	$(BIN)/ruff format .
