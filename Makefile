# Hearth's commands. `make` alone lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock | cksum | cut -d' ' -f1)
PORT ?= 8000
export PORT
# `make test` runs the suite on one pytest-xdist worker per core; TEST_WORKERS=0 runs it in one process.
# Tests marked xdist_group (a module sharing one server, say) stay together on one worker.
TEST_WORKERS ?= auto

.PHONY: help install run serve test test-fast lint fmt check bench browser lock clean

help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements/dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP) ## Create .venv and install the locked dependencies

run: install ## Migrate, seed the demo once, and serve on http://127.0.0.1:$PORT (DEBUG on)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@if [ ! -f var/.demo-seeded ]; then DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo && touch var/.demo-seeded; fi
	DEBUG=$${DEBUG:-1} exec $(BIN)/python manage.py serve --port $(PORT)

browser: ## Install Debian's chromium for the browser tests, if missing and possible
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here: browser tests will fail (see README)."; fi; }

check: install ## Lint, types, migrations and deployment checks (no tests)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy hearth tests bench conftest.py manage.py
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check --fail-level WARNING

lint: check ## Same as check

test: install browser check ## Set up, then run every check and the whole suite (unit, integration, browser)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-fast: install ## The suite without browser and server tests
	$(BIN)/pytest -m "not browser and not integration" --no-cov $(PYTEST_ARGS)

fmt: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## Run the benchmarks and the load test; writes bench/results/latest.json (BENCH_MODE=quick for a smoke run)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m bench.run --mode $${BENCH_MODE:-full}

lock: ## Re-resolve requirements/*.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/main.lock
	$(BIN)/uv pip compile pyproject.toml --group dev --python-version 3.11 --generate-hashes -o requirements/dev.lock

clean: ## Remove the environment and local data (var/)
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage
