"""Build the briefings: run the analysis once, execute every notebook with papermill, export HTML.

Everything is written into a staging folder first and published only when every notebook has
run, so a failed build leaves the last good reports in place.
"""

from __future__ import annotations

import ast
import html
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import nbformat
import papermill
import plotly.io as pio
from jinja2 import Environment, select_autoescape
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from chokepoints import __version__, config
from chokepoints.analyze import run_analysis, write_tables
from chokepoints.corpus import content_hash
from chokepoints.errors import BuildError, ParameterError
from chokepoints.files import write_text_atomic

PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Parameters the build sets itself; users set them with flags, not ``-p``.
RESERVED_PARAMETERS = ("corpus_dir", "as_of", "tables_dir")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)


@dataclass
class Briefing:
    """One published briefing."""

    notebook: str
    title: str
    html_path: Path
    html_bytes: int
    charts: int
    seconds: float


@dataclass
class BuildResult:
    """What a build published, and where."""

    out_dir: Path
    as_of: date
    briefings: list[Briefing] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    seconds: float = 0.0


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


def parse_parameters(items: list[str]) -> dict[str, object]:
    """Parse ``NAME=VALUE`` strings; VALUE is a Python literal if it reads as one, else text.

    Raises:
        ParameterError: an item has no ``=`` or an empty name.
    """
    parameters: dict[str, object] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip().isidentifier():
            raise ParameterError(f"parameter {item!r} is not NAME=VALUE")
        try:
            value: object = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw
        parameters[name.strip()] = value
    return parameters


def list_notebooks(notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The briefing notebooks, in their numbered order."""
    return sorted(p for p in Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))


def notebook_parameters(notebook: Path) -> dict[str, dict]:
    """Parameters declared in a notebook's ``parameters`` cell (name -> papermill info)."""
    return dict(papermill.inspect_notebook(str(notebook)))


def check_parameters(notebooks: list[Path], parameters: dict[str, object]) -> None:
    """Refuse parameters that no notebook declares, or that the build sets itself.

    Raises:
        ParameterError: naming the bad parameters and listing the valid ones.
    """
    declared: set[str] = set()
    for notebook in notebooks:
        declared |= set(notebook_parameters(notebook))
    reserved = sorted(set(parameters) & set(RESERVED_PARAMETERS))
    if reserved:
        raise ParameterError(f"set {', '.join(reserved)} with --corpus, --as-of and --out, "
                             "not with -p")
    unknown = sorted(set(parameters) - declared)
    if unknown:
        valid = sorted(declared - set(RESERVED_PARAMETERS))
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; valid: "
                             f"{', '.join(valid) or 'none besides the flags'}")


def _footer(stamp: dict) -> str:
    rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>"
                   for k, v in stamp.items())
    return f"<p><strong>Provenance of this briefing</strong></p><dl>{rows}</dl>"


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
    return body, plotly.count


def _title_of(notebook: nbformat.NotebookNode, default: str) -> str:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            match = H1.search(output.get("data", {}).get("text/html", ""))
            if match:
                return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
    return default


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chokepoints briefings, as of {{ as_of }}</title>
<style>
 body { font-family: Inter, 'Segoe UI', Helvetica, Arial, sans-serif; max-width: 860px;
        margin: 2rem auto; padding: 0 1.5rem; color: #222; }
 li { margin: 0.5rem 0; } .meta { color: #555; font-size: 0.9rem; }
 footer { border-top: 1px solid #ddd; margin-top: 2rem; padding-top: 0.8rem; font-size: 0.85rem;
          color: #555; }
</style></head>
<body>
<h1>chokepoints briefings</h1>
<p>As of {{ as_of }}. Corpus <code>{{ corpus }}</code>: {{ n_articles }} articles.</p>
<ul>
{%- for b in briefings %}
 <li><a href="{{ b.html_path.name }}">{{ b.title }}</a>
     <span class="meta">({{ b.charts }} charts,
     {{ (b.html_bytes / 1048576) | round(1) }} MB)</span></li>
{%- endfor %}
</ul>
<h2>Data behind the charts</h2>
<ul>
{%- for t in tables %}
 <li><a href="{{ data_dir }}/{{ t.name }}">{{ t.name }}</a></li>
{%- endfor %}
</ul>
<footer>Built {{ built_at }} with chokepoints {{ version }}; corpus sha256 {{ corpus_hash }}.
</footer>
</body></html>
"""


def _publish(staging: Path, out_dir: Path) -> None:
    """Move every entry of ``staging`` into ``out_dir``, replacing older ones."""
    out_dir.mkdir(parents=True, exist_ok=True)
    trash = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    trash.mkdir(exist_ok=True)
    try:
        for entry in sorted(staging.iterdir()):
            target = out_dir / entry.name
            if target.is_dir():
                target.rename(trash / entry.name)
            os.replace(entry, target)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


def build_reports(corpus_dir: Path = config.DEFAULT_CORPUS_DIR,
                  out_dir: Path = config.REPORTS_DIR, as_of: date | None = None,
                  parameters: dict[str, object] | None = None,
                  notebooks_dir: Path = config.NOTEBOOKS_DIR,
                  kernel_name: str = config.KERNEL_NAME) -> BuildResult:
    """Analyse the corpus once, execute every notebook and publish HTML briefings.

    Args:
        corpus_dir: corpus folder (manifest.csv and raw/).
        out_dir: where the briefings are published (index.html, one HTML per notebook,
            executed notebooks in executed/, tables in data/).
        as_of: build date; articles published later are left out (default: today).
        parameters: extra notebook parameters (must be declared by a notebook).
        notebooks_dir: folder of the numbered notebooks.
        kernel_name: Jupyter kernel to run them with.

    Raises:
        ParameterError: unknown or reserved parameters (before anything runs).
        CorpusError: the corpus is invalid.
        BuildError: a notebook failed; the last published reports are left untouched and the
            failed notebook is kept for debugging.
    """
    started = time.perf_counter()
    corpus_dir, out_dir = Path(corpus_dir).resolve(), Path(out_dir).resolve()
    as_of = as_of or date.today()
    parameters = dict(parameters or {})
    notebooks = list_notebooks(notebooks_dir)
    if not notebooks:
        raise BuildError(f"{notebooks_dir}: no numbered notebooks (NN_name.ipynb) to build")
    check_parameters(notebooks, parameters)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    executed_dir = staging / config.EXECUTED_DIR_NAME
    tables_dir = staging / config.TABLES_DIR_NAME
    executed_dir.mkdir(parents=True)
    result = BuildResult(out_dir=out_dir, as_of=as_of)
    try:
        tables = run_analysis(corpus_dir, as_of)
        written = write_tables(tables, tables_dir)
        corpus_sha = content_hash(corpus_dir)
        built_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        for notebook in notebooks:
            result.briefings.append(_build_one(
                notebook, executed_dir, staging, corpus_dir, as_of, parameters, kernel_name,
                {"chokepoints version": __version__, "corpus": str(corpus_dir),
                 "corpus sha256": corpus_sha, "as-of date": as_of.isoformat(),
                 "articles": len(tables.articles), "built at (UTC)": built_at}))
        index = Environment(autoescape=select_autoescape(default=True)).from_string(
            INDEX_TEMPLATE).render(
            as_of=as_of.isoformat(), corpus=corpus_dir.name, n_articles=len(tables.articles),
            briefings=result.briefings, tables=written, data_dir=config.TABLES_DIR_NAME,
            built_at=built_at, version=__version__, corpus_hash=corpus_sha[:16])
        write_text_atomic(staging / "index.html", index)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publish(staging, out_dir)
    result.tables = [out_dir / config.TABLES_DIR_NAME / p.name for p in written]
    for briefing in result.briefings:
        briefing.html_path = out_dir / briefing.html_path.name
    result.seconds = time.perf_counter() - started
    return result


def _build_one(notebook: Path, executed_dir: Path, staging: Path, corpus_dir: Path, as_of: date,
               parameters: dict[str, object], kernel_name: str, stamp: dict) -> Briefing:
    started = time.perf_counter()
    output = executed_dir / notebook.name
    # Relative to the executed notebook, so it still finds its tables once published.
    run_parameters = {"corpus_dir": str(corpus_dir), "as_of": as_of.isoformat(),
                      "tables_dir": f"../{config.TABLES_DIR_NAME}", **parameters}
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=run_parameters,
                                   kernel_name=kernel_name, cwd=str(executed_dir),
                                   progress_bar=False, log_output=False)
    except papermill.PapermillExecutionError as error:
        kept = _keep_failed(output, staging.parent)
        raise BuildError(f"{notebook.name} failed in cell {error.cell_index} (execution count "
                         f"{error.exec_count}): {error.ename}: {error.evalue}. The executed "
                         f"notebook is kept at {kept}; the published reports are unchanged."
                         ) from None
    executed = nbformat.read(output, as_version=4)
    stamp = {**stamp, "notebook": notebook.name,
             "parameters": ", ".join(f"{k}={v!r}" for k, v in sorted(parameters.items()))
             or "defaults"}
    executed.metadata["chokepoints"] = stamp
    title = _title_of(executed, notebook.stem)
    executed.metadata["title"] = title
    nbformat.write(executed, output)
    page, charts = export_html(executed, _footer(stamp))
    html_path = staging / f"{notebook.stem}.html"
    write_text_atomic(html_path, page)
    return Briefing(notebook.name, title, html_path, len(page.encode()), charts,
                    time.perf_counter() - started)


def _keep_failed(output: Path, parent: Path) -> Path:
    failed_dir = parent / ".failed-builds"
    failed_dir.mkdir(exist_ok=True)
    kept = failed_dir / output.name
    if output.exists():
        shutil.copy2(output, kept)
    return kept


def refresh_notebooks(notebooks_dir: Path = config.NOTEBOOKS_DIR,
                      kernel_name: str = config.KERNEL_NAME) -> list[Path]:
    """Re-execute the stored notebooks in place on the default corpus and default parameters.

    Their outputs become the new reference that nbval compares against: run this after a
    deliberate change and review the diff. Volatile run metadata is not stored.
    """
    refreshed = []
    for notebook in list_notebooks(notebooks_dir):
        executed = papermill.execute_notebook(str(notebook), None, kernel_name=kernel_name,
                                              cwd=str(notebook.parent), progress_bar=False)
        executed.metadata.pop("papermill", None)
        for cell in executed.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
        write_text_atomic(notebook, nbformat.writes(executed) + "\n")
        refreshed.append(notebook)
    return refreshed


def build_and_report(corpus_dir: Path, out_dir: Path, as_of: date | None,
                     parameter_items: list[str], notebooks_dir: Path) -> str:
    """Parse ``-p`` items, build, and return a summary for the command line."""
    result = build_reports(corpus_dir, out_dir, as_of, parse_parameters(parameter_items),
                           notebooks_dir)
    lines = [f"Built {len(result.briefings)} briefing(s) as of {result.as_of} in "
             f"{result.seconds:.1f} s into {result.out_dir}:"]
    for briefing in result.briefings:
        lines.append(f"  {briefing.html_path.name}: {briefing.charts} chart(s), "
                     f"{briefing.html_bytes / 1_048_576:.1f} MB, {briefing.seconds:.1f} s")
    lines.append(f"  index.html; tables: {', '.join(p.name for p in result.tables)}")
    return "\n".join(lines)
