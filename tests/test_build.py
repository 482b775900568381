"""End-to-end build: papermill execution, HTML export, publication, failure handling."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from chokepoints import __version__, config
from chokepoints.analyze import TABLE_NAMES, read_tables, run_analysis
from chokepoints.build import (
    BuildResult,
    build_reports,
    check_parameters,
    kernel_manager_class,
    kernel_transport,
    list_notebooks,
    parse_parameters,
)
from chokepoints.errors import BuildError, ParameterError
from chokepoints.export import PLOTLY_MIME

pytestmark = pytest.mark.slow
BUILD_AS_OF = date(2026, 1, 31)


def _plotly_outputs(notebook: Path) -> int:
    executed = nbformat.read(notebook, as_version=4)
    return sum(PLOTLY_MIME in output.get("data", {})
               for cell in executed.cells for output in cell.get("outputs", []))


def test_build_publishes_index_briefings_executed_notebooks_and_tables(
        built_reports: BuildResult):
    out = built_reports.out_dir
    names = [nb.stem for nb in list_notebooks()]
    assert (out / "index.html").is_file()
    for name in names:
        assert (out / f"{name}.html").is_file()
        assert (out / config.EXECUTED_DIR_NAME / f"{name}.ipynb").is_file()
    for table in TABLE_NAMES:
        assert (out / config.TABLES_DIR_NAME / f"{table}.csv").is_file()
    assert (out / config.TABLES_DIR_NAME / "datapackage.json").is_file()
    linked = {p.resolve() for p in built_reports.reports_dir.iterdir() if p.is_symlink()}
    assert set((built_reports.reports_dir / ".builds").iterdir()) <= linked
    reports = built_reports.reports_dir
    assert (reports / "index.html").is_file()
    assert (reports / "latest").resolve() == out.resolve()
    assert out == reports / BUILD_AS_OF.isoformat()


def test_each_report_draws_one_chart_per_figure_with_plotly_inlined_once(
        built_reports: BuildResult):
    for briefing in built_reports.briefings:
        page = briefing.html_path.read_text(encoding="utf-8")
        figures = _plotly_outputs(built_reports.out_dir / config.EXECUTED_DIR_NAME
                                  / briefing.notebook)
        assert figures >= 1
        assert briefing.charts == figures
        assert page.count("Plotly.newPlot(") == figures
        assert len(re.findall(r"\* plotly\.js v\d", page)) == 1
        assert PLOTLY_MIME not in page


def test_reports_load_no_script_or_style_from_the_network(built_reports: BuildResult):
    for page_path in [built_reports.out_dir / "index.html",
                      *(b.html_path for b in built_reports.briefings)]:
        page = page_path.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", page), page_path
        assert not re.search(r"<link[^>]+href=[\"']https?:", page), page_path


def test_code_cells_are_hidden(built_reports: BuildResult):
    page = built_reports.briefings[0].html_path.read_text(encoding="utf-8")
    assert "charts.setup_notebook()" not in page
    assert "hl-ipython3" not in page  # highlighted Python source of a code cell
    assert "tables_dir" not in page.split("<footer")[0]


def test_report_opens_with_title_as_of_date_and_corpus_sentence(built_reports: BuildResult):
    page = built_reports.briefings[0].html_path.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert html.unescape(title) == "Executive briefing: China's export ban on Japan"
    assert "As of 31 January 2026." in page
    assert "5 articles (2 western media, 1 think tank, 1 trade press, 1 newsletter)" in page


def test_report_ends_with_provenance(built_reports: BuildResult):
    page = built_reports.briefings[0].html_path.read_text(encoding="utf-8")
    footer = page.split('<footer class="cp-footer">')[1]
    assert __version__ in footer
    assert "2026-01-31" in footer
    assert "built at (UTC)" in footer
    assert "corpus sha256" in footer


def test_executed_notebooks_are_stamped_with_their_provenance(built_reports: BuildResult):
    executed = nbformat.read(built_reports.out_dir / config.EXECUTED_DIR_NAME
                             / "00_overview.ipynb", as_version=4)
    stamp = executed.metadata["chokepoints"]
    assert stamp["chokepoints version"] == __version__
    assert stamp["as-of date"] == "2026-01-31"
    assert len(stamp["corpus sha256"]) == 64


def test_published_tables_equal_the_analysis(built_reports: BuildResult):
    published = read_tables(built_reports.out_dir / config.TABLES_DIR_NAME)
    expected = run_analysis(config.DEFAULT_CORPUS_DIR, BUILD_AS_OF)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(getattr(published, name), frame)
    descriptor = json.loads((built_reports.out_dir / config.TABLES_DIR_NAME
                             / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"]] == list(TABLE_NAMES)


def test_index_links_every_briefing_and_table(built_reports: BuildResult):
    index = (built_reports.out_dir / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    for briefing in built_reports.briefings:
        assert briefing.html_path.name in links
    assert f"{config.TABLES_DIR_NAME}/articles.csv" in links
    for link in links:
        # As a browser resolves it: ".." against the URL path, not the link's target.
        assert Path(os.path.normpath(built_reports.out_dir / link)).is_file(), link


def _notebook(cells: list[str]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "language": "python",
                                       "display_name": "Python (chokepoints)"}
    parameters = nbformat.v4.new_code_cell("corpus_dir = None\nas_of = None\ntables_dir = None")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, *(nbformat.v4.new_code_cell(c) for c in cells)]
    return notebook


def test_failed_notebook_leaves_the_last_good_reports(tmp_path: Path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(_notebook(["x = 1"]), notebooks / "00_fine.ipynb")
    out = tmp_path / "reports"
    good = build_reports(out_dir=out, as_of=BUILD_AS_OF, notebooks_dir=notebooks)
    before = {p.name: p.read_bytes() for p in good.out_dir.iterdir() if p.is_file()}
    index_before = (out / "index.html").read_bytes()
    nbformat.write(_notebook(["y = 2", "raise ValueError('analysis broke')"]),
                   notebooks / "01_broken.ipynb")

    with pytest.raises(BuildError) as raised:
        build_reports(out_dir=out, as_of=BUILD_AS_OF, notebooks_dir=notebooks)

    message = str(raised.value)
    assert "01_broken.ipynb" in message
    assert "ValueError: analysis broke" in message
    assert re.search(r"cell \d+", message)
    assert (out / "index.html").read_bytes() == index_before
    assert (out / BUILD_AS_OF.isoformat()).resolve() == good.out_dir.resolve()
    assert {p.name: p.read_bytes() for p in good.out_dir.iterdir() if p.is_file()} == before
    assert (out / ".failed" / BUILD_AS_OF.isoformat() / "01_broken.ipynb").is_file()
    assert list((out / ".builds").iterdir()) == [good.out_dir.resolve()]


def test_a_second_build_at_once_is_refused_with_a_clear_message(tmp_path: Path):
    from filelock import FileLock

    out = tmp_path / "reports"
    out.mkdir()
    with FileLock(out / ".lock"), pytest.raises(BuildError, match="another build"):
        build_reports(out_dir=out, as_of=BUILD_AS_OF)


def test_an_unchanged_rebuild_does_no_work(built_reports: BuildResult):
    again = build_reports(out_dir=built_reports.reports_dir, as_of=BUILD_AS_OF)
    assert again.is_cached
    assert again.out_dir == built_reports.out_dir
    assert again.seconds < 2


def test_unknown_parameter_is_refused_before_anything_runs(tmp_path: Path):
    out = tmp_path / "reports"
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\) colour"):
        build_reports(out_dir=out, parameters={"colour": "red"})
    assert not out.exists()


def test_build_flags_cannot_be_set_as_parameters():
    with pytest.raises(ParameterError, match="--as-of"):
        check_parameters(list_notebooks(), {"as_of": "2026-01-01"})


@pytest.mark.parametrize(("item", "expected"), [
    ("top_n=5", {"top_n": 5}),
    ("label=Rare earths", {"label": "Rare earths"}),
    ("ratio=0.5", {"ratio": 0.5}),
    ("flag=True", {"flag": True}),
    ("empty=", {"empty": ""}),
])
def test_parse_parameters_reads_literals_and_text(item: str, expected: dict):
    assert parse_parameters([item]) == expected


def test_parse_parameters_refuses_items_without_a_name():
    with pytest.raises(ParameterError, match="NAME=VALUE"):
        parse_parameters(["=5"])


@pytest.fixture
def runtime_dir(monkeypatch) -> Iterator[Path]:
    """A Jupyter runtime folder of its own, with a path short enough for sockets."""
    folder = Path(tempfile.mkdtemp(prefix="rt"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(folder))
    kernel_manager_class.cache_clear()
    yield folder
    kernel_manager_class.cache_clear()
    shutil.rmtree(folder)


def test_every_briefing_builds_on_another_corpus_of_the_same_shape(tmp_path: Path, make_corpus,
                                                                   capfd, runtime_dir: Path):
    """A different episode, two small articles, no named outlet: every notebook still runs."""
    corpus = make_corpus(
        rows=[{"id": "kr-1", "published": "2019-07-04", "perspective": "japan"},
              {"id": "kr-2", "published": "2019-07-05", "perspective": "western_media"}],
        files={"kr-1.txt": "Japan Tightens Exports to South Korea\n\nTokyo said on Thursday "
                           "that it would restrict exports of three chemicals to Seoul. "
                           "Officials called it a security measure.\n",
               "kr-2.txt": "Seoul condemned the move as unfair retaliation. “This is "
                           "economic coercion,” a South Korean official said. Analysts warn "
                           "that chip supply chains may be disrupted.\n"})
    result = build_reports(corpus_dir=corpus, out_dir=tmp_path / "reports",
                           as_of=date(2019, 7, 31), parameters={"min_sentences": 1})
    assert [b.notebook for b in result.briefings] == [p.name for p in list_notebooks()]
    for briefing in result.briefings:
        page = briefing.html_path.read_text(encoding="utf-8")
        assert briefing.charts >= 1
        assert page.count("Plotly.newPlot(") == briefing.charts
        assert "As of 31 July 2019." in page
    # The kernels were reached through sockets of their own, removed with them: nothing
    # listened on a port, and the kernels had nothing to warn about.
    assert "without encryption" not in capfd.readouterr().err
    assert not list(runtime_dir.glob("kernel-*"))


def test_kernels_are_reached_through_unix_sockets_unless_the_path_is_too_long(
        runtime_dir: Path, monkeypatch):
    assert kernel_transport() == ("ipc" if os.name == "posix" else "tcp")
    managers = [kernel_manager_class(asynchronous=False)() for _ in range(2)]
    if os.name == "posix":
        assert {m.transport for m in managers} == {"ipc"}
        assert managers[0].ip != managers[1].ip  # kernels started side by side
        assert all(Path(m.ip).parent == runtime_dir for m in managers)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime_dir / ("long" * 20)))
    assert kernel_transport() == "tcp"
    kernel_manager_class.cache_clear()
    assert kernel_manager_class(asynchronous=False)().transport == "tcp"


def test_every_finding_links_to_a_section_that_exists(built_reports: BuildResult):
    overview = next(b for b in built_reports.briefings if b.notebook.startswith("00_"))
    page = overview.html_path.read_text(encoding="utf-8")
    links = re.findall(r'href="(\d\d_[^"#]+)#([^"]+)"', page)
    assert len(links) >= 5
    for target, anchor in links:
        target_page = (built_reports.out_dir / target).read_text(encoding="utf-8")
        assert f'id="{html.unescape(anchor)}"' in target_page, (target, anchor)


def test_each_briefing_has_a_table_of_contents(built_reports: BuildResult):
    for briefing in built_reports.briefings:
        page = briefing.html_path.read_text(encoding="utf-8")
        nav = re.search(r'<nav class="cp-toc".*?</nav>', page, re.S)
        assert nav, briefing.file
        for anchor in re.findall(r'href="#([^"]+)"', nav.group(0)):
            assert f'id="{html.unescape(anchor)}"' in page


def test_compile_package_writes_missing_bytecode_only(tmp_path):
    from chokepoints.build import compile_package

    (tmp_path / "module.py").write_text("VALUE = 1\n")
    compile_package(tmp_path)
    compiled = list((tmp_path / "__pycache__").glob("module.*.pyc"))
    assert len(compiled) == 1
    stamp = compiled[0].stat().st_mtime_ns
    compile_package(tmp_path)  # up to date: left alone
    assert compiled[0].stat().st_mtime_ns == stamp


@pytest.mark.slow
def test_summary_lists_every_published_table_by_its_path_in_the_data_folder(built_reports):
    from chokepoints.build import summary

    text = summary(built_reports)
    assert "4 briefing(s)" in text and "00_overview.html: 5 chart(s)" in text
    listed = text.split("tables in data/: ")[1].split("\n")[0].split(", ")
    assert "sentences.csv" in listed and "reference/mine_production.csv" in listed
    for name in listed:
        assert (built_reports.out_dir / "data" / name).is_file(), name


_READS_TABLES = ("from chokepoints import analyze\n"
                 "tables = analyze.load_tables(corpus_dir, tables_dir, as_of)\n"
                 "n = len(tables.articles)")


def test_a_build_from_scratch_analyses_while_kernels_start_and_notebooks_wait(
        make_corpus, tmp_path: Path):
    # A corpus no build has analysed: its tables are written while the kernel starts, and
    # the notebook reads them complete.
    corpus = make_corpus([{"id": "w1"}, {"id": "w2"}],
                         {"w1.txt": "Waiting room one. " * 40, "w2.txt": "Waiting room two. " * 40})
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(_notebook([_READS_TABLES, "print(n)"]), notebooks / "00_reads.ipynb")
    result = build_reports(corpus, tmp_path / "reports", BUILD_AS_OF, notebooks_dir=notebooks)
    executed = nbformat.read(result.out_dir / config.EXECUTED_DIR_NAME / "00_reads.ipynb", 4)
    assert executed.cells[-1].outputs[0]["text"] == "2\n"
    assert executed.metadata["chokepoints"]["articles"] == 2
    data = result.out_dir / config.TABLES_DIR_NAME
    assert (data / "articles.csv").is_file() and (data / config.REFERENCE_TABLES_DIR_NAME).is_dir()
    assert not (data / config.TABLES_PENDING_NAME).exists()
    assert not (data / config.TABLES_FAILED_NAME).exists()


def test_a_failing_analysis_is_the_error_a_build_gives_and_publishes_nothing(
        make_corpus, tmp_path: Path):
    from chokepoints.errors import CleaningRuleError

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(_notebook([_READS_TABLES]), notebooks / "00_reads.ipynb")
    corpus = make_corpus([{"id": "f1"}])
    out = tmp_path / "reports"
    good = build_reports(corpus, out, BUILD_AS_OF, notebooks_dir=notebooks)
    before = sorted(p.name for p in good.out_dir.iterdir())
    # The corpus passes its check (overrides are read by the analysis), then the analysis
    # fails in its own process while the notebook waits for the tables.
    (corpus / config.CLEANING_OVERRIDES_NAME).write_text(
        "article_id,line,role,kind,reason\nf1,Japan protested,gossip,,a role that is none\n",
        encoding="utf-8")
    with pytest.raises(CleaningRuleError, match=r"cleaning_overrides\.csv, row 2: role 'gossip'"):
        build_reports(corpus, out, BUILD_AS_OF, notebooks_dir=notebooks)
    assert (out / BUILD_AS_OF.isoformat()).resolve() == good.out_dir.resolve()
    assert sorted(p.name for p in good.out_dir.iterdir()) == before
    assert list((out / ".builds").iterdir()) == [good.out_dir.resolve()]


def test_a_script_without_a_main_guard_is_told_what_to_do(make_corpus, tmp_path: Path):
    import subprocess
    import sys

    corpus = make_corpus([{"id": "s1"}])
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(_notebook(["x = 1"]), notebooks / "00_fine.ipynb")
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from chokepoints.build import build_reports\n"
        f"build_reports(Path({str(corpus)!r}), Path({str(tmp_path / 'reports')!r}), "
        f"date(2026, 1, 31), notebooks_dir=Path({str(notebooks)!r}))\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode != 0
    assert 'under `if __name__ == "__main__":`' in run.stderr
