# coproduce. Two commands matter: `make demo` runs the demo, `make test` runs every check.
# Everything else is a step of those two. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
UVICORN_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMPS := .stamps
LOCAL := DJANGO_SETTINGS_MODULE=config.settings.local
CSS := static/build/coproduce.css
NODE_MODULES := frontend/node_modules/.package-lock.json
FRONTEND_SOURCES := frontend/build.mjs $(wildcard frontend/src/*.scss)
# What a production server sets (docs/deploy.md), for Django's deployment checklist.
PRODUCTION_ENV := DJANGO_SETTINGS_MODULE=config.settings.production ALLOWED_HOSTS=coproduce.example.org \
  EMAIL_URL=smtp+tls://mailer:secret@smtp.example.org:587
LINTERS := lint-ruff lint-format lint-mypy lint-imports lint-migrations lint-checks
# The languages with a catalogue in locale/ (besides English, the source language).
TRANSLATED := cy pl ur ar bn pa
MYPY_PATHS := coproduce config conftest.py tests $(if $(wildcard bench/*.py),bench) $(wildcard scripts/*.py)

.PHONY: help demo serve _serve test lint $(LINTERS) pytest setup frontend messages system-packages clean

help:
	@echo "make demo    set up, migrate, load the demo data and serve on http://$(HOST):$(PORT)/"
	@echo "make test    set up, then run the linters and the whole test suite (browser tests included)"
	@echo "make lint    ruff, mypy, import layers, migrations and deployment checks"
	@echo "make serve   serve the existing database without reloading the demo data"
	@echo "make messages  update the translation catalogues (locale/) after changing participants' pages"
	@echo "make clean   remove the virtual environment, built files, caches and the local database"
	@echo "Options: PORT=8000  PYTEST_WORKERS=2 (0 = one process)  PYTEST_ARGS='-m \"not browser\"'  PYTHON=/path/to/python3.12"

# --- set-up: each step runs again only when its inputs change ---------------------------------

setup: $(STAMPS)/deps $(CSS)

$(VENV)/pyvenv.cfg:
	@python="$$(bash scripts/find-python.sh)"; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMPS)/deps: pyproject.toml $(VENV)/pyvenv.cfg
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "$(VENV) uses Python older than 3.12: remove it (make clean) and run make again." >&2; exit 1; }
	$(PY) -m pip install --disable-pip-version-check --no-input --progress-bar off --quiet -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

$(NODE_MODULES): frontend/package.json frontend/package-lock.json
	@bash scripts/require-node.sh
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(NODE_MODULES) $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build

frontend: $(CSS)

# The participant pages' message catalogues (docs/translations.md): gather the marked strings into each
# locale/<code>/LC_MESSAGES/django.po, then compile the .mo files the server reads (both are committed).
messages:
	$(PY) manage.py makemessages $(foreach l,$(TRANSLATED),-l $(l)) --add-location=file --no-obsolete \
	  --ignore=frontend --ignore=static --ignore=staticfiles --ignore=bench --ignore=media
	$(PY) manage.py compilemessages --ignore=.venv

system-packages:
	@bash scripts/require-system-packages.sh

# --- the demo ---------------------------------------------------------------------------------

demo: setup
	$(LOCAL) $(PY) manage.py migrate --noinput --verbosity 0
	$(LOCAL) $(PY) manage.py seed_demo
	@$(MAKE) _serve

serve: setup
	$(LOCAL) $(PY) manage.py migrate --noinput --verbosity 0
	@$(MAKE) _serve

_serve:
	@echo
	@echo "  coproduce is running at http://$(HOST):$(PORT)/   (press Ctrl+C to stop)"
	@echo
	@echo "  (with a task worker beside it, for report files, large imports and email)"
	@$(LOCAL) $(PY) manage.py jobs_worker --worker-id demo-worker --interval 0.5 --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \
	$(LOCAL) $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off $(UVICORN_ARGS)

# --- checks -----------------------------------------------------------------------------------

test: setup system-packages
	@$(MAKE) lint
	@$(MAKE) pytest

# Tests take from 0.01 s to several seconds, so an idle worker takes work queued for a busy one (worksteal)
# rather than waiting at the end for the one still running.
pytest: setup system-packages
	$(BIN)/pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist worksteal) $(PYTEST_ARGS)

# Every linter runs even when an earlier one fails, so one run shows every problem; two at a time, each
# linter's output kept together.
lint: $(STAMPS)/deps
	@$(MAKE) -k -j 2 --output-sync=target $(LINTERS)

lint-ruff:
	$(BIN)/ruff check .
lint-format:
	$(BIN)/ruff format --check .
lint-mypy:
	$(BIN)/mypy $(MYPY_PATHS)
lint-imports:
	$(BIN)/lint-imports --cache-dir $(STAMPS)/import-linter
lint-migrations:
	$(LOCAL) $(PY) manage.py makemigrations --check --dry-run
lint-checks:
	$(LOCAL) $(PY) manage.py check --fail-level WARNING
	$(PRODUCTION_ENV) SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) $(STAMPS) frontend/node_modules static/build staticfiles .test-media test-results scripts/out \
	  .mypy_cache .ruff_cache .pytest_cache .hypothesis .import_linter_cache coproduce.egg-info db.sqlite3 db.sqlite3-shm db.sqlite3-wal
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
