"""Tests for chokepoints.events: the taxonomy, one sentence, merging, the seed chronology."""

from __future__ import annotations

import itertools
import random
import re
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml

from chokepoints import config
from chokepoints import events as events_module
from chokepoints.analyze import Tables
from chokepoints.dates import GRANULARITIES
from chokepoints.errors import ChokepointsError
from chokepoints.events import (
    CURATED_COLUMNS,
    EVENT_COLUMNS,
    EXTRACTED_COLUMNS,
    ORIGINS,
    QUAD_CLASSES,
    Event,
    FoundEvents,
    events_table,
    extract_events,
    extracted_events,
    load_curated_events,
    load_event_types,
    merge_events,
)
from chokepoints.patterns import fold as patterns_fold
from tests.corpora import CRAFTED, recombined, timebank
from tests.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

#: Goldstein (1992) weights of the CAMEO codes the taxonomy uses, as CAMEO.goldsteinscale.txt
#: (GDELT) gives them.
PUBLISHED_GOLDSTEIN = {"010": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "057": 8.0, "085": 7.0,
                       "10": -5.0, "111": -2.0, "112": -2.0, "114": -2.0, "12": -4.0, "13": -6.0,
                       "15": -7.2, "16": -4.0, "163": -8.0}
PLOVER_CATEGORIES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                     "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST",
                     "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT", "CRIME"}
#: The build's as-of date the seed tests anchor the undated seeds (000, 004) to.
SEED_AS_OF = date(2026, 1, 8)
TUESDAY = date(2026, 1, 6)  # the day of the ban; articles of the next days are anchored later
WEDNESDAY = date(2026, 1, 7)


def only(events: list[Event]) -> Event:
    assert len(events) == 1, events
    return events[0]


def d(value: str) -> date:
    return date.fromisoformat(value)


# --- the taxonomy --------------------------------------------------------------------------------


def test_event_types_load_from_the_project_file():
    types = load_event_types()
    assert config.EVENT_TYPES_FILE.name == "event_types.yml"
    assert len(set(types.ids)) == len(types.ids) >= 12
    assert [t.id for t in types.types if t.is_generic] == ["make_statement"]
    for event_type in types.types:
        assert event_type.quad_class in QUAD_CLASSES, event_type.id
        assert event_type.description and event_type.label, event_type.id
        assert event_type.cues or event_type.nominal_cues, event_type.id


def test_published_intensities_are_the_goldstein_values_of_their_cameo_codes():
    for event_type in load_event_types().types:
        if event_type.goldstein_source == "published":
            assert event_type.goldstein == PUBLISHED_GOLDSTEIN[event_type.goldstein_code], \
                event_type.id
            assert event_type.goldstein_code in event_type.cameo, event_type.id


def test_data_releases_and_domestic_measures_have_a_chosen_intensity_of_zero():
    types = load_event_types()
    for type_id in ("data_release", "domestic_measure"):
        assert types[type_id].goldstein == 0.0
        assert types[type_id].goldstein_source == "chosen"
        assert types[type_id].plover is None and types[type_id].cameo == ()
        assert types[type_id].note


def test_plover_categories_are_plover_roots_or_none():
    for event_type in load_event_types().types:
        assert event_type.plover is None or event_type.plover in PLOVER_CATEGORIES, \
            event_type.id


def test_the_types_the_issue_names_are_there():
    types = load_event_types()
    for type_id in ("impose_restriction", "protest_formally", "disapprove", "make_statement",
                    "domestic_measure", "exhibit_force", "sign_agreement", "data_release",
                    "threaten", "demand"):
        assert type_id in types
    assert types["impose_restriction"].goldstein == -8.0
    assert types["sign_agreement"].goldstein == 8.0


def write_types(tmp_path: Path, change: dict | None = None, extra: list | None = None) -> Path:
    """The project's lexicon with the first type changed and extra types appended."""
    spec = yaml.safe_load(config.EVENT_TYPES_FILE.read_text(encoding="utf-8"))
    spec["types"][0].update(change or {})
    spec["types"] += extra or []
    path = tmp_path / "event_types.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, extra, message", [
    ({"quad_class": "hostile"}, None, "quad_class"),
    ({"goldstein": -12}, None, "outside"),
    ({"goldstein_source": "chosen", "note": ""}, None, "note"),
    ({"cues": ["(unclosed"]}, None, "bad pattern"),
    ({"is_generic": True}, None, "exactly one"),
    (None, [{"id": "impose_restriction"}], "lacks"),
])
def test_a_malformed_lexicon_is_refused(tmp_path: Path, change, extra, message):
    load_event_types.cache_clear()
    with pytest.raises(ChokepointsError, match=message):
        load_event_types(write_types(tmp_path, change, extra))


def test_a_repeated_type_is_refused(tmp_path: Path):
    spec = yaml.safe_load(config.EVENT_TYPES_FILE.read_text(encoding="utf-8"))
    path = write_types(tmp_path, extra=[dict(spec["types"][1])])
    with pytest.raises(ChokepointsError, match="twice"):
        load_event_types(path)


# --- typing: one sentence, one event -------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """A crafted sentence and the one event it tells."""

    sentence: str
    anchor: date
    event_type: str
    actor: str
    target: str
    date_start: date | None
    date_end: date | None
    granularity: str


CASES = [
    Case("On 6 January 2026, China banned exports of dual-use items to Japan.", WEDNESDAY,
         "impose_restriction", "china", "japan", TUESDAY, TUESDAY, "day"),
    Case("Japan lodged a formal protest with China on Tuesday.", WEDNESDAY, "protest_formally",
         "japan", "china", TUESDAY, TUESDAY, "day"),
    Case("Chinese forces conducted military drills around Taiwan in late December.", WEDNESDAY,
         "exhibit_force", "china", "taiwan", d("2025-12-21"), d("2025-12-31"), "month"),
    Case("The US signed a rare earth agreement with Japan in October 2025.", WEDNESDAY,
         "sign_agreement", "united_states", "japan", d("2025-10-01"), d("2025-10-31"), "month"),
    Case("In late December, the Japanese cabinet approved a record defence budget for the fiscal "
         "year beginning in April.", WEDNESDAY, "domestic_measure", "japan", "",
         d("2025-12-21"), d("2025-12-31"), "month"),
    Case("In November, China's rare earth exports to Japan rose 35 per cent, the highest monthly "
         "total last year.", TUESDAY, "data_release", "china", "japan", d("2025-11-01"),
         d("2025-11-30"), "month"),
    Case("Tokyo condemned the ban on Wednesday, calling it unacceptable.", d("2026-01-08"),
         "disapprove", "japan", "", WEDNESDAY, WEDNESDAY, "day"),
    Case("On Tuesday Beijing warned that violators would be held legally liable.", WEDNESDAY,
         "threaten", "china", "", TUESDAY, TUESDAY, "day"),
    Case("Japan demanded on Wednesday that China withdraw the ban.", d("2026-01-08"), "demand",
         "japan", "china", WEDNESDAY, WEDNESDAY, "day"),
    Case("China rejected the remarks as provocative in November.", WEDNESDAY, "disapprove",
         "china", "", d("2025-11-01"), d("2025-11-30"), "month"),
    Case("Japan rejected China's proposal for talks in December.", WEDNESDAY, "reject", "japan",
         "china", d("2025-12-01"), d("2025-12-31"), "month"),
    Case("The foreign ministry of Japan accused China of coercion on Tuesday.", WEDNESDAY,
         "accuse", "japan", "china", TUESDAY, TUESDAY, "day"),
    Case("Tokyo reaffirmed its non-nuclear pledge in mid-December.", TUESDAY, "make_statement",
         "japan", "", d("2025-12-11"), d("2025-12-20"), "month"),
    Case("China issued a travel advisory against Japan in November.", TUESDAY,
         "reduce_relations", "china", "japan", d("2025-11-01"), d("2025-11-30"), "month"),
    Case("China suspended export controls on gallium in November 2025.", TUESDAY,
         "ease_restriction", "china", "", d("2025-11-01"), d("2025-11-30"), "month"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.sentence[:40] for c in CASES])
def test_a_sentence_gives_its_event(case: Case):
    event = only(extract_events(case.sentence, case.anchor))
    assert (event.event_type, event.actor, event.target) == \
        (case.event_type, case.actor, case.target)
    assert (event.date_start, event.date_end, event.granularity) == \
        (case.date_start, case.date_end, case.granularity)


def test_intensity_is_the_goldstein_value_of_the_type():
    types = load_event_types()
    for case in CASES:
        event = only(extract_events(case.sentence, case.anchor))
        assert event.intensity == types[event.event_type].goldstein


def test_a_reporting_verb_folds_into_the_action_it_reports():
    event = only(extract_events("China's Ministry of Commerce declared on Tuesday that all "
                                "exports to Japan of dual-use goods are now prohibited.",
                                WEDNESDAY))
    assert (event.event_type, event.actor, event.target, event.date_start) == \
        ("impose_restriction", "china", "japan", TUESDAY)


def test_a_statement_is_the_generic_type_when_nothing_more_specific_is_said():
    event = only(extract_events("Prime Minister Takaichi said in November 2025 that an attack "
                                "on Taiwan could threaten Japan.", TUESDAY))
    assert (event.event_type, event.actor, event.intensity) == ("make_statement", "japan", 0.0)


def test_two_actions_of_one_clause_are_two_events():
    events = extract_events("Japanese officials formally protested the move and demanded its "
                            "withdrawal.", WEDNESDAY)
    assert sorted(e.event_type for e in events) == ["demand", "protest_formally"]
    assert {e.actor for e in events} == {"japan"}


# --- actor and target ----------------------------------------------------------------------------


def test_the_subject_before_the_cue_is_the_actor_and_a_mention_after_it_the_target():
    one = only(extract_events("On Tuesday Japan protested to China.", WEDNESDAY))
    other = only(extract_events("On Tuesday China protested to Japan.", WEDNESDAY))
    assert (one.actor, one.target) == ("japan", "china")
    assert (other.actor, other.target) == ("china", "japan")


def test_a_mention_after_a_preposition_is_not_the_subject():
    event = only(extract_events("In response to China's export controls, Japan has formally "
                                "protested.", WEDNESDAY))
    assert (event.actor, event.target) == ("japan", "china")


def test_an_aside_between_subject_and_verb_does_not_give_the_actor():
    event = only(extract_events("China, which claims Taiwan as part of its territory, strongly "
                                "rejected the remarks in November.", WEDNESDAY))
    assert event.actor == "china" and event.target != "taiwan"


def test_the_agent_of_a_noun_is_its_actor():
    event = only(extract_events("The ban follows remarks made in early November by Japanese "
                                "Prime Minister Sanae Takaichi concerning Taiwan.", TUESDAY))
    assert (event.event_type, event.actor, event.target) == \
        ("make_statement", "japan", "taiwan")
    assert (event.date_start, event.date_end) == (d("2025-11-01"), d("2025-11-10"))


def test_a_possessive_gives_the_actor_of_a_noun():
    events = extract_events("Beijing denounced Takaichi's comments in November.", TUESDAY)
    assert [(e.event_type, e.actor, e.target) for e in events] == \
        [("disapprove", "china", "japan"), ("make_statement", "japan", "china")]
    assert extract_events("The comments in November angered Beijing.", TUESDAY) == []


@pytest.mark.parametrize("sentence", [
    "Japanese firms have also reported longer approval times for export licences.",
    "Analysts warn that the ban could disrupt supply chains.",
    "A major Japanese magnet producer interviewed by TV Asahi said it could operate for only "
    "two months.",
])
def test_a_subject_that_is_no_government_makes_no_event(sentence: str):
    assert extract_events(sentence, TUESDAY) == []


def test_a_clause_that_names_nobody_takes_the_actor_of_the_previous_sentence():
    context = only(extract_events("Japan's government condemned the export ban on Wednesday.",
                                  d("2026-01-08")))
    event = only(extract_events("Officials have formally protested the move.", d("2026-01-08"),
                                context=context))
    assert (event.actor, event.event_type) == ("japan", "protest_formally")
    assert extract_events("Officials have formally protested the move.", d("2026-01-08")) == []


def test_a_participle_takes_the_actor_of_the_clause_before_it():
    events = extract_events("China's foreign ministry questioned Japan's intentions, accusing "
                            "Tokyo of using the issue as a pretext.", TUESDAY)
    assert [(e.event_type, e.actor, e.target) for e in events] == \
        [("disapprove", "china", "japan"), ("accuse", "china", "japan")]


def test_a_speaker_of_an_organisation_speaks_for_it():
    event = only(extract_events("An official at the Japan External Trade Organisation said the "
                                "impact was unclear.", TUESDAY))
    assert event.actor == "japan"


def test_the_speakers_own_words_are_not_events():
    events = extract_events("“China has banned exports to Japan,” an official at the Japan "
                            "External Trade Organisation said.", TUESDAY)
    assert [(e.event_type, e.actor) for e in events] == [("make_statement", "japan")]


# --- what is not an event ------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Japan's foreign ministry did not protest.",
    "Chinese officials say no formal rare-earth ban has yet been announced.",
    "China could ban exports of rare earths to Japan.",
    "If China bans exports, Japan will protest.",
    "The article accused Tokyo of relaxing arms export restrictions.",
])
def test_negated_modal_and_hypothetical_actions_are_not_events(sentence: str):
    assert all(e.event_type in ("make_statement", "accuse")
               for e in extract_events(sentence, TUESDAY))
    assert not any(e.event_type in ("impose_restriction", "protest_formally", "ease_restriction")
                   for e in extract_events(sentence, TUESDAY))


def test_an_action_dated_after_the_anchor_is_a_forecast_and_left_out():
    assert extract_events("China banned exports to Japan on January 6, 2026.", d("2026-01-05")) \
        == []


def test_a_survival_threatening_situation_is_no_threat():
    events = extract_events("Takaichi stated in November that an attack could constitute a "
                            "survival-threatening situation for Japan.", TUESDAY)
    assert [e.event_type for e in events] == ["make_statement"]


# --- dates ---------------------------------------------------------------------------------------


def test_the_period_an_object_refers_to_does_not_date_the_action():
    event = only(extract_events("In late December, the Japanese cabinet approved a spending "
                                "package for the fiscal year beginning in April.", TUESDAY))
    assert event.date_value == "2025-12" and event.date_text == "late December"


def test_a_clause_days_after_another_is_dated_before_it():
    events = extract_events("In his New Year's address, Chinese President Xi Jinping reiterated "
                            "that reunification is unstoppable, days after Chinese forces "
                            "conducted military drills simulating the blockade of Taiwan.",
                            WEDNESDAY)
    speech, drills = events
    assert (speech.event_type, speech.date_start) == ("make_statement", d("2026-01-01"))
    assert drills.event_type == "exhibit_force"
    assert (drills.date_start, drills.date_end) == (d("2025-12-18"), d("2025-12-31"))
    assert drills.granularity == "ref" and "days after" in drills.date_note


def test_an_undated_action_happened_on_or_before_publication():
    event = only(extract_events("Japan has formally protested the ban.", WEDNESDAY))
    assert (event.date_start, event.date_end) == (None, WEDNESDAY)
    assert (event.date_value, event.granularity) == ("PAST_REF", "ref")
    assert not event.is_dated and "undated" in event.date_note


def test_a_stand_in_anchor_flags_dates_that_depend_on_it():
    relative = only(extract_events("Japan protested on Tuesday.", SEED_AS_OF,
                                   is_stand_in_anchor=True))
    absolute = only(extract_events("Japan protested on January 7, 2026.", SEED_AS_OF,
                                   is_stand_in_anchor=True))
    assert relative.is_anchored is False
    assert absolute.is_anchored is True


# --- merging -------------------------------------------------------------------------------------


def tables(*articles: tuple[str, date | None, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and articles tables of one-sentence articles (id, published, text)."""
    sentences = pd.DataFrame([{"sentence_id": f"{article_id}-p01-s01", "article_id": article_id,
                               "paragraph": 1, "text": text}
                              for article_id, _, text in articles])
    frame = pd.DataFrame([{"id": article_id, "published": published}
                          for article_id, published, _ in articles])
    frame["published"] = pd.to_datetime(frame["published"])
    return sentences, frame


def test_two_articles_telling_one_event_make_one_row_with_the_more_precise_date():
    sentences, articles = tables(
        ("a1", date(2026, 1, 20), "In January, China banned exports of dual-use items to Japan."),
        ("a2", WEDNESDAY, "China banned exports of dual-use items to Japan on Tuesday."))
    chronology = events_table(sentences, articles)
    row = chronology.iloc[0]
    assert len(chronology) == 1
    assert (row["n_sources"], row["article_ids"], row["origin"]) == (2, "a1; a2", "extracted")
    assert (row["date_start"].date(), row["granularity"]) == (TUESDAY, "day")
    assert pd.isna(row["date_note"])
    assert row["sentence_ids"] == "a1-p01-s01; a2-p01-s01"


def test_sources_that_disagree_on_the_day_are_merged_with_a_note():
    sentences, articles = tables(
        ("a1", d("2026-01-08"), "On January 6, China banned exports of dual-use items to Japan."),
        ("a2", d("2026-01-08"), "On January 7, China banned exports of dual-use items to Japan."))
    chronology = events_table(sentences, articles)
    assert len(chronology) == 1
    row = chronology.iloc[0]
    assert row["n_sources"] == 2
    assert row["date_start"].date() == TUESDAY
    assert "disagree" in row["date_note"] and "2026-01-07" in row["date_note"]


def test_different_events_stay_apart():
    sentences, articles = tables(
        ("a1", WEDNESDAY, "China banned exports of dual-use items to Japan on Tuesday."),
        ("a2", WEDNESDAY, "Japan protested to China on Tuesday."),
        ("a3", WEDNESDAY, "China banned exports of seafood from Japan in November."))
    chronology = events_table(sentences, articles)
    assert len(chronology) == 3
    assert list(chronology["n_sources"]) == [1, 1, 1]


def curated_frame(tmp_path: Path, rows: list[dict]) -> pd.DataFrame:
    path = tmp_path / "events.csv"
    pd.DataFrame(rows, columns=list(CURATED_COLUMNS)).to_csv(path, index=False)
    return load_curated_events(path)


BAN_ROW = {"id": "ban", "date_start": "2026-01-06", "date_end": "2026-01-06",
           "granularity": "day", "actor": "china", "target": "japan",
           "event_type": "impose_restriction", "intensity": "-8.0",
           "summary": "MOFCOM bans exports of dual-use items to Japanese military users",
           "source": "reference:export_controls/2026-01-06-japan-dual-use-ban", "notes": ""}
HALT_ROW = {**BAN_ROW, "id": "halt", "date_start": "2010-09-21", "date_end": "2010-11-20",
            "summary": "China halts rare-earth shipments to Japan", "source": "reference:x"}


def test_a_curated_row_told_by_an_article_is_both(tmp_path: Path):
    curated = curated_frame(tmp_path, [BAN_ROW, HALT_ROW])
    sentences, articles = tables(
        ("a1", d("2026-01-12"), "Beijing has imposed an immediate ban on exports of dual-use "
                                "items to Japan."))
    chronology = events_table(sentences, articles, curated)
    by_origin = dict(zip(chronology["origin"], chronology.to_dict("records"), strict=True))
    assert set(by_origin) == {"both", "curated"}
    both = by_origin["both"]
    assert both["summary"] == BAN_ROW["summary"] and both["source"] == BAN_ROW["source"]
    assert (both["n_sources"], both["date_start"].date()) == (1, TUESDAY)
    assert by_origin["curated"]["n_sources"] == 0
    assert set(chronology["origin"]) <= set(ORIGINS)


def test_an_undated_event_that_matches_no_dated_row_is_left_out_unless_asked_for():
    sentences, articles = tables(("a1", WEDNESDAY, "Japan has formally protested the ban."))
    assert events_table(sentences, articles).empty
    kept = events_table(sentences, articles, keep_undated=True)
    assert len(kept) == 1 and kept.iloc[0]["granularity"] == "ref"
    assert pd.isna(kept.iloc[0]["date_start"]) and kept.iloc[0]["date_end"].date() == WEDNESDAY


def test_the_chronology_has_its_columns_and_types():
    sentences, articles = tables(
        ("a1", WEDNESDAY, "China banned exports of dual-use items to Japan on Tuesday."))
    chronology = events_table(sentences, articles)
    assert tuple(chronology.columns) == EVENT_COLUMNS
    assert str(chronology["date_start"].dtype) == "datetime64[s]"
    assert str(chronology["n_sources"].dtype) == "Int64"
    assert chronology["intensity"].dtype == "float64"
    found = extracted_events(sentences, articles)
    assert tuple(found.columns) == EXTRACTED_COLUMNS


def test_the_order_is_chronological_and_does_not_depend_on_the_input_order(seed_tables: Tables):
    found = extracted_events(seed_tables.sentences, seed_tables.articles, as_of=SEED_AS_OF)
    curated = load_curated_events()
    one = merge_events(found, curated)
    shuffled = found.sample(frac=1, random_state=random.Random(7).randint(0, 10 ** 6))
    other = merge_events(shuffled, curated.iloc[::-1])
    pd.testing.assert_frame_equal(one, other)
    starts = one["date_start"].fillna(one["date_end"])
    assert starts.is_monotonic_increasing


# --- the curated file ----------------------------------------------------------------------------


def test_the_project_curated_chronology_loads_and_cites_its_sources():
    curated = load_curated_events()
    assert config.CURATED_EVENTS_FILE.name == "events.csv"
    assert curated["id"].is_unique
    assert set(curated["granularity"]) <= set(GRANULARITIES)
    assert curated["source"].notna().all()
    types = load_event_types()
    assert all(row.intensity == types[row.event_type].goldstein
               for row in curated.itertuples())


def test_curated_citations_of_sentences_name_real_seed_sentences(seed_tables: Tables):
    sentence_ids = set(seed_tables.sentences["sentence_id"])
    for source in load_curated_events()["source"]:
        for citation in source.split("; "):
            if citation.startswith("sentence:"):
                assert citation.removeprefix("sentence:") in sentence_ids, citation


@pytest.mark.parametrize("change, message", [
    ({"intensity": "-6.0"}, "Goldstein"),
    ({"actor": "atlantis"}, "actor"),
    ({"date_end": "2026-01-01"}, "before"),
    ({"granularity": "fortnight"}, "granularity"),
    ({"event_type": "invade"}, "event_type"),
    ({"source": ""}, "source"),
])
def test_a_malformed_curated_row_is_refused(tmp_path: Path, change: dict, message: str):
    with pytest.raises(ChokepointsError, match=message):
        curated_frame(tmp_path, [{**BAN_ROW, **change}])


def test_a_repeated_curated_id_is_refused(tmp_path: Path):
    with pytest.raises(ChokepointsError, match="repeated"):
        curated_frame(tmp_path, [BAN_ROW, BAN_ROW])


# --- the seed chronology -------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """A dated step of the seeds' story, as the merged chronology must hold it.

    ``told`` lists the seed sentences that tell the step with an action the extractor reads:
    the row must come from them (origin ``both``). A step told only in passing is ``curated``.
    ``seed_date`` is the date the seeds themselves give, which the chronology extracted without
    the curated file must hold (None when the seeds give none). ``keyword`` tells apart two
    steps of the same day, actor, target and type by a word of the summary.
    """

    name: str
    date_start: date
    date_end: date
    granularity: str
    actor: str
    target: str
    event_type: str
    told: tuple[str, ...] = ()
    seed_date: tuple[date, date, str] | None = None
    keyword: str = ""


def s(article: str, position: str) -> str:
    return f"{article}-{position}"


SEED_STEPS = [
    Step("China halts rare-earth supplies to Japan (2010, two months)", d("2010-09-21"),
         d("2010-11-20"), "day", "china", "japan", "impose_restriction",
         (s(SEED_000, "p05-s03"), s(SEED_001, "p14-s01")),
         (d("2010-01-01"), d("2010-12-31"), "year")),
    Step("seven medium and heavy rare earths put on the export control list", d("2025-04-04"),
         d("2025-04-04"), "day", "china", "", "impose_restriction"),
    Step("US-Japan rare-earth agreement signed at the Trump-Takaichi meeting", d("2025-10-01"),
         d("2025-10-31"), "month", "united_states", "japan", "sign_agreement",
         (s(SEED_000, "p11-s04"),), (d("2025-10-01"), d("2025-10-31"), "month")),
    Step("Takaichi's remarks on a Taiwan contingency", d("2025-11-07"), d("2025-11-07"), "day",
         "japan", "china", "make_statement",
         (s(SEED_000, "p04-s02"), s(SEED_001, "p01-s02"), s(SEED_001, "p06-s01"),
          s(SEED_003, "p13-s01"), s(SEED_004, "p03-s03")),
         (d("2025-11-01"), d("2025-11-10"), "month")),
    Step("China rejects and denounces the remarks", d("2025-11-01"), d("2025-11-30"), "month",
         "china", "japan", "disapprove",
         (s(SEED_001, "p06-s02"), s(SEED_003, "p14-s01"), s(SEED_004, "p04-s02"))),
    Step("China's foreign ministry accuses Tokyo of a pretext for military expansion",
         d("2025-11-01"), d("2025-11-30"), "month", "china", "japan", "accuse",
         (s(SEED_001, "p07-s01"),)),
    Step("China's travel advisories against Japan", d("2025-11-01"), d("2025-11-30"), "month",
         "china", "japan", "reduce_relations"),
    Step("China's seafood import ban", d("2025-11-01"), d("2025-11-30"), "month", "china",
         "japan", "impose_restriction"),
    Step("November rare-earth exports to Japan up 35% to 305 t (data release)", d("2025-11-01"),
         d("2025-11-30"), "month", "china", "japan", "data_release",
         (s(SEED_001, "p14-s03"),), (d("2025-11-01"), d("2025-11-30"), "month")),
    Step("Xinhua's December commentary", d("2025-12-01"), d("2025-12-31"), "month", "china",
         "japan", "accuse", (s(SEED_001, "p09-s02"), s(SEED_001, "p09-s03")),
         (d("2025-12-01"), d("2025-12-31"), "month")),
    Step("Tokyo reaffirms its non-nuclear pledge", d("2025-12-11"), d("2025-12-20"), "month",
         "japan", "", "make_statement", (s(SEED_001, "p09-s04"),),
         (d("2025-12-11"), d("2025-12-20"), "month")),
    Step("Japan's cabinet approves the record defence budget", d("2025-12-21"), d("2025-12-31"),
         "month", "japan", "", "domestic_measure", (s(SEED_001, "p08-s02"),),
         (d("2025-12-21"), d("2025-12-31"), "month")),
    Step("PLA drills simulating a blockade of Taiwan", d("2025-12-21"), d("2025-12-31"),
         "month", "china", "taiwan", "exhibit_force", (s(SEED_003, "p15-s01"),),
         (d("2025-12-18"), d("2025-12-31"), "ref")),
    Step("Xi's New Year address: reunification is unstoppable", d("2025-12-31"),
         d("2025-12-31"), "day", "china", "taiwan", "make_statement", (s(SEED_003, "p15-s01"),),
         (d("2026-01-01"), d("2026-01-01"), "day")),
    Step("MOFCOM bans dual-use exports to Japan", TUESDAY, TUESDAY, "day", "china", "japan",
         "impose_restriction",
         (s(SEED_000, "p02-s01"), s(SEED_001, "p01-s01"), s(SEED_002, "p05-s01"),
          s(SEED_003, "p03-s01"), s(SEED_004, "p03-s01")), (TUESDAY, TUESDAY, "day")),
    Step("Beijing warns violators will be held legally liable", TUESDAY, TUESDAY, "day",
         "china", "japan", "threaten", (s(SEED_001, "p02-s02"), s(SEED_003, "p09-s01")),
         keyword="legally liable"),
    Step("State-affiliated account: tighter rare-earth licence approvals considered", TUESDAY,
         TUESDAY, "day", "china", "japan", "threaten", (s(SEED_001, "p15-s02"),),
         (TUESDAY, TUESDAY, "day"), keyword="state-affiliated"),
    Step("Japan protests formally", TUESDAY, WEDNESDAY, "day", "japan", "china",
         "protest_formally", (s(SEED_003, "p11-s02"), s(SEED_004, "p05-s01"),
                              s(SEED_004, "p05-s03"))),
    Step("Japan condemns the ban as absolutely unacceptable", TUESDAY, WEDNESDAY, "day",
         "japan", "china", "disapprove",
         (s(SEED_000, "p09-s02"), s(SEED_003, "p11-s01"), s(SEED_004, "p05-s01"))),
    Step("Japan demands the ban's withdrawal", TUESDAY, WEDNESDAY, "day", "japan", "china",
         "demand", (s(SEED_003, "p11-s02"),)),
    Step("Kihara: Japan still assessing the impact", TUESDAY, WEDNESDAY, "day", "japan",
         "china", "make_statement", (s(SEED_003, "p12-s01"),)),
    Step("China Daily frames the controls as lawful", TUESDAY, d("2026-01-12"), "day",
         "china", "japan", "make_statement"),
]


@pytest.fixture(scope="module")
def seed_chronology(seed_tables: Tables) -> pd.DataFrame:
    return events_table(seed_tables.sentences, seed_tables.articles, load_curated_events(),
                        as_of=SEED_AS_OF)


@pytest.fixture(scope="module")
def seed_extracted_chronology(seed_tables: Tables) -> pd.DataFrame:
    return events_table(seed_tables.sentences, seed_tables.articles, as_of=SEED_AS_OF)


def rows_of(chronology: pd.DataFrame, step: Step, start: date, end: date,
            granularity: str) -> pd.DataFrame:
    target = chronology["target"].fillna("")
    return chronology[(chronology["date_start"].dt.date == start)
                      & (chronology["date_end"].dt.date == end)
                      & (chronology["granularity"] == granularity)
                      & (chronology["actor"] == step.actor) & (target == step.target)
                      & (chronology["event_type"] == step.event_type)
                      & chronology["summary"].str.contains(step.keyword, case=False)]


@pytest.mark.parametrize("step", SEED_STEPS, ids=[step.name for step in SEED_STEPS])
def test_the_merged_chronology_holds_every_dated_step_of_the_seeds(seed_chronology, step: Step):
    rows = rows_of(seed_chronology, step, step.date_start, step.date_end, step.granularity)
    assert len(rows) == 1, f"{step.name}: {len(rows)} rows"
    row = rows.iloc[0]
    sentence_ids = set() if pd.isna(row["sentence_ids"]) else set(row["sentence_ids"].split("; "))
    if step.told:
        assert row["origin"] == "both", step.name
        assert set(step.told) <= sentence_ids, set(step.told) - sentence_ids
        assert row["n_sources"] == len({sid.split("-p")[0] for sid in sentence_ids})
    else:
        assert row["origin"] == "curated", step.name


@pytest.mark.parametrize("step", [step for step in SEED_STEPS if step.seed_date],
                         ids=[step.name for step in SEED_STEPS if step.seed_date])
def test_the_extracted_chronology_alone_dates_each_step_as_the_seeds_do(
        seed_extracted_chronology, step: Step):
    start, end, granularity = step.seed_date
    chronology = seed_extracted_chronology
    # Without the curated row the type may stay the generic statement ("described"), and the
    # target is whatever the clause names.
    rows = chronology[(chronology["date_start"].dt.date == start)
                      & (chronology["date_end"].dt.date == end)
                      & (chronology["granularity"] == granularity)
                      & (chronology["actor"] == step.actor)
                      & chronology["event_type"].isin([step.event_type, "make_statement"])
                      & chronology["summary"].str.contains(step.keyword, case=False)]
    assert len(rows) == 1, step.name
    assert set(rows.iloc[0]["sentence_ids"].split("; ")) & set(step.told)
    assert (rows["origin"] == "extracted").all()


def test_every_seed_article_tells_the_ban(seed_chronology):
    ban = seed_chronology[(seed_chronology["event_type"] == "impose_restriction")
                          & (seed_chronology["date_start"].dt.date == TUESDAY)].iloc[0]
    assert ban["n_sources"] == 5
    assert ban["article_ids"] == "; ".join(sorted((SEED_000, SEED_001, SEED_002, SEED_003,
                                                    SEED_004)))


def test_xis_address_notes_that_the_sources_disagree_on_the_day(seed_chronology):
    address = seed_chronology[(seed_chronology["actor"] == "china")
                              & (seed_chronology["target"] == "taiwan")
                              & (seed_chronology["event_type"] == "make_statement")].iloc[0]
    assert address["date_start"].date() == d("2025-12-31")
    assert "disagree" in address["date_note"] and "2026-01-01" in address["date_note"]


def test_the_seed_chronology_has_no_step_the_seeds_do_not_tell(seed_chronology):
    extracted_only = seed_chronology[seed_chronology["origin"] == "extracted"]
    assert extracted_only.empty, extracted_only[["date_start", "actor", "event_type",
                                                 "summary"]].to_string()


# ----------------------------------------------------------------------------- fast paths

@pytest.fixture(scope="module")
def varied_texts(seed_tables: Tables) -> list[str]:
    sentences = [str(text) for text in seed_tables.sentences["text"]]
    return [*sentences, *recombined(sentences, 150), *timebank(), *CRAFTED]


def _cues_pattern_by_pattern(sentence: str, types) -> list[tuple]:
    """The cues as they were found before the scanner: every pattern over the sentence."""
    found = []
    for event_type in types.types:
        for patterns, is_nominal in ((event_type.cues, False), (event_type.nominal_cues, True)):
            for pattern in patterns:
                for match in pattern.finditer(sentence):
                    if match.end() > match.start():
                        found.append((event_type.id, match.start(), match.end(), match.group(0),
                                      is_nominal))
    found.sort(key=lambda cue: (-(cue[2] - cue[1]), types.rank(cue[0]), cue[1]))
    kept: list[tuple] = []
    for cue in found:
        if all(cue[2] <= other[1] or cue[1] >= other[2] for other in kept):
            kept.append(cue)
    return sorted(kept, key=lambda cue: cue[1])


def test_the_cue_scanner_finds_the_cues_of_every_pattern(varied_texts: list[str]):
    types = load_event_types()
    for text in varied_texts:
        found = [(cue.type.id, cue.start, cue.end, cue.text, cue.is_nominal)
                 for cue in events_module._find_cues(text, types)]
        assert found == _cues_pattern_by_pattern(text, types), text


def _clauses_with_the_whole_break_pattern(sentence: str) -> list:
    """The clauses as they were cut before the break pattern lost the alternatives a sentence
    cannot match."""
    whole = re.compile("|".join(source for source, _ in events_module._BREAKS))
    clauses, cursor = [], 0
    for match in whole.finditer(sentence):
        if match.start() > cursor:
            clauses.append((cursor, match.start()))
        cursor = match.end()
    if cursor < len(sentence):
        clauses.append((cursor, len(sentence)))
    out = []
    for start, end in clauses:
        head = events_module._RELATIVE_HEAD.match(sentence, start)
        out.append(events_module._Clause(start, end, head["relation"], head["unit"]) if head
                   else events_module._Clause(start, end))
    return out or [events_module._Clause(0, len(sentence))]


def test_clauses_are_cut_where_the_whole_break_pattern_cuts(varied_texts: list[str]):
    for text in varied_texts:
        assert events_module._split_clauses(text) == _clauses_with_the_whole_break_pattern(text)


def _member(rng: random.Random) -> events_module._Member:
    start = date(2026, 1, rng.randint(1, 28)) if rng.random() < 0.8 else None
    end = None if start is None and rng.random() < 0.5 else (
        (start or date(2026, 1, 28)) + timedelta(days=rng.choice([0, 0, 1, 6, 30])))
    return events_module._Member(
        granularity=rng.choice([*GRANULARITIES, "other"]), date_start=start, date_end=end,
        is_curated=rng.random() < 0.1, is_anchored=rng.random() < 0.8,
        target=rng.choice(["", "", "japan", "china"]),
        tokens=tuple(sorted(rng.sample(["ban", "export", "rare", "earth", "protest", "dual",
                                        "use", "item"], rng.randint(0, 4)))))


def test_a_row_keeps_its_best_member_targets_and_overlaps_up_to_date():
    rng = random.Random(3)
    types = load_event_types()
    rows = events_module._Rows(FoundEvents())
    for _ in range(200):
        members = [_member(rng) for _ in range(rng.randint(1, 12))]
        for member in members:
            member.event_type = "make_statement"
        row = rows.new(members[0], "make_statement", False)
        for member in members[1:]:
            rows.add(row, member, types)
        assert rows.store.members(row.key) == members  # kept on disk, in the order they joined
        assert row.best is min(members, key=events_module._precision)
        assert row.targets == {m.target for m in members if m.target}
        references = [m for m in members if m.is_curated or m.date_start is not None] or members
        for tokens in (member.tokens for member in members):
            assert row.overlap(tokens) == max(
                events_module._similarity(tokens, other.tokens) for other in references)


def test_a_row_without_a_curated_member_names_its_most_frequent_target_first_by_precision():
    rng = random.Random(6)
    types = load_event_types()
    for _ in range(300):
        members = [_member(rng) for _ in range(rng.randint(1, 9))]
        for number, member in enumerate(members):
            member.is_curated, member.cue = False, "banned"
            member.article_id = member.sentence_id = f"a{number}"
        row = events_module._Row(None, "impose_restriction", False)
        for member in members:
            row.append(member)
        counts = Counter(m.target for m in sorted(members, key=events_module._precision)
                         if m.target)
        expected = counts.most_common(1)[0][0] if counts else ""
        assert events_module._assemble(row, iter(members), types)["target"] == expected


@pytest.mark.parametrize("keep_undated", [False, True])
def test_found_events_merge_exactly_like_the_frames_they_were_made_from(
        seed_tables: Tables, keep_undated: bool):
    found = extracted_events(seed_tables.sentences, seed_tables.articles, as_of=SEED_AS_OF)
    curated = load_curated_events()
    collected = FoundEvents()
    for _, part in found.groupby("article_id", sort=False):  # one partition per article
        collected.add(part)
    assert len(collected) == len(found)
    pd.testing.assert_frame_equal(
        merge_events(collected, curated, keep_undated=keep_undated),
        merge_events(found, curated, keep_undated=keep_undated))


def test_found_events_merge_again_alike(seed_tables: Tables):
    found = extracted_events(seed_tables.sentences, seed_tables.articles, as_of=SEED_AS_OF)
    collected = FoundEvents()
    collected.add(found)
    curated = load_curated_events()
    first = merge_events(collected, curated)
    pd.testing.assert_frame_equal(merge_events(collected, curated), first)
    pd.testing.assert_frame_equal(merge_events(collected, curated.iloc[:3]),
                                  merge_events(found, curated.iloc[:3]))


def test_found_events_come_back_from_disk_as_they_went_in(seed_tables: Tables):
    rng = random.Random(4)
    members = [_member(rng) for _ in range(300)]
    for number, member in enumerate(members):
        member.article_id, member.sentence_id = f"a{number % 7}", f"a{number % 7}-p01-s{number}"
        member.summary = rng.choice([None, "Ban on “dual-use” items — 稀土", ""])
        member.is_anchored = rng.choice([None, True, False])
    store = FoundEvents()
    store.insert(members)
    assert len(store) == sum(not m.is_curated for m in members)
    assert all(member.key for member in members)
    store.place(1, members[5])
    store.place(1, members[2])
    store.place(2, members[9])
    assert store.members(1) == [members[5], members[2]]
    assert [(key, list(group)) for key, group in store.placed()] == [
        (1, [members[5], members[2]]), (2, [members[9]])]
    back = {member.key: member for member in itertools.chain(
        store.in_merge_order(undated=False), store.in_merge_order(undated=True))}
    assert [back[m.key] for m in members if not m.is_curated] == \
        [m for m in members if not m.is_curated]  # every field, dates and None included
    store.unplace(1)
    assert store.members(1) == [] and store.members(2) == [members[9]]


def test_a_full_temporary_folder_is_a_clear_error(seed_tables: Tables):
    found = extracted_events(seed_tables.sentences, seed_tables.articles, as_of=SEED_AS_OF)
    collected = FoundEvents()
    collected._db.execute("PRAGMA max_page_count = 3")  # a disk that fills at once
    with pytest.raises(ChokepointsError, match="could not be kept in the temporary folder "
                       r"\(database or disk is full\): free space in it, or point TMPDIR"):
        for _ in range(20):
            collected.add(found)


def test_found_events_wait_on_disk_not_in_memory(seed_tables: Tables):
    found = extracted_events(seed_tables.sentences, seed_tables.articles, as_of=SEED_AS_OF)
    collected = FoundEvents()
    for _ in range(10):
        collected.add(found)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(200):  # syndicated copies: the same events again, a frame each time
            collected.add(found.copy())
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(collected) == 210 * len(found)
    # Held in memory, each event would take 170 bytes at the very least (its slots).
    assert grown < 20 * len(found) * 200, grown


def test_members_come_in_the_order_of_one_sort_by_date_presence_precision_and_place():
    rng = random.Random(5)
    members = [events_module._Member(
        **{name: getattr(_member(rng), name) for name in ("granularity", "date_start",
                                                           "date_end", "is_curated",
                                                           "is_anchored")},
        article_id=rng.choice("ab"), sentence_id=rng.choice(["a-p01-s01", "a-p01-s02", "b-p02"]),
        event_type=rng.choice(["ban", "protest"])) for _ in range(500)]
    expected = sorted(members, key=lambda m: (m.date_start is None, events_module._precision(m),
                                              m.article_id, m.sentence_id, m.event_type))
    store = FoundEvents()
    store.insert(members)
    dated, undated = (list(store.in_merge_order(undated=flag)) for flag in (False, True))
    assert all(m.date_start is not None for m in dated)
    assert all(m.date_start is None for m in undated) and undated
    assert [m.key for m in dated + undated] == [m.key for m in expected if not m.is_curated]


def test_a_large_row_is_compared_through_its_first_word_sets_only():
    cap = events_module.MOST_COMPARED
    words = [(f"w{n:03d}", "ban", "export") for n in range(3 * cap)]
    curated = events_module._Member(is_curated=True, tokens=("curated", "summary"))
    dated = [events_module._Member(date_start=date(2026, 1, 6), date_end=date(2026, 1, 6),
                                   granularity="day", tokens=tokens) for tokens in words]
    rows = events_module._Rows(FoundEvents())
    row = rows.new(curated, "ban", True)
    for member in dated:
        rows.add(row, member, load_event_types())
    assert len(rows.store.members(row.key)) == 3 * cap + 1  # every member is kept (and reported)
    assert row.reference_tokens == {curated.tokens, *words[:cap - 1]}
    assert row.dated_tokens == set(words[:cap]) and len(row.member_tokens) == cap
    assert row.overlap(("curated", "summary")) == 1.0
    assert row.overlap(words[0]) == 1.0
    assert row.overlap((words[-1][0], "other", "more")) == 0.0  # a late member's own word


def _dated_member(rng: random.Random, actor: str) -> events_module._Member:
    """A member anywhere in five years: a day, a month, a year or undated (article's date)."""
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    kind = rng.choice(["day", "day", "month", "year", "undated", "open"])
    start, end = {"day": (day, day), "month": (day, day + timedelta(days=30)),
                  "year": (day, day + timedelta(days=364)), "undated": (None, day),
                  "open": (day, None)}[kind]
    return events_module._Member(actor=actor, event_type="impose_restriction", date_start=start,
                                 date_end=end, granularity="day" if kind == "day" else "month",
                                 is_curated=rng.random() < 0.05, tokens=("ban",))


def test_rows_near_an_event_are_exactly_those_a_scan_of_every_row_would_find():
    """The date index offers an event, in the order the rows were made, every row a scan of
    all rows would find with a date it could match (and within reach of an undated one), as
    rows are made, gain better dates and are dropped."""
    rng = random.Random(8)
    rows = events_module._Rows(FoundEvents())
    every: list[events_module._Row] = []
    types = load_event_types()
    for step in range(1500):
        member = _dated_member(rng, rng.choice(["china", "japan"]))
        if step % 3 == 0 or not every:
            every.append(rows.new(member, "impose_restriction", member.is_curated))
        elif step % 7 == 0:
            rows.drop(every.pop(rng.randrange(len(every))))
        else:
            after = rng.choice([None, rng.choice(every)])
            for reach in (True, False):
                expected = [row for row in every if row.actor == member.actor
                            and (after is None or row.number > after.number)
                            and events_module._overlaps(member, row.best)
                            and (not reach or events_module._within_reach(member, row))]
                found = [row for row in rows.of(member, after=after, reach=reach)
                         if events_module._overlaps(member, row.best)
                         and (not reach or events_module._within_reach(member, row))]
                assert found == expected
            same_actor = [row for row in every if row.actor == member.actor]
            if same_actor:  # a more precise member may move a row's best date
                rows.add(rng.choice(same_actor), member, types)
    assert rows.rows == every


def test_an_undated_event_reaches_extracted_rows_near_its_article_and_curated_rows_at_any_date():
    reach = events_module.UNDATED_REACH
    published = date(2026, 3, 1)

    def on(day: date | None, **fields) -> events_module._Member:
        return events_module._Member(actor="china", event_type="impose_restriction",
                                     granularity="day" if day else "ref", date_start=day,
                                     date_end=day or published, tokens=("ban", "rare", "earth"),
                                     **fields)

    curated = on(date(2010, 9, 7), is_curated=True)
    near = on(published - reach + timedelta(days=10))
    far = on(published - reach - timedelta(days=10))
    undated = on(None)
    types = load_event_types()
    for row_member, joins in ((curated, True), (near, True), (far, False)):
        rows = events_module._Rows(FoundEvents())
        rows.new(row_member, "impose_restriction", row_member.is_curated)
        assert (events_module._join(undated, rows, types) is not None) is joins
    # A dated event is not bounded so: its date must overlap the row's, however old.
    rows = events_module._Rows(FoundEvents())
    rows.new(far, "impose_restriction", False)
    assert events_module._join(on(far.date_start), rows, types) is not None


# --- the fast reading against the plain one -----------------------------------------------------

#: Sentences that exercise the suppression, the agent, the prepositions and the asides in every
#: case (the case partners İ ı ſ K included).
CRAFTED_READINGS = (
    "China did not ban exports to Japan.", "China DIDN’T ban exports; Japan can't protest.",
    "If Beijing bans exports, Tokyo will protest.", "WHETHER China bans exports is unclear.",
    "Japan urged China to lift the ban, and Beijing insisted that Tokyo retract the remarks.",
    "China accused Japan of relaxing arms export restrictions on Tuesday.",
    "Beijing called for talks; Tokyo called on China to withdraw the ban.",
    "No ban has yet been announced by China.", "China no longer bans exports.",
    "Tokyo ſhould protest, and Beijing ınsisted that Japan withdraw; China ASKED Japan to stop.",
    "The move, revealed in a statement BY China's commerce ministry, bans exports to Japan.",
    "Comments made on Tuesday by Japanese Prime Minister Takaichi drew a protest.",
    "Takaichi’s remarks angered Beijing, which banned exports to Japan on January 6.",
    "Between Japan and China, Beijing banned exports; both Tokyo and Seoul protested.",
    "BETWEEN Tokyo AND Beijing, China imposed a ban, calling it lawful.",
    "An official at the Japan External Trade Organisation said China banned exports.",
    "China, who had warned Japan, banned exports to Tokyo “in response” on Tuesday.",
    "Japan protested “China banned exports” and China said \"Japan provoked it\".",
    "Days after the ban, Japan protested; weeks before the talks, China warned Tokyo.",
    "China banned exports concerning Taiwan to Japan, while Tokyo protested over the ban.",
    "The ban by China on exports to Japan was announced on Tuesday; Japan protested by letter.",
)


def _plain_is_suppressed(reading, cue, clause) -> bool:
    before = reading.sentence[clause.start:cue.start]
    if events_module._in_any(cue.start, reading.quotes):
        return True
    return events_module._SUPPRESSING.search(before) is not None


def _plain_agent(reading, cue, clause):
    gap = events_module._AGENT_GAP if cue.is_nominal else events_module._PASSIVE_GAP
    for mention in reading.mentions:
        if cue.end <= mention.start < clause.end and gap.match(
                reading.sentence[cue.end:mention.start]):
            return mention
    return None


def _plain_actor(reading, cue, clause, context):
    module, sentence = events_module, reading.sentence
    before = [m for m in reading.mentions if clause.start <= m.start and m.end <= cue.start
              and not module._in_any(m.start, reading.asides)
              and not module._in_any(m.start, reading.quotes)]
    if cue.is_nominal:
        for mention in reversed(before[-3:]):
            if mention.actor and module._POSSESSIVE_GAP.match(sentence[mention.end:cue.start]):
                return (mention.actor if module._is_eligible(mention, reading.default_sides)
                        else ""), None
        agent = _plain_agent(reading, cue, clause)
        if agent and module._is_eligible(agent, reading.default_sides):
            return agent.actor, agent
        return "", None
    is_participle = (cue.start == clause.start and sentence[clause.start - 2:clause.start] == ", "
                     and re.match(r"[a-z]+ing\b", cue.text))
    if is_participle and reading.events:
        return reading.events[-1].actor, None
    subjects = [m for m in before
                if not module._PREPOSITION_BEFORE.search(sentence[clause.start:m.start])
                or module._SPEAKER_OF.search(sentence[clause.start:m.start])]
    if subjects:
        nearest = subjects[-1]
        return (nearest.actor if module._is_eligible(nearest, reading.default_sides)
                else ""), None
    agent = _plain_agent(reading, cue, clause)
    if agent:
        return (agent.actor if module._is_eligible(agent, reading.default_sides) else ""), agent
    if before:
        return "", None
    previous = module._previous_event(reading, context)
    return (previous.actor if previous else ""), None


def _plain_target(reading, cue, clause, actor, agent, context) -> str:
    module, sentence = events_module, reading.sentence
    eligible = [m for m in reading.mentions
                if module._is_eligible(m, reading.default_sides) and m.actor != actor
                and m != agent]
    after = [m for m in eligible if cue.start <= m.start < clause.end]
    if after:
        plain = [m for m in after if not module._TOPIC_BEFORE.search(
            sentence[max(clause.start, m.start - 12):m.start])]
        return (plain or after)[0].actor
    before = [m for m in eligible if clause.start <= m.start < cue.start
              and not module._in_any(m.start, reading.asides)]
    if before:
        return before[-1].actor
    previous = module._previous_event(reading, context)
    if previous is not None and previous.actor != actor:
        return previous.actor
    return ""


def _plain_action_dates(reading, clause) -> list:
    sentence = reading.sentence
    return [e for e in reading.dates
            if clause.start <= e.start < clause.end and e.type == "DATE" and e.value
            and e.granularity != "ref"
            and not e.text.lower().startswith(("the fiscal", "fiscal", "its fiscal"))
            and not re.search(r"\b(?:for|until|through|into|by)\s+$",
                              sentence[clause.start:e.start], re.IGNORECASE)]


def quotes(self) -> list[tuple[int, int]]:
    return [m.span() for m in events_module._QUOTE.finditer(self.sentence)]


def asides(self) -> list[tuple[int, int]]:
    return [m.span() for m in events_module._ASIDE.finditer(self.sentence)]


def _readings(texts) -> list:
    """The events of each text, read with anchors real and stand-in, with and without the
    previous text's last event as context."""
    found, context = [], None
    for number, text in enumerate(texts):
        anchor, stand_in = ((date(2026, 1, 8), False), (date(2026, 1, 8), True),
                            (None, False))[number % 3]
        events = extract_events(text, anchor, context=context, is_stand_in_anchor=stand_in)
        found.append(events)
        context = events[-1] if events and number % 2 else None
    return found


def test_the_fast_reading_equals_the_plain_reading(varied_texts: list[str], monkeypatch):
    texts = [*varied_texts, *CRAFTED_READINGS]
    fast = _readings(texts)
    for name, plain in (("_is_suppressed", _plain_is_suppressed), ("_actor", _plain_actor),
                        ("_target", _plain_target), ("_action_dates", _plain_action_dates)):
        monkeypatch.setattr(events_module, name, plain)
    for lazy in (quotes, asides):  # (a lazy attribute is not there to read on the class)
        monkeypatch.setattr(events_module._Reading, lazy.__name__, events_module._lazy(lazy),
                            raising=False)
    plain = _readings(texts)
    assert sum(map(len, plain)) > 1000
    for text, one, other in zip(texts, fast, plain, strict=True):
        assert one == other, text


def _cuts(text: str) -> list[tuple[int, int]]:
    """Spans of a text from its start or its second word (where a clause may start) to each
    later word start among the first forty (where a cue may start)."""
    starts = [0, *(match.end() for match in re.finditer(r"[\s,;:]+", text))][:40]
    return [(start, end) for start in starts[:2] for end in starts if end > start]


def test_the_suppression_is_searched_from_its_first_head(varied_texts: list[str]):
    found = 0
    for text in [*varied_texts, *CRAFTED_READINGS]:
        folded = patterns_fold(text)
        assert len(folded) == len(text)
        for start, end in _cuts(text):
            plain = events_module._SUPPRESSING.search(text[start:end])
            fast = events_module._suppressing(text, folded, start, end)
            assert (fast and fast.span()) == (plain and plain.span()), text[start:end]
            found += plain is not None
    assert found > 1000


def test_a_mention_is_introduced_as_the_whole_preposition_pattern_says(varied_texts: list[str]):
    texts = [*varied_texts, *CRAFTED_READINGS, "both a  and\n", "BETWEEN x AND ", "to the\n"]
    introduced = 0
    for text in texts:
        for start, end in _cuts(text):
            gap = text[start:end]
            plain = events_module._PREPOSITION_BEFORE.search(gap) is not None
            assert events_module._is_introduced(gap) is plain, gap
            introduced += plain
    assert introduced > 1000
