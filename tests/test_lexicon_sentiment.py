"""chokepoints.lexicon_sentiment against TextBlob (pattern) and VADER themselves: the same
scores, ==, on news text, crafted cases and random strings; and a digest of the libraries'
scores, so that an upgrade that changes them fails here."""

from __future__ import annotations

import hashlib
import re

import pytest
from textblob import TextBlob
from textblob.en import sentiment as textblob_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from chokepoints import config
from chokepoints.lexicon_sentiment import (
    MODIFIERS,
    NEGATIONS,
    pattern_lexicon,
    pattern_sentiment,
    pattern_tokens,
    vader_compound,
)
from tests.sentiment_texts import CRAFTED, fuzz, recombined, timebank

VADER = SentimentIntensityAnalyzer()
FUZZ_COUNT = 6000  # bench/sentiment_exactness.py runs many more


def assert_same_scores(texts: list[str]) -> None:
    """Both fast scorers give the libraries' scores, bit for bit, on every text."""
    for text in texts:
        assert pattern_sentiment(text) == tuple(textblob_sentiment(text)), text
        assert vader_compound(text) == VADER.polarity_scores(text)["compound"], text


def test_textblob_en_lexicon_and_arguments_are_those_read_here():
    assert len(textblob_sentiment) > 2000  # pattern loads its lexicon on first use
    assert pattern_lexicon() == dict(dict.items(textblob_sentiment))
    assert textblob_sentiment.negations == NEGATIONS
    assert textblob_sentiment.modifiers == MODIFIERS
    assert [textblob_sentiment.modifier(w) for w in ("badly", "bad", "ly")] == [True, False, True]


def test_scores_equal_textblobs_blob_too(seed_tables):
    for text in seed_tables.sentences["text"]:
        blob = TextBlob(text).sentiment
        assert pattern_sentiment(text) == (blob.polarity, blob.subjectivity)


def test_every_seed_sentence_and_paragraph(seed_tables, seed_cleaned, seed_articles):
    sentences = list(seed_tables.sentences["text"])
    paragraphs = [p.text for cleaned in seed_cleaned.values() for p in cleaned.paragraphs]
    assert_same_scores(sentences + paragraphs + [a.text for a in seed_articles.values()])


def test_seed_sentences_recombined_as_the_benchmark_corpora_are(seed_tables):
    assert_same_scores(recombined(list(seed_tables.sentences["text"]), 400))


def test_every_timebank_sentence_and_paragraph():
    paragraphs = timebank()
    if not paragraphs:
        pytest.skip(f"TimeBank not found in {config.TIMEBANK_DIR}")
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if s]
    assert len(sentences) > 3000
    assert_same_scores(sentences + [p for p in paragraphs if len(p) < 2000])


def test_crafted_cases():
    assert_same_scores(list(CRAFTED))


def test_random_strings_of_lexicon_words_rule_words_marks_and_emoticons():
    texts = fuzz(FUZZ_COUNT)
    assert len(set(texts)) > 0.99 * FUZZ_COUNT
    # Most take the fast path (the rest hold emoticons, "(!)" or paragraph breaks).
    assert sum(pattern_tokens(text) is not None for text in texts) > 0.5 * FUZZ_COUNT
    assert_same_scores(texts)


def test_fast_path_tokens_are_patterns_own():
    for text in [*CRAFTED, *fuzz(1000)]:
        tokens = pattern_tokens(text)
        if tokens is not None:
            expected = " ".join(textblob_sentiment.tokenizer(text)).split()
            assert tokens == [token.lower() for token in expected], text


def test_the_libraries_still_score_as_when_this_was_written():
    """A digest of both libraries' scores on crafted and random text: an upgrade that changes
    any score (rules or lexicon) changes it."""
    scores = [(textblob_sentiment(text)[:2], VADER.polarity_scores(text)["compound"])
              for text in [*CRAFTED, *fuzz(2000)]]
    digest = hashlib.sha256(repr(scores).encode()).hexdigest()
    assert digest == LIBRARY_SCORES_DIGEST


#: Recompute (and check the tables) when the libraries, CRAFTED or the fuzz generator change.
LIBRARY_SCORES_DIGEST = "d57e29291efbde3b0d5657fcb0136d5d97c0d67309db2951fe5adef1eddddb18"
