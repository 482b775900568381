"""Tests for chokepoints.claims: the metric vocabulary, every figure in the seeds, crafted cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from chokepoints.claims import (
    _FIGURE_WORDS,
    _MULTIPLE,
    _TOKENS,
    KIND_DIMENSIONS,
    METRICS_FILE,
    QUALIFIERS,
    UNCLASSIFIED,
    UNITS,
    Claim,
    extract_claims,
    load_metrics,
)
from chokepoints.errors import ChokepointsError
from chokepoints.patterns import words_in
from tests.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

#: A claim as the tables below write it.
Row = tuple[str, float | None, float | None, float | None, str, str, str, str, int | None]


def row(claim: Claim) -> Row:
    """(text, value, low, high, unit, qualifier, kind, metric, year)."""
    return (claim.text, claim.value, claim.low, claim.high, claim.unit, claim.qualifier,
            claim.kind, claim.metric, claim.year)


def figure(claim: Claim) -> tuple:
    """(text, value, low, high, unit, qualifier, kind): the reading without metric and year."""
    return row(claim)[:7]


# --- the vocabulary ------------------------------------------------------------------------------


def test_vocabulary_loads_from_the_project_file():
    vocabulary = load_metrics()
    assert METRICS_FILE.name == "metrics.yml"
    assert {unit.id for unit in vocabulary.units} == set(UNITS)
    assert len({metric.id for metric in vocabulary.metrics}) == len(vocabulary.metrics)


def test_every_metric_has_a_description_and_a_unit_of_its_kind():
    vocabulary = load_metrics()
    for metric in vocabulary.metrics:
        assert metric.description, metric.id
        assert vocabulary.dimension(metric.unit) == KIND_DIMENSIONS[metric.kind], metric.id
        assert re.fullmatch(r"[a-z][a-z0-9_]*", metric.id), metric.id


def write_vocabulary(tmp_path: Path, metrics: str = "", units: dict | None = None,
                     extra: str = "") -> Path:
    """A vocabulary with every unit and the given metrics block (YAML list items)."""
    units = units if units is not None else {
        unit: {"dimension": "ratio" if unit.startswith("percent") else "count",
               "description": unit} for unit in UNITS}
    path = tmp_path / "metrics.yml"
    path.write_text(yaml.safe_dump({"units": units}) + extra + "metrics:\n" + metrics,
                    encoding="utf-8")
    return path


SHARE_METRIC = ("  - id: a_share\n    description: a share\n    kind: share\n"
                "    unit: percent\n    cues: ['imports']\n")


def test_a_minimal_vocabulary_loads(tmp_path: Path):
    vocabulary = load_metrics(write_vocabulary(tmp_path, SHARE_METRIC))
    assert [metric.id for metric in vocabulary.metrics] == ["a_share"]


def test_bad_cue_regex_is_an_error_naming_the_file(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC.replace("'imports'", "'imports('"))
    with pytest.raises(ChokepointsError, match=rf"{re.escape(str(path))}: metric 'a_share' cue: "
                                               "bad pattern 'imports\\('"):
        load_metrics(path)


def test_bad_requires_regex_is_an_error_naming_the_file(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC + "    requires: ['[Japan']\n")
    with pytest.raises(ChokepointsError, match=rf"{re.escape(str(path))}: .*requires: bad pattern"):
        load_metrics(path)


def test_unknown_unit_is_an_error_naming_the_file(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC.replace("unit: percent", "unit: furlongs"))
    with pytest.raises(ChokepointsError, match=rf"{re.escape(str(path))}: metric 'a_share' has "
                                               "unknown unit 'furlongs'"):
        load_metrics(path)


def test_unknown_kind_is_an_error(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC.replace("kind: share", "kind: ratio"))
    with pytest.raises(ChokepointsError, match="unknown kind 'ratio'"):
        load_metrics(path)


def test_unit_of_another_dimension_than_the_kind_is_an_error(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC.replace("unit: percent", "unit: yen"))
    with pytest.raises(ChokepointsError, match="unit 'yen' does not measure a share"):
        load_metrics(path)


def test_metric_without_cues_is_an_error(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC.replace("    cues: ['imports']\n", ""))
    with pytest.raises(ChokepointsError, match="metric 1 lacks cues"):
        load_metrics(path)


def test_repeated_metric_id_is_an_error(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC + SHARE_METRIC)
    with pytest.raises(ChokepointsError, match="'a_share' is listed twice"):
        load_metrics(path)


def test_unclassified_is_a_reserved_id(tmp_path: Path):
    path = write_vocabulary(tmp_path, SHARE_METRIC.replace("a_share", UNCLASSIFIED))
    with pytest.raises(ChokepointsError, match="reserved"):
        load_metrics(path)


def test_units_must_include_every_unit_the_extractor_produces(tmp_path: Path):
    units = {"percent": {"dimension": "ratio", "description": "per cent"}}
    path = write_vocabulary(tmp_path, SHARE_METRIC, units=units)
    with pytest.raises(ChokepointsError, match=rf"{re.escape(str(path))}: units lacks "
                                               "percentage_points, tonnes"):
        load_metrics(path)


def test_bad_not_claims_pattern_is_an_error(tmp_path: Path):
    extra = "not_claims:\n  - name: broken\n    pattern: 'G(\\d'\n    reason: test\n"
    path = write_vocabulary(tmp_path, SHARE_METRIC, extra=extra)
    with pytest.raises(ChokepointsError, match="not_claims 'broken': bad pattern"):
        load_metrics(path)


def test_unreadable_file_is_an_error_naming_it(tmp_path: Path):
    path = tmp_path / "missing.yml"
    with pytest.raises(ChokepointsError, match=rf"{re.escape(str(path))}: cannot read"):
        load_metrics(path)


def test_vocabulary_can_be_passed_in(tmp_path: Path):
    vocabulary = load_metrics(write_vocabulary(tmp_path, SHARE_METRIC))
    claims = extract_claims("Japan gets 60% of its imports from China.", vocabulary)
    assert [(c.text, c.metric) for c in claims] == [("60%", "a_share")]


# --- every figure in the seeds -------------------------------------------------------------------

#: Sentences of the seeds with at least one claim, and every claim in each.
SEED_CLAIMS: dict[str, list[Row]] = {
    f"{SEED_000}-p05-s03": [
        ("two months", 2.0, 2.0, 2.0, "months", "exact", "duration",
         "supply_disruption_duration", 2010)],
    f"{SEED_000}-p06-s01": [
        ("90 percent", 90.0, 90.0, 90.0, "percent", "exact", "share",
         "japan_re_import_share_china", 2010),
        ("about 60-70 percent", 65.0, 60.0, 70.0, "percent", "about", "share",
         "japan_re_import_share_china", None),
        ("the last 15 years", 15.0, 15.0, 15.0, "years", "exact", "duration",
         "japan_diversification_duration", None)],
    f"{SEED_000}-p07-s02": [
        ("hundreds of billions of yen", None, 1e11, 1e12, "yen", "about", "money",
         "japan_gdp_loss", None)],
    f"{SEED_001}-p04-s02": [
        ("roughly 1,100 dual-use goods", 1100.0, 1100.0, 1100.0, "count", "about", "count",
         "china_export_control_list_size", None)],
    f"{SEED_001}-p04-s03": [
        ("At least seven categories", 7.0, 7.0, None, "count", "at least", "count",
         "china_heavy_re_categories_controlled", None)],
    f"{SEED_001}-p08-s02": [
        ("3.8 per cent increase", 3.8, 3.8, 3.8, "percent", "exact", "change",
         "japan_defence_budget_change", None),
        ("9 trillion yen", 9e12, 9e12, 9e12, "yen", "exact", "money", "japan_defence_budget",
         None),
        ("about US$57.7 billion", 5.77e10, 5.77e10, 5.77e10, "usd", "about", "money",
         "japan_defence_budget", None)],
    f"{SEED_001}-p10-s01": [
        ("more than doubling", 100.0, 100.0, None, "percent", "more than", "change",
         "china_defence_budget_change", None),
        ("the past decade", 10.0, 10.0, 10.0, "years", "exact", "duration",
         "china_defence_budget_change_period", None)],
    f"{SEED_001}-p11-s03": [
        ("around 60 per cent", 60.0, 60.0, 60.0, "percent", "about", "share",
         "japan_re_import_share_china", None)],
    f"{SEED_001}-p14-s01": [
        ("more than a decade ago", 10.0, 10.0, None, "years", "more than", "duration",
         "supply_disruption_elapsed", None)],
    f"{SEED_001}-p14-s03": [
        ("rose 35 per cent", 35.0, 35.0, 35.0, "percent", "exact", "change",
         "china_re_export_change", None),
        ("305 metric tonnes", 305.0, 305.0, 305.0, "tonnes", "exact", "quantity",
         "china_re_exports_to_japan", None)],
    f"{SEED_002}-p02-s01": [
        ("72%", 72.0, 72.0, 72.0, "percent", "exact", "share", "japan_re_import_share_china",
         None),
        ("within two months", 2.0, None, 2.0, "months", "up to", "duration",
         "japan_production_buffer_duration", None)],
    f"{SEED_002}-p13-s01": [
        ("~72%", 72.0, 72.0, 72.0, "percent", "about", "share", "japan_re_import_share_china",
         2024),
        ("over a decade ago", 10.0, 10.0, None, "years", "more than", "duration",
         "japan_diversification_duration", None)],
    f"{SEED_002}-p15-s01": [
        ("about two months", 2.0, 2.0, 2.0, "months", "about", "duration",
         "japan_production_buffer_duration", None)],
    f"{SEED_003}-p17-s02": [
        ("more than 70%", 70.0, 70.0, None, "percent", "more than", "share",
         "japan_re_import_share_china", None)],
    f"{SEED_004}-p02-s01": [
        ("roughly 90%", 90.0, 90.0, 90.0, "percent", "about", "share", "china_processing_share",
         None)],
    f"{SEED_004}-p06-s01": [
        ("over 70%", 70.0, 70.0, None, "percent", "more than", "share",
         "japan_re_import_share_china", None)],
}

#: Sentences of the seeds with a digit or a number word but no claim, and why.
SEED_NO_CLAIMS: dict[str, str] = {
    f"{SEED_000}-p02-s01": "On January 6: a date",
    f"{SEED_000}-p03-s02": "the two countries: a reference with a determiner",
    f"{SEED_000}-p04-s02": "in November 2025: a date",
    f"{SEED_000}-p11-s04": "in October 2025: a date",
    f"{SEED_000}-p14-s01": "the two nations: a reference with a determiner",
    f"{SEED_000}-p15-s01": "decades of relative stability: a plural time word without a number",
    f"{SEED_000}-p15-s02": "one of the defining questions: a partitive",
    f"{SEED_001}-p01-s01": "Asia's two largest economies: a rank",
    f"{SEED_001}-p01-s02": "Tuesday (January 6): a date",
    f"{SEED_001}-p09-s03": "three non-nuclear principles: a policy's name",
    f"{SEED_001}-p16-s01": "once again: not a number",
    f"{SEED_002}-p04-s01": "Two recent pieces: a number word counting no listed noun",
    f"{SEED_002}-p17-s01": "late 2026: a bare year",
    f"{SEED_003}-p01-s01": "Asia's two largest economies: a rank",
    f"{SEED_003}-p02-s01": "One-China policy: a name",
    f"{SEED_003}-p13-s01": "late 2025: a bare year",
    f"{SEED_003}-p19-s01": "one of the most direct trade actions; recent decades: no figure",
    f"{SEED_004}-p04-s02": "One China principle: a name",
}

NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|dozens?|hundreds?|thousands?"
    r"|millions?|billions?|trillions?|half|halved|doubl\w+|tripl\w+|twice|once|decades?)\b",
    re.IGNORECASE)


@pytest.fixture(scope="module")
def seed_sentences(seed_tables) -> dict[str, str]:
    sentences = seed_tables.sentences
    return dict(zip(sentences["sentence_id"], sentences["text"], strict=True))


def test_seed_tables_list_every_sentence_with_a_number(seed_sentences):
    with_numbers = {sentence_id for sentence_id, text in seed_sentences.items()
                    if re.search(r"\d", text) or NUMBER_WORD.search(text)}
    assert with_numbers == set(SEED_CLAIMS) | set(SEED_NO_CLAIMS)
    assert not set(SEED_CLAIMS) & set(SEED_NO_CLAIMS)


@pytest.mark.parametrize("sentence_id", list(SEED_CLAIMS))
def test_seed_sentence_claims(seed_sentences, sentence_id):
    assert [row(c) for c in extract_claims(seed_sentences[sentence_id])] == \
        SEED_CLAIMS[sentence_id]


@pytest.mark.parametrize("sentence_id", list(SEED_NO_CLAIMS))
def test_seed_sentence_without_claims(seed_sentences, sentence_id):
    assert extract_claims(seed_sentences[sentence_id]) == [], SEED_NO_CLAIMS[sentence_id]


def test_seed_sentences_without_numbers_give_no_claims(seed_sentences):
    listed = set(SEED_CLAIMS) | set(SEED_NO_CLAIMS)
    found = {sentence_id: extract_claims(text) for sentence_id, text in seed_sentences.items()
             if sentence_id not in listed}
    assert {sentence_id: claims for sentence_id, claims in found.items() if claims} == {}


def test_seed_claims_give_offsets_into_the_sentence(seed_sentences):
    for sentence_id in SEED_CLAIMS:
        sentence = seed_sentences[sentence_id]
        for claim in extract_claims(sentence):
            assert sentence[claim.start:claim.end] == claim.text


def test_every_seed_claim_has_a_metric_of_the_vocabulary(seed_sentences):
    metric_ids = {metric.id for metric in load_metrics().metrics}
    for sentence_id in SEED_CLAIMS:
        for claim in extract_claims(seed_sentences[sentence_id]):
            assert claim.metric in metric_ids, (sentence_id, claim.text)


def test_japan_import_share_from_china_is_found_in_every_seed_that_cites_it(seed_sentences):
    # The reconciliation chart sets these side by side: each citation, its form and its year.
    found = sorted((sentence_id[:3], claim.text, claim.low, claim.high, claim.year)
                   for sentence_id, text in seed_sentences.items()
                   for claim in extract_claims(text)
                   if claim.metric == "japan_re_import_share_china")
    assert found == [
        ("000", "90 percent", 90.0, 90.0, 2010),
        ("000", "about 60-70 percent", 60.0, 70.0, None),
        ("001", "around 60 per cent", 60.0, 60.0, None),
        ("002", "72%", 72.0, 72.0, None),
        ("002", "~72%", 72.0, 72.0, 2024),
        ("003", "more than 70%", 70.0, None, None),
        ("004", "over 70%", 70.0, None, None),
    ]


# --- crafted figures -----------------------------------------------------------------------------

#: (sentence, the figures it holds as (text, value, low, high, unit, qualifier, kind)).
CRAFTED = [
    # percentages and ranges
    ("Japan imports 60-70 percent of its rare earths.",
     [("60-70 percent", 65.0, 60.0, 70.0, "percent", "exact", "share")]),
    ("Japan imports 60–70% of its rare earths.",
     [("60–70%", 65.0, 60.0, 70.0, "percent", "exact", "share")]),
    ("Japan imports 60%-70% of its rare earths.",
     [("60%-70%", 65.0, 60.0, 70.0, "percent", "exact", "share")]),
    ("Japan imports 60 to 70 per cent of its rare earths.",
     [("60 to 70 per cent", 65.0, 60.0, 70.0, "percent", "exact", "share")]),
    ("Japan imports between 60 and 70 percent of its rare earths.",
     [("between 60 and 70 percent", 65.0, 60.0, 70.0, "percent", "exact", "share")]),
    ("China supplies more than 70% of them.",
     [("more than 70%", 70.0, 70.0, None, "percent", "more than", "share")]),
    ("China supplies ~72% of them.", [("~72%", 72.0, 72.0, 72.0, "percent", "about", "share")]),
    ("China refines roughly 90% of them.",
     [("roughly 90%", 90.0, 90.0, 90.0, "percent", "about", "share")]),
    ("China supplies around 60 per cent of them.",
     [("around 60 per cent", 60.0, 60.0, 60.0, "percent", "about", "share")]),
    ("China supplied 90 percent of them.",
     [("90 percent", 90.0, 90.0, 90.0, "percent", "exact", "share")]),
    ("China supplies over 70% of them.",
     [("over 70%", 70.0, 70.0, None, "percent", "more than", "share")]),
    ("It holds some 60 pct, approximately 5 percent, above 50% and under 10%.",
     [("some 60 pct", 60.0, 60.0, 60.0, "percent", "about", "share"),
      ("approximately 5 percent", 5.0, 5.0, 5.0, "percent", "about", "share"),
      ("above 50%", 50.0, 50.0, None, "percent", "more than", "share"),
      ("under 10%", 10.0, None, 10.0, "percent", "less than", "share")]),
    ("It holds nearly 50%, up to 20% and at least 30%.",
     [("nearly 50%", 50.0, None, 50.0, "percent", "nearly", "share"),
      ("up to 20%", 20.0, None, 20.0, "percent", "up to", "share"),
      ("at least 30%", 30.0, 30.0, None, "percent", "at least", "share")]),
    ("It holds 70% or more, or 60 percent or so.",
     [("70% or more", 70.0, 70.0, None, "percent", "at least", "share"),
      ("60 percent or so", 60.0, 60.0, 60.0, "percent", "about", "share")]),
    ("Its share fell from 40 to 30 per cent.",
     [("40", 40.0, 40.0, 40.0, "percent", "exact", "share"),
      ("30 per cent", 30.0, 30.0, 30.0, "percent", "exact", "share")]),
    # quantities and counts
    ("Exports reached 305 metric tonnes.",
     [("305 metric tonnes", 305.0, 305.0, 305.0, "tonnes", "exact", "quantity")]),
    ("Exports reached 2,000 metric tons, then 5 million tonnes and 500 kg.",
     [("2,000 metric tons", 2000.0, 2000.0, 2000.0, "tonnes", "exact", "quantity"),
      ("5 million tonnes", 5e6, 5e6, 5e6, "tonnes", "exact", "quantity"),
      ("500 kg", 0.5, 0.5, 0.5, "tonnes", "exact", "quantity")]),
    ("The list covers roughly 1,100 dual-use goods.",
     [("roughly 1,100 dual-use goods", 1100.0, 1100.0, 1100.0, "count", "about", "count")]),
    ("At least seven categories are listed.",
     [("At least seven categories", 7.0, 7.0, None, "count", "at least", "count")]),
    ("Twenty-five companies and a dozen firms complained.",
     [("Twenty-five companies", 25.0, 25.0, 25.0, "count", "exact", "count"),
      ("a dozen firms", 12.0, 12.0, 12.0, "count", "exact", "count")]),
    ("Hundreds of companies and 17 rare earth elements are affected.",
     [("Hundreds of companies", None, 100.0, 1000.0, "count", "about", "count"),
      ("17 rare earth elements", 17.0, 17.0, 17.0, "count", "exact", "count")]),
    ("Fewer than 10 firms and 1.4 billion people.",
     [("Fewer than 10 firms", 10.0, None, 10.0, "count", "less than", "count"),
      ("1.4 billion people", 1.4e9, 1.4e9, 1.4e9, "count", "exact", "count")]),
    # money
    ("The budget is 9 trillion yen (about US$57.7 billion).",
     [("9 trillion yen", 9e12, 9e12, 9e12, "yen", "exact", "money"),
      ("about US$57.7 billion", 5.77e10, 5.77e10, 5.77e10, "usd", "about", "money")]),
    ("Losses could reach hundreds of billions of yen.",
     [("hundreds of billions of yen", None, 1e11, 1e12, "yen", "about", "money")]),
    ("The budget is ¥9 trillion.", [("¥9 trillion", 9e12, 9e12, 9e12, "yen", "exact", "money")]),
    ("The deal is worth $1.5bn.", [("$1.5bn", 1.5e9, 1.5e9, 1.5e9, "usd", "exact", "money")]),
    ("It costs $5m, JPY 300 billion or RMB 1.7 trillion.",
     [("$5m", 5e6, 5e6, 5e6, "usd", "exact", "money"),
      ("JPY 300 billion", 3e11, 3e11, 3e11, "yen", "exact", "money"),
      ("RMB 1.7 trillion", 1.7e12, 1.7e12, 1.7e12, "cny", "exact", "money")]),
    ("It costs 20 billion dollars or between $5 and $6 billion.",
     [("20 billion dollars", 2e10, 2e10, 2e10, "usd", "exact", "money"),
      ("between $5 and $6 billion", 5.5e9, 5e9, 6e9, "usd", "exact", "money")]),
    # changes
    ("Exports rose 35 per cent to 305 metric tonnes.",
     [("rose 35 per cent", 35.0, 35.0, 35.0, "percent", "exact", "change"),
      ("305 metric tonnes", 305.0, 305.0, 305.0, "tonnes", "exact", "quantity")]),
    ("It includes a 3.8 per cent increase in the budget.",
     [("3.8 per cent increase", 3.8, 3.8, 3.8, "percent", "exact", "change")]),
    ("The budget is more than doubling.",
     [("more than doubling", 100.0, 100.0, None, "percent", "more than", "change")]),
    ("Output tripled and stocks halved.",
     [("tripled", 200.0, 200.0, 200.0, "percent", "exact", "change"),
      ("halved", -50.0, -50.0, -50.0, "percent", "exact", "change")]),
    ("Exports fell 10%, dropped by more than 5% and were down 2 percentage points.",
     [("fell 10%", -10.0, -10.0, -10.0, "percent", "exact", "change"),
      ("dropped by more than 5%", -5.0, None, -5.0, "percent", "more than", "change"),
      ("down 2 percentage points", -2.0, -2.0, -2.0, "percentage_points", "exact", "change")]),
    ("Prices were up 5% after a 25% cut in quotas.",
     [("up 5%", 5.0, 5.0, 5.0, "percent", "exact", "change"),
      ("25% cut", -25.0, -25.0, -25.0, "percent", "exact", "change")]),
    # durations
    ("Supplies stopped for two months.",
     [("two months", 2.0, 2.0, 2.0, "months", "exact", "duration")]),
    ("It spent 15 years diversifying.",
     [("15 years", 15.0, 15.0, 15.0, "years", "exact", "duration")]),
    ("Spending doubled over the past decade.",
     [("doubled", 100.0, 100.0, 100.0, "percent", "exact", "change"),
      ("the past decade", 10.0, 10.0, 10.0, "years", "exact", "duration")]),
    ("It could operate for only about two months.",
     [("about two months", 2.0, 2.0, 2.0, "months", "about", "duration")]),
    ("A two-month ban, two to three weeks, nearly a year and 15 days.",
     [("two-month", 2.0, 2.0, 2.0, "months", "exact", "duration"),
      ("two to three weeks", 2.5, 2.0, 3.0, "weeks", "exact", "duration"),
      ("nearly a year", 1.0, None, 1.0, "years", "nearly", "duration"),
      ("15 days", 15.0, 15.0, 15.0, "days", "exact", "duration")]),
    ("It happened more than a decade ago, within the next two months and over the last year.",
     [("more than a decade ago", 10.0, 10.0, None, "years", "more than", "duration"),
      ("the next two months", 2.0, 2.0, 2.0, "months", "exact", "duration"),
      ("the last year", 1.0, 1.0, 1.0, "years", "exact", "duration")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CRAFTED, ids=[s for s, _ in CRAFTED])
def test_crafted_figures(sentence, expected):
    claims = extract_claims(sentence)
    assert [figure(c) for c in claims] == expected
    assert all(sentence[c.start:c.end] == c.text for c in claims)


#: Sentences with numbers that are not claims, and why.
NOT_CLAIMS = [
    ("The Type-88 missile was deployed.", "a model name"),
    ("China opposed the G7 statement.", "a name glued to a number"),
    ("The 15th Five-Year Plan starts this year.", "an ordinal and a plan's name"),
    ("Japan respects the One-China policy.", "a name"),
    ("China banned the exports in 2010.", "a bare year"),
    ("Japan's imports from China (2024) were steady.", "a bare year in brackets"),
    ("China's 2025 export rules were strict.", "a bare year as an adjective"),
    ("On January 6, China acted.", "a date"),
    ("On Jan 12, 2026, China acted; on 6 January it spoke.", "dates"),
    ("The rules apply from 1/6/2026 at 3 pm, or 15:30.", "a date and clock times"),
    ("Between 2010-2015 and in 2024-25 exports were steady.", "year spans"),
    ("They are the world's two largest economies.", "a rank"),
    ("The two countries and both nations disagree.", "references with a determiner"),
    ("It is one of the most direct actions.", "a partitive"),
    ("Two recent pieces from China Daily agree.", "a number word counting no listed noun"),
    ("Decades of stability and years of talks followed.", "plural time words, no number"),
    ("A year ago China acted.", "'a year' without a qualifier dates an event"),
    ("Article 12 of the law and No. 3 apply.", "legal references"),
    ("The 1990s saw 5G and the 15th round.", "a decade, a name, an ordinal"),
    ("The vote was 3-2 and the site is 5m away.", "a score; a glued unit we do not know"),
    ("The deal was worth A$5bn.", "a currency the vocabulary does not know"),
    ("Hundreds of them came.", "a vague number counting no listed noun"),
    ("Japan will not abandon its three non-nuclear principles.", "a policy's name"),
]


@pytest.mark.parametrize(("sentence", "reason"), NOT_CLAIMS, ids=[r for _, r in NOT_CLAIMS])
def test_numbers_that_are_not_claims(sentence, reason):
    assert extract_claims(sentence) == [], reason


# --- years ---------------------------------------------------------------------------------------


def years_of(sentence: str) -> list[tuple[str, int | None]]:
    return [(claim.text, claim.year) for claim in extract_claims(sentence)]


def test_year_after_the_figure_belongs_to_it_not_to_the_next():
    assert years_of("Reliance fell from 90 percent in 2010 to about 60-70 percent now.") == [
        ("90 percent", 2010), ("about 60-70 percent", None)]


def test_year_in_brackets_after_the_figure():
    assert years_of("Japan sources ~72% of its imports from China (2024).") == [("~72%", 2024)]


def test_year_before_the_figure_when_none_follows():
    assert years_of("In 2010, China halted exports for two months.") == [("two months", 2010)]


def test_year_starting_a_new_phrase_goes_to_the_next_figure():
    assert years_of("In 2010 China supplied 90% and in 2024 about 60%.") == [
        ("90%", 2010), ("about 60%", 2024)]


def test_month_without_a_year_gives_no_year():
    assert years_of("In November exports rose 35 per cent.") == [("rose 35 per cent", None)]


def test_year_of_a_dated_month_counts():
    assert years_of("In November 2025 exports rose 35 per cent.") == [("rose 35 per cent", 2025)]


def test_year_in_another_clause_is_not_taken():
    assert years_of("China acted in 2010; Japan now imports 60%.") == [("60%", None)]


# --- metrics -------------------------------------------------------------------------------------


def metrics_of(sentence: str) -> list[tuple[str, str]]:
    return [(claim.text, claim.metric) for claim in extract_claims(sentence)]


def test_import_share_and_processing_share_are_told_apart():
    assert metrics_of("China supplies 60% of Japan's rare earth imports and refines 90% of the "
                      "world's rare earths, with 70% of mining.") == [
        ("60%", "japan_re_import_share_china"), ("90%", "china_processing_share"),
        ("70%", "china_re_mining_share")]


def test_reliance_on_chinese_rare_earths_is_the_import_share():
    assert metrics_of("Japan's reliance on Chinese rare earths is about 60 percent.") == [
        ("about 60 percent", "japan_re_import_share_china")]


def test_defence_budget_metrics_follow_the_country():
    assert metrics_of("Japan's defence budget rose 3.8 per cent.") == [
        ("rose 3.8 per cent", "japan_defence_budget_change")]
    assert metrics_of("China's defence budget rose 7.2 per cent.") == [
        ("rose 7.2 per cent", "china_defence_budget_change")]


def test_defence_budget_metrics_follow_the_country_named_before_the_figure():
    assert metrics_of("Japan's defence budget rose 3.8 per cent, while China's defence budget "
                      "rose 7.2 per cent.") == [
        ("rose 3.8 per cent", "japan_defence_budget_change"),
        ("rose 7.2 per cent", "china_defence_budget_change")]


def test_money_in_another_currency_takes_the_same_metric():
    assert metrics_of("Japan's defence budget is 9 trillion yen (about US$57.7 billion).") == [
        ("9 trillion yen", "japan_defence_budget"),
        ("about US$57.7 billion", "japan_defence_budget")]


def test_a_figure_of_another_kind_does_not_take_a_metric():
    # The import-share metric takes shares only; a tonnage near its cue stays unclassified.
    assert metrics_of("Japan's rare earth imports from China were 5,000 tonnes.") == [
        ("5,000 tonnes", UNCLASSIFIED)]


def test_a_metric_needs_what_it_requires_in_the_sentence():
    # No China in the sentence: the share is not Japan's share of imports from China.
    assert metrics_of("Japan's rare earth imports grew, with 60% from Vietnam.") == [
        ("60%", UNCLASSIFIED)]


def test_figure_without_cues_is_unclassified():
    assert metrics_of("The poll found 42% support.") == [("42%", UNCLASSIFIED)]


def test_claims_use_only_the_documented_vocabularies():
    sentences = [sentence for sentence, _ in CRAFTED]
    for claim in (c for sentence in sentences for c in extract_claims(sentence)):
        assert claim.unit in UNITS
        assert claim.qualifier in QUALIFIERS
        assert claim.kind in KIND_DIMENSIONS


def test_claim_is_frozen():
    claim = extract_claims("It rose 5%.")[0]
    with pytest.raises(AttributeError):
        claim.value = 6.0  # type: ignore[misc]


def test_word_index_changes_no_claim(seed_tables, monkeypatch):
    """Claims with the word index equal those with every pattern tried on every sentence (the
    quick twins equal their patterns: see test_patterns)."""
    from chokepoints.patterns import PatternIndex
    from tests.lexicon_texts import all_texts

    texts = [*seed_tables.sentences["text"], *all_texts()]
    fast = [extract_claims(text) for text in texts]
    monkeypatch.setattr(PatternIndex, "select", lambda self, words: range(len(self)))
    assert [extract_claims(text) for text in texts] == fast


def test_token_and_date_patterns_match_as_their_plain_forms(seed_tables):
    """The figures' and dates' patterns, rewritten to search faster, match as they were written
    at first; and so does each with only the alternatives a text has the words of."""
    from chokepoints import claims
    from chokepoints.patterns import words_in
    from tests.lexicon_texts import all_texts

    vague = "|".join(claims._VAGUE)
    plain_tokens = re.compile(
        rf"(?P<digits>(?<![\w.,])(?:{claims._DIGITS}))"
        rf"|(?P<word>(?<!\w){claims._WORD_NUM}(?!\w))"
        rf"|(?P<vague>(?<!\w)(?:{vague})(?=\s+of(?!\w)))"
        rf"|(?P<article>(?<!\w)an?(?=\s+(?:decade|year|month|week|day)(?!\w)))"
        rf"|(?P<past>(?<!\w)the\s+(?:past|last|previous|next)\s+(?=(?:decade|year|month|week|day)"
        rf"(?!\w)))", re.IGNORECASE)
    month = claims._MONTH
    plain_dates = re.compile(
        rf"(?<!\w)(?:{month}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{month}(?:,?\s+\d{{4}})?"
        rf"|{month},?\s+\d{{4}})(?!\w)"
        r"|(?<!\w)\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am(?!\w)|pm(?!\w))"
        r"|(?<![\w:])\d{1,2}:\d{2}(?!\w)")
    for text in [*seed_tables.sentences["text"], *all_texts()]:
        words = words_in(text)
        for plain, alternation in ((plain_tokens, claims._TOKENS), (plain_dates, claims._DATES)):
            expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
            assert [(m.span(), m.lastgroup) for m in alternation.pattern.finditer(text)] \
                == expected, text
            variant = alternation.for_words(words)
            assert ([(m.span(), m.lastgroup) for m in variant.finditer(text)] if variant
                    else []) == expected, text


def test_a_sentence_without_figure_words_has_no_figure_start(seed_cleaned):
    """The early exit of extract_claims drops no sentence where a token or multiple matches."""
    texts = [p.text for cleaned in seed_cleaned.values() for p in cleaned.paragraphs]
    texts += ["Two", "a decade", "the past year", "hundreds of", "٣ tonnes", "ｔｗｏ", "doubled",
              "ſix", "\u212am", "x1", "İn 2020", "A year ago", "the next  month"]
    for text in texts:
        if _TOKENS.pattern.search(text) or _MULTIPLE.search(text):
            assert not _FIGURE_WORDS.isdisjoint(words_in(text)), text


# --- fast paths equal the plain searches -----------------------------------------------------

#: Figures in the forms the fast paths see: number words, ranges, percentages, prices and
#: currency signs at a text's end, years glued to signs and numbers, clock times and dates.
FIGURE_TEXTS = (
    "twenty-one tonnes", "Twenty one per cent", "a dozen companies", "two to three years",
    "between two and three years", "from forty to thirty per cent", "60-70%", "60 – 70 percent",
    "US$57.7 billion", "US $5", "$1.5bn", "¥9 trillion", "JP¥3", "CN¥4", "RMB 5", "CNY6",
    "USD 7", "JPY\n8", "A$9", "HK$ 10", "$\n", "US$ \n", "¥ ", "RMB\n", "in 2010", "(2024)",
    "$2025", "¥1999", "x2020", "2020s", "2020%", "2020.5", "1,2020", "/2021", "2021,5",
    "٢٠٢٥", "１９９９", "in 1900 and 2099", "at 9:30 a.m.", "at 9:30am", "12pm", "1:05, 10:45",
    "7 p.m.", "Jan 6, 2026", "6 January 2026", "November 2025", "Sept. 11", "24/7",
)


@pytest.fixture(scope="module")
def varied_texts(seed_tables) -> list[str]:
    """Seed sentences, paragraphs recombined from them as the 1k corpus is, TimeBank's newswire
    (when the workspace has it), and crafted figures."""
    from tests.corpora import CRAFTED, recombined, timebank
    from tests.lexicon_texts import all_texts

    sentences = list(seed_tables.sentences["text"])
    return [*sentences, *recombined(sentences, 150), *timebank(), *all_texts(), *CRAFTED,
            *FIGURE_TEXTS]


def test_claims_with_the_words_given_equal_those_found_alone(varied_texts):
    vocabulary = load_metrics()
    for text in varied_texts:
        assert extract_claims(text, vocabulary, words_in(text)) == extract_claims(text), text


def test_currency_sign_check_equals_the_full_search(varied_texts):
    """The quick look at a text's last characters rules out only texts the full search finds
    no currency sign at the end of: every prefix of the crafted figures and the seeds, the text
    before every digit of the others."""
    from chokepoints.claims import _CURRENCY_BEFORE, _currency_before

    for number, text in enumerate([*FIGURE_TEXTS, *varied_texts]):
        ends = (range(len(text) + 1) if number < len(FIGURE_TEXTS) + 1000
                else [m.start() for m in re.finditer(r"\d", text)])
        for end in ends:
            before = text[:end]
            expected = _CURRENCY_BEFORE.search(before)
            found = _currency_before(before)
            assert (found and (found.span(), found.lastgroup)) \
                == (expected and (expected.span(), expected.lastgroup)), before


def test_year_pattern_matches_as_its_plain_form(varied_texts):
    from chokepoints.claims import _YEAR

    plain = re.compile(r"(?<![\w$¥.,/])(?:19|20)\d{2}(?![\w%]|[.,]\d)")
    for text in varied_texts:
        assert [m.span() for m in _YEAR.finditer(text)] \
            == [m.span() for m in plain.finditer(text)], text
