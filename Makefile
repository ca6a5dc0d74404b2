# The front door: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
DEV := DJANGO_DEBUG=1

.PHONY: run serve test test-pg lint bench setup system-deps demo clean

$(STAMP): pyproject.toml
	@./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

system-deps:
	@./scripts/system-deps.sh

## Start the portal on SQLite with reference data and demo accounts at http://127.0.0.1:8000
run: $(STAMP) demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

## Prepare the database: migrations, reference data, demo accounts (and the demo history).
demo: $(STAMP)
	@mkdir -p var
	$(DEV) $(PY) manage.py migrate --no-input -v0
	$(DEV) $(PY) manage.py load_reference_data
	$(DEV) $(PY) manage.py load_demo_accounts
	$(DEV) $(PY) manage.py load_demo_history

## Start the portal without reloading anything.
serve: $(STAMP)
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

## The whole test suite (SQLite unless DATABASE_URL points elsewhere).
test: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest

## The suite on the local PostgreSQL server (throwaway database).
test-pg: $(STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_portal $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check

bench: $(STAMP)
	$(PY) manage.py run_benchmarks --output docs/benchmarks.md

clean:
	rm -rf $(VENV) var
