"""The Dask engine: the per-article stages on Dask workers, the corpus-wide steps on the client.

The corpus is read and validated on the client and cut into partitions of consecutive
articles; each worker runs `chokepoints.analyze.analyze_articles` on its partitions (the same
code as the local engine), and the client joins the partitions in corpus order and merges the
events across articles (`chokepoints.analyze.finish_tables`). The tables equal the local
engine's row for row. Workers need this package (and its ``data/`` folder, see
``CHOKEPOINTS_HOME``) installed; the articles' texts travel from the client, so workers need
no copy of the corpus.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from chokepoints import config
from chokepoints.analyze import (
    PROGRESS_MIN_ARTICLES,
    Tables,
    analyze_articles,
    finish_tables,
    stand_in_anchor,
)
from chokepoints.clean import load_overrides
from chokepoints.corpus import Corpus, load_corpus
from chokepoints.errors import ChokepointsError

#: Articles per task: large enough that scheduling costs little beside the analysis (about a
#: second of work each), small enough to spread a corpus of a few hundred articles.
DEFAULT_PARTITION_SIZE = 50
INSTALL_HINT = "pip install 'chokepoints[dask]'"
ENGINES = ("local", "dask")


def _client_class():
    try:
        from distributed import Client
    except ImportError:
        raise ChokepointsError(f"the dask engine needs dask and distributed: "
                               f"{INSTALL_HINT}") from None
    return Client


def analyze_corpus_dask(corpus: Corpus, scorer_name: str = "textblob",
                        frames_file: Path = config.FRAMES_FILE, as_of: date | None = None, *,
                        scheduler: str | None = None,
                        partition_size: int = DEFAULT_PARTITION_SIZE,
                        progress: bool = True) -> Tables:
    """Analyse a loaded corpus on a Dask cluster; the tables equal `analyze_corpus`'s.

    Args:
        corpus: a validated corpus (see `chokepoints.corpus.load_corpus`).
        scorer_name: registered sentiment scorer (registered on the workers too).
        frames_file: the frame lexicon (a path the workers can read).
        as_of: the build's as-of date (see `chokepoints.analyze.stand_in_anchor`).
        scheduler: address of a running scheduler (``tcp://host:8786``); None starts a local
            cluster of one worker process per core for this run.
        partition_size: articles per task.
        progress: show a progress bar on stderr for runs over `PROGRESS_MIN_ARTICLES`
            articles on a terminal.

    Raises:
        ChokepointsError: dask or distributed is not installed.
    """
    client_class = _client_class()
    if partition_size < 1:
        raise ChokepointsError(f"partition size must be at least 1, not {partition_size}")
    overrides = load_overrides(corpus.directory, [a.meta.id for a in corpus.articles]
                               + [row.id for row in corpus.excluded])
    anchor = stand_in_anchor(corpus.articles, as_of)
    articles = corpus.articles
    partitions = [articles[i:i + partition_size]
                  for i in range(0, len(articles), partition_size)] or [[]]
    client = client_class(scheduler) if scheduler else client_class(processes=True)
    try:
        futures = [client.submit(analyze_articles, partition, overrides, scorer_name,
                                 frames_file, anchor, pure=False)
                   for partition in partitions]
        if progress and len(articles) > PROGRESS_MIN_ARTICLES and sys.stderr.isatty():
            from distributed import as_completed
            from tqdm import tqdm

            sizes = {future.key: len(partition)
                     for future, partition in zip(futures, partitions, strict=True)}
            with tqdm(total=len(articles), desc="analyze (dask)", unit="article",
                      file=sys.stderr) as bar:
                for future in as_completed(futures):
                    bar.update(sizes[future.key])
        parts = client.gather(futures)
    finally:
        client.close()
    return finish_tables(parts, as_of=as_of)


def run_analysis_dask(corpus_dir: Path = config.DEFAULT_CORPUS_DIR, as_of: date | None = None,
                      scorer_name: str = "textblob", *, scheduler: str | None = None,
                      partition_size: int = DEFAULT_PARTITION_SIZE,
                      progress: bool = True) -> Tables:
    """Load a corpus (articles published after ``as_of`` left out) and analyse it on Dask."""
    return analyze_corpus_dask(load_corpus(Path(corpus_dir), as_of), scorer_name,
                               as_of=as_of, scheduler=scheduler,
                               partition_size=partition_size, progress=progress)
