# Two commands from a fresh clone: `make run` (dashboard on the seeds) and `make test` (all tests).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
QUALITY_ARGS ?=

.PHONY: install run test test-quick test-postgres lint validate bench quality assets browser screenshot clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

assets:
	@if [ -f static/package-lock.json ]; then \
		npm ci --prefix static --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi

install: $(STAMP) assets

browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Debian's chromium is missing: run 'sudo apt-get install chromium' for the browser tests"; \
		fi; \
	fi

run: install
	$(VENV)/bin/streamlit run dashboard.py

test: install browser
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# the same with a throwaway PostgreSQL + PostGIS server for the store's tests (as .ci/run does)
test-postgres: install browser
	scripts/test_postgres.sh run $(PY) -m pytest -n 2 $(PYTEST_ARGS)

# the tests that take well under a second each: no browser, no whole-app runs, no subprocesses,
# no long hypothesis runs or timing
test-quick: install
	$(PY) -m pytest -n 2 -m "not slow and not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

validate: $(STAMP)
	$(PY) -m geodata validate

bench: install browser
	$(PY) -m bench

# the quality report of every scored set (QUALITY_ARGS=--summary for the table only)
quality: $(STAMP)
	$(PY) -m quality $(QUALITY_ARGS)

screenshot: install browser
	$(PY) scripts/screenshot.py

clean:
	rm -rf $(VENV) static/node_modules .pytest_cache .ruff_cache
