"""The command line parses arguments and hands them to the library."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from chokepoints import __version__, cli, config
from chokepoints.ingest import AddResult


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple]:
    """Replace the library entry points with recorders."""
    recorded: dict[str, tuple] = {}

    def record(name, result):
        def fake(*args, **kwargs):
            recorded[name] = (args, kwargs)
            return result
        return fake

    monkeypatch.setattr("chokepoints.build.build_and_report", record("build", "built"))
    monkeypatch.setattr("chokepoints.analyze.analyze_to", record("analyze", [Path("t.csv")]))
    monkeypatch.setattr("chokepoints.build.refresh_notebooks", record("refresh", []))
    monkeypatch.setattr("chokepoints.ingest.add_articles", record("add", AddResult()))
    return recorded


def test_build_passes_corpus_out_as_of_and_parameters(calls, tmp_path: Path):
    status = cli.main(["build", "--corpus", str(tmp_path / "c"), "--out", str(tmp_path / "r"),
                       "--as-of", "2026-01-10", "-p", "top_n=5", "-p", "label=x"])
    assert status == 0
    assert calls["build"][0] == (tmp_path / "c", tmp_path / "r", date(2026, 1, 10),
                                 ["top_n=5", "label=x"], config.NOTEBOOKS_DIR)


def test_build_defaults_to_the_default_corpus_and_reports_folder(calls):
    assert cli.main(["build"]) == 0
    assert calls["build"][0] == (config.DEFAULT_CORPUS_DIR, config.REPORTS_DIR, None, [],
                                 config.NOTEBOOKS_DIR)


def test_analyze_passes_its_arguments(calls, tmp_path: Path):
    assert cli.main(["analyze", "--out", str(tmp_path), "--scorer", "textblob"]) == 0
    assert calls["analyze"][0] == (config.DEFAULT_CORPUS_DIR, tmp_path, None, "textblob")
    assert calls["analyze"][1]["chunk_size"] == config.CHUNK_ARTICLES
    assert cli.main(["analyze", "--out", str(tmp_path), "--chunk-size", "50"]) == 0
    assert calls["analyze"][1]["chunk_size"] == 50


def test_refresh_calls_the_library(calls):
    assert cli.main(["refresh"]) == 0
    assert calls["refresh"][0] == (config.NOTEBOOKS_DIR,)


def test_a_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["build", "--as-of", "2026-13-45"])
    assert raised.value.code == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_library_errors_are_printed_without_a_traceback(tmp_path: Path, capsys):
    status = cli.main(["analyze", "--corpus", str(tmp_path / "nowhere"), "--out",
                       str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("chokepoints: error:")
    assert "manifest not found" in err
    assert "Traceback" not in err


def test_check_reports_a_valid_corpus(capsys):
    assert cli.main(["check"]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "chokepoints", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"chokepoints {__version__}"


def test_analyze_writes_the_tables_end_to_end(tmp_path: Path):
    from chokepoints.analyze import TABLE_NAMES

    assert cli.main(["analyze", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{name}.csv" for name in TABLE_NAMES] + ["datapackage.json", "reference"])
    assert (tmp_path / "reference" / "mine_production.csv").is_file()


def test_build_passes_jobs_and_force(calls):
    assert cli.main(["build", "--jobs", "2", "--force"]) == 0
    assert calls["build"][1] == {"jobs": 2, "force": True}


# --- add and check ---------------------------------------------------------------------------

PAGE = Path(__file__).resolve().parent / "data" / "pages" / "pacific_ledger_wto.html"


def test_add_passes_paths_corpus_and_options(calls, tmp_path: Path):
    status = cli.main(["add", str(PAGE), str(tmp_path / "more"), "--corpus", str(tmp_path / "c"),
                       "--title", "T", "--outlet", "O", "--published", "2026-01-08", "--url",
                       "https://example.org/a", "--perspective", "japan", "--allow-syndicated"])
    assert status == 0
    assert calls["add"] == (([PAGE, tmp_path / "more"], tmp_path / "c"), {
        "title": "T", "outlet": "O", "published": date(2026, 1, 8),
        "url": "https://example.org/a", "perspective": "japan", "allow_syndicated": True})


def test_add_defaults_to_the_default_corpus_and_no_overrides(calls):
    assert cli.main(["add", str(PAGE)]) == 0
    assert calls["add"] == (([PAGE], config.DEFAULT_CORPUS_DIR), {
        "title": None, "outlet": None, "published": None, "url": None, "perspective": None,
        "allow_syndicated": False})


@pytest.mark.parametrize("published", ["2026-13-45", "20260108", "8 Jan 2026"])
def test_add_with_an_impossible_or_non_iso_date_is_a_usage_error(published, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["add", str(PAGE), "--published", published])
    assert raised.value.code == 2
    assert "not an ISO date (YYYY-MM-DD)" in capsys.readouterr().err


def test_add_prints_what_it_added(tmp_path: Path, capsys):
    assert cli.main(["add", str(PAGE), "--corpus", str(tmp_path / "c"), "--perspective",
                     "western_media"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added 000_")
    assert "The Pacific Ledger; 2026-01-08" in out
    assert out.endswith(f"{tmp_path / 'c'}: 1 added, 0 refused\n")


def test_add_refusals_go_to_stderr_with_exit_status_1(tmp_path: Path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli.main(["add", str(empty), "--corpus", str(tmp_path / "c")]) == 1
    captured = capsys.readouterr()
    assert f"refused: {empty}: is empty or holds only white space" in captured.err
    assert "0 added, 1 refused" in captured.out
    assert "Traceback" not in captured.err


def test_add_with_an_unknown_perspective_is_an_error_without_traceback(tmp_path: Path, capsys):
    assert cli.main(["add", str(PAGE), "--corpus", str(tmp_path / "c"), "--perspective",
                     "tabloid"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("chokepoints: error: --perspective: unknown perspective 'tabloid'")
    assert not (tmp_path / "c").exists()


def _broken_corpus(folder: Path) -> Path:
    raw = folder / config.RAW_DIR_NAME
    raw.mkdir(parents=True)
    (raw / "a1.txt").write_text("Japan protested on Tuesday.\n", encoding="utf-8")
    (folder / config.MANIFEST_NAME).write_text(
        "id,file,published,perspective\n"
        "a1,a1.txt,2026-13-45,western_media\n"
        "a1,gone.txt,,tabloid\n", encoding="utf-8")
    return folder


def test_check_lists_every_problem_with_file_and_row_and_exits_1(tmp_path: Path, capsys):
    corpus = _broken_corpus(tmp_path / "c")
    assert cli.main(["check", "--corpus", str(corpus)]) == 1
    lines = capsys.readouterr().out.splitlines()
    manifest = corpus / config.MANIFEST_NAME
    assert lines == [
        f"error: {manifest}, row 2: published '2026-13-45' is not an ISO date (YYYY-MM-DD)",
        f"warning: {manifest}, row 2: no sha256 recorded for 'a1.txt'",
        f"error: {manifest}, row 3: duplicate id 'a1' (first on row 2)",
        f"error: {manifest}, row 3: unknown perspective 'tabloid'; allowed: china_state, japan, "
        "western_media, think_tank, trade_press, newsletter, other (extend perspectives.csv)",
        f"error: {manifest}, row 3: file 'gone.txt' not found in {corpus / config.RAW_DIR_NAME}",
        f"{corpus}: 4 error(s), 1 warning(s)"]


def test_check_of_a_folder_without_manifest_exits_1(tmp_path: Path, capsys):
    assert cli.main(["check", "--corpus", str(tmp_path)]) == 1
    assert "manifest not found" in capsys.readouterr().out


def test_check_warns_about_articles_after_the_as_of_date_and_exits_0(capsys):
    assert cli.main(["check", "--as-of", "2026-01-07"]) == 0
    out = capsys.readouterr().out
    assert "published 2026-01-12 is after the as-of date 2026-01-07" in out
    assert "0 error(s), 1 warning(s)" in out


def test_analyze_runs_the_same_check_first(tmp_path: Path, capsys):
    corpus = _broken_corpus(tmp_path / "c")
    assert cli.main(["analyze", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "invalid corpus" in err and "row 3: duplicate id 'a1'" in err
    assert not (tmp_path / "out").exists()
