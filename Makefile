# The front door: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
DEV := DJANGO_DEBUG=1

.PHONY: run serve test time-tests test-cpu test-pg lint bench load backup restore setup system-deps demo clean mutants

$(STAMP): pyproject.toml
	@./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@./scripts/browser-test-deps.sh --optional
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
	$(DEV) $(PY) manage.py load_demo_movement
	$(DEV) $(PY) manage.py load_demo_awards

## Start the portal without reloading anything.
serve: $(STAMP)
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

# Test runs keep compiled bytecode (__pycache__, ignored by git) even where the environment sets
# PYTHONDONTWRITEBYTECODE: without it every pytest process (the main one and each worker)
# rewrote the asserts of all ~200 test files again, about 3 CPU s each per run.
TEST_BYTECODE := PYTHONDONTWRITEBYTECODE=

## The whole test suite (SQLite unless DATABASE_URL points elsewhere), across the machine's cores.
test: $(STAMP)
	@./scripts/check-test-deps.sh
	@mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(TEST_BYTECODE) $(PY) -m pytest -n auto -rs

## make test three times, its wall time and the machine's load into docs/benchmarks.md.
time-tests: $(STAMP)
	$(PY) scripts/time_tests.py 3

## make test with each test's CPU seconds recorded (its processes included), then the CPU seconds
## per test file and the costliest tests: what to make cheaper first.
test-cpu: $(STAMP)
	@mkdir -p var && rm -f var/test-cpu.*
	-$(TEST_BYTECODE) NTM_TEST_CPU=$(CURDIR)/var/test-cpu $(PY) -m pytest -n auto -rs -q
	$(PY) scripts/time_tests.py --per-file var/test-cpu

## The suite on the local PostgreSQL server (throwaway database).
test-pg: $(STAMP)
	@./scripts/check-test-deps.sh
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_portal $(PY) -m pytest -n auto -rs

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check

## Benchmarks into docs/benchmarks.md: pages at two scales, then hostile files and imports
## (sections written by other commands, such as `make load`'s, are kept).
bench: $(STAMP)
	@mkdir -p var && cp docs/benchmarks.md var/benchmarks.previous.md
	DJANGO_SECURE_SSL_REDIRECT=0 $(PY) manage.py run_benchmarks --output docs/benchmarks.md
	$(PY) scripts/benchmarks_doc.py keep var/benchmarks.previous.md docs/benchmarks.md
	$(PY) scripts/bench_hardening.py
	$(DEV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench-awards.sqlite3 sh -c '$(PY) manage.py migrate --no-input -v0 && $(PY) manage.py bench_awards'

## gunicorn + PostgreSQL on loopback under wrk (installed when missing); figures into docs/benchmarks.md.
load: $(STAMP)
	$(PY) scripts/load.py

## Back up the PostgreSQL database of DATABASE_URL and NTM_MEDIA_ROOT into var/backups/.
backup: $(STAMP)
	PYTHON=$(PY) ./scripts/backup.sh

## Restore into an EMPTY database: make restore DUMP=var/backups/ntm-….dump MEDIA=var/backups/ntm-media-….tar.gz
restore: $(STAMP)
	PYTHON=$(PY) ./scripts/restore.sh "$(DUMP)" "$(MEDIA)"

## Mutation testing of the domain core → docs/benchmarks.md (one module: make mutants MODULE=units/access.py; MINUTES=30 cuts a module's run short;
## RECHECK=1 runs the last run's survivors again against today's tests; RESUME=1 goes on with a run cut short)
mutants: $(STAMP)
	nice -n 15 $(PY) scripts/mutants.py $(if $(RECHECK),--recheck,$(if $(MINUTES),--minutes=$(MINUTES)) $(if $(RESUME),--resume)) $(MODULE)

clean:
	rm -rf $(VENV) var
