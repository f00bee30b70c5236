# The two commands a new user needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test install install-dev system-deps messages compilemessages lint format check bench backup restore pds

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP) node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

## run: install, migrate, build the demo, start web server + worker + scheduler on 127.0.0.1:8000
run: $(STAMP)
	./scripts/run.sh

## pds: a local Bluesky server (PDS) on 127.0.0.1 in the foreground, with a demo account to connect
## on `make run` (its handle and app password are printed); Ctrl-C stops it and forgets everything
pds:
	./scripts/pds.sh run

## test: install system packages and dev dependencies, run the whole suite (SQLite + PostgreSQL + browser)
test: system-deps install-dev
	./scripts/test.sh

system-deps:
	./scripts/system-deps.sh

## lint: ruff, ruff format, mypy and djhtml in check mode (make test runs the same checks)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy migrantscount
	$(BIN)/djhtml --check migrantscount

## format: apply ruff format, ruff's fixes and djhtml's template indentation
format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml migrantscount

## messages: refresh the gettext catalogues from the code (needs GNU gettext)
messages: install
	cd migrantscount && ../$(BIN)/python ../manage.py makemessages -l en -l es -l fr -l pt --no-obsolete --ignore 'static/*'

## compilemessages: compile catalogues with polib (no GNU gettext needed)
compilemessages: install
	$(BIN)/python manage.py compile_catalogues

check: install-dev
	DJANGO_SETTINGS_MODULE=migrantscount.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=migrantscount.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

bench: install-dev
	./scripts/bench.sh

## backup: database, public and private media in one encrypted archive under var/backups/ (no keys)
backup: $(STAMP)
	./scripts/backup.sh

## restore: replace all data with ARCHIVE=var/backups/….tar.gz (default: newest); stop `make run` first
restore: $(STAMP)
	./scripts/restore.sh $(ARCHIVE)
