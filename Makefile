# CryoInfo: everything a newcomer or CI runs goes through here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: help install run serve test test-fast lint format check screenshots clean

help:
	@echo "make run    - set up, load demo content and serve at http://127.0.0.1:$(PORT)/"
	@echo "make test   - set up and run the whole test suite with the linters"
	@echo "make serve  - run with production settings under gunicorn (see README)"
	@echo "make format - format Python and templates"

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CryoInfo needs Python 3.11 or newer.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create a virtual environment. On Debian: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_starter_content
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py rebuild_search_index
	@echo ""
	@echo "  CryoInfo is running at http://127.0.0.1:$(PORT)/"
	@echo "  Editorial admin:       http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo sign-ins (password cryoinfo-demo): admin, moderator, patient, doctor"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production-like: DEBUG off, static files collected and served by WhiteNoise.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and usually DATABASE_URL, REDIS_URL).
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py load_starter_content
	DJANGO_DEBUG=0 $(BIN)/python manage.py rebuild_search_index
	DJANGO_DEBUG=0 $(BIN)/gunicorn cryoinfo.wsgi:application \
		--bind $${BIND:-127.0.0.1:$(PORT)} --workers $${WEB_CONCURRENCY:-3} \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

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

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
