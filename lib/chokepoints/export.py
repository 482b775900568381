"""Executed notebook -> one self-contained HTML briefing: code hidden, charts drawn, a table of
contents, and a provenance footer."""

from __future__ import annotations

import html
import re

import nbformat
import plotly.io as pio
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from chokepoints import config

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>[^<]*</a>)?</h2>', re.S)
TOC_MARK = '<div class="cp-header">'


class PlotlyToHTML(Preprocessor):
    """Turn each stored plotly JSON output into a drawn chart.

    plotly.js is inlined with the first chart only, so a page carries it once; div ids are
    numbered, not random, so a rebuild gives the same page.
    """

    def preprocess(self, nb, resources):
        """Number charts from 1 in every notebook."""
        self.count = 0
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        """Replace the plotly JSON of each output by an HTML chart."""
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME not in data:
                continue
            self.count += 1
            figure = data.pop(PLOTLY_MIME)
            data.pop("text/plain", None)
            data["text/html"] = pio.to_html(
                figure, include_plotlyjs=self.count == 1, full_html=False, validate=False,
                div_id=f"chart-{self.count}", config=PLOTLY_CONFIG)
        return cell, resources


def footer(stamp: dict) -> str:
    """The provenance footer: every stamp entry, escaped."""
    rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>"
                   for k, v in stamp.items())
    return f"<p><strong>Provenance of this briefing</strong></p><dl>{rows}</dl>"


def add_toc(page: str) -> str:
    """Insert a table of contents (the page's h2 sections) after the briefing's header."""
    sections = [(anchor, re.sub(r"<[^>]+>", "", text).strip())
                for anchor, text in H2.findall(page)]
    if not sections:
        return page
    items = "".join(f'<li><a href="#{html.escape(a)}">{html.escape(html.unescape(t))}</a></li>'
                    for a, t in sections)
    nav = (f'<nav class="cp-toc" aria-label="Contents"><strong>Contents</strong>'
           f"<ol>{items}</ol></nav>")
    head, mark, rest = page.partition(TOC_MARK)
    if not mark:
        return page
    close = rest.find("</div>") + len("</div>")
    return head + mark + rest[:close] + nav + rest[close:]


def section_anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading ("What it holds" -> "What-it-holds")."""
    return heading.strip().replace(" ", "-")


def export_html(notebook: nbformat.NotebookNode, footer_html: str) -> tuple[str, int]:
    """Convert an executed notebook to a self-contained HTML page with the code hidden.

    Returns:
        The page and the number of charts drawn in it.
    """
    plotly = PlotlyToHTML()
    exporter = HTMLExporter(template_name=config.HTML_TEMPLATE_NAME,
                            extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(plotly, enabled=True)
    body, _ = exporter.from_notebook_node(notebook, resources={"chokepoints_footer": footer_html})
    return add_toc(body), plotly.count


def title_of(notebook: nbformat.NotebookNode, default: str) -> str:
    """The briefing's title: its first h1 output, else ``default``."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            match = H1.search(output.get("data", {}).get("text/html", ""))
            if match:
                return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
    return default
