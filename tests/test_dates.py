"""Tests for chokepoints.dates: a table of expressions from the seeds and crafted cases, words that
are not dates, every seed sentence, and the unanchored and interval conventions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from chokepoints import dates
from chokepoints.analyze import Tables
from chokepoints.corpus import Corpus
from chokepoints.dates import GRANULARITIES, TimeExpression, extract, interval_of
from tests.corpora import CRAFTED, recombined, timebank
from tests.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

D = date
#: Publication dates from the manifest; 000 and 004 are undated and get a stand-in.
ANCHOR_000 = D(2026, 1, 8)
ANCHOR_001 = D(2026, 1, 6)
ANCHOR_002 = D(2026, 1, 12)
ANCHOR_003 = D(2026, 1, 7)
ANCHOR_004 = D(2026, 1, 8)
UNDATED_STAND_IN = D(2026, 1, 8)
#: A Thursday, for the crafted cases.
THURSDAY = D(2026, 1, 8)


@dataclass(frozen=True)
class Case:
    """One expression: the text around it, the anchor, and what the tagger should make of it."""

    text: str
    anchor: date | None
    match: str
    value: str | None
    granularity: str
    date_start: date | None
    date_end: date | None
    type: str = "DATE"
    mod: str | None = None


def find(case: Case) -> TimeExpression:
    found = [item for item in extract(case.text, case.anchor) if item.text == case.match]
    assert len(found) == 1, (case.match, extract(case.text, case.anchor))
    return found[0]


SEED_CASES = {
    # 001, published Tuesday 2026-01-06
    "001 Tuesday (January 6): the weekday": Case(
        "The move, revealed in a statement by China’s commerce ministry on Tuesday (January 6), "
        "is widely seen as Beijing’s latest response", ANCHOR_001,
        "Tuesday", "2026-01-06", "day", D(2026, 1, 6), D(2026, 1, 6)),
    "001 Tuesday (January 6): the date": Case(
        "a statement by China’s commerce ministry on Tuesday (January 6), is widely seen",
        ANCHOR_001, "January 6", "2026-01-06", "day", D(2026, 1, 6), D(2026, 1, 6)),
    "001 early November is last year's": Case(
        "Beijing’s latest response to remarks made in early November by Japanese Prime Minister "
        "Sanae Takaichi concerning Taiwan.", ANCHOR_001,
        "early November", "2025-11", "month", D(2025, 11, 1), D(2025, 11, 10), mod="START"),
    "001 are now prohibited": Case(
        "or for any purposes deemed to contribute to Japan’s military strength — are now "
        "prohibited.", ANCHOR_001, "now", "PRESENT_REF", "ref", ANCHOR_001, ANCHOR_001),
    "001 officials are now assessing": Case(
        "Officials and industry groups are now assessing whether the measures will disrupt "
        "supply chains", ANCHOR_001, "now", "PRESENT_REF", "ref", ANCHOR_001, ANCHOR_001),
    "001 stated in November": Case(
        "Relations between Beijing and Tokyo have deteriorated steadily since Prime Minister "
        "Takaichi stated in November that a Chinese military attack", ANCHOR_001,
        "November", "2025-11", "month", D(2025, 11, 1), D(2025, 11, 30)),
    "001 recent defence policy decisions": Case(
        "Security concerns have already been heightened by Japan’s recent defence policy "
        "decisions.", ANCHOR_001, "recent", "PAST_REF", "ref", None, ANCHOR_001),
    "001 in late December": Case(
        "In late December, the Japanese cabinet approved a record spending package",
        ANCHOR_001, "late December", "2025-12", "month", D(2025, 12, 21), D(2025, 12, 31),
        mod="END"),
    "001 the fiscal year beginning in April": Case(
        "approved a record spending package for the fiscal year beginning in April, including "
        "a 3.8 per cent increase", ANCHOR_001, "the fiscal year beginning in April", "2026",
        "year", D(2026, 4, 1), D(2027, 3, 31)),
    "001 a December commentary": Case(
        "In a December commentary, the state-run Xinhua news agency described it as “alarming”",
        ANCHOR_001, "December", "2025-12", "month", D(2025, 12, 1), D(2025, 12, 31)),
    "001 in recent years": Case(
        "Japan had “drastically” adjusted its security posture in recent years.", ANCHOR_001,
        "recent years", "PAST_REF", "ref", None, ANCHOR_001),
    "001 in mid-December": Case(
        "Tokyo reaffirmed its non-nuclear pledge in mid-December.", ANCHOR_001,
        "mid-December", "2025-12", "month", D(2025, 12, 11), D(2025, 12, 20), mod="MID"),
    "001 over the past decade": Case(
        "with its annual defence budget more than doubling over the past decade.", ANCHOR_001,
        "the past decade", "P10Y", "decade", D(2016, 1, 6), ANCHOR_001, type="DURATION"),
    "001 more than a decade ago": Case(
        "The announcement has revived memories of a similar episode more than a decade ago, "
        "when China sharply curtailed rare earth exports", ANCHOR_001,
        "more than a decade ago", "2016", "year", None, D(2016, 1, 6), mod="BEFORE"),
    "001 In November — the latest month": Case(
        "In November — the latest month for which figures are available — China’s rare earth "
        "exports to Japan rose 35 per cent", ANCHOR_001,
        "November", "2025-11", "month", D(2025, 11, 1), D(2025, 11, 30)),
    "001 the highest monthly total last year": Case(
        "rose 35 per cent to 305 metric tonnes, the highest monthly total last year.",
        ANCHOR_001, "last year", "2025", "year", D(2025, 1, 1), D(2025, 12, 31)),
    "001 earlier on Tuesday": Case(
        "A state-affiliated Chinese social media account reported earlier on Tuesday that "
        "authorities were considering tighter approvals", ANCHOR_001,
        "Tuesday", "2026-01-06", "day", D(2026, 1, 6), D(2026, 1, 6)),
    "001 in recent months": Case(
        "Japanese firms have also reported longer approval times for export licences in recent "
        "months", ANCHOR_001, "recent months", "PAST_REF", "ref", None, ANCHOR_001),
    "001 Until now": Case(
        "“Until now, China has avoided steps that would seriously damage Japan’s business "
        "community,” the source said.", ANCHOR_001, "now", "PRESENT_REF", "ref", ANCHOR_001,
        ANCHOR_001),
    "001 For now": Case(
        "For now, analysts say the ban sends a strong political signal", ANCHOR_001,
        "now", "PRESENT_REF", "ref", ANCHOR_001, ANCHOR_001),
    "001 recent egregious behaviour": Case(
        "citing Tokyo’s “recent egregious behaviour.”", ANCHOR_001,
        "recent", "PAST_REF", "ref", None, ANCHOR_001),
    # 000, undated
    "000 On January 6": Case(
        "On January 6, China prohibited dual-use goods, including some rare earth elements",
        ANCHOR_000, "January 6", "2026-01-06", "day", D(2026, 1, 6), D(2026, 1, 6)),
    "000 recent divisive comments": Case(
        "Beijing’s decision is a response to the Japanese prime minister’s recent divisive "
        "comments regarding Taiwan.", ANCHOR_000, "recent", "PAST_REF", "ref", None, ANCHOR_000),
    "000 in November 2025": Case(
        "Prime Minister Takaichi Sanae said in November 2025 that a possible Chinese military "
        "assault", ANCHOR_000, "November 2025", "2025-11", "month", D(2025, 11, 1),
        D(2025, 11, 30)),
    "000 for two months in 2010": Case(
        "Beijing suspended rare-earth supplies to Japan for two months in 2010 due to a "
        "territorial dispute.", ANCHOR_000, "2010", "2010", "year", D(2010, 1, 1),
        D(2010, 12, 31)),
    "000 about 60-70 percent presently": Case(
        "has decreased from 90 percent in 2010 to about 60-70 percent presently after spending",
        ANCHOR_000, "presently", "PRESENT_REF", "ref", ANCHOR_000, ANCHOR_000),
    "000 the last 15 years": Case(
        "after spending the majority of the last 15 years diversifying its supply chains.",
        ANCHOR_000, "the last 15 years", "P15Y", "year", D(2011, 1, 8), ANCHOR_000,
        type="DURATION"),
    "000 has recently forged": Case(
        "The United States has recently forged closer connections", ANCHOR_000,
        "recently", "PAST_REF", "ref", None, ANCHOR_000),
    "000 in October 2025": Case(
        "during President Donald Trump’s meeting with Takaichi in October 2025.", ANCHOR_000,
        "October 2025", "2025-10", "month", D(2025, 10, 1), D(2025, 10, 31)),
    # 002, published 2026-01-12
    "002 the dateline Jan 12, 2026": Case(
        "Jan 12, 2026", ANCHOR_002, "Jan 12, 2026", "2026-01-12", "day", D(2026, 1, 12),
        D(2026, 1, 12)),
    "002 (2024)": Case(
        "Japan still sources ~72% of its rare earth imports from China (2024) despite years of "
        "diversification efforts", ANCHOR_002, "2024", "2024", "year", D(2024, 1, 1),
        D(2024, 12, 31)),
    "002 starting over a decade ago": Case(
        "despite years of diversification efforts starting over a decade ago.", ANCHOR_002,
        "over a decade ago", "2016", "year", None, D(2016, 1, 12), mod="BEFORE"),
    "002 persist into late 2026": Case(
        "Japanese analysts warn that if controls persist into late 2026 or expand", ANCHOR_002,
        "late 2026", "2026", "year", D(2026, 9, 1), D(2026, 12, 31), mod="END"),
    "002 Two recent pieces": Case(
        "Two recent pieces from China Daily, a state-owned media outlet, frame Beijing’s latest "
        "export controls", ANCHOR_002, "recent", "PAST_REF", "ref", None, ANCHOR_002),
    "002 are now openly entangled": Case(
        "strategic minerals are now openly entangled with security doctrine", ANCHOR_002,
        "now", "PRESENT_REF", "ref", ANCHOR_002, ANCHOR_002),
    # 003, published 2026-01-07 (a Wednesday)
    "003 the dateline January 7, 2026": Case(
        "Beijing/Tokyo — January 7, 2026 — China has announced a sweeping ban", ANCHOR_003,
        "January 7, 2026", "2026-01-07", "day", D(2026, 1, 7), D(2026, 1, 7)),
    "003 declared on Tuesday": Case(
        "China’s Ministry of Commerce declared on Tuesday that all exports to Japan",
        ANCHOR_003, "Tuesday", "2026-01-06", "day", D(2026, 1, 6), D(2026, 1, 6)),
    "003 remarks made in late 2025": Case(
        "This latest escalation follows remarks made in late 2025 by Japanese Prime Minister "
        "Sanae Takaichi", ANCHOR_003, "late 2025", "2025", "year", D(2025, 9, 1),
        D(2025, 12, 31), mod="END"),
    "003 his New Year's address": Case(
        "In his New Year’s address, Chinese President Xi Jinping reiterated", ANCHOR_003,
        "New Year’s", "2026-01-01", "day", D(2026, 1, 1), D(2026, 1, 1)),
    "003 in recent decades": Case(
        "one of the most direct trade actions by China against Japan in recent decades",
        ANCHOR_003, "recent decades", "PAST_REF", "ref", None, ANCHOR_003),
    "003 and now export controls": Case(
        "travel advisories, seafood import bans, and now export controls on critical industrial "
        "inputs.", ANCHOR_003, "now", "PRESENT_REF", "ref", ANCHOR_003, ANCHOR_003),
    # 004, undated
    "004 supply chains in 2025": Case(
        "How chinas rare earth metals export ban will impact supply chains in 2025", ANCHOR_004,
        "2025", "2025", "year", D(2025, 1, 1), D(2025, 12, 31)),
    "004 going on now": Case(
        "What’s going on now: China is continuing to hold firm", ANCHOR_004,
        "now", "PRESENT_REF", "ref", ANCHOR_004, ANCHOR_004),
    "004 comments made in November": Case(
        "The move was directly triggered by comments made in November by Japanese Prime "
        "Minister Sanae Takaichi", ANCHOR_004, "November", "2025-11", "month", D(2025, 11, 1),
        D(2025, 11, 30)),
    "004 currently sources": Case(
        "as Japan currently sources over 70% of its rare earth imports from China", ANCHOR_004,
        "currently", "PRESENT_REF", "ref", ANCHOR_004, ANCHOR_004),
}

CRAFTED_CASES = {
    # full dates, in every written form
    "day month year": Case("The rules took effect on 7 January 2026.", THURSDAY,
                           "7 January 2026", "2026-01-07", "day", D(2026, 1, 7), D(2026, 1, 7)),
    "ISO date": Case("Filed 2026-01-06 in Beijing.", THURSDAY, "2026-01-06", "2026-01-06", "day",
                     D(2026, 1, 6), D(2026, 1, 6)),
    "abbreviated month with a full stop": Case(
        "It was signed on Jan. 12, 2026, in Tokyo.", THURSDAY, "Jan. 12, 2026", "2026-01-12",
        "day", D(2026, 1, 12), D(2026, 1, 12)),
    "the 7th of January": Case("on the 7th of January 2026", THURSDAY,
                               "the 7th of January 2026", "2026-01-07", "day", D(2026, 1, 7),
                               D(2026, 1, 7)),
    "weekday, month day, year": Case(
        "On Tuesday, January 6, 2026, the ministry spoke.", THURSDAY,
        "Tuesday, January 6, 2026", "2026-01-06", "day", D(2026, 1, 6), D(2026, 1, 6)),
    "a year from another century": Case("The treaty of March 3, 1878 ended it.", THURSDAY,
                                        "March 3, 1878", "1878-03-03", "day", D(1878, 3, 3),
                                        D(1878, 3, 3)),
    # days and months without a year: nearest the anchor, leaning to the past
    "month day last year": Case("They met on December 30.", THURSDAY, "December 30",
                                "2025-12-30", "day", D(2025, 12, 30), D(2025, 12, 30)),
    "month day soon ahead": Case("The deadline is March 3.", THURSDAY, "March 3", "2026-03-03",
                                 "day", D(2026, 3, 3), D(2026, 3, 3)),
    "day month without year": Case("Talks began on 5 January.", THURSDAY, "5 January",
                                   "2026-01-05", "day", D(2026, 1, 5), D(2026, 1, 5)),
    "month in the past tense": Case("Exports fell in May.", THURSDAY, "May", "2025-05",
                                    "month", D(2025, 5, 1), D(2025, 5, 31)),
    "month with a future cue": Case("The talks will resume in May.", THURSDAY, "May", "2026-05",
                                    "month", D(2026, 5, 1), D(2026, 5, 31)),
    "May with a year": Case("The ban may last until May 2025.", THURSDAY, "May 2025", "2025-05",
                            "month", D(2025, 5, 1), D(2025, 5, 31)),
    "month a few weeks ahead": Case("Prices rose in February.", D(2026, 1, 20), "February",
                                    "2026-02", "month", D(2026, 2, 1), D(2026, 2, 28)),
    "last March": Case("The plant closed last March.", THURSDAY, "last March", "2025-03",
                       "month", D(2025, 3, 1), D(2025, 3, 31)),
    "late February ahead": Case("A decision is due by late February.", THURSDAY,
                                "late February", "2026-02", "month", D(2026, 2, 21),
                                D(2026, 2, 28), mod="END"),
    # weekdays
    "weekday in the past": Case("The minister spoke on Monday.", THURSDAY, "Monday",
                                "2026-01-05", "day", D(2026, 1, 5), D(2026, 1, 5)),
    "weekday that is the anchor": Case("Markets fell on Thursday.", THURSDAY, "Thursday",
                                       "2026-01-08", "day", THURSDAY, THURSDAY),
    "weekday with a future cue": Case("The minister will visit on Monday.", THURSDAY, "Monday",
                                      "2026-01-12", "day", D(2026, 1, 12), D(2026, 1, 12)),
    "last Friday": Case("Shares slid last Friday.", THURSDAY, "last Friday", "2026-01-02",
                        "day", D(2026, 1, 2), D(2026, 1, 2)),
    "next Tuesday": Case("The vote is next Tuesday.", THURSDAY, "next Tuesday", "2026-01-13",
                         "day", D(2026, 1, 13), D(2026, 1, 13)),
    "Earlier Sunday": Case("Earlier Sunday, police arrived.", D(2026, 1, 11), "Earlier Sunday",
                           "2026-01-11", "day", D(2026, 1, 11), D(2026, 1, 11)),
    # days, weeks, months and years relative to the anchor
    "yesterday": Case("Tokyo protested yesterday.", THURSDAY, "yesterday", "2026-01-07", "day",
                      D(2026, 1, 7), D(2026, 1, 7)),
    "today": Case("The ban starts today.", THURSDAY, "today", "2026-01-08", "day", THURSDAY,
                  THURSDAY),
    "tomorrow": Case("Talks resume tomorrow.", THURSDAY, "tomorrow", "2026-01-09", "day",
                     D(2026, 1, 9), D(2026, 1, 9)),
    "last week": Case("Exports rose last week.", THURSDAY, "last week", "2026-W01", "week",
                      D(2025, 12, 29), D(2026, 1, 4)),
    "earlier this week": Case("Officials met earlier this week.", THURSDAY,
                              "earlier this week", "2026-W02", "week", D(2026, 1, 5), THURSDAY),
    "over the weekend": Case("Protests grew over the weekend.", D(2026, 1, 12), "the weekend",
                             "2026-W02-WE", "week", D(2026, 1, 10), D(2026, 1, 11)),
    "next month": Case("Talks resume next month.", THURSDAY, "next month", "2026-02", "month",
                       D(2026, 2, 1), D(2026, 2, 28)),
    "this year": Case("Output will fall this year.", THURSDAY, "this year", "2026", "year",
                      D(2026, 1, 1), D(2026, 12, 31)),
    "next year": Case("Output will recover next year.", THURSDAY, "next year", "2027", "year",
                      D(2027, 1, 1), D(2027, 12, 31)),
    "earlier this year": Case("Prices peaked earlier this year.", D(2026, 5, 20),
                              "earlier this year", "2026", "year", D(2026, 1, 1),
                              D(2026, 5, 20)),
    "early next year": Case("A decision is expected early next year.", THURSDAY,
                            "early next year", "2027", "year", D(2027, 1, 1), D(2027, 4, 30),
                            mod="START"),
    "mid-2025": Case("Prices peaked in mid-2025.", THURSDAY, "mid-2025", "2025", "year",
                     D(2025, 5, 1), D(2025, 8, 31), mod="MID"),
    "the end of the year": Case("By the end of the year, stocks will run out.", THURSDAY,
                                "the end of the year", "2026", "year", D(2026, 9, 1),
                                D(2026, 12, 31), mod="END"),
    # ago, earlier, later
    "two weeks ago": Case("The talks collapsed two weeks ago.", THURSDAY, "two weeks ago",
                          "2025-12-25", "day", D(2025, 12, 25), D(2025, 12, 25)),
    "five years ago": Case("Exports peaked five years ago.", THURSDAY, "five years ago",
                           "2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
    "about three months ago": Case("It began about three months ago.", THURSDAY,
                                   "about three months ago", "2025-10", "month", D(2025, 10, 1),
                                   D(2025, 10, 31), mod="APPROX"),
    "several years ago": Case("The mine closed several years ago.", THURSDAY,
                              "several years ago", "PAST_REF", "ref", None, THURSDAY),
    "years later from the text's date": Case(
        "In 2010, China cut supplies. Two years later, it lost a WTO case.", THURSDAY,
        "Two years later", "2012", "year", D(2012, 1, 1), D(2012, 12, 31)),
    # periods at the anchor
    "the past two years": Case("Imports halved over the past two years.", THURSDAY,
                               "the past two years", "P2Y", "year", D(2024, 1, 8), THURSDAY,
                               type="DURATION"),
    "the next two years": Case("Spending will rise in the next two years.", THURSDAY,
                               "the next two years", "P2Y", "year", THURSDAY, D(2028, 1, 8),
                               type="DURATION"),
    # quarters, halves, seasons, fiscal years
    "the third quarter": Case("Profit fell in the third quarter.", THURSDAY,
                              "the third quarter", "2025-Q3", "quarter", D(2025, 7, 1),
                              D(2025, 9, 30)),
    "the fourth quarter in January": Case("Sales rose in the fourth quarter.", THURSDAY,
                                          "the fourth quarter", "2025-Q4", "quarter",
                                          D(2025, 10, 1), D(2025, 12, 31)),
    "the first quarter in January": Case("Sales will rise in the first quarter.", THURSDAY,
                                         "the first quarter", "2026-Q1", "quarter",
                                         D(2026, 1, 1), D(2026, 3, 31)),
    "Q3 2025": Case("Revenue in Q3 2025 was flat.", THURSDAY, "Q3 2025", "2025-Q3", "quarter",
                    D(2025, 7, 1), D(2025, 9, 30)),
    "adjectival third-quarter": Case("The company posted a third-quarter loss.", D(2025, 10, 30),
                                     "third-quarter", "2025-Q3", "quarter", D(2025, 7, 1),
                                     D(2025, 9, 30)),
    "the year-ago quarter follows the quarter reported": Case(
        "Profit rose in the third quarter, from $2 million in the year-ago quarter.",
        D(2025, 10, 30), "the year-ago quarter", "2024-Q3", "quarter", D(2024, 7, 1),
        D(2024, 9, 30)),
    "the first half of 2025": Case("Output fell in the first half of 2025.", THURSDAY,
                                   "the first half of 2025", "2025-H1", "half", D(2025, 1, 1),
                                   D(2025, 6, 30)),
    "this summer": Case("Talks are planned for this summer.", THURSDAY, "this summer", "2026-SU",
                        "season", D(2026, 6, 1), D(2026, 8, 31)),
    "last summer": Case("Prices spiked last summer.", THURSDAY, "last summer", "2025-SU",
                        "season", D(2025, 6, 1), D(2025, 8, 31)),
    "fiscal 2025": Case("Sales in fiscal 2025 rose.", THURSDAY, "fiscal 2025", "2025", "year",
                        D(2025, 1, 1), D(2025, 12, 31)),
    # decades, centuries, years
    "the 1990s": Case("Exports boomed in the 1990s.", THURSDAY, "the 1990s", "199", "decade",
                      D(1990, 1, 1), D(1999, 12, 31)),
    "the nineties": Case("Exports boomed through the nineties.", THURSDAY, "the nineties", "199",
                         "decade", D(1990, 1, 1), D(1999, 12, 31)),
    "the 20th century": Case("It was the oil of the 20th century.", THURSDAY,
                             "the 20th century", "19", "century", D(1900, 1, 1),
                             D(1999, 12, 31)),
    "since 1993": Case("The firm has grown since 1993.", THURSDAY, "1993", "1993", "year",
                       D(1993, 1, 1), D(1993, 12, 31)),
    "year at the start of a sentence": Case("2025 was a record year for exports.", THURSDAY,
                                            "2025", "2025", "year", D(2025, 1, 1),
                                            D(2025, 12, 31)),
    "range of years": Case("Prices rose in 2019–2021.", THURSDAY, "2021", "2021", "year",
                           D(2021, 1, 1), D(2021, 12, 31)),
    # named occasions and references
    "Christmas Day": Case("Shops shut on Christmas Day.", THURSDAY, "Christmas Day",
                          "2025-12-25", "day", D(2025, 12, 25), D(2025, 12, 25)),
    "the near future": Case("Prices may fall in the near future.", THURSDAY, "the near future",
                            "FUTURE_REF", "ref", THURSDAY, None),
    "the coming months": Case("Supplies will tighten in the coming months.", THURSDAY,
                              "the coming months", "FUTURE_REF", "ref", THURSDAY, None),
    "in the past": Case("Such bans have failed in the past.", THURSDAY, "the past", "PAST_REF",
                        "ref", None, THURSDAY),
    "right now": Case("Right now, nobody knows.", THURSDAY, "Right now", "PRESENT_REF", "ref",
                      THURSDAY, THURSDAY),
}

CASES = {**SEED_CASES, **CRAFTED_CASES}


def test_table_is_large_enough():
    assert len(CASES) >= 80
    assert len(SEED_CASES) >= 40


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_expression_is_found_and_normalised(case: Case):
    found = find(case)
    assert case.text[found.start:found.end] == found.text
    assert (found.value, found.granularity, found.date_start, found.date_end) == (
        case.value, case.granularity, case.date_start, case.date_end)
    assert (found.type, found.mod) == (case.type, case.mod)
    assert found.is_anchored
    assert found.granularity in GRANULARITIES


# --- words that are not dates --------------------------------------------------------------------

NOT_DATES = (
    "Japan may deepen ties with countries like Australia and India.",
    "including a 3.8 per cent increase in the defence budget to 9 trillion yen (about US$57.7 "
    "billion).",
    "Type-88 missile",
    "China’s rare earth exports to Japan rose 35 per cent to 305 metric tonnes.",
    "Beijing suspended rare-earth supplies to Japan for two months.",
    "major manufacturers warn of production stoppages within two months",
    "it could operate for only about two months if raw material supplies were disrupted.",
    "China maintains an export control list covering roughly 1,100 dual-use goods.",
    "Japan sources 72% of its rare earth imports from China.",
    "Beijing Reinforces Central Discipline Ahead of the 15th Five-Year Plan.",
    "These materials are essential for next-generation chips.",
    "Thousands march through Tokyo.",
    "Sun Microsystems and the sun.",
    "Theresa May and June Carter met August Wilson.",
    "Analysts watched the fall of the Berlin Wall and a spring in prices.",
    "More than 2000 troops were sent.",
    "The crash of Flight 1866 in Tokyo 2020 halls.",
    "This time, China perhaps intends to engineer a de facto export restriction.",
    "Despite years of diversification efforts, decades of relative stability remain.",
    "days after Chinese forces conducted military drills",
    "a five-year plan and a 10-year bond",
    "Receive a Daily News Update and the annual report.",
    "What Happens Next?",
)


@pytest.mark.parametrize("text", NOT_DATES)
def test_words_that_are_not_dates_are_left_alone(text: str):
    assert extract(text, THURSDAY) == []


# --- every seed sentence -------------------------------------------------------------------------

#: The seed sentences that hold dates, with what the tagger should find in each (the analysis's
#: sentence ids); every other sentence must give nothing.
SENTENCES_WITH_DATES = {
    f"{SEED_000}-p02-s01": ["January 6"],
    f"{SEED_000}-p04-s01": ["recent"],
    f"{SEED_000}-p04-s02": ["November 2025"],
    f"{SEED_000}-p05-s03": ["2010"],
    f"{SEED_000}-p06-s01": ["2010", "presently", "the last 15 years"],
    f"{SEED_000}-p11-s03": ["recently"],
    f"{SEED_000}-p11-s04": ["October 2025"],
    f"{SEED_001}-p01-s02": ["Tuesday", "January 6", "early November"],
    f"{SEED_001}-p02-s01": ["now"],
    f"{SEED_001}-p05-s02": ["now"],
    f"{SEED_001}-p06-s01": ["November"],
    f"{SEED_001}-p08-s01": ["recent"],
    f"{SEED_001}-p08-s02": ["late December", "the fiscal year beginning in April"],
    f"{SEED_001}-p09-s02": ["December", "recent years"],
    f"{SEED_001}-p09-s04": ["mid-December"],
    f"{SEED_001}-p10-s01": ["the past decade"],
    f"{SEED_001}-p13-s02": ["now"],
    f"{SEED_001}-p14-s01": ["more than a decade ago"],
    f"{SEED_001}-p14-s02": ["recent"],
    f"{SEED_001}-p14-s03": ["November", "last year"],
    f"{SEED_001}-p15-s02": ["Tuesday", "recent"],
    f"{SEED_001}-p15-s03": ["recent months"],
    f"{SEED_001}-p16-s01": ["now"],
    f"{SEED_002}-p04-s01": ["recent"],
    f"{SEED_002}-p13-s01": ["2024", "over a decade ago"],
    f"{SEED_002}-p17-s01": ["late 2026"],
    f"{SEED_002}-p24-s03": ["now"],
    f"{SEED_003}-p03-s01": ["Tuesday", "now"],
    f"{SEED_003}-p13-s01": ["late 2025"],
    f"{SEED_003}-p14-s01": ["now"],
    f"{SEED_003}-p15-s01": ["New Year’s"],
    f"{SEED_003}-p19-s01": ["recent decades"],
    f"{SEED_004}-p03-s01": ["now"],
    f"{SEED_004}-p03-s03": ["November"],
    f"{SEED_004}-p06-s01": ["currently"],
}


def anchors_of(corpus: Corpus) -> dict[str, date]:
    return {article.meta.id: article.meta.published or UNDATED_STAND_IN
            for article in corpus.articles}


def test_seed_anchors_are_the_manifest_dates(seed_corpus: Corpus):
    assert anchors_of(seed_corpus) == {SEED_000: ANCHOR_000, SEED_001: ANCHOR_001,
                                       SEED_002: ANCHOR_002, SEED_003: ANCHOR_003,
                                       SEED_004: ANCHOR_004}


def test_every_seed_sentence_gives_exactly_its_listed_dates(seed_tables: Tables,
                                                            seed_corpus: Corpus):
    anchors = anchors_of(seed_corpus)
    sentences = seed_tables.sentences
    assert set(SENTENCES_WITH_DATES) <= set(sentences["sentence_id"])
    wrong = {}
    for sentence_id, article_id, text in zip(sentences["sentence_id"], sentences["article_id"],
                                             sentences["text"], strict=True):
        found = [item.text for item in extract(text, anchors[article_id])]
        if found != SENTENCES_WITH_DATES.get(sentence_id, []):
            wrong[sentence_id] = found
    assert wrong == {}
    assert len(sentences) - len(SENTENCES_WITH_DATES) > 100  # the sentences without dates


# --- conventions ---------------------------------------------------------------------------------


def test_without_an_anchor_relative_expressions_are_found_but_unresolved():
    text = ("On Tuesday (January 6), in November, last year, now, the third quarter, "
            "this summer, the past decade.")
    found = {item.text: item for item in extract(text, None)}
    assert {name: found[name].value for name in found} == {
        "Tuesday": "XXXX-WXX-2", "January 6": "XXXX-01-06", "November": "XXXX-11",
        "last year": None, "now": "PRESENT_REF", "the third quarter": "XXXX-Q3",
        "this summer": "XXXX-SU", "the past decade": "P10Y"}
    for item in found.values():
        assert not item.is_anchored
        assert (item.date_start, item.date_end) == (None, None)


def test_without_an_anchor_absolute_dates_stay_anchored():
    found = extract("It began on January 7, 2026, as in 2010 and the 1990s.", None)
    assert [(item.text, item.value, item.is_anchored) for item in found] == [
        ("January 7, 2026", "2026-01-07", True), ("2010", "2010", True),
        ("the 1990s", "199", True)]
    assert found[0].date_start == found[0].date_end == D(2026, 1, 7)


def test_expressions_come_in_text_order_without_overlaps():
    text = ("In late December, before Tuesday (January 6), the past decade and last year "
            "mattered more than a decade ago.")
    found = extract(text, ANCHOR_001)
    assert [item.text for item in found] == [
        "late December", "Tuesday", "January 6", "the past decade", "last year",
        "more than a decade ago"]
    assert all(left.end <= right.start for left, right in itertools.pairwise(found))


def test_expressions_are_frozen():
    found = extract("in 2010", None)[0]
    with pytest.raises(AttributeError):
        found.value = "2011"  # type: ignore[misc]


@pytest.mark.parametrize(("value", "interval"), [
    ("2025-W02", (D(2025, 1, 6), D(2025, 1, 12))),
    ("2025-W02-WE", (D(2025, 1, 11), D(2025, 1, 12))),
    ("2025-WI", (D(2025, 12, 1), D(2026, 2, 28))),
    ("2024-H2", (D(2024, 7, 1), D(2024, 12, 31))),
    ("20", (D(2000, 1, 1), D(2099, 12, 31))),
    ("XXXX-11", (None, None)),
])
def test_interval_of_a_value(value: str, interval: tuple):
    assert interval_of(value) == interval


def test_interval_of_references_needs_the_anchor():
    assert interval_of("PAST_REF", THURSDAY) == (None, THURSDAY)
    assert interval_of("FUTURE_REF", THURSDAY) == (THURSDAY, None)
    assert interval_of("PRESENT_REF") == (None, None)


# ----------------------------------------------------------------------------- the scanner

@pytest.fixture(scope="module")
def varied_texts(seed_tables: Tables) -> list[str]:
    sentences = [str(text) for text in seed_tables.sentences["text"]]
    return [*sentences, *recombined(sentences, 150), *timebank(), *CRAFTED]


def _every_rule_over_the_whole_text(text: str) -> list[tuple]:
    """The candidates as the tagger found them before its scanner: rule by rule."""
    return [(rule.name, match.span(), match.groups()) for rule in dates._RULES
            for match in rule.pattern.finditer(text)
            if match.end() > match.start() and (rule.accept is None or rule.accept(match, text))]


def test_the_scanner_finds_the_candidates_of_every_rule(varied_texts: list[str]):
    assert len(varied_texts) > 1000
    for text in varied_texts:
        found = [(c.rule.name, c.match.span(), c.match.groups()) for c in dates._candidates(text)]
        assert found == _every_rule_over_the_whole_text(text), text
