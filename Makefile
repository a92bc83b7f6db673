# CryoInfo: everything a newcomer or CI runs goes through here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: help install run serve test test-fast lint format check screenshots bench loadtest clean

help:
	@echo "make run    - set up, load demo content and serve at http://127.0.0.1:$(PORT)/"
	@echo "make test   - set up and run the whole test suite with the linters"
	@echo "make serve  - run with production settings under gunicorn (see README)"
	@echo "make format - format Python and templates"
	@echo "make bench  - measure pages under load (needs wrk; BENCH_STORIES, BENCH_SECONDS)"
	@echo "make loadtest - load with faults: PostgreSQL restarted, Redis and mail stopped"

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CryoInfo needs Python 3.11 or newer.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create a virtual environment. On Debian: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# axe-core for the accessibility tests, from package-lock.json (npm ci also writes the
# stamp). Without npm those tests skip and say why; .ci/run installs npm so CI runs them.
NPM_STAMP := node_modules/.package-lock.json

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NPM_STAMP)

install: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NPM_STAMP); \
	else echo "npm not found: the accessibility tests will be skipped (sudo apt-get install npm)"; fi

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_starter_content
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py rebuild_search_index --if-needed
	@echo ""
	@echo "  CryoInfo is running at http://127.0.0.1:$(PORT)/"
	@echo "  Editorial admin:       http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo sign-ins (password cryoinfo-demo): admin, moderator, patient, doctor"
	@echo "  admin, moderator and doctor (the medical reviewer) also need a code:"
	@echo "  .venv/bin/python manage.py demo_code"
	@echo "  E-mails (confirmation links, password resets) are printed in this terminal"
	@echo "  by the task worker, which runs beside the server. Ctrl-C stops both."
	@echo ""
	@SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; export SITE_URL; \
	$(BIN)/python scripts/worker.py --interval 1 & worker=$$!; \
	trap 'wait $$worker' INT; trap 'kill $$worker 2>/dev/null; wait $$worker' TERM EXIT; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production-like: DEBUG off, static files collected and served by WhiteNoise, and the two
# processes a deployment runs: gunicorn (the site) and `manage.py db_worker` (e-mails and
# other background tasks), started again if it stops (scripts/worker.py). Ctrl-C stops
# both; the worker finishes the task in hand first. Needs DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS (and usually DATABASE_URL, REDIS_URL, and SITE_URL, the public
# address for links in e-mails: without it they point at 127.0.0.1 and this PORT).
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py load_starter_content
	DJANGO_DEBUG=0 $(BIN)/python manage.py rebuild_search_index --if-needed --background
	@SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; export SITE_URL; \
	DJANGO_DEBUG=0 $(BIN)/python scripts/worker.py & worker=$$!; \
	trap 'wait $$worker' INT; trap 'kill $$worker 2>/dev/null; wait $$worker' TERM EXIT; \
	DJANGO_DEBUG=0 $(BIN)/gunicorn cryoinfo.wsgi:application \
		--bind $${BIND:-127.0.0.1:$(PORT)} --workers $${WEB_CONCURRENCY:-3} \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint check
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -x -q -m "not browser"

screenshots: install
	$(BIN)/python scripts/screenshots.py http://127.0.0.1:$(PORT) screenshots

# Measures the site under load on this machine; see bench/run.py. Not part of make test.
bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py
	$(BIN)/python bench/readme.py

# The site under load while PostgreSQL restarts, Redis stops and mail is down, on services
# of its own (see bench/load.py); writes bench/load.json. Needs wrk, nginx, redis-server
# and PostgreSQL's server binaries. Not part of make test.
loadtest: install
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
