"""The Dask engine: the per-article stages on Dask workers, the corpus-wide steps on the client.

The corpus is validated on the client and cut into partitions of consecutive articles; each
worker runs `chokepoints.analyze.analyze_articles` on its partitions (the same code as the local
engine), and the client takes the results in corpus order (a bounded number in flight, so
`chokepoints.analyze.analyze_to` can stream them into the tables) and merges the events across
articles. The tables equal the local
engine's row for row. Workers need this package (and its ``data/`` folder, see
``CHOKEPOINTS_HOME``) installed; the articles' texts travel from the client, so workers need
no copy of the corpus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from chokepoints import config
from chokepoints.analyze import (
    PartialTables,
    Tables,
    analyze_articles,
    counting,
    finish_tables,
    progress_bar,
    stand_in_anchor,
)
from chokepoints.clean import Override, load_overrides
from chokepoints.corpus import Corpus, load_corpus
from chokepoints.errors import ChokepointsError
from chokepoints.models import Article

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


def analyze_parts_dask(partitions: Iterable[list[Article]], overrides: Sequence[Override],
                       scorer_name: str = "textblob", frames_file: Path = config.FRAMES_FILE,
                       anchor: date | None = None, *, scheduler: str | None = None,
                       in_flight: int | None = None) -> Iterator[PartialTables]:
    """Run `chokepoints.analyze.analyze_articles` on each partition on Dask workers; yield the
    results in partition order.

    Partitions are read from ``partitions`` (an iterator may read them lazily) only as workers
    free up: at most ``in_flight`` are submitted and not yet yielded, so memory stays bounded
    on the client and on the cluster, whatever the corpus size.

    Args:
        partitions: consecutive articles, in corpus order.
        overrides: the corpus's cleaning overrides.
        scorer_name: registered sentiment scorer (registered on the workers too).
        frames_file: the frame lexicon (a path the workers can read).
        anchor: stand-in publication date of undated articles.
        scheduler: address of a running scheduler (``tcp://host:8786``); None starts a local
            cluster of one worker process per core for this run.
        in_flight: partitions submitted at once (default: two per worker thread).

    Raises:
        ChokepointsError: dask or distributed is not installed.
    """
    client_class = _client_class()
    client = client_class(scheduler) if scheduler else client_class(processes=True)
    try:
        limit = in_flight or 2 * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        for partition in partitions:
            pending.append(client.submit(analyze_articles, partition, list(overrides),
                                         scorer_name, frames_file, anchor, pure=False))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()


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
        ChokepointsError: dask or distributed is not installed, or a partition size below 1.
    """
    if partition_size < 1:
        raise ChokepointsError(f"partition size must be at least 1, not {partition_size}")
    _client_class()
    overrides = load_overrides(corpus.directory, [a.meta.id for a in corpus.articles]
                               + [row.id for row in corpus.excluded])
    articles = corpus.articles
    partitions = [articles[i:i + partition_size]
                  for i in range(0, len(articles), partition_size)] or [[]]
    parts = analyze_parts_dask(partitions, overrides, scorer_name, frames_file,
                               stand_in_anchor(articles, as_of), scheduler=scheduler)
    bar = progress_bar(len(articles), progress, "analyze (dask)")
    try:
        return finish_tables(list(counting(parts, bar)), as_of=as_of)
    finally:
        if bar is not None:
            bar.close()


def run_analysis_dask(corpus_dir: Path = config.DEFAULT_CORPUS_DIR, as_of: date | None = None,
                      scorer_name: str = "textblob", *, scheduler: str | None = None,
                      partition_size: int = DEFAULT_PARTITION_SIZE,
                      progress: bool = True) -> Tables:
    """Load a corpus (articles published after ``as_of`` left out) and analyse it on Dask."""
    return analyze_corpus_dask(load_corpus(Path(corpus_dir), as_of), scorer_name,
                               as_of=as_of, scheduler=scheduler,
                               partition_size=partition_size, progress=progress)
