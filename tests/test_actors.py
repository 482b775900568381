"""Actor matching and speaker sides from the actor dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.actors import actor_sentiment_table, find_mentions, load_actors, side_of
from chokepoints.errors import ChokepointsError


def _actors(text: str) -> list[tuple[str, str]]:
    return [(m.actor, m.text) for m in find_mentions(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The move, revealed in a statement by China’s commerce ministry on Tuesday",
     [("china", "China’s commerce ministry")]),
    ("Chief Cabinet Secretary Minoru Kihara noted that Japan is still assessing",
     [("japan", "Chief Cabinet Secretary Minoru Kihara"), ("japan", "Japan")]),
    ("Japanese firms have also reported longer approval times",
     [("japan", "Japanese firms")]),
    ("By partnering with the U.S., Tokyo can diversify",
     [("united_states", "U.S."), ("japan", "Tokyo")]),
    ("a 3.8 per cent increase in the defence budget to 9 trillion yen (about US$57.7 billion)",
     []),
    ("Japan’s Taiwan-related rhetoric", [("japan", "Japan"), ("taiwan", "Taiwan")]),
    ("In his New Year’s address, Chinese President Xi Jinping reiterated",
     [("china", "Chinese"), ("china", "President Xi Jinping")]),
    ("the state-run Xinhua news agency described it", [("china", "Xinhua news agency")]),
])
def test_mentions_on_seed_phrases(text: str, expected: list[tuple[str, str]]):
    assert _actors(text) == expected


def test_the_longest_alias_wins_over_its_parts():
    mentions = find_mentions("A Japanese government source said so.")
    assert [(m.text, m.side) for m in mentions] == [("Japanese government source",
                                                     "japan_government")]


def test_words_containing_an_alias_are_not_mentions():
    assert _actors("Chinatown and Japanned boxes; USB sticks") == []


@pytest.mark.parametrize(("speaker", "side"), [
    ("an official at the Japan External Trade Organisation", "japan_government"),
    ("Beijing", "china_government"),
    ("the state-run Xinhua news agency", "china_government"),
    ("Japanese economists, executives, and manufacturers", "industry_analysts"),
    ("analysts", "industry_analysts"),
    ("macroeconomic research firm Capital Economics", "industry_analysts"),
    ("Washington", "united_states"),
    ("Taipei", "other"),
    ("the source", "other"),
    ("", "other"),
])
def test_speaker_sides(speaker: str, side: str):
    assert side_of(speaker) == side


def test_every_alias_side_is_a_declared_side():
    dictionary = load_actors()
    assert {a.side for a in dictionary.aliases} <= set(dictionary.sides)
    assert set(dictionary.labels) == {"china", "japan", "united_states", "taiwan"}


def test_an_unknown_side_is_refused(tmp_path: Path):
    path = tmp_path / "actors.yml"
    path.write_text("sides: {other: x}\nactors:\n  - actor: a\n    side: nope\n"
                    "    aliases: [{pattern: A}]\n", encoding="utf-8")
    with pytest.raises(ChokepointsError, match="unknown side 'nope'"):
        load_actors(path)


def test_actor_sentiment_has_one_row_per_sentence_and_actor(seed_tables):
    table = seed_tables.actor_sentiment
    assert not table.duplicated(["sentence_id", "actor"]).any()
    scores = seed_tables.sentences.set_index("sentence_id")
    for row in table.head(40).itertuples():
        assert row.polarity == scores.loc[row.sentence_id, "polarity"]
        for mention in row.mentions.split("; "):
            assert mention in scores.loc[row.sentence_id, "text"]


def test_actor_sentiment_covers_the_four_actors_on_the_seeds(seed_tables):
    counts = seed_tables.actor_sentiment["actor"].value_counts()
    assert set(counts.index) == {"china", "japan", "united_states", "taiwan"}
    assert counts["china"] > counts["taiwan"]


def test_actor_sentiment_table_of_no_sentences_is_empty(seed_tables):
    empty = actor_sentiment_table(seed_tables.sentences.head(0))
    assert empty.empty
    assert list(empty.columns)[:3] == ["article_id", "sentence_id", "actor"]


def test_fast_mentions_equal_every_alias_one_by_one(seed_tables):
    from tests import naive_lexicons
    from tests.lexicon_texts import all_texts

    dictionary = load_actors()
    for text in [*seed_tables.sentences["text"], *all_texts()]:
        for actors_only in (True, False):
            assert (find_mentions(text, dictionary, actors_only)
                    == naive_lexicons.find_mentions(text, dictionary, actors_only)), text


def test_actor_sentiment_table_equals_the_row_by_row_table(seed_tables):
    import pandas as pd

    from tests import naive_lexicons

    dictionary = load_actors()
    sentences = seed_tables.sentences
    for subset in (sentences, sentences.iloc[:0], sentences.iloc[:3]):
        pd.testing.assert_frame_equal(actor_sentiment_table(subset, dictionary),
                                      naive_lexicons.actor_sentiment_table(subset, dictionary))
