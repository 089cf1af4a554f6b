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

.PHONY: install build newsletter serve test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@pkg-config --exists icu-i18n 2>/dev/null || { \
	  echo "Lumbung needs the ICU library to split Khmer, Thai, Lao and Burmese words."; \
	  echo "Install it first: sudo apt-get install libicu-dev pkg-config   (macOS: brew install icu4c pkg-config)"; \
	  exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/mkdocs build --strict

serve: build
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest
	$(BIN)/mkdocs build --strict --site-dir $(VENV)/test-site

clean:
	rm -rf site $(VENV)/test-site
