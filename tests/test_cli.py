"""The command line parses arguments and hands them to the library."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from chokepoints import __version__, cli, config


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
    assert cli.main(["analyze", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "actor_sentiment.csv", "articles.csv", "claims.csv", "cleaning.csv", "datapackage.json",
        "frames.csv",
        "quotes.csv", "sentences.csv"]


def test_build_passes_jobs_and_force(calls):
    assert cli.main(["build", "--jobs", "2", "--force"]) == 0
    assert calls["build"][1] == {"jobs": 2, "force": True}
