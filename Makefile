# SI PEKERJA — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
## `make run PORT=5001` serves on another port. The portal's public URL follows it: the OIDC issuer
## and the SIPEKERJA client's exact redirect URI derive from SIMPADU_BASE_URL, and `portal demo`
## (run by `make demo`) re-registers the client for it. Set SIMPADU_BASE_URL yourself to override.
PORT ?= 5000
SIMPADU_BASE_URL ?= http://127.0.0.1:$(PORT)
# Passed to the flask commands only, not exported: a make started by these recipes (or by the
# tests that `make test` runs) computes its own from its own PORT.
FLASK := SIMPADU_BASE_URL=$(SIMPADU_BASE_URL) $(BIN)/flask --app portal_stub

.PHONY: run test lint install install-test demo wheel-check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

## Fresh machine to a running portal + module on http://127.0.0.1:$(PORT) (default 5000) with the demo loaded.
# Threaded (the default): the mounted module calls the portal's token endpoint in-process.
run: install demo
	@echo "SIMPADU di $(SIMPADU_BASE_URL) (buka alamat ini, bukan localhost: URI pengalihan OIDC terdaftar persis)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT) --with-threads

## Migrate the SQLite default and load the demo (both idempotent).
demo: install
	$(FLASK) portal init-db
	$(FLASK) db upgrade
	$(FLASK) sipekerja demo
	$(FLASK) portal demo

## Install the test extras, check style and the layer contracts, and run the whole suite.
test: install-test lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Ruff (style, complexity <= 12) and import-linter (the layers of setup.cfg [importlinter]).
lint: install-test
	$(BIN)/ruff check sipekerja_module portal_stub tests bench
	$(BIN)/lint-imports

## Build the wheel, install it in a scratch venv outside the checkout and render a page.
wheel-check: install-test
	bash .ci/check_wheel.sh

## Kabupaten-scale benchmark (gunicorn + wrk, SQLite and PostgreSQL when reachable); ~10 minutes.
# Not part of `make test`. Prints the table and writes bench/results-latest.txt.
BENCH_ARGS ?=
bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis
