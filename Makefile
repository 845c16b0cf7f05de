# Two commands set up everything: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve-prod test install install-dev install-prod browser-deps demo bench backup restore clean check-links

run: $(VENV)/.installed
	$(BIN)/python -m data_access.demo --if-empty
	$(BIN)/python -m dashboard.services.demo_plans
	$(BIN)/python app.py

# Production mode locally: PostgreSQL, Redis, Celery and gunicorn on http://127.0.0.1:8051.
serve-prod: $(VENV)/.installed-prod
	bash deploy/serve-prod.sh

test: $(VENV)/.installed-dev browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-prod: $(VENV)/.installed-prod

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-prod: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[prod]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# Browser tests need Debian's chromium and chromedriver; install them when we may.
browser-deps:
	@if command -v chromedriver >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium and chromium-driver for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "chromium/chromedriver missing and not installable here: browser tests will be skipped"; \
	fi

demo: $(VENV)/.installed
	$(BIN)/python -m data_access.demo --if-empty
	$(BIN)/python -m dashboard.services.demo_plans

# Backups of the database DATABASE_URL names (README "Backups"): `make backup [TO=path]`,
# `make restore FILE=var/backups/<file> [YES=1]`.
backup: $(VENV)/.installed
	$(BIN)/python -m data_access.backup dump $(if $(TO),--to "$(TO)")

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<file> [YES=1]"; exit 2; }
	$(BIN)/python -m data_access.backup restore "$(FILE)" $(if $(YES),--yes)

# The links offered to people waiting: mark the unreachable ones (they are then not shown).
check-links: $(VENV)/.installed
	$(BIN)/python -m dashboard.services.queue

clean:
	rm -rf var/migrado.db var/migrado.db-wal var/migrado.db-shm var/background-cache
