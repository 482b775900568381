# Two commands do all the set-up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Extra arguments for `chokepoints build`, e.g. make report BUILD_ARGS="--as-of 2026-01-10"
BUILD_ARGS ?=

.PHONY: setup report test lab refresh lint clean

setup: $(STAMP)

# The virtual environment, the package (editable, pinned dependencies) and the Jupyter kernel.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name chokepoints \
		--display-name "Python (chokepoints)" >/dev/null
	touch $(STAMP)

report: setup
	$(BIN)/chokepoints build $(BUILD_ARGS)

test: setup
	$(BIN)/python -m pytest

# JupyterLab refuses to run as root unless told to (containers, CI machines).
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

refresh: setup
	$(BIN)/chokepoints refresh

lint: setup
	$(BIN)/ruff check lib tests bench

clean:
	rm -rf $(VENV) reports/*.html reports/data reports/executed
