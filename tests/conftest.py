"""Shared fixtures: the seed corpus, its cleaning and tables, and tiny corpora built in tmp_path."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from chokepoints import config
from chokepoints.analyze import Tables, run_analysis
from chokepoints.clean import clean_text, load_overrides
from chokepoints.corpus import MANIFEST_COLUMNS, Corpus, load_corpus
from chokepoints.models import Article, CleanArticle
from tests.seeds import ARTICLE_TEXT, SEED_CORPUS_DIR, sha256_hex


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return load_corpus(SEED_CORPUS_DIR)


@pytest.fixture(scope="session")
def seed_articles(seed_corpus: Corpus) -> dict[str, Article]:
    return {article.meta.id: article for article in seed_corpus.articles}


@pytest.fixture(scope="session")
def seed_cleaned(seed_articles: dict[str, Article]) -> dict[str, CleanArticle]:
    overrides = load_overrides(SEED_CORPUS_DIR)
    return {article_id: clean_text(article.text, article_id, overrides)
            for article_id, article in seed_articles.items()}


@pytest.fixture(scope="session")
def seed_tables() -> Tables:
    return run_analysis(SEED_CORPUS_DIR)


MakeCorpus = Callable[..., Path]


@pytest.fixture
def make_corpus(tmp_path: Path) -> MakeCorpus:
    """Build a corpus folder in tmp_path: ``make_corpus(rows, files)``.

    ``files`` maps raw file names to bytes (or text, written as UTF-8). Each row is a dict of
    manifest values; ``file`` defaults to ``<id>.txt``, ``perspective`` to ``western_media`` and
    ``sha256`` to the hash of the file's bytes when the file is given. ``columns`` replaces the
    manifest header.
    """

    def build(rows: list[dict[str, str]] | None = None,
              files: dict[str, bytes | str] | None = None,
              columns: tuple[str, ...] = MANIFEST_COLUMNS) -> Path:
        corpus_dir = tmp_path / "corpus"
        raw_dir = corpus_dir / config.RAW_DIR_NAME
        raw_dir.mkdir(parents=True)
        if rows is None:
            rows = [{"id": "a1"}]
        if files is None:
            files = {f"{row['id']}.txt": ARTICLE_TEXT for row in rows}
        blobs = {name: data.encode("utf-8") if isinstance(data, str) else data
                 for name, data in files.items()}
        for name, data in blobs.items():
            (raw_dir / name).write_bytes(data)
        with (corpus_dir / config.MANIFEST_NAME).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore",
                                    lineterminator="\n")
            writer.writeheader()
            for row in rows:
                full = {"file": f"{row['id']}.txt", "perspective": "western_media", **row}
                if "sha256" not in row and full["file"] in blobs:
                    full["sha256"] = sha256_hex(blobs[full["file"]])
                writer.writerow(full)
        return corpus_dir

    return build


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory: pytest.TempPathFactory):
    """One full build of the default corpus into a temporary folder, shared by the slow tests."""
    from datetime import date

    from chokepoints.build import build_reports

    return build_reports(out_dir=tmp_path_factory.mktemp("build") / "reports",
                         as_of=date(2026, 1, 31))
