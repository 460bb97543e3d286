# Two commands do all the set-up on a fresh Debian 12 machine:
#   make run    the back office on SQLite with demo data and the simulated switch
#   make test   the whole suite, on SQLite and on a private PostgreSQL server

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test venv migrate demo-data sounds bench migration clean

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@scripts/system-deps.sh python-venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

migrate: venv
	$(BIN)/callcenter migrate

demo-data: migrate
	$(BIN)/callcenter demo-data --if-empty

run: demo-data
	$(BIN)/callcenter serve --host $(HOST) --port $(PORT)

test: venv
	@scripts/system-deps.sh postgresql chromium sipp
	$(BIN)/python -m pytest $(PYTEST_ARGS)

sounds: venv
	@scripts/system-deps.sh espeak
	$(BIN)/python sounds/render.py

bench: venv
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	@for b in bench/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

migration: venv
	@test -n "$(MSG)" || { echo 'usage: make migration MSG="what changed"'; exit 2; }
	PYTHONPATH=. $(BIN)/python scripts/makemigration.py "$(MSG)"

clean:
	rm -rf var/ .pytest_cache .hypothesis test-artifacts

# fs-install and test-fs: work with an installed FreeSWITCH (never built here)
include freeswitch/fs.mk
