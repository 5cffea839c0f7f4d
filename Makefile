# Two commands do everything on a fresh machine with Python 3.11+, pip and make:
#   make report   - create .venv, install, run the main job on the bundled corpus
#   make test     - create/update .venv with the dev extras, lint, run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= data/raw/seeds
OUT ?= reports/seeds
PARAMS ?= params/seeds.yaml

.PHONY: report lab test lint format venv clean bench bench-small bench-stages bench-report \
	bench-curve validate validate-tone validate-frames validate-actors bench-tone

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

# Every notebook in batch (papermill) with $(PARAMS) -> reports/<params name>/index.html.
# CORPUS=... or OUT=... on the command line override the parameter file's corpus / run folder;
# JOBS=n runs n notebooks at once (default: one per core).
report: $(VENV)/.installed
	$(BIN)/python -m analysis run --params $(PARAMS) \
		$(if $(filter command line environment,$(origin CORPUS)),--corpus $(CORPUS)) \
		$(if $(filter command line environment,$(origin OUT)),--out $(OUT)) \
		$(if $(JOBS),--jobs $(JOBS))

# JupyterLab from the venv: its own python3 kernel (the venv's python) runs the notebooks.
# ARGS passes Jupyter options through, e.g. make lab ARGS="--no-browser --port 8890"; as root
# (containers) --allow-root is added, since Jupyter refuses to start as root without it.
lab: $(VENV)/.installed
	$(BIN)/jupyter kernelspec list
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench validate
	$(BIN)/ruff format --check src tests bench validate

format: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests bench validate
	$(BIN)/ruff check --fix src tests bench validate

test: lint
	$(BIN)/python -m pytest

# Benchmarks (docs/PERFORMANCE.md) on generated corpora in bench/.data/: every job at 1k and
# 10k; at 100k the baseline, fast TextBlob, 2-worker analysis (memory), rewrites, exactness
# check on every sentence; then make report's wall time and what dominates it (~25 min on 2 cores)
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --sizes 1000 10000 100000 \
		--jobs-at 100000=baseline,fastblob,analysis-2,rewrites,check \
		--json bench/.data/results-bench.json
	$(BIN)/python bench/report_profile.py
	$(MAKE) bench-curve

# Time and peak memory of every build_tables stage at 100, 400, 1k, 4k, 10k generated and the 428
# real Narrative Frames articles, with each stage's exponent; the figure docs/PERFORMANCE.md shows
bench-curve: $(VENV)/.installed
	$(BIN)/python bench/curve.py --json bench/.data/curve.json --png docs/img/cost_curve.png

# 1k and 10k only (~5 min)
bench-small: $(VENV)/.installed
	$(BIN)/python bench/run.py --sizes 1000 10000 --json bench/.data/results-small.json

# Milliseconds per article of each per-article stage, against the baseline in the same run
bench-stages: $(VENV)/.installed
	$(BIN)/python bench/stages.py --n 1000 --repeat 3

# Where the time of make report goes on the seeds
bench-report: $(VENV)/.installed
	$(BIN)/python bench/report_profile.py

# Every validity figure of docs/METHODS.md from one command: tone toward actors (NewsMTSC),
# generic frames (Narrative Frames Corpus, cross-validated), quotes/speakers/mentions/discovery
validate: validate-tone validate-frames validate-actors

# Tone toward an actor (analysis.tone) against human coders on NewsMTSC (../shared/newsmtsc):
# F1m, per-class F1 and accuracy on devtest_rw and devtest_mt beside the sentence baselines.
# Refit the shipped weights with: $(BIN)/python validate/tone.py --fit
validate-tone: $(VENV)/.installed
	$(BIN)/python validate/tone.py

# Per-sentence cost of tone_toward against TextBlob in the same run (NewsMTSC devtest), then of
# the mention-tone stage on the sentences naming an actor in bench/run.py's 10k corpus
bench-tone: $(VENV)/.installed
	$(BIN)/python bench/tone.py
	$(BIN)/python bench/tone.py --corpus 10000 --repeat 2

# Generic frames on the Narrative Frames Corpus (../shared): 5-fold cross-validated P/R/F1 of
# the frame model beside always-present and the keyword rule (docs/METHODS.md), then a check
# that the shipped weights (src/analysis/data/frame_model.csv) are reproduced by a refit
validate-frames: $(VENV)/.installed
	$(BIN)/python validate/frames.py
	$(BIN)/python validate/frames.py --fit --check

# Actors and quotes against the Narrative Frames Corpus gold (tests/annotations/nfc): a hand
# catalog and discovery alone, on one story: SPLIT=dev (story A), heldout (B), heldout2 (C) ...
# heldout10 (K); the list is SPLITS in validate/actors.py. Each of B-K was coded blind and scored
# once before its errors were read (figures in docs/METHODS.md); all eleven are development
# stories now (BLIND is empty), so the next validity claim needs a new blind story.
SPLIT ?= dev
validate-actors: $(VENV)/.installed
	$(BIN)/python validate/actors.py --split $(SPLIT)

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
