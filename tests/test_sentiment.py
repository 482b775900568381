"""Tests for chokepoints.sentiment: the scorer registry, TextBlob scores and weighted means."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from textblob import TextBlob

from chokepoints import sentiment
from chokepoints.errors import ParameterError
from chokepoints.sentiment import (
    available_scorers,
    get_scorer,
    register_scorer,
    score_textblob,
    score_vader,
    score_vader_compound,
    scorer_agreement,
    scorer_disagreements,
    summarize_sentiment,
    weighted_mean,
)

# --- the registry ---------------------------------------------------------------------------


def test_textblob_is_registered():
    assert "textblob" in available_scorers()
    assert get_scorer("textblob") is score_textblob


def test_unknown_scorer_raises_listing_the_available_ones():
    with pytest.raises(ParameterError) as caught:
        get_scorer("flair")
    message = str(caught.value)
    assert "unknown sentiment scorer 'flair'" in message
    assert message.endswith("available: " + ", ".join(available_scorers()))


def test_registered_scorer_can_be_picked_by_name(monkeypatch):
    monkeypatch.setattr(sentiment, "_SCORERS", dict(sentiment._SCORERS))

    @register_scorer("constant")
    def constant(sentence: str) -> tuple[float, float]:
        return 0.5, 0.25

    assert get_scorer("constant")("anything") == (0.5, 0.25)
    assert "constant" in available_scorers()


# --- TextBlob -------------------------------------------------------------------------------


def test_textblob_scorer_equals_textblob_on_every_seed_sentence(seed_tables):
    for sentence in seed_tables.sentences["text"]:
        expected = TextBlob(sentence).sentiment
        assert score_textblob(sentence) == (expected.polarity, expected.subjectivity)


def test_seed_sentence_scores_are_those_stored_in_the_sentences_table(seed_tables):
    for row in seed_tables.sentences.itertuples():
        assert score_textblob(row.text) == (row.polarity, row.subjectivity)


def test_textblob_scores_are_plain_floats_in_range():
    polarity, subjectivity = score_textblob("The ban is absolutely unacceptable and deeply "
                                            "regrettable.")
    assert type(polarity) is float and type(subjectivity) is float
    assert -1 <= polarity <= 1 and 0 <= subjectivity <= 1


def test_neutral_sentence_scores_zero():
    assert score_textblob("The ministry published a list.") == (0.0, 0.0)


# --- weighted_mean --------------------------------------------------------------------------


def test_weighted_mean_weighs_each_value():
    assert weighted_mean([1.0, -1.0], [3, 1]) == pytest.approx(0.5)


def test_weighted_mean_with_equal_weights_is_the_mean():
    assert weighted_mean([0.2, 0.4, 0.9], [7, 7, 7]) == pytest.approx(0.5)


def test_weighted_mean_ignores_zero_weights():
    assert weighted_mean([0.3, 1.0], [10, 0]) == pytest.approx(0.3)


def test_weighted_mean_of_nothing_is_nan():
    assert math.isnan(weighted_mean([], []))


def test_weighted_mean_with_zero_total_weight_is_nan():
    assert math.isnan(weighted_mean([0.5, 0.5], [0, 0]))


def test_weighted_mean_refuses_mismatched_lengths():
    with pytest.raises(ValueError):
        weighted_mean([0.5, 0.5], [1])


# --- per article ----------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["polarity", "subjectivity"])
def test_article_score_is_the_char_length_weighted_mean_of_its_sentences(seed_tables, column):
    sentences = seed_tables.sentences
    for article in seed_tables.articles.itertuples():
        own = sentences[sentences["article_id"] == article.id]
        lengths = own["text"].str.len()
        expected = (own[column] * lengths).sum() / lengths.sum()
        assert getattr(article, column) == pytest.approx(expected, abs=1e-12)


def test_article_score_differs_from_the_unweighted_mean(seed_tables):
    # Guards the weighting itself: a plain mean over sentences gives another number.
    sentences = seed_tables.sentences
    article = seed_tables.articles.iloc[0]
    own = sentences[sentences["article_id"] == article["id"]]
    assert article["polarity"] != pytest.approx(own["polarity"].mean(), abs=1e-9)


# --- VADER and aggregation --------------------------------------------------------------------


def test_vader_compound_is_vaders_own_score():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sentence = "Japan condemned the ban as absolutely unacceptable."
    expected = SentimentIntensityAnalyzer().polarity_scores(sentence)["compound"]
    assert score_vader_compound(sentence) == expected
    assert score_vader(sentence)[0] == expected


def test_sentences_table_carries_vader_beside_textblob(seed_tables):
    sentences = seed_tables.sentences
    assert sentences["vader_compound"].between(-1, 1).all()
    first = sentences.iloc[0]
    assert first["vader_compound"] == score_vader_compound(first["text"])


def test_summarize_sentiment_is_reproducible_and_brackets_the_mean():
    frame = pd.DataFrame({"polarity": [0.5, -0.2, 0.1, 0.0, 0.3],
                          "n_chars": [100, 50, 80, 40, 60]})
    first = summarize_sentiment(frame)
    again = summarize_sentiment(frame)
    pd.testing.assert_frame_equal(first, again)
    row = first.iloc[0]
    assert row["mean"] == pytest.approx(
        (0.5 * 100 - 0.2 * 50 + 0.1 * 80 + 0 * 40 + 0.3 * 60) / 330)
    assert row["low"] <= row["mean"] <= row["high"]
    assert row["n_sentences"] == 5


def test_summarize_sentiment_interval_of_one_sentence_is_that_sentence():
    frame = pd.DataFrame({"polarity": [0.4], "n_chars": [10]})
    row = summarize_sentiment(frame).iloc[0]
    assert (row["low"], row["mean"], row["high"]) == (0.4, 0.4, 0.4)


def test_scorer_agreement_counts_same_signs():
    frame = pd.DataFrame({"polarity": [0.3, -0.3, 0.0, 0.2],
                          "vader_compound": [0.5, 0.4, 0.01, -0.6]})
    result = scorer_agreement(frame, pd.Series(["a"] * 4)).iloc[0]
    assert result["sign_agreement"] == pytest.approx(0.5)  # rows 1 and 3 agree


def test_scorer_disagreements_flags_opposite_strong_scores_first():
    frame = pd.DataFrame({"sentence_id": ["x", "y", "z"], "polarity": [0.3, 0.1, 0.0],
                          "vader_compound": [-0.4, 0.2, 0.9]})
    flagged = scorer_disagreements(frame)
    assert list(flagged["sentence_id"]) == ["z", "x"]


def _generated_sentences(seed_texts: list[str], count: int = 5000) -> list[str]:
    """``count`` sentences recombined from the seeds' words (fixed seed): new word orders,
    negations, intensifiers, punctuation and emoticons that TextBlob's lexicon reacts to."""
    import random

    rng = random.Random(20260106)
    words = [word for text in seed_texts for word in text.split()]
    extras = ["not", "very", "never", "!", "?", ":)", ":(", "extremely", "hardly", "NOT",
              "good", "bad", "...", "really", "Great", "terrible"]
    return [" ".join(rng.choice(words) if rng.random() > 0.15 else rng.choice(extras)
                     for _ in range(rng.randint(1, 40)))
            for _ in range(count)]


def test_textblob_scorer_equals_textblob_on_a_large_generated_sample(seed_tables):
    sentences = _generated_sentences(list(seed_tables.sentences["text"]))
    assert len(set(sentences)) > 4900
    for sentence in [*sentences, "", " ", "!!!", "NOT GOOD."]:
        expected = TextBlob(sentence).sentiment
        assert score_textblob(sentence) == (expected.polarity, expected.subjectivity), sentence
