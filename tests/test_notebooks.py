"""The stored notebooks: thin, parameterised, executed, and guarded by nbval."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from chokepoints import config
from chokepoints.build import list_notebooks, notebook_parameters
from chokepoints.export import PLOTLY_MIME

NOTEBOOKS = list_notebooks()
SANITIZE = Path(__file__).parent / "nbval_sanitize.cfg"
MAX_CODE_LINES = 8


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_the_overview_notebook_exists():
    assert "00_overview.ipynb" in [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_is_the_parameters_cell_with_the_build_parameters(path: Path):
    first = _read(path).cells[0]
    assert "parameters" in first.metadata.get("tags", [])
    assert {"corpus_dir", "as_of", "tables_dir"} <= set(notebook_parameters(path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path: Path):
    for cell in _read(path).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        assert "def " not in source and "class " not in source
        if "parameters" not in cell.metadata.get("tags", []):  # declarations, not logic
            assert len(source.splitlines()) <= MAX_CODE_LINES, source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_notebooks_hold_the_outputs_of_a_clean_run(path: Path):
    notebook = _read(path)
    assert notebook.metadata["kernelspec"]["name"] == config.KERNEL_NAME
    code = [c for c in notebook.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "re-run with `make refresh`"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum(PLOTLY_MIME in o.get("data", {}) for o in outputs) >= 1


def _run_nbval(notebook: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(SANITIZE), "-p", "no:cacheprovider", "-o", "addopts=",
         "-q", str(notebook)],
        capture_output=True, text=True, cwd=notebook.parent, timeout=300)


def _tampered_copy(tmp_path: Path, change) -> Path:
    source = config.NOTEBOOKS_DIR / "00_overview.ipynb"
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    notebook = _read(copy)
    change(notebook)
    nbformat.write(notebook, copy)
    return copy


@pytest.mark.slow
def test_nbval_fails_when_a_table_number_changes(tmp_path: Path):
    def change(notebook):
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                text = output.get("data", {}).get("text/plain", "")
                if "Furniture lines removed" in text:
                    output["data"]["text/plain"] = text.replace(" 22 ", " 23 ", 1)
                    assert output["data"]["text/plain"] != text
                    return
        raise AssertionError("articles table output not found")

    result = _run_nbval(_tampered_copy(tmp_path, change))
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout


@pytest.mark.slow
def test_nbval_fails_when_a_chart_value_changes(tmp_path: Path):
    def change(notebook):
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                figure = output.get("data", {}).get(PLOTLY_MIME)
                if figure and "sentiment" in json.dumps(figure["layout"]).lower():
                    for trace in figure["data"]:
                        x = trace.get("x")
                        if isinstance(x, dict) and "bdata" in x:
                            raw = bytearray(base64.b64decode(x["bdata"]))
                            raw[-1] ^= 0x01  # flip one bit of the last value
                            x["bdata"] = base64.b64encode(bytes(raw)).decode()
                            return
        raise AssertionError("sentiment chart with binary data not found")

    result = _run_nbval(_tampered_copy(tmp_path, change))
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout


@pytest.mark.slow
def test_nbval_passes_on_an_untouched_copy(tmp_path: Path):
    result = _run_nbval(_tampered_copy(tmp_path, lambda notebook: None))
    assert result.returncode == 0, result.stdout
