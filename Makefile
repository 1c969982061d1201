# CMIJ: `make run` serves the app with demo data; `make test` runs every test this machine can run.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults for `make run`; set them in the environment to override.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test install migrate demo lint format messages clean bench bench-knee drills screenshots

$(VENV)/.installed: pyproject.toml .ci/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CMIJ needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint .ci/constraints.txt --editable '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo

run: demo
	$(RUN_ENV) $(PY) manage.py serve --host $(HOST) --port $(PORT)

test: install
	$(VENV)/bin/pytest

# The live fan-out against a raw websockets broadcast and the Channels tutorial, on this machine
# (needs PostgreSQL and Redis for the C variants with them; see benchmarks/results/latest.md).
$(VENV)/.bench: $(VENV)/.installed
	$(PY) -m pip install --quiet --constraint .ci/constraints.txt --editable '.[dev,bench]'
	@touch $@

bench: $(VENV)/.bench
	$(PY) -m benchmarks run

# The knee (highest rate with last-subscriber p99 <= 250 ms and no loss), apart: about 10 minutes more.
bench-knee: $(VENV)/.bench
	$(PY) -m benchmarks knee --subscribers 100 --from-rate 5
	$(PY) -m benchmarks knee --subscribers 1000

# The fault and abuse drills, the fault drills longer and more often than in CI (5 outages of 30 s
# each). Needs PostgreSQL and Redis on this machine; the drills start their own beside them and
# never stop these. The fault drills' figures go to docs/drills-last-run.md (docs/reliability.md).
drills: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cmij} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} CMIJ_REQUIRE_SERVICES=1 \
	CMIJ_DRILL_ROUNDS=$${CMIJ_DRILL_ROUNDS:-5} CMIJ_DRILL_OUTAGE=$${CMIJ_DRILL_OUTAGE:-30} \
	CMIJ_DRILL_REPORT=docs/drills-last-run.md \
	$(VENV)/bin/pytest -p no:cacheprovider -m "drill or abuse"

# lint-imports: the dependency layers and the other import contracts in pyproject.toml ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The README's pictures in docs/screenshots/: the demo data in a throwaway database, served on a free
# loopback port and shot in Dutch with Debian's Chromium (apt-get install -y chromium; never
# `playwright install`). Run it again after changing one of those screens.
screenshots: install
	$(PY) -m cmij.screenshots

# Needs GNU gettext (msgfmt); the compiled .mo files are committed, so running the app does not.
messages: install
	$(RUN_ENV) $(PY) manage.py makemessages -l nl -l en -e html,txt,py,md --ignore=.venv --ignore=tests --ignore=benchmarks --ignore=staticfiles
	$(RUN_ENV) $(PY) manage.py compilemessages -l nl -l en --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3* test_db.sqlite3* staticfiles
