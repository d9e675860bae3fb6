SHELL := /bin/bash
# Trygga: `make run` sets up and serves the demo; `make test` sets up and runs every check.
# Both work on a fresh machine: every install step (pip, apt) is here.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo users log in with their password alone; production requires a second factor for
# administrators and coordinators (docs/security.md). `make run DEMO_TWO_FACTOR_ROLES=administrator`
# tries the production behaviour.
DEMO_TWO_FACTOR_ROLES ?=

.PHONY: run test setup browser-deps pdf-deps lint test-sqlite test-postgres demo serve mail-sink clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

# The lägesbild's PDF: WeasyPrint needs pango and a font with å, ä, ö (DejaVu); its tests
# turn every page into a PNG with poppler's pdftoppm.
pdf-deps:
	@{ command -v pdftoppm >/dev/null 2>&1 && ldconfig -p | grep -q libpangoft2-1.0 \
	   && [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	    poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

# The English catalogue: collect the marked strings into trygga/locale/en and compile the .mo
# (both are committed, so running Trygga needs no gettext). New msgids still need translating.
messages: setup
	@command -v msgfmt >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q gettext; }
	$(BIN)/trygga makemessages -l en --ignore=.venv --ignore=tests --ignore=bench
	$(BIN)/trygga compilemessages -l en --ignore=.venv --ignore=tests --ignore=bench

demo: setup
	mkdir -p var
	$(BIN)/trygga migrate --no-input -v 0
	$(BIN)/trygga load-demo

# A local SMTP sink so that password-reset mail works in the demo: it lands in var/mail.log.
mail-sink: setup
	@mkdir -p var
	@(echo > /dev/tcp/127.0.0.1/1025) 2>/dev/null || { \
	  nohup $(BIN)/python -m aiosmtpd -n -l 127.0.0.1:1025 -c aiosmtpd.handlers.Debugging \
	    >> var/mail.log 2>&1 & echo "E-post (demo) skrivs till var/mail.log"; }

serve: setup pdf-deps mail-sink
	$(BIN)/trygga collectstatic --no-input -v 0
	@echo ""
	@echo "Trygga körs på http://$(HOST):$(PORT)/  (avsluta med Ctrl-C)"
	@echo "Tvåstegsinloggning är frivillig i demon (TWO_FACTOR_REQUIRED_ROLES=$(DEMO_TWO_FACTOR_ROLES))."
	TWO_FACTOR_REQUIRED_ROLES=$(DEMO_TWO_FACTOR_ROLES) \
	  $(BIN)/gunicorn config.wsgi --config deploy/gunicorn.conf.py --bind $(HOST):$(PORT)

run: demo serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy trygga config
	$(BIN)/trygga makemigrations --check --dry-run -v 0
	BIN=$(BIN) .ci/audit-dependencies

test-sqlite: setup browser-deps pdf-deps
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)

# PostgreSQL must answer; CI starts it in .ci/run.
test-postgres: setup browser-deps pdf-deps
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
