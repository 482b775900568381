"""Tests for chokepoints.quotes: every quotation of the seeds, and crafted edge cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from chokepoints.actors import load_actors
from chokepoints.models import CleanArticle
from chokepoints.quotes import KINDS, Quote, extract_quotes
from tests.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

JAPAN, CHINA, INDUSTRY, OTHER = "japan_government", "china_government", "industry_analysts", "other"


def paragraph_text(cleaned: dict[str, CleanArticle], article_id: str, number: int) -> str:
    return cleaned[article_id].paragraphs[number - 1].text


def quotes_of(cleaned: dict[str, CleanArticle], article_id: str, number: int) -> list[Quote]:
    return extract_quotes(paragraph_text(cleaned, article_id, number))


# --- seed quotations ----------------------------------------------------------------------------

#: Every direct quotation in the seeds: article, paragraph, quoted words, speaker, side, verb.
SEED_DIRECT = [
    (SEED_001, 6, "provocative", "China", CHINA, "rejected ... as"),
    (SEED_001, 9, "alarming", "the state-run Xinhua news agency", CHINA, "described ... as"),
    (SEED_001, 9, "drastically", "the state-run Xinhua news agency", CHINA, "described ... as"),
    (SEED_001, 12, "China has not provided a list of restricted items, so at this stage it is "
                   "impossible to say what impact the export curbs will have",
     "an official at the Japan External Trade Organisation", JAPAN, "said"),
    (SEED_001, 13, "symbolic", "A Japanese government source", JAPAN, "described ... as"),
    (SEED_001, 13, "Until now, China has avoided steps that would seriously damage Japan’s "
                   "business community", "the source", JAPAN, "said"),
    (SEED_001, 13, "By causing uncertainty for Japanese industry, they may be aiming to fuel "
                   "criticism of Takaichi at home.", "the source", JAPAN, "said"),
    (SEED_001, 15, "recent egregious behaviour", "A state-affiliated Chinese social media account",
     CHINA, "citing"),
    (SEED_002, 11, "under review", "Japanese economists, executives, and manufacturers",
     INDUSTRY, "warning"),
    (SEED_003, 3, "intended for military use", "China’s Ministry of Commerce", CHINA, "declared"),
    (SEED_003, 3, "enhance Japan’s military capabilities", "China’s Ministry of Commerce", CHINA,
     "declared"),
    (SEED_003, 10, "safeguard national security", "Beijing", CHINA, "said"),
    (SEED_003, 11, "absolutely unacceptable", "Japan’s government", JAPAN, "calling"),
    (SEED_003, 13, "survival-threatening situation", "Japanese Prime Minister Sanae Takaichi",
     JAPAN, "suggested"),
    (SEED_003, 15, "reunification", "Chinese President Xi Jinping", CHINA, "reiterated"),
    (SEED_003, 15, "unstoppable", "Chinese President Xi Jinping", CHINA, "reiterated"),
    (SEED_004, 4, "provocative", "Chinese officials", CHINA, "branding ... as"),
    (SEED_004, 5, "absolutely unacceptable", "Japan", JAPAN, "calling"),
    (SEED_004, 5, "deeply regrettable", "Japan", JAPAN, "calling"),
]

#: Quoted words no speaker is given for in their paragraph.
SEED_SCARE = [
    # Beijing's words, but named only in the lead-in paragraph ("Beijing’s message is ...:").
    (SEED_002, 7, "legitimate, reasonable, and lawful"),
    (SEED_002, 10, "rational"),
]

#: Every reported statement in the seeds: article, paragraph, speaker, side, verb, and how the
#: reported clause begins.
SEED_INDIRECT = [
    (SEED_000, 2, "a statement from the Ministry of Commerce", CHINA, "according to",
     "On January 6, China prohibited dual-use goods"),
    (SEED_000, 4, "Prime Minister Takaichi Sanae", JAPAN, "said",
     "a possible Chinese military assault on Taiwan"),
    (SEED_000, 9, "Tokyo", JAPAN, "condemned", "the export ban as inconsistent"),
    (SEED_001, 2, "the statement", OTHER, "according to", "exports of dual-use goods"),
    (SEED_001, 2, "Beijing", CHINA, "warned", "organisations or individuals"),
    (SEED_001, 6, "Prime Minister Takaichi", JAPAN, "stated", "a Chinese military attack"),
    (SEED_001, 6, "Taipei", OTHER, "maintains", "the island is self-governed"),
    (SEED_001, 7, "China’s foreign ministry", CHINA, "accusing", "Tokyo of using the issue"),
    (SEED_001, 9, "Chinese state media", CHINA, "criticised", "these developments"),
    (SEED_001, 9, "The article", CHINA, "accused", "Tokyo of steadily increasing"),
    (SEED_001, 10, "Beijing", CHINA, "insists", "its military modernisation is defensive"),
    (SEED_001, 11, "estimates by macroeconomic research firm Capital Economics", INDUSTRY,
     "according to", "China still supplies around 60 per cent"),
    (SEED_001, 13, "A Japanese government source", JAPAN, "suggesting", "Beijing may be seeking"),
    (SEED_001, 15, "A state-affiliated Chinese social media account", CHINA, "reported",
     "authorities were considering"),
    (SEED_001, 15, "Japanese firms", INDUSTRY, "reported", "longer approval times"),
    (SEED_001, 16, "analysts", INDUSTRY, "say", "the ban sends a strong political signal"),
    (SEED_002, 2, "major manufacturers", INDUSTRY, "warn", "of production stoppages"),
    (SEED_002, 5, "China’s Ministry of Commerce", CHINA, "according to",
     "Beijing has imposed an immediate ban"),
    (SEED_002, 5, "Officials", CHINA, "argue", "the move is a response"),
    (SEED_002, 5, "Chinese officials", CHINA, "signal", "export permit reviews"),
    (SEED_002, 9, "China", CHINA, "claims", "threaten regional stability"),
    (SEED_002, 11, "Japanese economists, executives, and manufacturers", INDUSTRY, "warning",
     "supply-chain risk is immediate and severe"),
    (SEED_002, 15, "A major Japanese magnet producer interviewed by TV Asahi", INDUSTRY, "said",
     "it could operate for only about two months"),
    (SEED_002, 16, "Business leaders", INDUSTRY, "emphasize", "the greatest risk is not cost"),
    (SEED_002, 17, "Japanese analysts", INDUSTRY, "warn", "if controls persist"),
    (SEED_002, 23, "Rare Earth Exchanges™", INDUSTRY, "argued", "leverage is not cost-free"),
    (SEED_003, 3, "China’s Ministry of Commerce", CHINA, "declared", "all exports to Japan"),
    (SEED_003, 9, "China", CHINA, "warned", "any organization or individual"),
    (SEED_003, 10, "Beijing", CHINA, "said", "the measure is designed to"),
    (SEED_003, 11, "Japan’s government", JAPAN, "condemned", "the export ban"),
    (SEED_003, 12, "Chief Cabinet Secretary Minoru Kihara", JAPAN, "noted",
     "Japan is still assessing"),
    (SEED_003, 12, "Tokyo", JAPAN, "stressed", "the export curbs appear"),
    (SEED_003, 13, "Japanese Prime Minister Sanae Takaichi", JAPAN, "suggested",
     "a Chinese military attack on Taiwan"),
    (SEED_003, 14, "Beijing", CHINA, "denounced", "Takaichi’s comments as a serious breach"),
    (SEED_003, 15, "Chinese President Xi Jinping", CHINA, "reiterated", "the “reunification”"),
    (SEED_003, 18, "Analysts", INDUSTRY, "warn", "even temporary export limits"),
    (SEED_003, 21, "Observers", INDUSTRY, "warn", "the dispute threatens"),
    (SEED_004, 1, "Japan", JAPAN, "criticized", "China’s decision to impose"),
    (SEED_004, 3, "Japanese Prime Minister Sanae Takaichi", JAPAN, "stated",
     "a Chinese military attack on Taiwan"),
    (SEED_004, 5, "Japanese officials", JAPAN, "emphasized", "the controls do not align"),
    (SEED_004, 5, "senior officials", JAPAN, "warned", "the move could destabilize"),
]


@pytest.mark.parametrize(("article_id", "number", "words", "speaker", "side", "verb"),
                         SEED_DIRECT)
def test_seed_direct_quote_has_its_speaker_and_side(seed_cleaned, article_id, number, words,
                                                     speaker, side, verb):
    found = [q for q in quotes_of(seed_cleaned, article_id, number)
             if q.kind == "direct" and q.quote == words]
    assert len(found) == 1
    quote = found[0]
    assert (quote.speaker, quote.side, quote.verb, quote.is_scare_quote) == (
        speaker, side, verb, False)


@pytest.mark.parametrize(("article_id", "number", "words"), SEED_SCARE)
def test_seed_quote_without_speaker_is_a_scare_quote(seed_cleaned, article_id, number, words):
    found = [q for q in quotes_of(seed_cleaned, article_id, number) if q.quote == words]
    assert len(found) == 1
    assert (found[0].kind, found[0].speaker, found[0].side, found[0].is_scare_quote) == (
        "direct", "", OTHER, True)


@pytest.mark.parametrize(("article_id", "number", "speaker", "side", "verb", "opening"),
                         SEED_INDIRECT)
def test_seed_reported_statement_has_its_speaker_and_side(seed_cleaned, article_id, number,
                                                          speaker, side, verb, opening):
    found = [q for q in quotes_of(seed_cleaned, article_id, number)
             if q.kind == "indirect" and q.speaker == speaker and q.verb == verb]
    assert len(found) == 1
    assert found[0].side == side
    assert found[0].quote.startswith(opening)
    assert not found[0].is_scare_quote


def test_seeds_hold_no_quote_beyond_the_tables(seed_cleaned):
    expected = Counter((a, n, "direct", s) for a, n, _, s, _, _ in SEED_DIRECT)
    expected += Counter((a, n, "direct", "") for a, n, _ in SEED_SCARE)
    expected += Counter((a, n, "indirect", s) for a, n, s, _, _, _ in SEED_INDIRECT)
    found = Counter((article_id, paragraph.number, quote.kind, quote.speaker)
                    for article_id, article in seed_cleaned.items()
                    for paragraph in article.paragraphs
                    for quote in extract_quotes(paragraph.text))
    assert found == expected


def test_seed_quotes_point_at_their_words(seed_cleaned):
    sides = set(load_actors().sides)
    for article in seed_cleaned.values():
        for paragraph in article.paragraphs:
            for quote in extract_quotes(paragraph.text):
                assert paragraph.text[quote.start:quote.end] == quote.quote
                assert quote.kind in KINDS
                assert quote.side in sides
                assert quote.is_scare_quote == (quote.kind == "direct" and not quote.speaker)


def test_reported_clause_stops_before_the_writers_comment(seed_cleaned):
    quote = next(q for q in quotes_of(seed_cleaned, SEED_003, 14) if q.kind == "indirect")
    assert quote.quote == "Takaichi’s comments as a serious breach of its core interests"


def test_quote_continuing_after_a_sentence_break_keeps_its_speaker(seed_cleaned):
    direct = [q for q in quotes_of(seed_cleaned, SEED_001, 13) if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["A Japanese government source", "the source",
                                           "the source"]


@pytest.mark.parametrize(("article_id", "number", "why"), [
    (SEED_001, 1, "announced a ban; a statement by China’s commerce ministry is not a quote"),
    (SEED_001, 4, "did not specify"),
    (SEED_001, 5, "did not immediately respond"),
    (SEED_001, 14, "customs data show"),
    (SEED_003, 1, "announced a ban"),
    (SEED_003, 2, "the move comes after"),
    (SEED_003, 22, "it remains unclear whether"),
    (SEED_000, 8, "what it sees as"),
])
def test_seed_paragraph_without_attribution_has_no_quote(seed_cleaned, article_id, number, why):
    assert quotes_of(seed_cleaned, article_id, number) == [], why


def test_territorial_claim_is_not_reported_speech(seed_cleaned):
    verbs = [q.verb for q in quotes_of(seed_cleaned, SEED_001, 6)]
    assert verbs == ["stated", "rejected ... as", "maintains"]


def test_possessive_warning_is_not_a_reporting_verb(seed_cleaned):
    verbs = [q.verb for q in quotes_of(seed_cleaned, SEED_001, 7)]
    assert verbs == ["accusing"]


# --- crafted paragraphs --------------------------------------------------------------------------

#: text -> expected quotes as (kind, quote, speaker, side, is_scare_quote, verb).
CRAFTED = {
    "straight quotes": (
        'Kihara said "the ban is unacceptable".',
        [("direct", "the ban is unacceptable", "Kihara", JAPAN, False, "said")]),
    "said and a colon": (
        "Tokyo said: “We protest.”",
        [("direct", "We protest.", "Tokyo", JAPAN, False, "said")]),
    "inverted said": (
        "“We will respond,” said the minister.",
        [("direct", "We will respond", "the minister", OTHER, False, "said")]),
    "inverted said with straight quotes": (
        '"We will respond," said Chief Cabinet Secretary Minoru Kihara.',
        [("direct", "We will respond", "Chief Cabinet Secretary Minoru Kihara", JAPAN, False,
          "said")]),
    "quote spanning a sentence break": (
        "“We will respond,” the minister said. “We are ready.”",
        [("direct", "We will respond", "the minister", OTHER, False, "said"),
         ("direct", "We are ready.", "the minister", OTHER, False, "said")]),
    "pronoun takes the side of the last speaker": (
        "“It is unacceptable,” Kihara said. “We will respond,” he added.",
        [("direct", "It is unacceptable", "Kihara", JAPAN, False, "said"),
         ("direct", "We will respond", "he", JAPAN, False, "added")]),
    "called with two quotes": (
        "Tokyo called the ban “unacceptable” and “regrettable.”",
        [("direct", "unacceptable", "Tokyo", JAPAN, False, "called"),
         ("direct", "regrettable", "Tokyo", JAPAN, False, "called")]),
    "no attribution": (
        "The remarks, branded “provocative” online, drew criticism.",
        [("direct", "provocative", "", OTHER, True, "")]),
    "curly single quotes, apostrophes left alone": (
        "Japan’s exports and the countries’ leaders were ‘shocked’ by it.",
        [("direct", "shocked", "", OTHER, True, "")]),
    "apostrophes only": (
        "Japan’s and China’s ministries met; the firms’ executives didn’t attend.",
        []),
    "straight single quotes are apostrophes": (
        "Japan's trade ministry said it's 'monitoring' the situation.",
        [("indirect", "it's 'monitoring' the situation", "Japan's trade ministry", JAPAN, False,
          "said")]),
    "quote inside a quote": (
        "“He said ‘no’ to the plan,” the minister said.",
        [("direct", "He said ‘no’ to the plan", "the minister", OTHER, False, "said")]),
    "unclosed quote": ("He called it “unacceptable", []),
    "stray marks": ("”stray“ marks and \"odd", []),
    "empty quotation": ("“” and “ , ”", []),
    "indirect with a bare clause": (
        "Analysts say the ban is symbolic.",
        [("indirect", "the ban is symbolic", "Analysts", INDUSTRY, False, "say")]),
    "indirect told that": (
        "The minister told reporters that the ban was unfair.",
        [("indirect", "the ban was unfair", "The minister", OTHER, False, "told")]),
    "inverted indirect": (
        "The ban is lawful, said the ministry.",
        [("indirect", "The ban is lawful", "the ministry", OTHER, False, "said")]),
    "indirect after the statement": (
        "The ban is lawful, the ministry said.",
        [("indirect", "The ban is lawful", "the ministry", OTHER, False, "said")]),
    "according to at the end": (
        "Exports fell in May, according to customs data.",
        [("indirect", "Exports fell in May", "customs data", OTHER, False, "according to")]),
    "as someone has argued": (
        "As Capital Economics has argued, the ban is costly.",
        [("indirect", "the ban is costly", "Capital Economics", INDUSTRY, False, "argued")]),
    "appositive": (
        "Hua Chunying, a spokeswoman for the ministry, said the ban was lawful.",
        [("indirect", "the ban was lawful", "Hua Chunying, a spokeswoman for the ministry",
          OTHER, False, "said")]),
    "relative clause": (
        "The ban, which Beijing says is lawful, took effect.",
        [("indirect", "is lawful", "Beijing", CHINA, False, "says")]),
    "told an occasion, not a person": (
        "“This is a violation,” spokesperson Mao Ning told a press briefing in Beijing.",
        [("direct", "This is a violation", "spokesperson Mao Ning", OTHER, False, "told")]),
    "inverted indirect with a place": (
        "Sales have been hit, the company said in a filing.",
        [("indirect", "Sales have been hit", "the company", OTHER, False, "said")]),
    "adverb between commas": (
        "The Japanese side, however, said it would not back down.",
        [("indirect", "it would not back down", "The Japanese side", JAPAN, False, "said")]),
    "negated verb": ("China did not say whether the ban applies.", []),
    "announced an act": ("China has announced a ban on exports.", []),
    "evidence, not a speaker": ("The data suggest that demand is falling.", []),
    "noun report": ("The report is due next week.", []),
    "empty paragraph": ("", []),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_paragraph(name):
    text, expected = CRAFTED[name]
    found = [(q.kind, q.quote, q.speaker, q.side, q.is_scare_quote, q.verb)
             for q in extract_quotes(text)]
    assert found == expected


def test_offsets_point_into_the_paragraph():
    text = "Officials met. “We will respond,” the minister said, adding that talks would go on."
    for quote in extract_quotes(text):
        assert text[quote.start:quote.end] == quote.quote


def test_sides_come_from_the_dictionary_given(tmp_path: Path):
    path = tmp_path / "actors.yml"
    path.write_text("sides:\n  acme_side: Acme\n  other: anyone else\n"
                    "actors:\n  - actor: acme\n    side: acme_side\n"
                    "    aliases:\n      - pattern: 'Acme'\n", encoding="utf-8")
    quotes = extract_quotes("Acme said the ban was lawful.", load_actors(path))
    assert [(q.speaker, q.side) for q in quotes] == [("Acme", "acme_side")]


def test_quote_is_frozen():
    quote = extract_quotes("Analysts say the ban is symbolic.")[0]
    with pytest.raises(AttributeError):
        quote.speaker = "someone"  # type: ignore[misc]


def test_officials_take_the_side_of_the_last_named_speaker_in_the_article():
    earlier = extract_quotes("Japan’s Ministry of Foreign Affairs said the ban was regrettable.")
    later = extract_quotes("Officials warned that supplies could suffer.", context=earlier)
    assert [(q.speaker, q.side) for q in later] == [("Officials", "japan_government")]


def test_officials_with_no_earlier_speaker_stay_other():
    quotes = extract_quotes("Officials warned that supplies could suffer.")
    assert [(q.speaker, q.side) for q in quotes] == [("Officials", "other")]
