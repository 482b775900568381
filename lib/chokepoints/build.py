"""Build the briefings: analyse once (cached), execute the notebooks with papermill (in
parallel), export HTML, and publish by an atomic swap (see `chokepoints.publish`).

A build is skipped when nothing it depends on changed: the corpus, the as-of date, the
parameters, the package's code and data, and the notebooks.
"""

from __future__ import annotations

import ast
import compileall
import csv
import hashlib
import json
import os
import shutil
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from chokepoints import __version__, config
from chokepoints.errors import BuildError, ParameterError
from chokepoints.files import write_text_atomic
from chokepoints.publish import (
    FAILED_DIR_NAME,
    RECORD_NAME,
    build_lock,
    publish,
    read_record,
    staging_dir,
)

#: Parameters the build sets itself; users set them with flags, not ``-p``.
RESERVED_PARAMETERS = ("corpus_dir", "as_of", "tables_dir")
#: Project inputs whose change makes a new build (besides the corpus and the parameters).
INPUT_GLOBS = ("lib/chokepoints/**/*.py", "lib/chokepoints/templates/**/*", "data/cleaning/*",
               "data/lexicons/*", "data/reference/*", "data/vocabularies/*")


@dataclass
class Briefing:
    """One published briefing."""

    notebook: str
    title: str
    file: str
    html_bytes: int
    charts: int
    seconds: float
    html_path: Path = field(default=Path())


@dataclass
class BuildResult:
    """What a build published, and where."""

    reports_dir: Path
    out_dir: Path  # the published build, through its as-of link
    as_of: date
    key: str = ""
    briefings: list[Briefing] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    is_cached: bool = False


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
    import papermill

    return dict(papermill.inspect_notebook(str(notebook)))


def check_parameters(notebooks: list[Path], parameters: dict[str, object]) -> None:
    """Refuse parameters that no notebook declares, or that the build sets itself.

    Raises:
        ParameterError: naming the bad parameters and listing the valid ones.
    """
    reserved = sorted(set(parameters) & set(RESERVED_PARAMETERS))
    if reserved:
        raise ParameterError(f"set {', '.join(reserved)} with --corpus, --as-of and --out, "
                             "not with -p")
    if not parameters:
        return
    declared: set[str] = set()
    for notebook in notebooks:
        declared |= set(notebook_parameters(notebook))
    unknown = sorted(set(parameters) - declared)
    if unknown:
        valid = sorted(declared - set(RESERVED_PARAMETERS))
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; valid: "
                             f"{', '.join(valid) or 'none besides the flags'}")


def _digest(paths: list[Path], digest) -> None:
    for path in paths:
        digest.update(str(path.relative_to(config.PROJECT_DIR) if path.is_relative_to(
            config.PROJECT_DIR) else path).encode())
        digest.update(path.read_bytes())


def analysis_key(corpus_dir: Path, as_of: date) -> str:
    """What the analysis tables depend on: package, code and data, corpus, as-of date."""
    from chokepoints.corpus import content_hash

    digest = hashlib.sha256(f"{__version__}|{as_of.isoformat()}|".encode())
    digest.update(content_hash(corpus_dir).encode())
    inputs = sorted({p for pattern in INPUT_GLOBS for p in config.PROJECT_DIR.glob(pattern)
                     if p.is_file()})
    _digest(inputs, digest)
    return digest.hexdigest()


def build_key(corpus_dir: Path, as_of: date, parameters: dict[str, object],
              notebooks: list[Path]) -> str:
    """What a build depends on: the analysis key, the notebooks and the parameters."""
    digest = hashlib.sha256(analysis_key(corpus_dir, as_of).encode())
    digest.update(json.dumps(parameters, sort_keys=True, default=repr).encode())
    _digest(notebooks, digest)
    return digest.hexdigest()


def cached_folder(corpus_dir: Path, as_of: date, cache_dir: Path = config.CACHE_DIR) -> Path:
    """Where the analysis tables for this corpus and date are (or will be) cached."""
    return cache_dir / "analysis" / analysis_key(corpus_dir, as_of)[:24]


def is_cached(folder: Path) -> bool:
    """Whether a cache folder holds complete tables."""
    return (folder / "datapackage.json").is_file()


def cached_tables(corpus_dir: Path, as_of: date, cache_dir: Path = config.CACHE_DIR) -> Path:
    """Folder of the analysis tables for this corpus and date, computing them only once.

    The corpus is streamed as by ``chokepoints analyze`` (`chokepoints.analyze.analyze_to`),
    so a build's analysis holds one chunk of articles at a time, with the reference datasets
    validated once into the folder's ``reference/``.
    """
    folder = cached_folder(corpus_dir, as_of, cache_dir)
    if is_cached(folder):
        return folder
    from chokepoints.analyze import analyze_to

    temporary = folder.with_name(f".{folder.name}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    analyze_to(corpus_dir, temporary, as_of)
    shutil.rmtree(folder, ignore_errors=True)
    temporary.rename(folder)
    return folder


def compile_package(directory: Path = config.PACKAGE_DIR) -> None:
    """Write the bytecode of the package's modules that lack an up-to-date one.

    Every kernel of a build imports the package; with the bytecode on disk none compiles it
    again (about 0.1 s of CPU each), even where ``PYTHONDONTWRITEBYTECODE`` stops Python from
    writing it. Quiet, and harmless where the folder is read-only.
    """
    compileall.compile_dir(str(directory), quiet=2)


def _current(reports_dir: Path, as_of: date, key: str) -> dict | None:
    link = reports_dir / as_of.isoformat()
    if link.is_symlink() and (link.resolve() / RECORD_NAME).is_file():
        record = read_record(link.resolve())
        if record.get("key") == key:
            return record
    return None


def build_reports(corpus_dir: Path = config.DEFAULT_CORPUS_DIR,
                  out_dir: Path = config.REPORTS_DIR, as_of: date | None = None,
                  parameters: dict[str, object] | None = None,
                  notebooks_dir: Path = config.NOTEBOOKS_DIR,
                  kernel_name: str = config.KERNEL_NAME, jobs: int | None = None,
                  force: bool = False) -> BuildResult:
    """Analyse the corpus once, execute every notebook and publish the HTML briefings.

    Args:
        corpus_dir: corpus folder (manifest.csv and raw/).
        out_dir: the reports folder (see `chokepoints.publish` for its layout).
        as_of: build date; articles published later are left out (default: today).
        parameters: extra notebook parameters (must be declared by a notebook).
        notebooks_dir: folder of the numbered notebooks.
        kernel_name: Jupyter kernel to run them with.
        jobs: notebooks executed at once (default: one per notebook, at most the CPU count).
        force: build even when an identical build is already published.

    Raises:
        ParameterError: unknown or reserved parameters (before anything runs).
        CorpusError: the corpus is invalid.
        BuildError: a notebook failed (the published reports are left untouched and the
            executed notebook is kept under ``.failed/``), or another build holds the lock.
    """
    started = time.perf_counter()
    corpus_dir, reports_dir = Path(corpus_dir).resolve(), Path(out_dir).resolve()
    as_of = as_of or date.today()
    parameters = dict(parameters or {})
    notebooks = list_notebooks(notebooks_dir)
    if not notebooks:
        raise BuildError(f"{notebooks_dir}: no numbered notebooks (NN_name.ipynb) to build")
    check_parameters(notebooks, parameters)
    from chokepoints.corpus import check_corpus, content_hash

    check_corpus(corpus_dir, as_of)
    key = build_key(corpus_dir, as_of, parameters, notebooks)
    with build_lock(reports_dir):
        record = None if force else _current(reports_dir, as_of, key)
        if record:
            return _result_of(reports_dir, as_of, record, cached=True,
                              seconds=time.perf_counter() - started)
        build_name = f"{as_of.isoformat()}-{key[:12]}-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        staging = staging_dir(reports_dir, build_name)
        try:
            tables_dir = staging / config.TABLES_DIR_NAME
            cache = cached_folder(corpus_dir, as_of)
            if is_cached(cache):
                shutil.copytree(cache, tables_dir)
            else:  # analysed while the kernels start; the notebooks wait for the tables
                tables_dir.mkdir()
                (tables_dir / config.TABLES_PENDING_NAME).touch()
            compile_package()
            executed_dir = staging / config.EXECUTED_DIR_NAME
            executed_dir.mkdir()
            built_at = datetime.now(UTC).replace(microsecond=0).isoformat()
            stamp = {"chokepoints version": __version__, "corpus": str(corpus_dir),
                     "corpus sha256": content_hash(corpus_dir), "as-of date": as_of.isoformat(),
                     "articles": None,  # each notebook's, once the analysis is done
                     "built at (UTC)": built_at, "build key": key[:12]}
            # Kernels spend part of their start waiting, so by default all notebooks run at once.
            workers = max(1, min(jobs or len(notebooks), len(notebooks)))
            with ThreadPoolExecutor(max_workers=workers + 1) as pool:
                analysed = pool.submit(_analyse_into, corpus_dir, as_of, tables_dir)
                futures = [pool.submit(_build_one, notebook, staging, corpus_dir, as_of,
                                       parameters, kernel_name, stamp, analysed)
                           for notebook in notebooks]
                n_articles = analysed.result()  # an analysis error first, not a notebook's
                briefings = [future.result() for future in futures]
            record = {"key": key, "as_of": as_of.isoformat(), "corpus": corpus_dir.name,
                      "corpus_path": str(corpus_dir), "n_articles": n_articles,
                      "built_at": built_at, "version": __version__,
                      "parameters": {k: repr(v) for k, v in sorted(parameters.items())},
                      "briefings": [asdict(b) | {"html_path": ""} for b in briefings],
                      "tables": sorted(p.relative_to(tables_dir).as_posix()
                                       for p in tables_dir.rglob("*") if p.is_file())}
            write_text_atomic(staging / RECORD_NAME, json.dumps(record, indent=2) + "\n")
            write_text_atomic(staging / "index.html", _build_index(record))
        except BaseException as error:
            _keep_failed(staging, reports_dir, as_of, error)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish(staging, reports_dir, as_of.isoformat())
    return _result_of(reports_dir, as_of, record, cached=False,
                      seconds=time.perf_counter() - started)


def _result_of(reports_dir: Path, as_of: date, record: dict, cached: bool,
               seconds: float) -> BuildResult:
    out = reports_dir / as_of.isoformat()  # the as-of link, so relative links resolve
    briefings = [Briefing(**{k: v for k, v in b.items() if k != "html_path"},
                          html_path=out / b["file"]) for b in record["briefings"]]
    return BuildResult(reports_dir=reports_dir, out_dir=out, as_of=as_of, key=record["key"],
                       briefings=briefings,
                       tables=[out / config.TABLES_DIR_NAME / t for t in record["tables"]],
                       seconds=seconds, is_cached=cached)


def _analyse_into(corpus_dir: Path, as_of: date, tables_dir: Path) -> int:
    """Fill a build's tables folder left pending: the analysis runs in a process of its own
    (no lock shared with the threads driving the kernels), beside the kernels' start.

    Returns:
        The number of articles analysed.
    """
    pending = tables_dir / config.TABLES_PENDING_NAME
    if pending.exists():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            try:
                # Spawned, not forked: this process already runs threads.
                with ProcessPoolExecutor(1, multiprocessing.get_context("spawn")) as analysis:
                    folder = analysis.submit(cached_tables, corpus_dir, as_of,
                                             config.CACHE_DIR).result()
            except BrokenProcessPool as broken:
                raise BuildError(
                    "the analysis process stopped before it finished. A script that builds "
                    "must call build_reports under `if __name__ == \"__main__\":`: the "
                    "analysis runs in a spawned process, which imports the script again"
                ) from broken
            shutil.copytree(folder, tables_dir, dirs_exist_ok=True)
        except BaseException as error:
            (tables_dir / config.TABLES_FAILED_NAME).write_text(
                f"{type(error).__name__}: {error}", encoding="utf-8")
            raise
        finally:
            pending.unlink()
    with open(tables_dir / "articles.csv", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


#: The longest path a Unix socket may have (Linux allows 107 bytes, macOS 103).
_SOCKET_PATH_MAX = 100
#: What a kernel's socket adds to Jupyter's runtime folder: "/kernel-<uuid>-ipc-<n>".
_SOCKET_NAME_LENGTH = 50


def kernel_transport() -> str:
    """How a build reaches its kernels: Unix sockets in Jupyter's runtime folder where the
    system has them, so that nothing listens on a network port (and ipykernel has no
    unencrypted TCP connection to warn about at every build); TCP on other systems, or when
    that folder's path is too long for a socket's."""
    from jupyter_core.paths import jupyter_runtime_dir

    if os.name != "posix" or \
            len(jupyter_runtime_dir()) + _SOCKET_NAME_LENGTH > _SOCKET_PATH_MAX:
        return "tcp"
    return "ipc"


@cache
def kernel_manager_class(asynchronous: bool = True) -> type:
    """The kernel manager of a build's kernels (papermill's is asynchronous): reached as
    `kernel_transport` says, through sockets of their own when they are Unix sockets (kernels
    started side by side would otherwise pick the same names)."""
    from jupyter_client.manager import AsyncKernelManager, KernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import CaselessStrEnum, default

    class BuildKernelManager(AsyncKernelManager if asynchronous else KernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value=kernel_transport(),
                                    config=True)

        @default("ip")
        def _ip_default(self) -> str:
            if self.transport != "ipc":
                return super()._ip_default()
            folder = Path(jupyter_runtime_dir())
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return str(folder / f"kernel-{uuid.uuid4()}-ipc")

    return BuildKernelManager


def _build_one(notebook: Path, staging: Path, corpus_dir: Path, as_of: date,
               parameters: dict[str, object], kernel_name: str, stamp: dict,
               analysed: Future) -> Briefing:
    import nbformat
    import papermill

    from chokepoints.export import export_html, footer, title_of

    started = time.perf_counter()
    executed_dir = staging / config.EXECUTED_DIR_NAME
    output = executed_dir / notebook.name
    # The build folder keeps its name when published (only links are swapped), so this path
    # stays valid. No `cwd`: papermill would change the whole process's working directory,
    # and notebooks run in threads.
    run_parameters = {"corpus_dir": str(corpus_dir), "as_of": as_of.isoformat(),
                      "tables_dir": str(staging / config.TABLES_DIR_NAME), **parameters}
    try:
        # Saved once at the end, not after every cell: nobody watches a build's notebook grow.
        # The kernel is stopped, not asked to exit: every output has arrived by then, and an
        # exiting IPython runs a full garbage collection first (about 0.1 s of CPU each).
        # No IPython history either: nobody recalls a build's input, and keeping it costs a
        # database write per cell.
        executed = papermill.execute_notebook(str(notebook), str(output),
                                              parameters=run_parameters,
                                              kernel_name=kernel_name, progress_bar=False,
                                              log_output=False,
                                              request_save_on_cell_execute=False,
                                              shutdown_kernel="immediate",
                                              kernel_manager_class=kernel_manager_class(),
                                              extra_arguments=["--HistoryManager.enabled=False"])
    except papermill.PapermillExecutionError as error:
        raise BuildError(f"{notebook.name} failed in cell {error.cell_index} (execution count "
                         f"{error.exec_count}): {error.ename}: {error.evalue}") from None
    stamp = {**stamp, "articles": analysed.result(), "notebook": notebook.name,
             "parameters": ", ".join(f"{k}={v!r}" for k, v in sorted(parameters.items()))
             or "defaults"}
    executed.metadata["chokepoints"] = stamp
    title = title_of(executed, notebook.stem)
    executed.metadata["title"] = title
    nbformat.write(executed, output)
    page, charts = export_html(executed, footer(stamp))
    write_text_atomic(staging / f"{notebook.stem}.html", page)
    return Briefing(notebook.name, title, f"{notebook.stem}.html", len(page.encode()), charts,
                    round(time.perf_counter() - started, 2))


def _keep_failed(staging: Path, reports_dir: Path, as_of: date, error: BaseException) -> None:
    """Keep the executed notebooks of a failed build under ``.failed/<as-of>/``."""
    executed = staging / config.EXECUTED_DIR_NAME
    if not executed.is_dir():
        return
    kept = reports_dir / FAILED_DIR_NAME / as_of.isoformat()
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(executed, kept)
    if isinstance(error, BuildError):
        error.args = (f"{error.args[0]}. The executed notebooks are kept in {kept}; the "
                      "published reports are unchanged.",)


def _build_index(record: dict) -> str:
    from jinja2 import Environment, select_autoescape

    return Environment(autoescape=select_autoescape(default=True)).from_string(
        BUILD_INDEX_TEMPLATE).render(record=record, data_dir=config.TABLES_DIR_NAME)


BUILD_INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chokepoints briefings, as of {{ record.as_of }}</title>
<style>
 body { font-family: Inter, 'Segoe UI', Helvetica, Arial, sans-serif; max-width: 860px;
        margin: 2rem auto; padding: 0 1.5rem; color: #222; }
 li { margin: 0.5rem 0; } .meta { color: #555; font-size: 0.9rem; }
 footer { border-top: 1px solid #ddd; margin-top: 2rem; padding-top: 0.8rem; font-size: 0.85rem;
          color: #555; }
</style></head>
<body>
<h1>chokepoints briefings</h1>
<p>As of {{ record.as_of }}. Corpus <code>{{ record.corpus }}</code>:
{{ record.n_articles }} articles. <a href="../index.html">Every build</a>.</p>
<ul>
{%- for b in record.briefings %}
 <li><a href="{{ b.file }}">{{ b.title }}</a>
     <span class="meta">({{ b.charts }} charts,
     {{ (b.html_bytes / 1048576) | round(1) }} MB)</span></li>
{%- endfor %}
</ul>
<h2>Data behind the charts</h2>
<ul>
{%- for t in record.tables %}
 <li><a href="{{ data_dir }}/{{ t }}">{{ t }}</a></li>
{%- endfor %}
</ul>
<footer>Built {{ record.built_at }} with chokepoints {{ record.version }}; build key
{{ record.key[:12] }}.</footer>
</body></html>
"""


def refresh_notebooks(notebooks_dir: Path = config.NOTEBOOKS_DIR,
                      kernel_name: str = config.KERNEL_NAME) -> list[Path]:
    """Re-execute the stored notebooks in place on the default corpus and default parameters.

    Their outputs become the new reference that nbval compares against: run this after a
    deliberate change and review the diff. Volatile run metadata is not stored.
    """
    import nbformat
    import papermill

    refreshed = []
    for notebook in list_notebooks(notebooks_dir):
        executed = papermill.execute_notebook(str(notebook), None, kernel_name=kernel_name,
                                              cwd=str(notebook.parent), progress_bar=False,
                                              kernel_manager_class=kernel_manager_class())
        executed.metadata.pop("papermill", None)
        for cell in executed.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
        write_text_atomic(notebook, nbformat.writes(executed) + "\n")
        refreshed.append(notebook)
    return refreshed


def build_and_report(corpus_dir: Path, out_dir: Path, as_of: date | None,
                     parameter_items: list[str], notebooks_dir: Path, jobs: int | None = None,
                     force: bool = False) -> str:
    """Parse ``-p`` items, build, and return a summary for the command line."""
    return summary(build_reports(corpus_dir, out_dir, as_of, parse_parameters(parameter_items),
                                 notebooks_dir, jobs=jobs, force=force))


def summary(result: BuildResult) -> str:
    """What a build did, for the command line."""
    link = result.reports_dir / result.as_of.isoformat()
    if result.is_cached:
        return (f"Up to date: the build as of {result.as_of} ({len(result.briefings)} "
                f"briefings) already has these inputs; nothing to do ({result.seconds:.2f} s). "
                f"{link}/index.html")
    lines = [f"Built {len(result.briefings)} briefing(s) as of {result.as_of} in "
             f"{result.seconds:.1f} s into {link} (also {result.reports_dir}/latest):"]
    for briefing in result.briefings:
        lines.append(f"  {briefing.file}: {briefing.charts} chart(s), "
                     f"{briefing.html_bytes / 1_048_576:.1f} MB, {briefing.seconds:.1f} s")
    data_dir = result.out_dir / config.TABLES_DIR_NAME
    lines.append(f"  index.html; tables in {config.TABLES_DIR_NAME}/: "
                 f"{', '.join(p.relative_to(data_dir).as_posix() for p in result.tables)}")
    lines.append(f"Every build: {result.reports_dir}/index.html")
    return "\n".join(lines)

