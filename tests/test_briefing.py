"""Computed narrative: every number comes from the tables, article text is escaped."""

from __future__ import annotations

import dataclasses

import pandas as pd

from chokepoints import briefing
from chokepoints.actors import load_actors
from chokepoints.summaries import (
    frame_contrasts,
    frame_shares,
    scorer_agreement_by_article,
    sentiment_by,
    voice_shares,
)


def test_describe_corpus_counts_articles_words_and_furniture(seed_tables):
    text = briefing.describe_corpus(seed_tables.articles)
    articles = seed_tables.articles
    assert text.startswith("5 articles (2 western media, 1 think tank")
    assert f"{int(articles['n_words'].sum()):,} words" in text
    assert f"{int(articles['n_sentences'].sum()):,} sentences" in text
    assert "published 6 January 2026 to 12 January 2026 (2 undated)" in text


def test_describe_an_empty_corpus():
    empty = pd.DataFrame(columns=["perspective", "published"])
    assert "no article" in briefing.describe_corpus(empty)


def test_header_states_the_as_of_date(seed_tables):
    assert "As of 10 January 2026." in briefing.header("T", seed_tables.articles, "2026-01-10")
    assert "As of the latest article (12 January 2026)" in briefing.header(
        "T", seed_tables.articles, None)


def test_header_escapes_article_text(seed_tables):
    articles = seed_tables.articles.assign(perspective="<script>x</script>")
    page = briefing.header("<b>T</b>", articles, None)
    assert "<script>" not in page
    assert "&lt;b&gt;T&lt;/b&gt;" in page


def test_tone_contrast_names_extremes_with_intervals(seed_tables):
    summary = sentiment_by(seed_tables, "perspective")
    text = briefing.tone_contrast(summary, "perspective")
    low = summary.sort_values("mean").iloc[0]
    assert f"{low['mean']:+.3f}" in text
    assert "interval" in text


def test_frame_findings_report_the_widest_gap(seed_tables):
    contrasts = frame_contrasts(frame_shares(seed_tables, "perspective"))
    text = briefing.frame_findings(contrasts)
    widest = contrasts["widest"]
    assert f"{widest['high_pct']:.0f}%" in text
    assert widest["label"].lower() in text


def test_voice_findings_name_each_outlet(seed_tables):
    voices = voice_shares(seed_tables, load_actors().sides)
    text = briefing.voice_findings(voices)
    for outlet in voices["outlet"].unique():
        assert outlet in text


def test_agreement_findings_count_disagreements(seed_tables):
    agreement, disagreements = scorer_agreement_by_article(seed_tables)
    text = briefing.agreement_findings(agreement, disagreements)
    assert f"on {len(disagreements)} sentences" in text


def test_sentiment_summary_quotes_the_most_negative_sentence(seed_tables):
    text = briefing.sentiment_summary(seed_tables.articles, seed_tables.sentences)
    worst = seed_tables.sentences.sort_values("polarity", kind="stable").iloc[0]
    assert worst["text"] in text
    assert worst["sentence_id"] in text


def test_provenance_names_version_corpus_and_parameters():
    text = briefing.provenance(None, {"as_of": "2026-01-10"})
    assert "data/corpus" in text
    assert "as_of=&#x27;2026-01-10&#x27;" in text


def test_as_paragraph_escapes():
    assert briefing.as_paragraph("<i>x</i>") == "<p>&lt;i&gt;x&lt;/i&gt;</p>"


def test_cleaning_summary_counts_kinds(seed_tables):
    summary = briefing.cleaning_summary(seed_tables.cleaning)
    removed = seed_tables.cleaning["role"].isin(["furniture", "inline_furniture"]).sum()
    assert summary["Lines or pieces"].sum() == removed


def test_selection_with_no_quotes_still_reads(seed_tables):
    tables = dataclasses.replace(seed_tables, quotes=seed_tables.quotes.head(0))
    assert "No attributed quotes" in briefing.voice_findings(
        voice_shares(tables, load_actors().sides))


def test_readers_see_claims_as_written_in_plain_numbers_by_article(seed_tables):
    from chokepoints.briefing import claims_table, format_figure

    assert [format_figure(v) for v in (65.0, 1e11, 0.35, 1100, -0.0, None, float("nan"))] == [
        "65", "100,000,000,000", "0.35", "1,100", "0", "", ""]
    overview = claims_table(seed_tables.claims, seed_tables.articles)
    assert len(overview) == len(seed_tables.claims)
    assert set(overview.index) <= set(seed_tables.articles["label"])
    assert not overview.isna().any().any()
    html = overview.to_html()
    assert "<NA>" not in html and "NaN" not in html and "e+" not in html
    ranged = overview[overview["Range"] != ""]
    assert not ranged.empty and ranged["Range"].str.contains("–").all()
    none = claims_table(seed_tables.claims.iloc[:0], seed_tables.articles)  # a corpus without
    assert none.empty and list(none.columns) == list(overview.columns)  # figures: no error


def test_readers_see_the_reconciliation_in_plain_numbers_and_years(seed_tables):
    from chokepoints.briefing import reconciliation_table
    from chokepoints.dependency import load_references, reconcile

    reconciled = reconcile(seed_tables.claims, seed_tables.articles, seed_tables.sentences,
                           load_references(), seed_tables.quotes)
    overview = reconciliation_table(reconciled)
    assert not reconciled.empty and len(overview) == len(reconciled)
    assert overview.index.name == "Metric"
    assert not overview.isna().any().any()
    html = overview.to_html()
    assert "<NA>" not in html and "NaN" not in html and ".0<" not in html
    assert overview["Vintage"].str.fullmatch(r"(\d{4})?").all()


def test_reader_tables_rename_columns_and_show_plain_numbers_and_empty_cells():
    from chokepoints.briefing import reader_table

    frame = pd.DataFrame({"scenario": ["cut", "long cut"], "loss_jpy": [6.6e11, None],
                          "months": pd.array([3, None], dtype="Int64"),
                          "preferred": [True, False], "quality": ["ok", None]})
    table = reader_table(frame, {"scenario": "Scenario", "loss_jpy": "Loss (yen)",
                                 "months": "Months", "preferred": "Drawn",
                                 "quality": "Quality note"})
    assert table.index.name == "Scenario" and list(table.index) == ["cut", "long cut"]
    assert table.loc["cut"].tolist() == ["660,000,000,000", "3", True, "ok"]
    assert table.loc["long cut"].tolist() == ["", "", False, ""]
