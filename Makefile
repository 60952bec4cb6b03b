# Parallax: `make demo` and `make test` work on a fresh machine.
# The environment lives in .venv at the repository root.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test audit eval-heldout eval-dev clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e '.[test]'
	@touch $(STAMP)

demo: setup
	@mkdir -p out
	@rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	$(BIN)/parallax analyze examples/corpus --db out/demo.db
	$(BIN)/parallax compare --db out/demo.db -o out/compare.json
	$(BIN)/parallax report --db out/demo.db -o out/report.html
	$(BIN)/parallax export --db out/demo.db --format acled -o out/events_acled.csv
	$(BIN)/parallax eval examples/gold

test: setup audit
	bash scripts/system-deps.sh
	$(BIN)/python -m pytest -q

# Known vulnerabilities in the locked dependencies (PyPI's advisory data;
# see the script's docstring for why not pip-audit alone).
audit:
	$(BIN)/python scripts/audit_pypi.py

# The held-out corpus: report only, never tune on it (examples/heldout/README.md).
eval-heldout: setup
	$(BIN)/parallax eval examples/heldout/gold --json

eval-dev: setup
	$(BIN)/parallax eval examples/dev/preah_vihear_2011/gold --json
	$(BIN)/parallax eval examples/dev/badme_1998/gold --json
	$(BIN)/parallax eval examples/dev/kargil_1999/gold --json
	$(BIN)/parallax eval examples/dev/georgia_2008/gold --json

clean:
	rm -rf out .pytest_cache
