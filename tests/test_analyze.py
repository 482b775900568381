"""Tests for chokepoints.analyze: the seed tables agree with each other and with the raw files."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pandas as pd
import pytest

from chokepoints import config, schema
from chokepoints.analyze import (
    TABLE_NAMES,
    analyze_to,
    load_tables,
    read_tables,
    run_analysis,
    write_tables,
)
from chokepoints.corpus import normalize_text
from chokepoints.errors import ChokepointsError, CleaningRuleError, CorpusError, ParameterError
from tests.seeds import (
    ARTICLE_TEXT,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    SEED_CORPUS_DIR,
    SEED_IDS,
    SEED_RAW_DIR,
)

FURNITURE_TEXTS = ("Skip to main content", "Already a subscriber?", "Leave a Reply",
                   "Straight Into Your Inbox", "Related Posts", "Type-88 missile", "0 Comments",
                   "Submit a Comment", "Your email address", "JOIN THE MOVEMENT", "By Daniel",
                   "Inspired to launch", "Recent Reex News", "wp:paragraph", "Jan 12, 2026",
                   "(opens in a new tab)", "Beijing/Tokyo", "Keep up to date",
                   "How chinas rare earth")


def rows_of(frame: pd.DataFrame, article_id: str, column: str = "article_id") -> pd.DataFrame:
    return frame[frame[column] == article_id]


# --- the seed tables ------------------------------------------------------------------------


def test_seed_analysis_has_the_five_articles_in_manifest_order(seed_tables):
    assert list(seed_tables.articles["id"]) == list(SEED_IDS)


def test_seed_tables_are_valid(seed_tables):
    for name, frame in seed_tables.items():
        assert schema.validate(frame, name) == [], name


def test_n_sentences_equals_the_sentence_rows_of_each_article(seed_tables):
    for article in seed_tables.articles.itertuples():
        assert article.n_sentences == len(rows_of(seed_tables.sentences, article.id))


def test_n_furniture_lines_removed_equals_the_furniture_rows_of_each_article(seed_tables):
    cleaning = seed_tables.cleaning
    for article in seed_tables.articles.itertuples():
        own = rows_of(cleaning, article.id)
        assert article.n_furniture_lines_removed == (own["role"] == "furniture").sum()


def test_n_headings_equals_the_title_and_heading_rows(seed_tables):
    cleaning = seed_tables.cleaning
    for article in seed_tables.articles.itertuples():
        own = rows_of(cleaning, article.id)
        assert article.n_headings == own["role"].isin(["title", "heading"]).sum()


def test_n_paragraphs_equals_the_body_rows_and_the_paragraphs_with_sentences(seed_tables):
    for article in seed_tables.articles.itertuples():
        own_lines = rows_of(seed_tables.cleaning, article.id)
        own_sentences = rows_of(seed_tables.sentences, article.id)
        assert article.n_paragraphs == (own_lines["role"] == "body").sum()
        assert article.n_paragraphs == own_sentences["paragraph"].nunique()


def test_n_words_equals_the_words_of_the_sentences(seed_tables):
    for article in seed_tables.articles.itertuples():
        own = rows_of(seed_tables.sentences, article.id)
        assert article.n_words == own["text"].str.split().str.len().sum()


def test_seed_article_counts(seed_tables):
    counts = seed_tables.articles.set_index("id")[
        ["n_paragraphs", "n_sentences", "n_headings", "n_furniture_lines_removed"]]
    assert counts.astype(int).to_dict("index") == {
        SEED_000: {"n_paragraphs": 15, "n_sentences": 39, "n_headings": 0,
                   "n_furniture_lines_removed": 0},
        SEED_001: {"n_paragraphs": 16, "n_sentences": 39, "n_headings": 1,
                   "n_furniture_lines_removed": 2},
        SEED_002: {"n_paragraphs": 25, "n_sentences": 32, "n_headings": 6,
                   "n_furniture_lines_removed": 22},
        SEED_003: {"n_paragraphs": 23, "n_sentences": 28, "n_headings": 7,
                   "n_furniture_lines_removed": 1},
        SEED_004: {"n_paragraphs": 6, "n_sentences": 13, "n_headings": 0,
                   "n_furniture_lines_removed": 5},
    }


def test_every_sentence_occurs_in_its_raw_file(seed_tables):
    # Normalisation turns U+2011 into "-"; inline furniture recorded in the cleaning table is the
    # only other text taken out of a line.
    cuts = seed_tables.cleaning[seed_tables.cleaning["role"] == "inline_furniture"]
    for article_id in SEED_IDS:
        raw = (SEED_RAW_DIR / f"{article_id}.txt").read_text(encoding="utf-8")
        raw = raw.replace("\u2011", "-")
        for cut in rows_of(cuts, article_id).itertuples():
            raw = raw.replace(cut.text, "")
        raw = re.sub(r"[ \t]{2,}", " ", raw)
        for text in rows_of(seed_tables.sentences, article_id)["text"]:
            assert text in raw, text


def test_only_non_breaking_hyphens_are_normalised_in_the_seeds():
    # Guards the test above: its one replacement is all normalisation does to these files.
    for article_id in SEED_IDS:
        raw = (SEED_RAW_DIR / f"{article_id}.txt").read_text(encoding="utf-8")
        assert normalize_text(raw) == raw.replace("\u2011", "-")


@pytest.mark.parametrize("furniture", FURNITURE_TEXTS)
def test_no_furniture_text_occurs_in_any_sentence(seed_tables, furniture):
    assert not seed_tables.sentences["text"].str.contains(furniture, regex=False).any()


def test_no_removed_line_is_a_sentence(seed_tables):
    removed = set(seed_tables.cleaning.loc[seed_tables.cleaning["role"] == "furniture", "text"])
    assert removed.isdisjoint(set(seed_tables.sentences["text"]))


def test_headings_are_not_sentences(seed_tables):
    cleaning = seed_tables.cleaning
    structure = set(cleaning.loc[cleaning["role"].isin(["title", "heading"]), "text"])
    assert len(structure) == 14  # 2 titles, 12 section headings
    assert structure.isdisjoint(set(seed_tables.sentences["text"]))


def test_headings_label_the_sentences_beneath_them(seed_tables):
    sentences = seed_tables.sentences
    headings = set(sentences["heading"].dropna())
    cleaning = seed_tables.cleaning
    assert headings == set(cleaning.loc[cleaning["role"] == "heading", "text"])
    first = sentences.set_index("sentence_id").loc[f"{SEED_003}-p03-s01"]
    assert first["heading"] == "What China Has Banned and Why"


def test_sentences_before_any_heading_have_a_missing_heading(seed_tables):
    sentences = seed_tables.sentences
    assert sentences.loc[sentences["article_id"] == SEED_000, "heading"].isna().all()


def test_bullets_are_flagged_on_their_sentences(seed_tables):
    bullets = seed_tables.sentences[seed_tables.sentences["is_bullet"]]
    assert set(bullets["article_id"]) == {SEED_002, SEED_003}
    assert "High-end semiconductors and microchips" in set(bullets["text"])


def test_sentence_ids_are_unique_and_name_article_paragraph_and_sentence(seed_tables):
    sentences = seed_tables.sentences
    assert sentences["sentence_id"].is_unique
    for row in sentences.itertuples():
        assert row.sentence_id == f"{row.article_id}-p{row.paragraph:02d}-s{row.sentence:02d}"


def test_n_chars_is_the_length_of_the_sentence(seed_tables):
    sentences = seed_tables.sentences
    assert (sentences["n_chars"] == sentences["text"].str.len()).all()


def test_every_row_points_to_an_analysed_article(seed_tables):
    ids = set(seed_tables.articles["id"])
    assert set(seed_tables.sentences["article_id"]) <= ids
    assert set(seed_tables.cleaning["article_id"]) == ids


def test_inline_furniture_rows_follow_the_line_they_were_cut_from(seed_tables):
    own = rows_of(seed_tables.cleaning, SEED_003).reset_index(drop=True)
    assert list(own.loc[:1, "role"]) == ["body", "inline_furniture"]
    assert list(own.loc[:1, "line_no"]) == [2, 2]
    assert own.loc[1, "text"] == "Beijing/Tokyo \u2014 January 7, 2026 \u2014"


def test_cleaning_rows_are_ordered_by_line_within_each_article(seed_tables):
    for article_id in SEED_IDS:
        line_numbers = list(rows_of(seed_tables.cleaning, article_id)["line_no"])
        assert line_numbers == sorted(line_numbers)


def test_article_titles_come_from_the_manifest_else_from_the_text(seed_tables):
    titles = seed_tables.articles.set_index("id")["title"]
    assert titles[SEED_001].startswith("China Bans Exports of Dual-Use Goods to Japan")
    assert titles[SEED_002].startswith("China Tightens Export Controls on Japan")
    assert pd.isna(titles[SEED_003])


def test_article_labels_use_outlet_then_title_then_first_sentence(seed_tables):
    labels = seed_tables.articles.set_index("id")["label"]
    assert labels[SEED_002] == "Rare Earth Exchanges"
    assert labels[SEED_001] == "China Bans Exports of Dual-Use Goods\u2026"
    assert labels[SEED_000] == "\u201cTensions between China and Japan have\u2026\u201d"


def test_unknown_manifest_values_are_missing_not_empty(seed_tables):
    articles = seed_tables.articles.set_index("id")
    assert pd.isna(articles.loc[SEED_000, "outlet"])
    assert pd.isna(articles.loc[SEED_000, "published"])
    assert articles.loc[SEED_001, "published"] == pd.Timestamp("2026-01-06")


# --- options --------------------------------------------------------------------------------


def test_run_analysis_as_of_leaves_out_later_articles():
    tables = run_analysis(config.DEFAULT_CORPUS_DIR, as_of=date(2026, 1, 6))
    assert list(tables.articles["id"]) == [SEED_000, SEED_001, SEED_004]
    assert set(tables.sentences["article_id"]) == {SEED_000, SEED_001, SEED_004}
    assert set(tables.cleaning["article_id"]) == {SEED_000, SEED_001, SEED_004}


def test_run_analysis_refuses_an_unknown_scorer():
    with pytest.raises(ParameterError, match="unknown sentiment scorer 'nope'"):
        run_analysis(config.DEFAULT_CORPUS_DIR, scorer_name="nope")


def test_override_for_an_article_not_in_the_manifest_is_refused(make_corpus):
    corpus_dir = make_corpus()
    (corpus_dir / config.CLEANING_OVERRIDES_NAME).write_text(
        "article_id,line,role,kind,reason\na2,China said the controls were lawful.,furniture,"
        "caption,typo in the id\n", encoding="utf-8")
    with pytest.raises(CleaningRuleError, match="article 'a2' is not in the manifest"):
        run_analysis(corpus_dir)


def test_override_for_an_article_left_out_by_as_of_is_accepted(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}, {"id": "a2", "published": "2026-02-01"}])
    (corpus_dir / config.CLEANING_OVERRIDES_NAME).write_text(
        "article_id,line,role,kind,reason\na2,China said the controls were lawful.,furniture,"
        "caption,a real line of a2\n", encoding="utf-8")
    tables = run_analysis(corpus_dir, as_of=date(2026, 1, 7))
    assert list(tables.articles["id"]) == ["a1"]


def test_crafted_article_without_furniture_keeps_every_sentence(make_corpus):
    tables = run_analysis(make_corpus())
    assert list(tables.sentences["text"]) == [
        "Japan protested on Tuesday.", "Officials called the ban unacceptable.",
        "China said the controls were lawful."]
    assert ARTICLE_TEXT.count("\n\n") == 1
    assert tables.articles.loc[0, "n_paragraphs"] == 2


# --- writing and reading --------------------------------------------------------------------


def test_write_then_read_tables_round_trips_equal_frames(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    back = read_tables(tmp_path)
    for name, frame in seed_tables.items():
        pd.testing.assert_frame_equal(getattr(back, name), frame, check_exact=True)


def test_write_tables_writes_every_table_and_a_datapackage(seed_tables, tmp_path):
    written = write_tables(seed_tables, tmp_path / "out")
    assert [p.name for p in written] == [f"{n}.csv" for n in TABLE_NAMES] + ["datapackage.json"]
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert package == schema.datapackage(list(TABLE_NAMES))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)


def test_write_tables_refuses_an_invalid_table_and_writes_nothing(seed_tables, tmp_path):
    bad = seed_tables.sentences.copy()
    bad.loc[0, "polarity"] = 2.0
    tables = dataclasses.replace(seed_tables, sentences=bad)
    with pytest.raises(ChokepointsError, match=r"sentences\.polarity: values above 1"):
        write_tables(tables, tmp_path / "out")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_write_tables_leaves_earlier_tables_alone_when_refusing(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    bad = seed_tables.cleaning.copy()
    bad.loc[0, "role"] = "footer"
    with pytest.raises(ChokepointsError, match=r"cleaning\.role"):
        write_tables(dataclasses.replace(seed_tables, cleaning=bad), tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_load_tables_reads_written_tables_when_given_a_folder(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    loaded = load_tables(tables_dir=tmp_path)
    pd.testing.assert_frame_equal(loaded.articles, seed_tables.articles, check_exact=True)


def test_load_tables_accepts_an_iso_as_of_date():
    tables = load_tables(as_of="2026-01-06")
    assert list(tables.articles["id"]) == [SEED_000, SEED_001, SEED_004]


class _Terminal:
    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_bar_only_for_long_runs_on_a_terminal(monkeypatch):
    from chokepoints import analyze

    many, few = list(range(analyze.PROGRESS_MIN_ARTICLES + 1)), [1, 2]
    assert analyze._progress(many, True, "analyze") is many  # pytest's stderr: no terminal
    monkeypatch.setattr(analyze.sys, "stderr", _Terminal())
    assert analyze._progress(few, True, "analyze") is few
    assert analyze._progress(many, False, "analyze") is many
    bar = analyze._progress(many, True, "analyze")
    assert bar is not many and list(bar) == many


def test_undated_articles_are_anchored_to_the_corpus_not_the_build_date():
    """'In November' in an undated article of a January 2026 corpus is November 2025, even in
    a build run in late 2026."""

    late = run_analysis(as_of=date(2026, 11, 25))
    assert (late.events["date_start"].dropna() <= pd.Timestamp("2026-01-12")).all()
    pd.testing.assert_frame_equal(late.events, run_analysis().events)


def test_a_back_dated_analysis_leaves_out_later_curated_events():
    early = run_analysis(as_of=date(2026, 1, 7))
    assert (early.events["date_start"].dropna() <= pd.Timestamp("2026-01-07")).all()
    assert "2026-01-09" not in set(early.events["date_value"])


@pytest.mark.parametrize("chunk_size", [1, 2, 3])
def test_streamed_analysis_writes_the_same_files_as_the_whole_corpus(seed_tables, tmp_path,
                                                                      chunk_size):
    write_tables(seed_tables, tmp_path / "whole")
    written = analyze_to(SEED_CORPUS_DIR, tmp_path / "streamed", chunk_size=chunk_size)
    tables = [path for path in written if path.parent == tmp_path / "streamed"]
    assert sorted(path.name for path in tables) == sorted(
        path.name for path in (tmp_path / "whole").iterdir())
    for path in tables:
        assert path.read_bytes() == (tmp_path / "whole" / path.name).read_bytes(), path.name
    assert not list((tmp_path / "streamed").glob(".analyze-*"))  # no staging folder left


def test_streamed_back_dated_analysis_equals_the_back_dated_whole(tmp_path):
    as_of = date(2026, 1, 6)
    write_tables(run_analysis(as_of=as_of), tmp_path / "whole")
    analyze_to(SEED_CORPUS_DIR, tmp_path / "streamed", as_of, chunk_size=1)
    for path in (tmp_path / "whole").iterdir():
        assert path.read_bytes() == (tmp_path / "streamed" / path.name).read_bytes(), path.name


def test_a_stream_failing_midway_leaves_the_output_folder_as_it_was(make_corpus, tmp_path):
    # The third article passes the scan (listed, present, its sha256 right) but is binary, so
    # reading it fails after two chunks were written.
    rows = [{"id": "a1"}, {"id": "a2"}, {"id": "a3"}]
    corpus = make_corpus(rows, {"a1.txt": ARTICLE_TEXT, "a2.txt": ARTICLE_TEXT,
                                "a3.txt": b"\x00\x01binary\x00" * 50})
    out = tmp_path / "tables"
    out.mkdir()
    (out / "articles.csv").write_text("the last good tables\n")
    with pytest.raises(CorpusError, match=r"a3\.txt"):
        analyze_to(corpus, out, chunk_size=1)
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv"]
    assert (out / "articles.csv").read_text() == "the last good tables\n"


def test_analyze_to_refuses_a_chunk_size_below_one(tmp_path):
    with pytest.raises(ParameterError, match="chunk size"):
        analyze_to(SEED_CORPUS_DIR, tmp_path, chunk_size=0)


def test_streamed_runs_count_their_articles_on_a_progress_bar(monkeypatch, seed_corpus):
    from chokepoints import analyze

    monkeypatch.setattr(analyze.sys, "stderr", _Terminal())
    assert analyze.progress_bar(analyze.PROGRESS_MIN_ARTICLES, True, "analyze") is None
    bar = analyze.progress_bar(analyze.PROGRESS_MIN_ARTICLES + 1, True, "analyze")
    articles = seed_corpus.articles
    parts = [analyze.analyze_articles(articles[:2]), analyze.analyze_articles(articles[2:])]
    assert list(analyze.counting(parts, bar)) == parts
    assert bar.n == len(articles) == 5
    bar.close()


def test_a_long_streamed_run_shows_the_merge_on_a_bar_of_its_own(monkeypatch, seed_corpus,
                                                                 tmp_path):
    from chokepoints import analyze, events

    class Recording(_Terminal):
        text = ""

        def write(self, text: str) -> int:
            Recording.text += text
            return len(text)

    monkeypatch.setattr(analyze.sys, "stderr", Recording())
    monkeypatch.setattr(analyze, "PROGRESS_MIN_ARTICLES", 2)
    monkeypatch.setattr(events, "PROGRESS_STEP", 10)
    analyze.analyze_to(SEED_CORPUS_DIR, tmp_path, chunk_size=2)
    found = pd.read_csv(tmp_path / "sentences.csv")  # the run completed
    assert len(found) and "analyze (local)" in Recording.text
    merged = re.findall(r"merge events: +100%\|[^|]*\| (\d+)/(\d+)", Recording.text)
    assert merged and merged[-1][0] == merged[-1][1]  # every event found counted


def test_the_merge_reports_every_event_found_in_steps(monkeypatch, seed_tables):
    from chokepoints import events

    found = events.extracted_events(seed_tables.sentences, seed_tables.articles,
                                    as_of=date(2026, 1, 31))
    monkeypatch.setattr(events, "PROGRESS_STEP", 10)
    steps: list[int] = []
    events.merge_events(found, None, progress=steps.append)
    assert sum(steps) == len(found) > 20
    assert steps[0] == 10 and all(step <= 10 for step in steps)
    assert len([step for step in steps if step != 10]) <= 2  # what is left of each pass


def test_reading_tables_waits_while_a_build_writes_them(tmp_path, seed_tables):
    import threading

    from chokepoints.analyze import wait_for_tables

    pending = tmp_path / config.TABLES_PENDING_NAME
    pending.touch()

    def finish() -> None:
        write_tables(seed_tables, tmp_path)
        pending.unlink()

    timer = threading.Timer(0.3, finish)
    timer.start()
    loaded = read_tables(tmp_path)  # waits, then reads the complete tables
    timer.join()
    assert len(loaded.articles) == len(seed_tables.articles)
    wait_for_tables(tmp_path)  # nothing pending: returns at once


def test_reading_tables_of_a_failed_analysis_says_so(tmp_path):
    from chokepoints.analyze import wait_for_tables

    (tmp_path / config.TABLES_FAILED_NAME).write_text("CorpusError: a3.txt: looks binary")
    with pytest.raises(ChokepointsError, match=r"the analysis failed: CorpusError: a3\.txt"):
        wait_for_tables(tmp_path)


def test_a_stopwatch_sums_each_stage_and_a_disabled_one_records_nothing():
    import time

    from chokepoints.analyze import Stopwatch

    clock = Stopwatch()
    for _ in range(2):
        with clock.stage("load"):
            time.sleep(0.01)
            with clock.stage("write"):  # nested stages each count their own block
                time.sleep(0.01)
    assert set(clock.seconds) == {"load", "write"}
    assert clock.seconds["write"] >= 0.02
    assert clock.seconds["load"] >= clock.seconds["write"] + 0.02  # its own sleeps, and write's
    off = Stopwatch(enabled=False)
    with off.stage("load"):
        pass
    assert off.seconds == {}
