"""The analysis pipeline: corpus -> cleaning -> sentences -> scores, frames, quotes -> tables."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from chokepoints import config, schema
from chokepoints.actors import actor_sentiment_table, load_actors
from chokepoints.claims import extract_claims, load_metrics
from chokepoints.clean import Override, clean_text, load_overrides
from chokepoints.corpus import Corpus, load_corpus, read_article, scan_corpus
from chokepoints.errors import ChokepointsError
from chokepoints.events import (
    FoundEvents,
    extracted_events,
    load_curated_events,
    load_event_types,
    merge_events,
)
from chokepoints.files import write_atomic
from chokepoints.frames import frames_table, load_frames
from chokepoints.hedging import find_hedges, load_hedges
from chokepoints.models import Article, CleanArticle, ManifestRow
from chokepoints.patterns import words_in
from chokepoints.quotes import Quote, extract_quotes
from chokepoints.sentences import split_sentences
from chokepoints.sentiment import get_scorer, score_vader_compound, weighted_mean

TABLE_NAMES = ("articles", "sentences", "frames", "quotes", "actor_sentiment", "claims",
               "events", "cleaning")
#: The tables whose rows each depend on one article (every table but the merged events).
ARTICLE_TABLES = tuple(name for name in TABLE_NAMES if name != "events")
LABEL_WORDS = 6
#: Runs over more articles than this show a progress bar (on a terminal).
PROGRESS_MIN_ARTICLES = 200


@dataclass
class Tables:
    """The analysis tables of one corpus (see `chokepoints.schema` for every column)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    frames: pd.DataFrame
    quotes: pd.DataFrame
    actor_sentiment: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    cleaning: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        """(name, frame) pairs in a stable order."""
        return [(name, getattr(self, name)) for name in TABLE_NAMES]


class Stopwatch:
    """Seconds spent per analysis stage, summed over articles (for `bench/scale.py`).

    ``with clock.stage(name):`` adds the block's time to stage ``name``. A stopwatch that is not
    ``enabled`` measures nothing and costs next to nothing: stages are entered several times per
    sentence, so they are plain objects rather than generator-based context managers.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.seconds: dict[str, float] = {}

    def stage(self, name: str) -> AbstractContextManager[None]:
        """A context manager that adds the time spent in its ``with`` block to ``name``."""
        return _Stage(self.seconds, name) if self.enabled else _NOT_TIMED


class _Stage:
    __slots__ = ("name", "seconds", "started")

    def __init__(self, seconds: dict[str, float], name: str) -> None:
        self.seconds, self.name, self.started = seconds, name, 0.0

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc_info: object) -> None:
        self.seconds[self.name] = (self.seconds.get(self.name, 0.0) + time.perf_counter()
                                   - self.started)


_NOT_TIMED = nullcontext()
_OFF = Stopwatch(enabled=False)


@dataclass
class PartialTables:
    """The per-article tables of some of a corpus's articles, before the corpus-wide steps.

    ``extracted_events`` holds the events found in these articles, not yet merged across
    articles or with the curated chronology (see `finish_tables`).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    frames: pd.DataFrame
    quotes: pd.DataFrame
    actor_sentiment: pd.DataFrame
    claims: pd.DataFrame
    extracted_events: pd.DataFrame
    cleaning: pd.DataFrame
    seconds: dict[str, float] = field(default_factory=dict)


def article_label(article: Article, title: str, first_sentence: str) -> str:
    """Short display name: the outlet, else the title's first words, else the first sentence's."""
    if article.meta.outlet:
        return article.meta.outlet
    text = title or first_sentence
    if not text:
        return article.meta.id
    words = text.split()
    short = " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")
    return short if title else f"“{short}”"


def _sentence_rows(article: Article, cleaned: CleanArticle, scorer,
                   quote_rows: list[dict], clock: Stopwatch = _OFF) -> list[dict]:
    """Sentences with their scores and hedges; quotes found per paragraph go to ``quote_rows``.

    Quotes are looked for in whole paragraphs, so that a quotation running over a sentence
    break keeps its speaker; each is filed under the sentence where it starts.
    """
    rows = []
    dictionary, hedges = load_actors(), load_hedges()
    context: list[Quote] = []  # the article's quotes so far, to resolve "officials" and such
    for paragraph in cleaned.paragraphs:
        with clock.stage("sentences"):
            spans = split_sentences(paragraph.text)
        ids = [f"{article.meta.id}-p{paragraph.number:02d}-s{n:02d}"
               for n in range(1, len(spans) + 1)]
        for number, (span, sentence_id) in enumerate(zip(spans, ids, strict=True), start=1):
            with clock.stage("sentiment"):
                polarity, subjectivity = scorer(span.text)
                vader_compound = score_vader_compound(span.text)
            with clock.stage("hedges"):
                cues = [match.cue.lower() for match in find_hedges(span.text, hedges)]
            rows.append({
                "sentence_id": sentence_id, "article_id": article.meta.id,
                "paragraph": paragraph.number, "sentence": number,
                "heading": paragraph.heading or pd.NA, "is_bullet": paragraph.is_bullet,
                "text": span.text, "n_chars": len(span.text),
                "polarity": polarity, "subjectivity": subjectivity,
                "vader_compound": vader_compound, "is_hedged": bool(cues),
                "hedge_cues": "; ".join(dict.fromkeys(cues)) or pd.NA,
            })
        with clock.stage("quotes"):
            found = extract_quotes(paragraph.text, dictionary, context, sentences=spans)
        context += found
        for quote in found:
            index = max((i for i, span in enumerate(spans) if span.start <= quote.start),
                        default=0)
            quote_rows.append({
                "article_id": article.meta.id, "sentence_id": ids[index], "quote": quote.quote,
                "speaker": quote.speaker or pd.NA, "side": quote.side, "kind": quote.kind,
                "is_scare_quote": quote.is_scare_quote, "verb": quote.verb or pd.NA,
            })
    return rows


def claims_rows(sentences: pd.DataFrame,
                words: Sequence[Sequence[str]] | None = None) -> list[dict]:
    """One row per numeric claim of every sentence (``words``: each sentence's `words_in`, when
    already found)."""
    metrics = load_metrics()
    texts = sentences["text"].tolist()
    return [
        {"article_id": article_id, "sentence_id": sentence_id, "text": claim.text,
         "value": claim.value, "low": claim.low, "high": claim.high, "unit": claim.unit,
         "qualifier": claim.qualifier, "kind": claim.kind, "metric": claim.metric,
         "refers_to_year": claim.year}
        for article_id, sentence_id, text, text_words in zip(
            sentences["article_id"].tolist(), sentences["sentence_id"].tolist(), texts,
            [None] * len(texts) if words is None else words, strict=True)
        for claim in extract_claims(text, metrics, text_words)
    ]


def _cleaning_rows(article: Article, cleaned: CleanArticle) -> list[dict]:
    rows = [{"article_id": article.meta.id, "line_no": line.line_no, "role": line.role,
             "kind": line.kind or pd.NA, "rule": line.rule or pd.NA, "text": line.text}
            for line in cleaned.lines]
    rows += [{"article_id": article.meta.id, "line_no": cut.line_no, "role": "inline_furniture",
              "kind": cut.kind, "rule": cut.rule, "text": cut.text}
             for cut in cleaned.inline_removals]
    return sorted(rows, key=lambda row: (row["line_no"], row["role"] == "inline_furniture"))


def stand_in_anchor(articles: Sequence[Article], as_of: date | None) -> date | None:
    """The date that anchors relative dates in undated articles (flagged as unanchored).

    The latest publication date in the corpus when there is one: articles of one episode are
    written together, and "in November" in an undated article about a January ban means last
    November, whenever the build runs. Else the build's as-of date.
    """
    return latest_published([article.meta for article in articles]) or as_of


def latest_published(rows: Sequence[ManifestRow]) -> date | None:
    """Latest publication date of some articles' manifest rows: the stand-in anchor for
    undated articles when no as-of date is given (so a corpus always gives the same tables)."""
    return max((row.published for row in rows if row.published is not None), default=None)


def _progress(articles: Sequence[Article], progress: bool, description: str):
    """``articles``, wrapped in a progress bar on stderr when the run is long and on a terminal."""
    return progress_bar(len(articles), progress, description, articles) or articles


def analyze_articles(articles: Sequence[Article], overrides: Sequence[Override] = (),
                     scorer_name: str = "textblob", frames_file: Path = config.FRAMES_FILE,
                     anchor: date | None = None, *, progress: bool = False,
                     clock: Stopwatch | None = None) -> PartialTables:
    """Run every per-article stage on some articles (a whole corpus, or one partition of it).

    Every row depends on its own article only, so the tables of a corpus's partitions,
    concatenated in order, are those of the whole corpus (see `finish_tables`).

    Args:
        articles: the articles, in corpus order.
        overrides: the corpus's cleaning overrides (see `chokepoints.clean.load_overrides`).
        scorer_name: registered sentiment scorer (see `chokepoints.sentiment`).
        frames_file: the frame lexicon.
        anchor: stand-in publication date of undated articles, for their relative dates (the
            build's as-of date, else the corpus's latest publication date).
        progress: show a progress bar on stderr (long runs on a terminal only).
        clock: a stopwatch that sums the seconds spent per stage (None: not timed).
    """
    clock = clock or _OFF
    scorer = get_scorer(scorer_name)
    article_rows, sentence_rows, cleaning_rows, quote_rows = [], [], [], []
    for article in _progress(articles, progress, "analyze"):
        with clock.stage("cleaning"):
            cleaned = clean_text(article.text, article.meta.id, overrides)
        sentences = _sentence_rows(article, cleaned, scorer, quote_rows, clock)
        weights = [row["n_chars"] for row in sentences]
        title = article.meta.title or cleaned.title
        article_rows.append({
            "id": article.meta.id,
            "label": article_label(article, title, sentences[0]["text"] if sentences else ""),
            "title": title,
            "outlet": article.meta.outlet, "published": article.meta.published,
            "perspective": article.meta.perspective, "url": article.meta.url,
            "file": article.meta.file, "n_paragraphs": len(cleaned.paragraphs),
            "n_sentences": len(sentences),
            "n_words": sum(len(p.text.split()) for p in cleaned.paragraphs),
            "n_headings": sum(line.role in ("title", "heading") for line in cleaned.lines),
            "n_furniture_lines_removed": cleaned.furniture_line_count,
            "polarity": weighted_mean([r["polarity"] for r in sentences], weights),
            "subjectivity": weighted_mean([r["subjectivity"] for r in sentences], weights),
        })
        sentence_rows += sentences
        with clock.stage("cleaning"):
            cleaning_rows += _cleaning_rows(article, cleaned)

    with clock.stage("tables"):
        articles_table = schema.from_rows(article_rows, "articles")
        articles_table = schema.coerce(articles_table.replace({"": pd.NA}), "articles")
        sentences = schema.from_rows(sentence_rows, "sentences")
        quotes = schema.from_rows(quote_rows, "quotes")
        cleaning = schema.from_rows(cleaning_rows, "cleaning")
    with clock.stage("frames"):
        # Each sentence's words, split once for the frame and metric lexicons (as tuples, which
        # the garbage collector stops tracking, while the stages between run).
        words = [tuple(words_in(text)) for text in sentences["text"].tolist()]
        frames = schema.coerce(frames_table(sentences, load_frames(frames_file), words),
                               "frames")
    with clock.stage("actor_sentiment"):
        actor_sentiment = schema.coerce(actor_sentiment_table(sentences), "actor_sentiment")
    with clock.stage("claims"):
        claims = schema.from_rows(claims_rows(sentences, words), "claims")
    with clock.stage("events"):
        found = extracted_events(sentences, articles_table, as_of=anchor,
                                 types=load_event_types(), actors=load_actors())
    return PartialTables(articles=articles_table, sentences=sentences, frames=frames,
                         quotes=quotes, actor_sentiment=actor_sentiment, claims=claims,
                         extracted_events=found, cleaning=cleaning,
                         seconds=dict(clock.seconds) if clock.enabled else {})


def finish_tables(parts: Sequence[PartialTables], curated: pd.DataFrame | None = None,
                  clock: Stopwatch | None = None, as_of: date | None = None) -> Tables:
    """The corpus-wide steps: join the partitions' tables in order and merge the events found
    across articles with each other and with the curated chronology.

    Args:
        parts: `analyze_articles` of each partition, in corpus order (at least one).
        curated: the curated chronology (default: `load_curated_events`).
        clock: a stopwatch that sums the seconds spent per stage (None: not timed).
        as_of: the build's as-of date: curated events that start later are left out, so a
            back-dated build shows only what was known then.
    """
    clock = clock or _OFF

    def joined(name: str) -> pd.DataFrame:
        frames = [getattr(part, name) for part in parts]
        if len(frames) == 1:
            return frames[0]
        return pd.concat(frames, ignore_index=True)

    with clock.stage("tables"):
        tables = {name: schema.coerce(joined(name), name) for name in ARTICLE_TABLES}
    with clock.stage("events_merge"):
        events = finish_events([part.extracted_events for part in parts], curated, as_of)
    return Tables(events=events, **tables)


def finish_events(found: Iterable[pd.DataFrame] | FoundEvents,
                  curated: pd.DataFrame | None = None,
                  as_of: date | None = None,
                  progress: Callable[[int], object] | None = None) -> pd.DataFrame:
    """The events table: the events found in each partition (in corpus order, read one
    partition at a time) merged across articles and with the curated chronology (see
    `finish_tables` for the arguments; ``progress``: see `merge_events`)."""
    curated = load_curated_events() if curated is None else curated
    if as_of is not None and len(curated):
        curated = curated[~(pd.to_datetime(curated["date_start"]) > pd.Timestamp(as_of))]
    return schema.coerce(merge_events(found, curated, types=load_event_types(),
                                      progress=progress), "events")


def analyze_corpus(corpus: Corpus, scorer_name: str = "textblob",
                   frames_file: Path = config.FRAMES_FILE, as_of: date | None = None, *,
                   progress: bool = True, clock: Stopwatch | None = None) -> Tables:
    """Run every stage on a loaded corpus and return the tables.

    Args:
        corpus: a validated corpus (see `chokepoints.corpus.load_corpus`).
        scorer_name: registered sentiment scorer (see `chokepoints.sentiment`).
        frames_file: the frame lexicon.
        as_of: the build's as-of date (see `stand_in_anchor` for undated articles).
        progress: show a progress bar on stderr for runs over `PROGRESS_MIN_ARTICLES` articles
            on a terminal.
        clock: a stopwatch that sums the seconds spent per stage (None: not timed).
    """
    overrides = load_overrides(corpus.directory, [a.meta.id for a in corpus.articles]
                               + [row.id for row in corpus.excluded])
    part = analyze_articles(corpus.articles, overrides, scorer_name, frames_file,
                            stand_in_anchor(corpus.articles, as_of), progress=progress,
                            clock=clock)
    return finish_tables([part], clock=clock, as_of=as_of)


def run_analysis(corpus_dir: Path = config.DEFAULT_CORPUS_DIR, as_of: date | None = None,
                 scorer_name: str = "textblob") -> Tables:
    """Load a corpus (articles published after ``as_of`` left out) and analyse it."""
    return analyze_corpus(load_corpus(Path(corpus_dir), as_of), scorer_name, as_of=as_of)


def write_tables(tables: Tables, out_dir: Path) -> list[Path]:
    """Write every table as CSV plus a ``datapackage.json`` describing them, atomically each.

    Raises:
        ChokepointsError: a table breaks its definition in the column dictionary.
    """
    # Every table is checked before any is written, so a refused set leaves no partial output.
    problems = [problem for name, frame in tables.items()
                for problem in schema.validate(frame, name)]
    if problems:
        raise ChokepointsError("; ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        written.append(write_atomic(out_dir / f"{name}.csv",
                                    lambda path, f=frame: schema.write_table(f, path)))
    written.append(schema.write_datapackage(list(TABLE_NAMES), out_dir))
    return written


def wait_for_tables(tables_dir: Path | str, poll_seconds: float = 0.02) -> None:
    """Wait while a build is still writing ``tables_dir`` (its analysis runs while the
    notebooks' kernels start).

    Raises:
        ChokepointsError: the build's analysis failed (with its error).
    """
    tables_dir = Path(tables_dir)
    while (tables_dir / config.TABLES_PENDING_NAME).exists():
        time.sleep(poll_seconds)
    failed = tables_dir / config.TABLES_FAILED_NAME
    if failed.exists():
        raise ChokepointsError(f"{tables_dir}: the analysis failed: "
                               f"{failed.read_text(encoding='utf-8').strip()}")


def read_tables(tables_dir: Path) -> Tables:
    """Read tables written by `write_tables` (waiting for a build still writing them)."""
    wait_for_tables(tables_dir)
    return Tables(**{name: schema.read_table(Path(tables_dir) / f"{name}.csv", name)
                     for name in TABLE_NAMES})


def load_tables(corpus_dir: Path | str | None = None, tables_dir: Path | str | None = None,
                as_of: date | str | None = None) -> Tables:
    """Tables for a notebook: read from ``tables_dir`` when a build wrote them, else computed.

    Args:
        corpus_dir: corpus folder (default: the project's default corpus).
        tables_dir: folder of CSV tables written by ``chokepoints analyze`` or a build.
        as_of: leave out articles published after this date (ISO string or date).
    """
    if tables_dir:
        return read_tables(Path(tables_dir))
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    return run_analysis(Path(corpus_dir) if corpus_dir else config.DEFAULT_CORPUS_DIR, as_of)


def analyze_to(corpus_dir: Path, out_dir: Path, as_of: date | None = None,
               scorer_name: str = "textblob", *, engine: str = "local",
               scheduler: str | None = None, chunk_size: int = config.CHUNK_ARTICLES,
               progress: bool = True, clock: Stopwatch | None = None) -> list[Path]:
    """Analyse a corpus and write its tables into ``out_dir`` (the `analyze` command), with the
    reference datasets the briefings chart, validated, in ``out_dir/reference``.

    The corpus is streamed: articles are read, analysed and appended to the tables
    ``chunk_size`` at a time (the manifest too: `chokepoints.corpus.scan_corpus`), so memory
    holds one chunk (per worker); the events found wait on disk
    (`chokepoints.events.FoundEvents`) and are merged at the end. The tables equal
    `write_tables` of `run_analysis`, byte for byte. They are written into a temporary folder
    and moved into ``out_dir`` only when complete: a failed run leaves ``out_dir`` as it was.

    Args:
        corpus_dir: corpus folder.
        out_dir: folder for the tables.
        as_of: leave out articles published later.
        scorer_name: registered sentiment scorer.
        engine: ``local`` (this process) or ``dask`` (see `chokepoints.distributed`).
        scheduler: with the dask engine, the scheduler's address (None: a local cluster).
        chunk_size: articles per chunk (per Dask task with the dask engine).
        progress: a progress bar on stderr (long runs on a terminal only).
        clock: a stopwatch that sums the seconds spent per stage (None: not timed).

    Raises:
        ParameterError: an unknown engine, a scheduler without the dask engine, or a chunk
            size below 1.
        CorpusError: the corpus is invalid (before anything is analysed), or an article cannot
            be read.
        ChokepointsError: a table breaks its definition in the column dictionary.
    """
    from chokepoints.errors import ParameterError
    from chokepoints.reference import publish_references

    if engine not in ("local", "dask"):
        raise ParameterError(f"unknown engine {engine!r}; available: dask, local")
    if scheduler and engine != "dask":
        raise ParameterError("--scheduler needs --engine dask")
    if chunk_size < 1:
        raise ParameterError(f"chunk size must be at least 1, not {chunk_size}")
    corpus_dir, out_dir, clock = Path(corpus_dir), Path(out_dir), clock or _OFF
    with clock.stage("load"):
        scan = scan_corpus(corpus_dir, as_of)
        overrides = load_overrides(corpus_dir, scan.ids)
    anchor = scan.latest or as_of
    chunks = scan.chunks(chunk_size)

    def articles(chunk: list[ManifestRow]) -> list[Article]:
        with clock.stage("load"):
            return [read_article(corpus_dir, row) for row in chunk]

    if engine == "dask":
        from chokepoints.distributed import analyze_parts_dask

        parts = analyze_parts_dask(map(articles, chunks), overrides, scorer_name,
                                   config.FRAMES_FILE, anchor, scheduler=scheduler)
    else:
        parts = (analyze_articles(articles(chunk), overrides, scorer_name, anchor=anchor,
                                  clock=clock) for chunk in chunks)
    bar = progress_bar(scan.n_articles, progress, f"analyze ({engine})")
    try:
        written = write_parts(counting(parts, bar), out_dir, as_of, clock,
                              progress=bar is not None)
    finally:
        if bar is not None:
            bar.close()
    return written + publish_references(out_dir / config.REFERENCE_TABLES_DIR_NAME)


def progress_bar(total: int, progress: bool, description: str, iterable=None,
                 unit: str = "article"):
    """A progress bar over ``total`` articles (of ``iterable`` if given; or other ``unit``s) on
    stderr, for long runs on a terminal; else None."""
    if not progress or total <= PROGRESS_MIN_ARTICLES or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=description, unit=unit, file=sys.stderr)


def counting(parts: Iterable[PartialTables], bar) -> Iterator[PartialTables]:
    """Yield ``parts``, advancing ``bar`` (if any) by each part's articles."""
    for part in parts:
        if bar is not None:
            bar.update(len(part.articles))
        yield part


def write_parts(parts: Iterable[PartialTables], out_dir: Path, as_of: date | None = None,
                clock: Stopwatch | None = None, progress: bool = False) -> list[Path]:
    """Append the tables of consecutive partitions to CSV files as they come, then merge the
    events and write them, with ``datapackage.json`` (the merge on a progress bar of its own
    with ``progress``, on a terminal).

    Every chunk is checked against the column dictionary before it is written. The files are
    written in a temporary folder inside ``out_dir`` and each is moved into place only when
    all are complete.

    Raises:
        ChokepointsError: a table breaks its definition (``out_dir`` is left as it was).
    """
    clock = clock or _OFF
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".analyze-", dir=out_dir))
    found = FoundEvents()  # on disk until the merge (see `FoundEvents`)
    try:
        first = True
        for part in parts:
            with clock.stage("write"):
                for name in ARTICLE_TABLES:
                    _append_table(getattr(part, name), name, staging, first)
            with clock.stage("events_merge"):
                found.add(part.extracted_events)
            first = False
        bar = progress_bar(len(found), progress, "merge events", unit="event")
        try:
            with clock.stage("events_merge"):
                events = finish_events(found, as_of=as_of,
                                       progress=None if bar is None else bar.update)
        finally:
            if bar is not None:
                bar.close()
        found.close()
        with clock.stage("write"):
            _append_table(events, "events", staging, first=True)
            schema.write_datapackage(list(TABLE_NAMES), staging)
            written = []
            for name in [f"{table}.csv" for table in TABLE_NAMES] + ["datapackage.json"]:
                os.replace(staging / name, out_dir / name)
                written.append(out_dir / name)
        return written
    finally:
        found.close()
        shutil.rmtree(staging, ignore_errors=True)


def _append_table(frame: pd.DataFrame, name: str, directory: Path, first: bool) -> None:
    problems = schema.validate(frame, name)
    if problems:
        raise ChokepointsError("; ".join(problems))
    schema.write_table(frame, directory / f"{name}.csv", append=not first)
