"""Executed notebook -> one self-contained HTML briefing: code hidden, charts drawn, a table of
contents, and a provenance footer."""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache

import nbformat
import plotly.io as pio
from nbconvert import HTMLExporter
from nbconvert.exporters import TemplateExporter
from nbconvert.filters import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from plotly.offline import get_plotlyjs

from chokepoints import config

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>[^<]*</a>)?</h2>', re.S)
TOC_MARK = '<div class="cp-header">'
OUTPUT_DIV = re.compile(
    r'(<div (?:id="[^"]*" )?class="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"]*")')
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")


class PlotlyToHTML(Preprocessor):
    """Turn each stored plotly JSON output into a drawn chart (plotly.js not included: see
    `export_html`); div ids are numbered, not random, so a rebuild gives the same page."""

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
                figure, include_plotlyjs=False, full_html=False, validate=False,
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


class BriefingExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    That pass parses the whole page to give images an alt text and output areas a tabindex:
    about three quarters of the conversion time. The page is the template's own output, so
    both are added here with two substitutions on the template's tags.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        """Convert an executed notebook to HTML (see `HTMLExporter.from_notebook_node`)."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        page = OUTPUT_DIV.sub(r'\1 tabindex="0"', page)
        return IMG_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"',
                                   page), resources


@lru_cache(maxsize=1)
def _exporter() -> tuple[HTMLExporter, PlotlyToHTML]:
    """One exporter for every page: its templates are compiled once."""
    plotly = PlotlyToHTML()
    exporter = BriefingExporter(template_name=config.HTML_TEMPLATE_NAME,
                            extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(plotly, enabled=True)
    return exporter, plotly


#: Builds export in threads; the shared exporter converts one notebook at a time.
_EXPORT_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def plotly_script() -> str:
    """plotly.js inlined as plotly's own ``include_plotlyjs=True`` does it."""
    return ("<script type=\"text/javascript\">window.PlotlyConfig = {MathJaxConfig: 'local'};"
            "</script>\n<script charset=\"utf-8\" type=\"text/javascript\">"
            f"{get_plotlyjs()}</script>")


def export_html(notebook: nbformat.NotebookNode, footer_html: str) -> tuple[str, int]:
    """Convert an executed notebook to a self-contained HTML page with the code hidden.

    plotly.js (4.6 MB) is put in the page's head once, after the conversion, so that nbconvert
    does not parse it.

    Returns:
        The page and the number of charts drawn in it.
    """
    with _EXPORT_LOCK:
        exporter, plotly = _exporter()
        body, _ = exporter.from_notebook_node(notebook,
                                              resources={"chokepoints_footer": footer_html})
        count = plotly.count
    body = add_toc(body)  # before plotly.js is in the page: 4.6 MB less to search
    if count:
        head, mark, rest = body.partition("</head>")
        body = head + plotly_script() + mark + rest
    return body, count


def title_of(notebook: nbformat.NotebookNode, default: str) -> str:
    """The briefing's title: its first h1 output, else ``default``."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            match = H1.search(output.get("data", {}).get("text/html", ""))
            if match:
                return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
    return default
