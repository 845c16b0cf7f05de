# Two commands set up everything: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve-prod test audit install install-dev install-prod browser-deps report-deps report demo bench backup restore clean check-links

run: $(VENV)/.installed report-deps
	$(BIN)/python -m data_access.demo --if-empty
	$(BIN)/python -m dashboard.services.demo_plans
	$(BIN)/python app.py

# Production mode locally: PostgreSQL, Redis, Celery and gunicorn on http://127.0.0.1:8051.
serve-prod: $(VENV)/.installed-prod
	bash deploy/serve-prod.sh

# Two workers, each taking whole files (a file's fixtures and its browser stay together):
# 589 s against 847 s in one process (2026-12-07, 2 cores). PYTEST_WORKERS=0 runs in one.
PYTEST_WORKERS ?= 2
test: $(VENV)/.installed-dev browser-deps report-deps
	$(BIN)/python -m pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile) $(PYTEST_ARGS)

# Known vulnerabilities in the installed dependencies (needs the vulnerability database
# online, so not part of `make test`): fails when one has a fixed version to move to.
audit: $(VENV)/.installed-dev
	$(BIN)/python deploy/audit.py

install: $(VENV)/.installed report-deps
install-dev: $(VENV)/.installed-dev
install-prod: $(VENV)/.installed-prod

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -c "from planner.roster.search.walk_jit import warm; warm()"
	touch $@

$(VENV)/.installed-prod: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[prod]'
	$(BIN)/python -c "from planner.roster.search.walk_jit import warm; warm()"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c "from planner.roster.search.walk_jit import warm; warm()"
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

# The PDF reports (WeasyPrint) need Debian's pango and the DejaVu fonts (German and Cyrillic).
report-deps:
	@if [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing pango and fonts-dejavu-core for the PDF reports"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	else \
		echo "pango or fonts-dejavu-core missing and not installable here: PDF reports will fail"; \
	fi

# Mail last month's report now if it is due and not sent yet (README "Reports"); MONTH=2026-11 sends that month.
report: $(VENV)/.installed report-deps
	$(BIN)/python -m dashboard.reports.delivery $(if $(MONTH),--month "$(MONTH)")

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
