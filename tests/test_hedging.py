"""Tests for chokepoints.hedging: the lexicon, seed sentences and crafted cases."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from chokepoints import config
from chokepoints.errors import ChokepointsError
from chokepoints.hedging import HedgeMatch, find_hedges, load_hedges

KINDS = {"modal", "epistemic", "attribution_distance", "uncertainty"}


def cues_and_kinds(sentence: str) -> list[tuple[str, str]]:
    return [(match.cue, match.kind) for match in find_hedges(sentence)]


def cues_found(sentence: str, cues) -> list[str]:
    return [match.cue for match in find_hedges(sentence, cues)]


# --- the lexicon ---------------------------------------------------------------------------------


def test_lexicon_kinds_are_the_four_documented():
    spec = yaml.safe_load(config.HEDGES_FILE.read_text(encoding="utf-8"))
    assert set(spec["kinds"]) == KINDS
    assert {cue.kind for cue in load_hedges()} == KINDS


def test_lexicon_leaves_approximators_out():
    for word in ("about", "roughly", "around", "some", "nearly"):
        assert find_hedges(f"Japan imports {word} 60 per cent of its rare earths.") == [], word


def write_lexicon(tmp_path: Path, cues: str) -> Path:
    path = tmp_path / "hedges.yml"
    path.write_text("kinds:\n  modal: a modal\ncues:\n" + cues, encoding="utf-8")
    return path


def test_unknown_kind_is_an_error(tmp_path: Path):
    path = write_lexicon(tmp_path, "  - cue: perhaps\n    kind: vague\n")
    with pytest.raises(ChokepointsError, match="unknown kind 'vague'"):
        load_hedges(path)


def test_bad_pattern_is_an_error(tmp_path: Path):
    path = write_lexicon(tmp_path, "  - cue: could\n    kind: modal\n    pattern: 'could('\n")
    with pytest.raises(ChokepointsError, match="bad pattern"):
        load_hedges(path)


def test_cue_without_kind_is_an_error(tmp_path: Path):
    path = write_lexicon(tmp_path, "  - cue: could\n")
    with pytest.raises(ChokepointsError, match="lacks kind"):
        load_hedges(path)


def test_cues_can_be_passed_in(tmp_path: Path):
    cues = load_hedges(write_lexicon(tmp_path, "  - cue: could\n    kind: modal\n"))
    assert cues_found("It might and could.", cues) == ["could"]



# --- seed sentences ------------------------------------------------------------------------------

SEED_SENTENCES = [
    ("This time, China perhaps intends to engineer a de facto export restriction.",
     [("perhaps", "epistemic")]),
    ("Moreover, Japan may deepen ties with countries like Australia and India to reduce "
     "dependency.", [("may", "modal")]),
    ("It remains unclear how long China’s export ban will last or whether Tokyo will urgently "
     "push back with its own trade or diplomatic countermeasures.",
     [("It remains unclear", "uncertainty")]),
    ("Japanese firms have also reported longer approval times for export licences in recent "
     "months, though it remains unclear whether this is directly linked to the diplomatic "
     "fallout.", [("it remains unclear", "uncertainty")]),
    ("“China has not provided a list of restricted items, so at this stage it is impossible to "
     "say what impact the export curbs will have,” an official at the Japan External Trade "
     "Organisation said.", [("it is impossible to say", "uncertainty")]),
    ("The latest export ban appears to reinforce Beijing’s warning that Japan’s Taiwan-related "
     "rhetoric could carry concrete economic and strategic consequences.",
     [("appears to", "epistemic"), ("could", "modal")]),
    ("The move, revealed in a statement by China’s commerce ministry on Tuesday (January 6), is "
     "widely seen as Beijing’s latest response to remarks made in early November.",
     [("widely seen", "attribution_distance")]),
    ("Japanese analysts warn that if controls persist into late 2026 or expand, Japan’s growth "
     "outlook would likely be revised downward, and private investment decisions could stall "
     "amid uncertainty.",
     [("would", "modal"), ("likely", "epistemic"), ("could", "modal")]),
    ("Civilian supply chains will theoretically remain unaffected.",
     [("theoretically", "epistemic")]),
    ("Prime Minister Takaichi Sanae said in November 2025 that a possible Chinese military "
     "assault on Taiwan might legally be seen as a threat to Japan’s survival.",
     [("might", "modal")]),
    ("Japan’s response to the export controls was swift and critical.", []),
    ("China’s rare earth exports to Japan rose 35 per cent to 305 metric tonnes, the highest "
     "monthly total last year.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), SEED_SENTENCES)
def test_seed_sentence_hedges(sentence, expected):
    assert cues_and_kinds(sentence) == expected


def test_seed_sentences_all_give_offsets_into_the_sentence():
    for sentence, _ in SEED_SENTENCES:
        for match in find_hedges(sentence):
            assert sentence[match.start:match.end] == match.cue


# --- crafted sentences ---------------------------------------------------------------------------


def test_month_may_is_not_a_hedge():
    assert find_hedges("Exports to Japan fell in May 2025.") == []


def test_modal_may_is_a_hedge():
    assert find_hedges("Japan may respond.") == [HedgeMatch("may", "modal", 6, 9)]


def test_may_not_is_still_a_hedge():
    assert cues_and_kinds("The ban may not last.") == [("may", "modal")]


def test_could_not_is_an_inability_not_a_hedge():
    assert find_hedges("Officials could not be reached and couldn’t say more.") == []


def test_would_not_is_a_refusal_not_a_hedge():
    assert find_hedges("The ministry would not comment.") == []


def test_it_remains_unclear_is_one_uncertainty_cue():
    assert find_hedges("It remains unclear how long the ban will last.") == [
        HedgeMatch("It remains unclear", "uncertainty", 0, 18)]


def test_unclear_whether_is_uncertainty():
    assert cues_and_kinds("Whether the ban applies is unclear.") == [("unclear", "uncertainty")]


def test_reportedly_keeps_the_claim_at_a_distance():
    assert cues_and_kinds("China reportedly halted shipments, according to media reports.") == [
        ("reportedly", "attribution_distance"), ("according to media reports",
                                                 "attribution_distance")]


def test_uncertainty_as_a_topic_is_not_a_hedge():
    assert find_hedges("Markets fell amid growing regional uncertainty.") == []


def test_cue_inside_a_longer_word_is_not_matched():
    assert find_hedges("The mayor and the mighty woodcould-be.") == []


def test_sentence_without_hedge_gives_nothing():
    assert find_hedges("China banned exports of dual-use items to Japan on Tuesday.") == []


def test_matches_come_in_text_order_without_overlap():
    matches = find_hedges("Perhaps it could be, it seems to me, possibly unclear.")
    assert [m.cue for m in matches] == ["Perhaps", "could", "seems to", "possibly", "unclear"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


# --- the fast search finds what every cue one by one finds ------------------------------------


def test_fast_search_equals_every_cue_one_by_one(seed_tables):
    from tests import naive_lexicons
    from tests.lexicon_texts import all_texts

    cues = load_hedges()
    for text in [*seed_tables.sentences["text"], *all_texts()]:
        assert find_hedges(text, cues) == naive_lexicons.find_hedges(text, cues), text


def test_fast_search_of_overlapping_nested_and_adjacent_cues(tmp_path: Path):
    from tests import naive_lexicons

    path = write_lexicon(tmp_path, "".join(
        f"  - cue: {cue}\n    kind: modal\n" + (f"    pattern: '{pattern}'\n" if pattern else "")
        + ("    case_sensitive: true\n" if cue == "may" else "")
        for cue, pattern in (("may", ""), ("may not", ""), ("not", ""), ("it is", ""),
                             ("is possible", ""), ("it is possible that", ""),
                             ("possibly", "possibl[ey]|possib"), ("a b", "a b"), ("b c", "b c"),
                             ("c", "c"), ("not at all", "not(?: at all)?"))))
    cues = load_hedges(path)
    texts = ["it is possible that it may not", "May may MAY may not MAY NOT", "not not",
             "is possible is possible that", "It Is Possible That", "a b c b c a b", "c c",
             "possible possibly possib possiblé", "not at all, not at", "it is\npossible that",
             "may-not may’not may_not", ""]
    for text in texts:
        assert find_hedges(text, cues) == naive_lexicons.find_hedges(text, cues), text
    # Switching lexicons does not mix their indexes up.
    for text in texts:
        assert find_hedges(text) == naive_lexicons.find_hedges(text, load_hedges()), text
