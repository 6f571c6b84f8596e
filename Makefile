# Ketenzicht — the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
SEED ?= 1
SMTP_PORT ?= 8025
INBOX_PORT ?= 8026

.PHONY: demo serve test fuzz lint-api install install-test system-deps runtime-deps debian-packages run lint bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Node tools the tests run (Spectral, the OpenAPI linter), from package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make demo: install, a fresh SQLite database with demo data, the demo logins, and the server,
## with the outbox worker and a local SMTP server whose inbox shows the urgent reports.
demo: install runtime-deps
	rm -f ketenzicht.sqlite3 ketenzicht.sqlite3-wal ketenzicht.sqlite3-shm
	$(BIN)/ketenzicht migrate --no-input -v 0
	KETENZICHT_BASE_URL=http://$(HOST):$(PORT) $(BIN)/ketenzicht demo-data --scale $(SCALE) --seed $(SEED)
	@echo "Ketenzicht draait op http://$(HOST):$(PORT)/ (stoppen met Ctrl+C)"
	@echo "Demo-inbox (spoedmeldingen uit de outbox-worker): http://$(HOST):$(INBOX_PORT)/"
	@trap 'kill $$mail $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/ketenzicht demo-mail --host $(HOST) --smtp-port $(SMTP_PORT) --http-port $(INBOX_PORT) & mail=$$!; \
	EMAIL_HOST=$(HOST) EMAIL_PORT=$(SMTP_PORT) KETENZICHT_BASE_URL=http://$(HOST):$(PORT) \
	  $(BIN)/ketenzicht outbox-worker --poll 5 & worker=$$!; \
	EMAIL_HOST=$(HOST) EMAIL_PORT=$(SMTP_PORT) KETENZICHT_BASE_URL=http://$(HOST):$(PORT) \
	  $(BIN)/ketenzicht runserver $(HOST):$(PORT)

## make serve: production layout with one command (docs/deploy.md): the release step, then
## gunicorn and the outbox worker. The environment must hold the production variables.
serve: install runtime-deps
	DJANGO_SETTINGS_MODULE=ketenzicht.settings.production $(BIN)/ketenzicht serve

## make test: install test tools (and Debian's chromium, poppler-utils, pango), run the suite on
## SQLite and PostgreSQL.
test: install-test system-deps node_modules/.installed
	$(BIN)/python scripts/run_tests.py

## make lint-api [ADR_RULESET=path/to/linter.yaml]: Spectral on the OpenAPI document, with the
## project's NL GOV ADR ruleset or with the one Logius publishes (downloaded by you; decision 0008).
ADR_RULESET ?= tests/api/nl-gov-adr.spectral.yaml
lint-api: install node_modules/.installed
	mkdir -p var
	DJANGO_SETTINGS_MODULE=ketenzicht.settings.dev $(BIN)/ketenzicht spectacular --file var/openapi.json --format openapi-json
	node_modules/.bin/spectral lint --fail-severity error -r $(ADR_RULESET) var/openapi.json

## make fuzz: Schemathesis with every phase (coverage too) against `make demo`'s server, with the
## client-id and secret of `ketenzicht api-client` in KETENZICHT_CLIENT_ID/KETENZICHT_CLIENT_SECRET.
fuzz: install-test
	$(BIN)/python scripts/fuzz_api.py --url http://$(HOST):$(PORT)

# Debian packages: pango and a font for WeasyPrint (PDF reports; the app needs them), chromium
# (browser tests) and poppler-utils (pdftoppm: the council report's PDF as PNG pages in a test).
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := $(RUNTIME_PACKAGES) chromium poppler-utils $(if $(shell command -v npm),,nodejs npm)
runtime-deps:
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(RUNTIME_PACKAGES)"
system-deps:
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(TEST_PACKAGES)"
debian-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Debian-pakketten ontbreken:$$missing (installeren met apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: install-test
	$(BIN)/ruff check src tests bench scripts

bench: install-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/foundation.py
	$(BIN)/python bench/norms.py

## make load [SCALE=small]: the load test of the production layout on a throwaway PostgreSQL
## cluster (bench/load.py; docs/performance.md): 50 users for 5 minutes, loopback only.
load: install-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/load.py --scale $(SCALE) --seed $(SEED)

clean:
	rm -rf $(VENV) ketenzicht.sqlite3* staticfiles
