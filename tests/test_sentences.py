"""Tests for chokepoints.sentences: abbreviations, numbers, quotes, offsets, and seed paragraphs."""

from __future__ import annotations

import pytest

from chokepoints.sentences import Span, split_sentences
from tests.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_IDS


def texts(paragraph: str) -> list[str]:
    return [span.text for span in split_sentences(paragraph)]


# --- crafted paragraphs ---------------------------------------------------------------------


def test_us_abbreviation_does_not_end_a_sentence():
    assert texts("Officials in the U.S. said so. Others did not.") == [
        "Officials in the U.S. said so.", "Others did not."]


def test_us_abbreviation_before_a_capitalised_word_stays_inside():
    assert texts("The U.S. Treasury said so.") == ["The U.S. Treasury said so."]


def test_currency_with_decimal_is_not_split():
    assert texts("The budget rose to US$57.7 billion. Markets fell.") == [
        "The budget rose to US$57.7 billion.", "Markets fell."]


def test_decimal_percentage_is_not_split():
    assert texts("Spending rose 3.8 per cent last year. It will rise again.") == [
        "Spending rose 3.8 per cent last year.", "It will rise again."]


def test_pm_inside_a_sentence_is_not_split():
    assert texts("The ministry spoke at 3 p.m. on Tuesday. Markets fell.") == [
        "The ministry spoke at 3 p.m. on Tuesday.", "Markets fell."]


def test_pm_ending_a_sentence_ends_it():
    assert texts("The ministry spoke at 3 p.m. Markets then fell.") == [
        "The ministry spoke at 3 p.m.", "Markets then fell."]


def test_abbreviated_month_is_not_split():
    assert texts("The ban was announced on Jan. 6 in Beijing. Tokyo protested.") == [
        "The ban was announced on Jan. 6 in Beijing.", "Tokyo protested."]


def test_closing_quote_stays_with_its_sentence():
    assert texts("He called it \u201cunacceptable.\u201d Tokyo protested.") == [
        "He called it \u201cunacceptable.\u201d", "Tokyo protested."]


def test_quoted_sentence_followed_by_attribution_is_one_sentence():
    assert texts("\u201cWe will respond,\u201d the minister said. Then he left.") == [
        "\u201cWe will respond,\u201d the minister said.", "Then he left."]


def test_approximate_percentage_is_kept_whole():
    assert texts("Japan sources ~72% of its imports. That is a lot.") == [
        "Japan sources ~72% of its imports.", "That is a lot."]


def test_question_and_exclamation_marks_end_sentences():
    assert texts("Is it a ban? Yes! It is.") == ["Is it a ban?", "Yes!", "It is."]


def test_paragraph_without_final_punctuation_is_one_sentence():
    assert texts("High-end semiconductors and microchips") == [
        "High-end semiconductors and microchips"]


def test_empty_paragraph_has_no_sentence():
    assert split_sentences("") == []


def test_spans_are_stripped_with_offsets_into_the_paragraph():
    assert split_sentences("  Leading space. Second one.  ") == [
        Span("Leading space.", 2, 16), Span("Second one.", 17, 28)]


@pytest.mark.parametrize("paragraph", [
    "Officials in the U.S. said so. Others did not.",
    "The budget rose to US$57.7 billion. Markets fell 3.8 per cent at 3 p.m. on Jan. 6.",
    "He called it \u201cunacceptable.\u201d Japan sources ~72% of its imports.",
    "Same sentence. Same sentence. Same sentence.",
])
def test_crafted_offsets_map_back_into_the_paragraph(paragraph):
    spans = split_sentences(paragraph)
    assert spans
    for span in spans:
        assert paragraph[span.start:span.end] == span.text


def test_repeated_sentences_get_increasing_offsets():
    spans = split_sentences("Same sentence. Same sentence.")
    assert [(span.start, span.end) for span in spans] == [(0, 14), (15, 29)]


# --- the seeds ------------------------------------------------------------------------------


def paragraph_at(seed_cleaned, article_id: str, line_no: int) -> str:
    [paragraph] = [p for p in seed_cleaned[article_id].paragraphs if p.line_no == line_no]
    return paragraph.text


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_offsets_map_back_into_every_paragraph(seed_cleaned, article_id):
    for paragraph in seed_cleaned[article_id].paragraphs:
        spans = split_sentences(paragraph.text)
        assert spans, paragraph.line_no
        for span in spans:
            assert paragraph.text[span.start:span.end] == span.text


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_sentences_cover_every_word_of_their_paragraph(seed_cleaned, article_id):
    for paragraph in seed_cleaned[article_id].paragraphs:
        words = [w for span in split_sentences(paragraph.text) for w in span.text.split()]
        assert words == paragraph.text.split()


def test_seed_001_budget_paragraph_keeps_per_cent_and_us_dollars(seed_cleaned):
    assert texts(paragraph_at(seed_cleaned, SEED_001, 19)) == [
        "Security concerns have already been heightened by Japan\u2019s recent defence policy "
        "decisions.",
        "In late December, the Japanese cabinet approved a record spending package for the fiscal "
        "year beginning in April, including a 3.8 per cent increase in the defence budget to 9 "
        "trillion yen (about US$57.7 billion).",
        "The expansion is part of Tokyo\u2019s broader effort to strengthen deterrence "
        "capabilities amid growing regional uncertainty.",
    ]


def test_seed_001_quoted_source_paragraph_splits_after_closing_quotes(seed_cleaned):
    assert texts(paragraph_at(seed_cleaned, SEED_001, 29)) == [
        "A Japanese government source also described the move as largely \u201csymbolic,\u201d "
        "suggesting that Beijing may be seeking to generate domestic political pressure within "
        "Japan.",
        "\u201cUntil now, China has avoided steps that would seriously damage Japan\u2019s "
        "business community,\u201d the source said.",
        "\u201cBy causing uncertainty for Japanese industry, they may be aiming to fuel criticism "
        "of Takaichi at home.\u201d",
    ]


def test_seed_000_us_paragraph_does_not_split_at_us(seed_cleaned):
    assert texts(paragraph_at(seed_cleaned, SEED_000, 11)) == [
        "By partnering with the U.S., Tokyo can diversify its sources and invest in domestic "
        "refining capabilities, ensuring greater autonomy in sectors vital to its industrial and "
        "security needs.",
        "Through a number of strategies, including government investments in private businesses, "
        "international alliances, growing domestic mining and processing, and enhanced recycling, "
        "the United States too is aggressively diversifying its rare earth supply chain away from "
        "China.",
        "The United States has recently forged closer connections and inked a number of agreements "
        "on critical minerals with Australia, Japan, Malaysia, and Thailand.",
        "The U.S. also signed a rare earth agreement with Japan during President Donald "
        "Trump\u2019s meeting with Takaichi in October 2025.",
    ]


def test_seed_002_approximate_share_bullet_is_one_sentence(seed_cleaned):
    assert texts(paragraph_at(seed_cleaned, SEED_002, 31)) == [
        "Japan still sources ~72% of its rare earth imports from China (2024) despite years of "
        "diversification efforts starting over a decade ago."]


def test_seed_003_dashed_aside_stays_inside_its_sentence(seed_cleaned):
    assert texts(paragraph_at(seed_cleaned, SEED_003, 23)) == [
        "Japan relies heavily on China for certain raw materials and components, especially rare "
        "earth metals used in electric vehicles, defense systems, and electronics manufacturing.",
        "Some estimates indicate China supplies more than 70% of Japan\u2019s rare earth imports "
        "\u2014 a dependency that could be strategically exploited under prolonged restrictions.",
    ]
