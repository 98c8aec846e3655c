# Two commands do all the set-up: `make run` and `make test`. Everything else is a helper.
# What they need from the system (Python's venv module; Debian's Chromium for the browser
# tests) comes from scripts/system-packages, the same step .ci/run uses: it installs what is
# missing when this user may, and otherwise stops at once with the one command to run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The address written into every e-mailed link (portal links, reminders, invitations, password
# resets): the one `make run` serves on, so the server, the sender and the demo agree. Served
# on every address (0.0.0.0 or ::), a browser on this machine opens the loopback one. A
# SITE_URL set in the environment or on the command line wins.
SITE_HOST := $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(if $(filter ::,$(HOST)),[::1],$(if \
	$(findstring :,$(HOST)),[$(HOST)],$(HOST))))
SITE_URL ?= http://$(SITE_HOST):$(PORT)
export SITE_URL

.PHONY: run test bench lint typecheck pytest migrate demo clean system-packages

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Arcwise needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	@test -x $(BIN)/python || PYTHON=$(PYTHON) scripts/system-packages venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

# Debian's Chromium, which the browser tests drive, and Python's venv module while there is
# no virtualenv yet: asked for together, so a newcomer is told one command, once.
system-packages:
	@PYTHON=$(PYTHON) scripts/system-packages chromium $(if $(wildcard $(BIN)/python),,venv)

migrate: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)

# The web server and the outbox's sender side by side. ^C (or a TERM to make) reaches this
# shell, whose trap stops both; when either ends by itself, the other is stopped too.
run: demo
	@$(BIN)/python manage.py run_nudges --loop & sender=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) & web=$$!; \
	trap 'kill $$web $$sender 2>/dev/null' INT TERM; \
	while kill -0 $$web 2>/dev/null && kill -0 $$sender 2>/dev/null; do sleep 1; done; \
	kill $$web $$sender 2>/dev/null; wait

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

pytest: system-packages $(INSTALLED)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# System packages first, so a machine that lacks them stops before minutes of lint and mypy.
test: system-packages lint typecheck pytest

# A large practice measured on PostgreSQL (a throwaway cluster unless DATABASE_URL names
# one), then the summary PDF and search: bench/run. PROFILE=1 adds the slowest page's profile.
bench: $(INSTALLED)
	BIN=$(BIN) bench/run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache staticfiles test-artifacts
