# Every routine task has a name here. The two that matter: `make run` and `make test`.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
RASA  := $(VENV)/bin/rasa
export PYTHONPATH := $(CURDIR)
# TensorFlow's start-up chatter is noise for people running the assistant.
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# No telemetry or error reports leave the machine (a privacy tool; and no network here).
export RASA_TELEMETRY_ENABLED := false

.PHONY: help install train run test validate lint unit integration test-stories \
        i18n-extract i18n-update i18n-compile lock clean widget test-browser \
        test-postgres nlu-tag nlu-eval bench scale-demo test-scale test-container

help:
	@echo "make run    - install, train if needed, start everything (http://localhost:8080/)"
	@echo "make test   - install, train if needed, validate, lint, pytest, stories, browser, scale-out"
	@echo "other: install train validate lint unit integration test-stories i18n-* lock clean"
	@echo "web widget: widget (build it) test-browser (real-browser tests)"
	@echo "NLU: nlu-tag (label examples with their language) nlu-eval (held-out figures)"
	@echo "performance: bench (load, start-up, memory vs stock Rasa) scale-demo test-scale"

install:
	@scripts/setup.sh

train: install
	@scripts/train_if_changed.sh

run: train
	@$(PY) scripts/run.py

test: train validate lint unit integration test-stories test-browser test-scale
	@echo "make test: all checks passed"

validate: install
	@scripts/validate.sh

lint: install
	$(VENV)/bin/ruff check .

unit: install
	$(PY) -m pytest tests/unit -q

# The case store and retention on SQLite and a throw-away PostgreSQL server (tests/postgres.py);
# installs the PostgreSQL server binaries first if they are missing.
test-postgres: install
	@scripts/setup_postgres.sh
	$(PY) -m pytest tests/unit/test_cases_*.py tests/unit/test_retention.py -q

# The embeddable web widget: npm ci + build into web/widget/dist/ (and Chromium for the tests).
widget:
	@scripts/setup_browser.sh

# The widget in a real browser (Chromium + Playwright) against the real servers.
test-browser: train widget
	$(PY) -m pytest tests/browser -q

integration: train
	$(PY) -m pytest tests/integration -q

test-stories: train
	@scripts/test_stories.sh

# Translators: extract new msgids, merge them into every .po, then compile.
i18n-extract: install
	@mkdir -p bot/locale
	$(VENV)/bin/pybabel extract -F babel.cfg -o bot/locale/messages.pot --no-location --sort-output .

i18n-update: i18n-extract
	@for lang in $$($(PY) -m bot.i18n languages --translated); do \
	  if [ -f bot/locale/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel update -i bot/locale/messages.pot -d bot/locale -l $$lang --no-fuzzy-matching; \
	  else \
	    $(VENV)/bin/pybabel init -i bot/locale/messages.pot -d bot/locale -l $$lang; \
	  fi; \
	done

i18n-compile: install
	$(PY) -m bot.i18n compile

# Re-resolve requirements.in into the fully pinned requirements.lock (needs network).
lock:
	@scripts/lock.sh

clean:
	rm -rf results .pytest_cache .ruff_cache

# Label each intent block of data/nlu/<lang>/ with its language (the language detector learns
# from it); tests/unit/test_nlu_data.py fails when this was forgotten.
nlu-tag: install
	$(PY) scripts/tag_nlu_languages.py

# Held-out intent accuracy, macro-F1, language detection and confusion matrices per language
# (results/nlu/). The held-out sets in tests/nlu/ are never trained on.
nlu-eval: train
	$(PY) scripts/nlu_eval.py

# Performance (README "Performance and scaling"): 20 simultaneous conversations against our
# servers and a stock `rasa init` assistant, start-up, memory, training and letter figures;
# bench/results/<date>.json. Uses the trained model as it is (run `make train` first).
# BENCH_ARGS e.g. "--users 4 --turns 5" for a quick run, "--profile", "--train-ours".
bench: install
	nice -n 19 $(PY) -m bench $(BENCH_ARGS)

# Two Rasa instances behind nginx with PostgreSQL and a Redis lock store (installs Debian's
# nginx, postgresql, redis-server if missing); Ctrl-C stops everything.
scale-demo: install
	@scripts/scale_demo.sh

# The scale-out demo under test: messages alternate between the instances, two messages of one
# conversation reach both at the same moment, every event is stored once in PostgreSQL; and
# the Redis lock store under contention. Installs nginx, postgresql, redis-server if missing;
# needs about 3 GB of memory and a minute or two.
test-scale: train
	@scripts/install_servers.sh nginx redis-server postgresql
	$(PY) -m pytest tests/scale -q

# The container image and its compose stack (README "Deploy with containers"): checks of the
# container files, then scripts/test_container.sh builds the image with Podman (local stand-in
# base images: no container registry is reachable here), runs compose.ci.yaml on loopback
# (Rasa, actions, PostgreSQL, Redis), checks replies in two languages, events in PostgreSQL and
# the Redis lock, and removes every container, volume and network it made. Installs podman,
# runc, debootstrap (apt) and podman-compose (PyPI) if missing. Measured here: 8 min the first
# time on a fresh clone (base images, dependencies, a model trained in the build), 1.5-2 min
# after (4 GB of images kept; CONTAINER_CLEAN=1 drops them). Not in `make test` for that cost.
test-container: train
	$(PY) -m pytest tests/container -q
	@scripts/test_container.sh
