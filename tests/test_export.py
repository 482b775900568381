"""The HTML export gives the page nbconvert's own HTML exporter gives, without its slow pass."""

from __future__ import annotations

import copy

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from chokepoints import config, export


def _notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(config.NOTEBOOKS_DIR / name, as_version=4)


@pytest.mark.parametrize("name", ["00_overview.ipynb", "01_source_framing_sentiment.ipynb"])
def test_page_is_nbconvert_html_exporters_page(name, monkeypatch):
    """Same document (parsed and re-serialised alike) as with `HTMLExporter`, which parses the
    whole page with BeautifulSoup to add alt texts and tabindexes."""
    notebook = _notebook(name)
    ours, charts = export.export_html(copy.deepcopy(notebook), "<p>footer</p>")
    export._exporter.cache_clear()
    monkeypatch.setattr(export, "BriefingExporter", HTMLExporter)
    try:
        theirs, their_charts = export.export_html(copy.deepcopy(notebook), "<p>footer</p>")
    finally:
        export._exporter.cache_clear()
    assert charts == their_charts > 0
    ours_doc, theirs_doc = (str(BeautifulSoup(page, "html.parser")) for page in (ours, theirs))
    assert ours_doc == theirs_doc
    # The two things that pass added are there.
    assert ours.count('tabindex="0"') == theirs.count('tabindex="0"') > charts


def test_images_without_alt_text_get_one():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})])])
    page, _ = export.export_html(notebook, "")
    image = BeautifulSoup(page, "html.parser").find("img")
    assert image is not None and image.get("alt")
