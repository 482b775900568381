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
