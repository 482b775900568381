"""Tests for chokepoints.distributed: the Dask engine equals the local engine row for row."""

from __future__ import annotations

import builtins
from pathlib import Path

import pandas as pd
import pytest

from chokepoints import cli, config
from chokepoints.analyze import (
    TABLE_NAMES,
    Tables,
    analyze_articles,
    analyze_to,
    finish_tables,
    latest_published,
)
from chokepoints.clean import load_overrides
from chokepoints.distributed import INSTALL_HINT, analyze_corpus_dask
from chokepoints.errors import ChokepointsError, ParameterError
from tests.seeds import SEED_CORPUS_DIR


def assert_tables_equal(left: Tables, right: Tables) -> None:
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_partitions_joined_in_order_equal_the_whole_corpus(seed_corpus, seed_tables, size):
    articles = seed_corpus.articles
    overrides = load_overrides(SEED_CORPUS_DIR)
    anchor = latest_published([article.meta for article in articles])
    parts = [analyze_articles(articles[i:i + size], overrides, anchor=anchor)
             for i in range(0, len(articles), size)]
    assert_tables_equal(finish_tables(parts), seed_tables)


def test_latest_published_is_the_anchor_of_undated_articles(seed_corpus, seed_tables):
    latest = seed_tables.articles["published"].max().date()
    assert latest_published([article.meta for article in seed_corpus.articles]) == latest
    assert latest_published([]) is None


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def test_dask_engine_equals_the_local_engine_on_two_workers(cluster, seed_corpus, seed_tables):
    tables = analyze_corpus_dask(seed_corpus, scheduler=cluster.scheduler_address,
                                 partition_size=2, progress=False)
    assert_tables_equal(tables, seed_tables)


def test_dask_engine_writes_the_same_files_as_the_local_engine(cluster, tmp_path: Path):
    local = analyze_to(SEED_CORPUS_DIR, tmp_path / "local")
    dask = analyze_to(SEED_CORPUS_DIR, tmp_path / "dask", engine="dask",
                      scheduler=cluster.scheduler_address)
    assert [path.name for path in dask] == [path.name for path in local]
    for one, other in zip(local, dask, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name


def test_missing_dask_extra_names_the_install_command(monkeypatch, seed_corpus):
    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ChokepointsError, match=r"pip install 'chokepoints\[dask\]'"):
        analyze_corpus_dask(seed_corpus)
    assert INSTALL_HINT == "pip install 'chokepoints[dask]'"


def test_scheduler_without_the_dask_engine_is_refused(tmp_path: Path):
    with pytest.raises(ParameterError, match="--engine dask"):
        analyze_to(SEED_CORPUS_DIR, tmp_path, scheduler="tcp://localhost:8786")


def test_unknown_engine_is_refused(tmp_path: Path):
    with pytest.raises(ParameterError, match="unknown engine 'spark'"):
        analyze_to(SEED_CORPUS_DIR, tmp_path, engine="spark")


def test_cli_passes_engine_and_scheduler(monkeypatch, tmp_path: Path):
    seen = {}

    def fake(*args, **kwargs):
        seen["args"], seen["kwargs"] = args, kwargs
        return []

    monkeypatch.setattr("chokepoints.analyze.analyze_to", fake)
    assert cli.main(["analyze", "--out", str(tmp_path), "--engine", "dask",
                     "--scheduler", "tcp://head:8786"]) == 0
    assert seen["args"] == (config.DEFAULT_CORPUS_DIR, tmp_path, None, "textblob")
    assert seen["kwargs"] == {"engine": "dask", "scheduler": "tcp://head:8786",
                              "chunk_size": config.CHUNK_ARTICLES}


def test_cli_defaults_to_the_local_engine(monkeypatch, tmp_path: Path):
    seen = {}
    monkeypatch.setattr("chokepoints.analyze.analyze_to",
                        lambda *args, **kwargs: seen.update(kwargs) or [])
    assert cli.main(["analyze", "--out", str(tmp_path)]) == 0
    assert seen == {"engine": "local", "scheduler": None, "chunk_size": config.CHUNK_ARTICLES}


def test_dask_engine_streams_small_chunks_with_a_bounded_window(cluster, tmp_path: Path):
    local = analyze_to(SEED_CORPUS_DIR, tmp_path / "local")
    dask = analyze_to(SEED_CORPUS_DIR, tmp_path / "dask", engine="dask", chunk_size=1,
                      scheduler=cluster.scheduler_address)
    for one, other in zip(local, dask, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
