"""Per-outlet and per-perspective summaries keep their evidence and add up."""

from __future__ import annotations

import pandas as pd
import pytest

from chokepoints.actors import load_actors
from chokepoints.summaries import (
    actor_sentiment_by,
    frame_contrasts,
    frame_examples,
    frame_shares,
    hedging_by,
    quotes_table,
    scorer_agreement_by_article,
    select,
    sentiment_by,
    voice_shares,
)
from tests.seeds import SEED_002, SEED_004


def test_select_by_perspective_keeps_only_those_articles_in_every_table(seed_tables):
    chosen = select(seed_tables, perspectives=["western_media"])
    assert set(chosen.articles["perspective"]) == {"western_media"}
    keep = set(chosen.articles["id"])
    for name in ("sentences", "frames", "quotes", "actor_sentiment", "cleaning"):
        assert set(getattr(chosen, name)["article_id"]) <= keep


def test_select_by_outlet_accepts_a_single_name(seed_tables):
    chosen = select(seed_tables, outlets="Rare Earth Exchanges")
    assert list(chosen.articles["id"]) == [SEED_002]


def test_min_sentences_leaves_out_small_outlets(seed_tables):
    chosen = select(seed_tables, min_sentences=14)
    assert SEED_004 not in set(chosen.articles["id"])  # 13 sentences
    assert len(chosen.articles) == 4


def test_sentiment_by_outlet_has_an_interval_around_the_weighted_mean(seed_tables):
    summary = sentiment_by(seed_tables, "outlet")
    assert len(summary) == 5
    assert (summary["low"] <= summary["mean"]).all()
    assert (summary["mean"] <= summary["high"]).all()
    merged = summary.merge(seed_tables.articles, left_on="outlet", right_on="label")
    assert merged["mean"].tolist() == pytest.approx(merged["polarity"].tolist())
    assert (merged["n_sentences_x"] == merged["n_sentences_y"]).all()


def test_sentiment_by_perspective_counts_every_sentence(seed_tables):
    summary = sentiment_by(seed_tables, "perspective")
    assert summary["n_sentences"].sum() == len(seed_tables.sentences)
    assert set(summary["perspective"]) == set(seed_tables.articles["perspective"])


def test_frame_shares_are_counts_over_group_sentences(seed_tables):
    shares = frame_shares(seed_tables, "perspective")
    row = shares[(shares["perspective"] == "trade_press") & (shares["frame"] == "economic")]
    framed = seed_tables.frames[(seed_tables.frames["article_id"] == SEED_002)
                                & (seed_tables.frames["frame"] == "economic")]
    assert row["n_framed"].item() == len(framed)
    assert row["share_pct"].item() == pytest.approx(100 * len(framed) / 32)
    assert row["example_id"].item() in set(framed["sentence_id"])


def test_frame_shares_examples_carry_their_cues(seed_tables):
    examples = frame_examples(frame_shares(seed_tables, "outlet"))
    assert not examples.empty
    for row in examples.itertuples():
        assert row.example_cues.split("; ")[0].lower() in row.example.lower()


def test_frame_contrasts_name_the_top_frame_and_widest_gap():
    shares = pd.DataFrame({
        "perspective": ["a", "a", "b", "b"], "frame": ["x", "y", "x", "y"],
        "label": ["X", "Y", "X", "Y"], "share_pct": [50.0, 10.0, 20.0, 30.0]})
    contrasts = frame_contrasts(shares)
    assert contrasts["leans"].loc["a", "frame"] == "x"
    assert contrasts["leans"].loc["b", "frame"] == "y"
    assert contrasts["widest"]["frame"] == "x"
    assert contrasts["widest"]["gap_pct"] == 30.0
    assert (contrasts["widest"]["high_group"], contrasts["widest"]["low_group"]) == ("a", "b")


def test_actor_sentiment_by_outlet_shows_the_extreme_sentences(seed_tables):
    summary = actor_sentiment_by(seed_tables, load_actors().labels)
    assert set(summary["actor"]) == {"china", "japan", "united_states", "taiwan"}
    row = summary.sort_values("n_sentences").iloc[-1]
    assert row["most_negative_polarity"] <= row["polarity"] <= row["most_positive_polarity"]
    assert row["most_negative"] in set(seed_tables.sentences["text"])


def test_voice_shares_add_up_to_100_per_outlet(seed_tables):
    voices = voice_shares(seed_tables, load_actors().sides)
    totals = voices.groupby("outlet")["share_pct"].sum()
    assert totals.to_numpy() == pytest.approx(100.0)
    assert set(voices["side"]) == set(load_actors().sides)


def test_voice_shares_leave_out_scare_quotes(seed_tables):
    quotes = seed_tables.quotes
    attributed = quotes[~quotes["is_scare_quote"]]
    voices = voice_shares(seed_tables, load_actors().sides)
    assert voices["n_quotes"].sum() == len(attributed)


def test_quotes_table_lists_every_quote(seed_tables):
    table = quotes_table(seed_tables, load_actors().sides)
    assert len(table) == len(seed_tables.quotes)
    assert table["outlet"].notna().all()


def test_hedging_counts_hedged_sentences(seed_tables):
    hedges = hedging_by(seed_tables, "outlet")
    assert hedges["n_hedged"].sum() == int(seed_tables.sentences["is_hedged"].sum())
    assert ((hedges["share_pct"] >= 0) & (hedges["share_pct"] <= 100)).all()


def test_scorer_agreement_per_article_and_disagreements(seed_tables):
    agreement, disagreements = scorer_agreement_by_article(seed_tables)
    assert len(agreement) == 5
    assert agreement["sign_agreement"].between(0, 1).all()
    assert (disagreements["gap"] >= 0).all()
    assert disagreements["sentence_id"].isin(seed_tables.sentences["sentence_id"]).all()


def test_escalation_index_sums_intensity_per_pair_and_month(seed_tables):
    from chokepoints.summaries import escalation_index

    index = escalation_index(seed_tables.events, {"china": "China", "japan": "Japan"})
    january = index[(index["pair"] == "China → Japan")
                    & (index["month"] == pd.Timestamp("2026-01-01"))]
    events = seed_tables.events.dropna(subset=["date_start"])
    expected = events[(events["actor"] == "china") & (events["target"] == "japan")
                      & (pd.to_datetime(events["date_start"]).dt.strftime("%Y-%m") == "2026-01")]
    assert january["intensity"].item() == pytest.approx(expected["intensity"].sum())
    for _, group in index.groupby("pair"):
        assert group["cumulative"].iloc[-1] == pytest.approx(group["intensity"].sum())


def test_select_events_filters_by_window_actor_sources_and_origin(seed_tables):
    from chokepoints.summaries import select_events

    recent = select_events(seed_tables, date_from="2025-12-01")
    assert (pd.to_datetime(recent["date_end"]) >= pd.Timestamp("2025-12-01")).all()
    us = select_events(seed_tables, actors="united_states")
    assert ((us["actor"] == "united_states") | (us["target"] == "united_states")).all()
    corroborated = select_events(seed_tables, min_sources=2)
    assert (corroborated["n_sources"] >= 2).all()
    extracted = select_events(seed_tables, include_curated=False)
    assert "curated" not in set(extracted["origin"])
    assert extracted["sentence_text"].notna().all()


def test_by_default_the_chronology_keeps_curated_rows_each_counting_as_one_source(seed_tables):
    from chokepoints.summaries import select_events

    curated = seed_tables.events["origin"] == "curated"
    assert curated.any() and (seed_tables.events.loc[curated, "n_sources"] == 0).all()
    assert len(select_events(seed_tables)) == len(seed_tables.events)
    assert "curated" not in set(select_events(seed_tables, min_sources=2)["origin"])


def test_the_events_table_readers_see_shows_no_missing_value_markers(seed_tables):
    from chokepoints.actors import load_actors
    from chokepoints.summaries import events_overview, select_events

    overview = events_overview(select_events(seed_tables), load_actors().labels)
    assert overview.index.name == "Date" and len(overview) == len(seed_tables.events)
    assert (overview["Target"] == "").any() and (overview["Note on the date"] == "").any()
    assert not overview.isna().any().any() and "<NA>" not in overview.to_html()
