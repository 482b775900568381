"""Find temporal expressions in article text and normalise them to TimeML TIMEX3 values.

A rule-based tagger in the manner of HeidelTime and SUTime: regular-expression rules propose
candidate expressions, the longest of overlapping candidates wins, and each is normalised
against an anchor (the article's publication date) to a TIMEX3 value and the calendar interval
it covers. ``bench/timebank_dates.py`` measures it against TimeBank 1.2.

Conventions, those of TimeBank unless said otherwise:

* Spans leave out prepositions ("on Tuesday" gives "Tuesday") but keep determiners and
  modifiers ("the third quarter", "early November", "Earlier Sunday", "the past"); an
  adjectival "third-quarter" or "year-ago" goes without its determiner.
* Values: ``2026-01-06`` (day), ``2026-W02`` (ISO week), ``2026-W01-WE`` (weekend),
  ``2025-11`` (month), ``2025-Q4`` (quarter), ``2025-H1`` (half year), ``2025-SU`` (season:
  ``SP``, ``SU``, ``FA``, ``WI``; meteorological, so ``2025-WI`` is December 2025 to February
  2026), ``2025`` (year), ``201`` (decade: the 2010s), ``20`` (century: 2000-2099) and
  ``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF`` ("recently", "now", "in the future").
* A date named without its year ("January 6", "in November") takes the year that puts it
  nearest the anchor, leaning to the past as news does: a later date wins only when it is less
  than half as far away. A weekday ("on Tuesday") is the latest such day on or before the
  anchor. A future cue in the clause ("will", "scheduled to", "next") sends either to the next
  such date instead. "The third quarter" is the anchor's year's unless that quarter lies more
  than one quarter ahead; "a year ago" and "the year-ago period" follow the quarter being
  reported when the text names one.
* "early", "mid" and "late" (and "the beginning/end of") keep the value, set ``mod`` to
  ``START``, ``MID`` or ``END`` and narrow the interval to the first, middle or last third.
  "about"/"around" set ``APPROX``; "more than a decade ago" has ``BEFORE`` and an open start.
  "earlier this year" ends the interval at the anchor, "later this month" starts it there.
* Fiscal years: "fiscal 1989" and "FY2026" have the plain year as value and, as their start
  month is unknown, the calendar year as interval; "the fiscal year beginning in April" has the
  value of the year it starts in and the twelve months from that April as interval.
* Durations ("for two months", "a five-year low") are left out, except periods that end or
  start at the anchor ("over the past decade", "the last 15 years", "the next two years"):
  these come back with ``type`` ``DURATION``, a value such as ``P10Y`` and the interval they
  cover. "In recent months" is PAST_REF and "in the coming weeks" FUTURE_REF, as dates.
* Without an anchor, expressions are still found: calendar expressions that lack a year keep
  TimeML's placeholders (``XXXX-11``, ``XXXX-WXX-2``, ``XXXX-Q3``), relative ones ("last year",
  "yesterday") get ``value`` None, and both get no interval and ``is_anchored`` False.
  Absolute dates ("January 7, 2026", "in 2010") are anchored either way. A caller holding only a
  stand-in date (a build's as-of date) should pass it and flag the rows itself.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from chokepoints.scanning import Scanner

#: Granularities, finest first; "ref" is for PAST_REF, PRESENT_REF and FUTURE_REF.
GRANULARITIES = ("day", "week", "month", "quarter", "season", "half", "year", "decade",
                 "century", "ref")
REF_VALUES = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")


@dataclass(frozen=True)
class TimeExpression:
    """One temporal expression found in a text.

    Attributes:
        start: offset of the first character in the text.
        end: offset just past the last character (``text[start:end] == self.text``).
        text: the words as written.
        value: the TIMEX3 value (``2026-01-06``, ``2025-11``, ``201``, ``PAST_REF``, ``P10Y``);
            with ``X`` placeholders, or None, when it needed an anchor and had none.
        date_start: first day the expression covers; None when open or unknown.
        date_end: last day it covers (inclusive); None when open or unknown.
        granularity: one of `GRANULARITIES` (for a DURATION, the unit it counts).
        is_anchored: False when the expression needed an anchor date and none was given.
        type: the TIMEX3 type: ``DATE``, or ``DURATION`` for a period that ends or starts at
            the anchor.
        mod: the TIMEX3 mod, if any: ``START``, ``MID``, ``END`` (early, mid, late),
            ``BEFORE``, ``AFTER`` (more than ... ago, less than ... ago), ``APPROX`` (about).
    """

    start: int
    end: int
    text: str
    value: str | None
    date_start: date | None
    date_end: date | None
    granularity: str
    is_anchored: bool
    type: str = "DATE"
    mod: str | None = None


# ----------------------------------------------------------------------------- vocabulary

MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
          "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
          "december": 12}
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
QUARTER_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                    "fourth": 4, "4th": 4}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
                 "twenty first": 21}
_DIGIT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9}
_TEEN_WORDS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
               "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
               "seventy": 70, "eighty": 80, "ninety": 90}
_COUNT_WORDS = {"a": 1, "an": 1, "a couple of": 2, "a hundred": 100, "hundred": 100,
                **_DIGIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS}
_VAGUE_COUNTS = ("several", "a few", "few", "many", "some")
#: Words that shift a relative expression: "last year" is -1, "next month" +1.
_SHIFTS = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "next": 1,
           "coming": 1, "following": 1}
_HOLIDAYS = ("new year's eve", "new year", "christmas eve", "christmas", "boxing day", "easter",
             "thanksgiving", "halloween", "valentine")

#: Words before a bare year that make it one ("in 2010", "since 1993", "fiscal 1989").
_YEAR_PREPOSITIONS = {"in", "since", "until", "till", "by", "during", "through", "thru",
                      "throughout", "before", "after", "into", "early", "mid", "late",
                      "fiscal", "circa", "ca", "starting", "beginning", "ending", "ended",
                      "spring", "summer", "autumn", "fall", "winter", "year"}
#: Words before a bare month name or year that let it be one unless a count follows ("of 2021",
#: "between 2010 and 2015", "a December commentary", but not "than 2000 troops").
_DATE_PREPOSITIONS = _YEAR_PREPOSITIONS | {
    "of", "from", "to", "between", "and", "or", "on", "around", "for", "as", "than", "last",
    "next", "this", "that", "past", "the", "a", "an", "its", "their"}
#: What follows a four-digit number that counts things rather than names a year.
_QUANTITY_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|[a-z]*illion|thousand|hundred|tonnes?|tons?|troops|people|"
    r"shares|units|miles|km|kilometres|kilometers|metres|meters|feet|yen|yuan|dollars|euros|"
    r"pounds|points|barrels|employees|workers|jobs|cars|vehicles|items|per\b|x\b)",
    re.IGNORECASE)
_NOT_PLURAL = re.compile(r"\s+(?:was|has|is|as|its|this|thus|plus|versus|always|perhaps)\b")
#: Words that point a date without a year, or a weekday, to the future. The tense is not read
#: otherwise: without a future cue the date leans to the past anyway, and past participles
#: ("payable Dec. 7 to holders approved...") mislead more often than they help.
_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|shall|going\s+to|scheduled\s+(?:to|for)|set\s+(?:to|for)|"
    r"(?:plans?|planned|expects?|expected|intends?|intended|aims?|hopes?)\s+to|"
    r"(?:is|are)\s+(?:due\s+)?to\s+(?!have\b)|next|upcoming|forthcoming|effective)\b|'ll\b",
    re.IGNORECASE)


# ----------------------------------------------------------------------------- patterns

def _alternatives(words) -> str:
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


def _capitalised(words) -> str:
    """Names written with a capital (or in capitals), so "may" and "march" stay verbs."""
    forms = [form for word in words for form in (word.capitalize(), word.upper())]
    return f"(?-i:{_alternatives(forms)})"


_MONTH_NAME = _capitalised(MONTHS)
_MONTH_ABBREVIATION = _capitalised(MONTH_ABBREVIATIONS)
#: A month on its own needs its full name or "Jan."; before a day or a year "Jan" will do.
_MONTH = rf"(?:{_MONTH_NAME}|{_MONTH_ABBREVIATION}\.)"
_MONTH_BEFORE_NUMBER = rf"(?:{_MONTH_NAME}|{_MONTH_ABBREVIATION}\.?)"
_WEEKDAY = _capitalised(WEEKDAYS)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:1\d{3}|20\d\d|21\d\d)"
_TENS = _alternatives(_TENS_WORDS)
_DIGITS = _alternatives(_DIGIT_WORDS)
_TWO_DIGITS_SPOKEN = rf"(?:(?:{_TENS})(?:[- ](?:{_DIGITS}))?|{_alternatives(_TEEN_WORDS)})"
#: "nineteen ninety-six", "two thousand and one" (broadcast transcripts spell years out).
_SPOKEN_YEAR = (rf"(?:(?:eighteen|nineteen|twenty)\s+{_TWO_DIGITS_SPOKEN}"
                rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_TWO_DIGITS_SPOKEN}|{_DIGITS}))?)")
_YEAR = rf"(?:{_YEAR4}|{_SPOKEN_YEAR})"
_COUNT = rf"(?:\d+|(?:{_TENS})[- ](?:{_DIGITS})|{_alternatives(_COUNT_WORDS)})"
_UNIT = r"(?:day|week|month|quarter|year|decade|centur(?:y|ie))s?"
_ORDINAL = _alternatives(QUARTER_ORDINALS)
_EDGE = (r"(?:early|mid|late|the\s+early|the\s+mid|the\s+late|the\s+middle\s+of|"
         r"the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)")
_APPROX = r"(?:about|around|approximately|roughly|some|nearly|almost|close\s+to|just)"
_MORE = r"(?:more\s+than|over|at\s+least)"
_LESS = r"(?:less\s+than|under|at\s+most)"


#: Where a rule's pattern may start: not inside a word, number or price.
_BOUNDARY = r"(?<![\w$£€¥'’-])"


def _compile(source: str) -> re.Pattern[str]:
    """A rule's pattern, bounded so it never starts or ends inside a word, number or price."""
    return re.compile(rf"{_BOUNDARY}(?:{source})(?![\w-])", re.IGNORECASE)


# ----------------------------------------------------------------------------- intervals

def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def interval_of(value: str | None, anchor: date | None = None
                ) -> tuple[date | None, date | None]:
    """The calendar interval a TIMEX3 date value covers.

    Args:
        value: a TIMEX3 DATE value (``2026-01-06``, ``2025-W02``, ``2025-W02-WE``, ``2025-11``,
            ``2025-Q4``, ``2025-H1``, ``2025-SU``, ``2025``, ``201``, ``20``, ``PAST_REF``...).
        anchor: the reference date, needed only for PAST_REF, PRESENT_REF and FUTURE_REF.

    Returns:
        First and last day (inclusive); None for an end that is open or cannot be said
        (values with ``X`` placeholders give ``(None, None)``).
    """
    if not value or "X" in value:
        return None, None
    if value in REF_VALUES:
        if anchor is None:
            return None, None
        return {"PAST_REF": (None, anchor), "PRESENT_REF": (anchor, anchor),
                "FUTURE_REF": (anchor, None)}[value]
    parts = value.split("-")
    head = parts[0]
    if not head.isdigit():
        return None, None
    if len(head) == 2:
        century = int(head) * 100
        return date(century or 1, 1, 1), date(century + 99, 12, 31)
    if len(head) == 3:
        decade = int(head) * 10
        return date(decade or 1, 1, 1), date(decade + 9, 12, 31)
    year = int(head)
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    second = parts[1]
    if second in SEASON_START_MONTH:
        first = date(year, SEASON_START_MONTH[second], 1)
        return first, first + relativedelta(months=3) - timedelta(days=1)
    if second.startswith("W"):
        monday = date.fromisocalendar(year, int(second[1:]), 1)
        if parts[-1] == "WE":
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if second.startswith("Q"):
        quarter = int(second[1:])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if second.startswith("H"):
        half = int(second[1:])
        return date(year, 6 * half - 5, 1), _month_end(year, 6 * half)
    month = int(second)
    if len(parts) == 2:
        return date(year, month, 1), _month_end(year, month)
    day = date(year, month, int(parts[2]))
    return day, day


def _narrow(interval: tuple[date | None, date | None], mod: str | None
            ) -> tuple[date | None, date | None]:
    """Cut an interval to its first, middle or last third for START, MID and END.

    A month is cut into days 1-10, 11-20 and 21 to the end; whole months that divide by three
    at month boundaries (a year into January-April, May-August and September-December);
    anything else by days.
    """
    first, last = interval
    if mod not in ("START", "MID", "END") or first is None or last is None:
        return interval
    index = ("START", "MID", "END").index(mod)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if first.day == 1 and last == _month_end(last.year, last.month):
        if months == 1:
            start = first + timedelta(days=10 * index)
            return start, last if index == 2 else start + timedelta(days=9)
        if months % 3 == 0:
            part = months // 3
            start = first + relativedelta(months=part * index)
            return start, start + relativedelta(months=part) - timedelta(days=1)
    days = (last - first).days + 1
    if days < 3:
        return interval
    cut_one = first + timedelta(days=round(days / 3))
    cut_two = first + timedelta(days=round(2 * days / 3))
    if mod == "START":
        return first, cut_one - timedelta(days=1)
    if mod == "MID":
        return cut_one, cut_two - timedelta(days=1)
    return cut_two, last


# ----------------------------------------------------------------------------- context

@dataclass
class _Context:
    """The text being tagged, its anchor, and what it has dated so far (in text order)."""

    text: str
    anchor: date | None
    last_year: int | None = None
    last_month: tuple[int, int] | None = None
    last_day: date | None = None
    #: The quarter being reported: the latest one named that ended within a year of the anchor.
    last_quarter: tuple[int, int] | None = None


@dataclass
class _Spec:
    """A normalised expression before its interval is worked out."""

    value: str | None
    granularity: str
    mod: str | None = None
    type: str = "DATE"
    interval: tuple[date | None, date | None] | None = None
    needs_anchor: bool = False


_Normaliser = Callable[[re.Match[str], _Context], _Spec | None]
_Acceptor = Callable[[re.Match[str], str], bool]


@dataclass(frozen=True)
class _Rule:
    """A pattern, an optional check on each match, and how to normalise what it finds."""

    name: str
    pattern: re.Pattern[str]
    normalise: _Normaliser
    accept: _Acceptor | None = None
    priority: int = 0


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text; None when it did not take part or the rule has no such group."""
    return match.groupdict().get(name)


def _words(match: re.Match[str], name: str) -> str:
    """A named group's text in lower case with single spaces ("" when there is none)."""
    return re.sub(r"\s+", " ", (_group(match, name) or "").lower()).strip()


def _word_before(text: str, position: int) -> str:
    """The word (lower case) just before a position, skipping spaces and an opening bracket."""
    found = re.search(r"([A-Za-z][A-Za-z-]*)[\s(\"“]*$", text[max(0, position - 40):position])
    return found.group(1).lower() if found else ""


def _direction(context: _Context, start: int, end: int) -> int:
    """+1 if the clause around a span points to the future, -1 after "since", else 0."""
    text = context.text
    if _word_before(text, start) in ("since", "ended", "ago"):
        return -1
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start),
               text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    before = re.split(r"[,;:(]|\s[–—-]\s", text[max(left + 1, start - 80):start])[-1]
    after = re.split(r"[.?!,;:)\n]|\s(?:and|but|or|while|when|after|before|that)\s|\s[–—-]\s",
                     text[end:end + 40])[0]
    return 1 if _FUTURE_CUES.search(before + " " + after) else 0


def _pick_year(context: _Context, month: int, day: int | None, start: int, end: int,
               direction: int | None = None) -> int:
    """The year that puts a month (and day) nearest the anchor, leaning to the past.

    Args:
        context: the tagging context (its anchor must be set).
        month: 1-12.
        day: day of the month, or None for the whole month.
        start: where the expression starts in the text (for the future cue).
        end: where it ends.
        direction: +1 for the next such date, -1 for the latest one on or before the anchor,
            0 for the nearest; None to read the clause for a future cue.

    Returns:
        The year: the anchor's, the one before or the one after.
    """
    anchor = context.anchor
    assert anchor is not None
    if direction is None:
        direction = _direction(context, start, end)
    offsets = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is None:
            # In months; the anchor's own month counts as "on or before" the anchor.
            offsets.append((year, (year - anchor.year) * 12 + month - anchor.month))
        else:
            when = date(year, month, min(day, calendar.monthrange(year, month)[1]))
            offsets.append((year, (when - anchor).days / 30.44))
    ahead = [(offset, year) for year, offset in offsets if offset > 0]
    behind = [(offset, year) for year, offset in offsets if offset <= 0]
    if direction > 0:
        return min([(offset, year) for year, offset in offsets if offset >= 0])[1]
    latest_behind = max(behind)
    if direction < 0:
        return latest_behind[1]
    earliest_ahead = min(ahead)
    return earliest_ahead[1] if earliest_ahead[0] < -latest_behind[0] / 2 else latest_behind[1]


# ----------------------------------------------------------------------------- parsing helpers

def _count(words: str) -> int | None:
    words = re.sub(r"\s+", " ", words.lower().strip())
    if words.isdigit():
        return int(words)
    if words in _COUNT_WORDS:
        return _COUNT_WORDS[words]
    parts = re.split(r"[- ]", words)
    if len(parts) == 2 and parts[0] in _TENS_WORDS and parts[1] in _DIGIT_WORDS:
        return _TENS_WORDS[parts[0]] + _DIGIT_WORDS[parts[1]]
    return None


def _spoken_two_digits(words: str) -> int | None:
    if words in _TEEN_WORDS:
        return _TEEN_WORDS[words]
    if words in _DIGIT_WORDS:
        return _DIGIT_WORDS[words]
    tens, _, unit = words.replace("-", " ").partition(" ")
    if tens in _TENS_WORDS and (not unit or unit in _DIGIT_WORDS):
        return _TENS_WORDS[tens] + _DIGIT_WORDS.get(unit, 0)
    return None


def _year_of(words: str) -> int | None:
    """A year written in digits or spelled out ("nineteen ninety-six", "two thousand")."""
    words = re.sub(r"\s+", " ", words.lower().strip())
    if words.isdigit():
        return int(words)
    if words.startswith("two thousand"):
        rest = words.removeprefix("two thousand").strip().removeprefix("and ").strip()
        tail = _spoken_two_digits(rest) if rest else 0
        return None if tail is None else 2000 + tail
    head, _, rest = words.partition(" ")
    hundreds = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}.get(head)
    tail = _spoken_two_digits(rest)
    if hundreds is None or tail is None:
        return None
    return hundreds + tail


def _month_of(words: str) -> int:
    key = words.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def _day_of(words: str) -> int:
    return int(re.match(r"\d+", words).group(0))


def _edge_mod(words: str | None) -> str | None:
    """START, MID or END for "early", "mid", "late", "the beginning/middle/end of"."""
    words = (words or "").lower()
    if "early" in words or "beginning" in words or "start" in words:
        return "START"
    if "mid" in words:
        return "MID"
    if "late" in words or "end" in words:
        return "END"
    return None


def _shift(words: str) -> int:
    """-1, 0 or +1 for the first word that says so ("last", "the previous", "next"...)."""
    for word in words.split():
        if word in _SHIFTS:
            return _SHIFTS[word]
    return 0


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _unanchored(value: str | None, granularity: str, mod: str | None = None) -> _Spec:
    return _Spec(value, granularity, mod, needs_anchor=True)


def _to_or_from_anchor(spec: _Spec, side: str, anchor: date) -> _Spec:
    """ "earlier this year" ends at the anchor; "later this month" starts there."""
    if side:
        first, last = interval_of(spec.value)
        spec.interval = (first, anchor) if side == "earlier" else (anchor, last)
    return spec


def _note_quarter(context: _Context, year: int, quarter: int) -> None:
    """Remember a quarter as the one being reported if it ended within a year of the anchor."""
    if context.anchor is None:
        context.last_quarter = (year, quarter)
        return
    here = _quarter_of(context.anchor)
    if 1 <= (here[0] * 4 + here[1]) - (year * 4 + quarter) <= 4:
        context.last_quarter = (year, quarter)


# ----------------------------------------------------------------------------- normalisers

def _full_date(match: re.Match[str], context: _Context) -> _Spec | None:
    year = _year_of(match["year"])
    if year is None:
        return None
    try:
        when = date(year, _month_of(match["month"]), _day_of(match["day"]))
    except ValueError:
        return None
    context.last_day, context.last_month, context.last_year = when, (year, when.month), year
    return _Spec(when.isoformat(), "day", "APPROX" if _group(match, "approx") else None)


def _iso_date(match: re.Match[str], context: _Context) -> _Spec | None:
    try:
        when = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    context.last_day, context.last_month = when, (when.year, when.month)
    context.last_year = when.year
    return _Spec(when.isoformat(), "day")


def _month_day(match: re.Match[str], context: _Context) -> _Spec | None:
    month, day = _month_of(match["month"]), _day_of(match["day"])
    mod = "APPROX" if match["approx"] else None
    if day > calendar.monthrange(2000, month)[1]:
        return None
    if context.anchor is None:
        return _unanchored(f"XXXX-{month:02d}-{day:02d}", "day", mod)
    year = _pick_year(context, month, day, match.start(), match.end())
    if day > calendar.monthrange(year, month)[1]:
        return None
    when = date(year, month, day)
    context.last_day, context.last_month = when, (year, month)
    return _Spec(when.isoformat(), "day", mod, needs_anchor=True)


def _month_year(match: re.Match[str], context: _Context) -> _Spec | None:
    year = _year_of(match["year"])
    if year is None:
        return None
    month = _month_of(match["month"])
    context.last_month, context.last_year = (year, month), year
    return _Spec(f"{year}-{month:02d}", "month", _edge_mod(match["edge"]))


def _month_alone(match: re.Match[str], context: _Context) -> _Spec | None:
    month = _month_of(match["month"])
    mod = _edge_mod(match["edge"])
    relative = _words(match, "rel")
    if context.anchor is None:
        return _unanchored(None if relative in ("last", "next") else f"XXXX-{month:02d}",
                           "month", mod)
    if relative == "this":
        year = context.anchor.year
    elif relative == "that" and context.last_year is not None:
        year = context.last_year
    else:
        direction = {"last": -1, "next": 1}.get(relative)
        year = _pick_year(context, month, None, match.start(), match.end(), direction)
        if relative == "last" and (year, month) == (context.anchor.year, context.anchor.month):
            year -= 1
    context.last_month = (year, month)
    return _Spec(f"{year}-{month:02d}", "month", mod, needs_anchor=True)


def _year_alone(match: re.Match[str], context: _Context) -> _Spec | None:
    year = _year_of(match["year"])
    if year is None:
        return None
    context.last_year = year
    return _Spec(str(year), "year", _edge_mod(match["edge"]))


def _decade(match: re.Match[str], context: _Context) -> _Spec | None:
    mod = _edge_mod(match["edge"])
    if match["digits"]:
        digits = match["digits"].strip("'’s")
        if len(digits) == 4:
            return _Spec(digits[:3], "decade", mod)
        tens = int(digits[0])
    else:
        tens = DECADE_WORDS[match["words"].lower()]
    # "the '90s", "the nineties": the latest such decade begun by the anchor (or by 1999).
    base = (context.anchor or date(1999, 12, 31)).year
    century = base // 100 - (1 if (base // 100) * 100 + tens * 10 > base else 0)
    return _Spec(f"{century}{tens}", "decade", mod)


def _century(match: re.Match[str], context: _Context) -> _Spec | None:
    mod = _edge_mod(match["edge"])
    if match["rel"]:
        if context.anchor is None:
            return _unanchored(None, "century", mod)
        number = context.anchor.year // 100 + (0 if _words(match, "rel") == "this" else -1)
        return _Spec(f"{number:02d}", "century", mod, needs_anchor=True)
    ordinal = int(match["digits"]) if match["digits"] else CENTURY_WORDS[_words(match, "words")]
    return _Spec(f"{ordinal - 1:02d}", "century", mod)


def _relative_year(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "this year", "last year", "early next year", "earlier this year", "the full year"."""
    mod = _edge_mod(_group(match, "edge"))
    if context.anchor is None:
        return _unanchored(None, "year", mod)
    shift = _shift(_words(match, "rel"))
    spec = _Spec(str(context.anchor.year + shift), "year", mod, needs_anchor=True)
    return _to_or_from_anchor(spec, _words(match, "side") if shift == 0 else "", context.anchor)


def _anaphoric_year(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "that year", "the following year": relative to the last year the text named."""
    if context.last_year is None:
        return None
    return _Spec(str(context.last_year + _shift(_words(match, "rel"))), "year")


def _relative_month(match: re.Match[str], context: _Context) -> _Spec | None:
    mod = _edge_mod(match["edge"])
    if context.anchor is None:
        return _unanchored(None, "month", mod)
    shift = _shift(_words(match, "rel"))
    when = context.anchor + relativedelta(months=shift)
    spec = _Spec(f"{when.year}-{when.month:02d}", "month", mod, needs_anchor=True)
    return _to_or_from_anchor(spec, _words(match, "side") if shift == 0 else "", context.anchor)


def _anaphoric_month(match: re.Match[str], context: _Context) -> _Spec | None:
    if context.last_month is None:
        return None
    year, month = context.last_month
    when = date(year, month, 1) + relativedelta(months=_shift(_words(match, "rel")))
    return _Spec(f"{when.year}-{when.month:02d}", "month")


def _relative_week(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "last week", "this week", "the end of this week", "over the weekend"."""
    relative = _words(match, "rel") or _words(match, "the")
    weekend = _words(match, "unit") == "weekend" or bool(match["the"])
    mod = _edge_mod(match["edge"])
    if context.anchor is None:
        return _unanchored(None, "week", mod)
    anchor = context.anchor
    shift = _shift(relative)
    if weekend and relative in ("the", "last", "past"):
        # The weekend just gone (or under way); "next weekend" and "this weekend" are the
        # anchor's week's, and "the weekend" with a future cue is the coming one.
        started = anchor.weekday() >= 5
        shift = 0 if started else -1
        if relative == "the" and _direction(context, match.start(), match.end()) > 0:
            shift = 0 if not started else 1
    value = _iso_week(anchor + timedelta(weeks=shift)) + ("-WE" if weekend else "")
    spec = _Spec(value, "week", mod, needs_anchor=True)
    return _to_or_from_anchor(spec, _words(match, "side") if shift == 0 else "", anchor)


def _edge_of(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "the end of the year", "year-end", "the beginning of next month"."""
    unit = _words(match, "unit") or _words(match, "unit2")
    mod = _edge_mod(match["edge"]) or "END"
    if context.anchor is None:
        return _unanchored(None, unit, mod)
    shift = _shift(_words(match, "rel"))
    anchor = context.anchor
    if unit == "year":
        value = str(anchor.year + shift)
    elif unit == "month":
        when = anchor + relativedelta(months=shift)
        value = f"{when.year}-{when.month:02d}"
    else:
        value = "{}-Q{}".format(*_shift_quarter(*_quarter_of(anchor), shift))
    return _Spec(value, unit, mod, needs_anchor=True)


def _quarter(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "the third quarter", "Q3 2025", "the fourth quarter of last year", "the first half"."""
    ordinal = _words(match, "ordinal")
    number = QUARTER_ORDINALS[ordinal] if ordinal else int(match["number"])
    if match["half"]:
        number = 1 if number == 1 else 2
        label, granularity = f"H{number}", "half"
    else:
        label, granularity = f"Q{number}", "quarter"
    year_words = match["year"] or match["year_before"]
    relative = _words(match, "rel") or _words(match, "rel_before")
    if year_words:
        year = _year_of(year_words)
        if year is None:
            return None
        spec = _Spec(f"{year}-{label}", granularity)
    elif context.anchor is None:
        return _unanchored(None if relative else f"XXXX-{label}", granularity)
    else:
        anchor = context.anchor
        if relative:
            year = anchor.year + _shift(relative)
        elif granularity == "half":
            year = anchor.year - (1 if number > (1 if anchor.month <= 6 else 2) else 0)
        else:
            # The anchor's year, unless that quarter would lie more than one quarter ahead
            # ("the fourth quarter" in a January article is last year's).
            year = anchor.year - (1 if number > _quarter_of(anchor)[1] + 1 else 0)
        spec = _Spec(f"{year}-{label}", granularity, needs_anchor=True)
    if granularity == "quarter":
        _note_quarter(context, year, number)
    context.last_year = year
    return spec


def _two_quarters(match: re.Match[str], context: _Context) -> _Spec | None:
    year = _year_of(match["year"])
    if year is None:
        return None
    return _Spec(f"{year}-H{1 if _words(match, 'ordinal') == 'first' else 2}", "half")


def _latest_quarter(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "the latest quarter", "this quarter", "the quarter": the one being reported."""
    words = re.sub(r"\s+", " ", match.group(0).lower())
    if context.anchor is None:
        return _unanchored(None, "quarter")
    current = _quarter_of(context.anchor)
    if "current" in words or "this" in words:
        year, quarter = current
    elif "next" in words:
        year, quarter = _shift_quarter(*current, 1)
    elif context.last_quarter is not None and "previous" not in words and "last" not in words:
        year, quarter = context.last_quarter
    elif words == "the quarter":
        return None  # no quarter in play to refer back to
    else:
        year, quarter = _shift_quarter(*current, -1)
    _note_quarter(context, year, quarter)
    return _Spec(f"{year}-Q{quarter}", "quarter", needs_anchor=True)


def _year_ago(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "the year-ago quarter", "a year earlier", "the 1988 period": the period a year before
    the one being reported, to the quarter when the text reports a quarter."""
    words = match.group(0).lower()
    year_words = match.groupdict().get("year")
    if year_words:
        year = int(year_words)
        if context.last_quarter is not None:
            return _Spec(f"{year}-Q{context.last_quarter[1]}", "quarter")
        return _Spec(str(year), "year")
    if context.last_quarter is not None:
        year, quarter = context.last_quarter
        return _Spec(f"{year - 1}-Q{quarter}", "quarter")
    if context.anchor is None:
        return _unanchored(None, "quarter" if "quarter" in words else "year")
    if "quarter" in words:
        year, quarter = _shift_quarter(*_quarter_of(context.anchor), -5)
        return _Spec(f"{year}-Q{quarter}", "quarter", needs_anchor=True)
    return _Spec(str(context.anchor.year - 1), "year", needs_anchor=True)


def _season(match: re.Match[str], context: _Context) -> _Spec | None:
    season = SEASONS[match["season"].lower()]
    mod = _edge_mod(match["edge"])
    relative = _words(match, "rel")
    if match["year"]:
        return _Spec(f"{int(match['year'])}-{season}", "season", mod)
    if context.anchor is None:
        return _unanchored(None if relative in ("last", "next") else f"XXXX-{season}",
                           "season", mod)
    anchor = context.anchor
    spans = [(year, *interval_of(f"{year}-{season}")) for year in range(anchor.year - 2,
                                                                        anchor.year + 2)]
    current = [year for year, first, last in spans if first <= anchor <= last]
    past = max(year for year, first, last in spans if last < anchor)
    future = min(year for year, first, last in spans if first > anchor)
    if relative == "last":
        year = past
    elif relative == "next":
        year = future
    elif current:
        year = current[0]
    elif relative == "this":
        year = future if future == anchor.year else past
    else:
        year = future if _direction(context, match.start(), match.end()) > 0 else past
    return _Spec(f"{year}-{season}", "season", mod, needs_anchor=True)


def _weekday(match: re.Match[str], context: _Context) -> _Spec | None:
    weekday = WEEKDAYS[match["weekday"].lower()]
    relative = _words(match, "rel")
    if context.anchor is None:
        return _unanchored(None if relative in ("last", "next") else f"XXXX-WXX-{weekday + 1}",
                           "day")
    anchor = context.anchor
    back = (anchor.weekday() - weekday) % 7
    previous = anchor - timedelta(days=back)
    following = anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    if relative == "last":
        when = previous if back else anchor - timedelta(days=7)
    elif relative == "next":
        when = following if following != anchor else anchor + timedelta(days=7)
    elif relative == "this":
        when = anchor + timedelta(days=weekday - anchor.weekday())  # in the anchor's week
    elif _direction(context, match.start(), match.end()) > 0:
        when = following
    else:
        when = previous
    context.last_day = when
    return _Spec(when.isoformat(), "day", needs_anchor=True)


def _relative_day(match: re.Match[str], context: _Context) -> _Spec | None:
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}[_words(match, "word")]
    if context.anchor is None:
        return _unanchored(None, "day")
    return _Spec((context.anchor + timedelta(days=shift)).isoformat(), "day", needs_anchor=True)


def _ago(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "two weeks ago", "more than a decade ago", "a year earlier", "five years from now"."""
    count_words = _words(match, "count")
    unit = _words(match, "unit").rstrip("s").replace("centurie", "century")
    direction_word = _words(match, "direction")
    forward = direction_word in ("from now", "later", "hence", "after")
    relative_to_text = direction_word in ("earlier", "later", "before", "after")
    if count_words in _VAGUE_COUNTS:
        if relative_to_text:
            return None
        return _Spec("FUTURE_REF" if forward else "PAST_REF", "ref", needs_anchor=True)
    count = _count(count_words)
    if count is None:
        return None
    if unit == "year" and count == 1 and not forward and not match["bound"] and (
            relative_to_text or context.last_quarter is not None):
        return _year_ago(match, context)
    base = context.anchor
    if relative_to_text:
        # "two days later", "three years earlier": from the last date the text gave, if any.
        if unit in ("day", "week") and context.last_day is not None:
            base = context.last_day
        elif unit in ("month", "quarter") and context.last_month is not None:
            base = date(*context.last_month, 15)
        elif unit not in ("day", "week", "month", "quarter") and context.last_year is not None:
            base = date(context.last_year, 7, 1)
    if base is None:
        return _unanchored(None, {"decade": "year", "century": "year"}.get(unit, unit))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    step = relativedelta(days=count * {"day": 1, "week": 7}.get(unit, 0),
                         months=count * months.get(unit, 0))
    when = base + step if forward else base - step
    if unit in ("day", "week"):
        value, granularity = when.isoformat(), "day"
    elif unit == "month":
        value, granularity = f"{when.year}-{when.month:02d}", "month"
    elif unit == "quarter":
        value, granularity = "{}-Q{}".format(*_quarter_of(when)), "quarter"
    else:
        value, granularity = str(when.year), "year"
    spec = _Spec(value, granularity, needs_anchor=True)
    if match["bound"]:
        more = re.fullmatch(_MORE, _words(match, "bound")) is not None
        if more != forward:  # more than ... ago, less than ... from now
            spec.mod, spec.interval = "BEFORE", (None, when)
        else:
            spec.mod, spec.interval = "AFTER", (when, None)
    elif match["approx"]:
        spec.mod = "APPROX"
    return spec


def _anchored_period(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "the past decade", "the last 15 years", "the next two years": a DURATION at the anchor."""
    unit = _words(match, "unit").rstrip("s").replace("centurie", "century")
    count_words = _words(match, "count")
    count = _count(count_words) if count_words else 1
    code = {"decade": "DE", "century": "CE"}.get(unit, unit[0].upper())
    if count is None:
        value = f"PX{code}"  # "the past few weeks"
    elif unit in ("decade", "century", "quarter"):
        value = {"decade": f"P{10 * count}Y", "century": f"P{100 * count}Y",
                 "quarter": f"P{3 * count}M"}[unit]
    else:
        value = f"P{count}{code}"
    spec = _Spec(value, unit, type="DURATION", needs_anchor=True)
    anchor = context.anchor
    if anchor is None:
        return spec
    forward = _shift(_words(match, "rel")) > 0
    if count is None:
        spec.interval = (anchor, None) if forward else (None, anchor)
        return spec
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    step = relativedelta(days=count * {"day": 1, "week": 7}.get(unit, 0),
                         months=count * months.get(unit, 0))
    spec.interval = (anchor, anchor + step) if forward else (anchor - step, anchor)
    return spec


def _reference(value: str) -> _Normaliser:
    def normalise(match: re.Match[str], context: _Context) -> _Spec:
        return _Spec(value, "ref", needs_anchor=True)

    return normalise


def _fiscal_year(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "fiscal 1989", "FY2026", "FY26", "the current fiscal year"."""
    if match["year"] or match["short"]:
        year = int(match["year"] or match["short"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        context.last_year = year
        return _Spec(str(year), "year")
    if context.anchor is None:
        return _unanchored(None, "year")
    return _Spec(str(context.anchor.year + _shift(_words(match, "rel"))), "year",
                 needs_anchor=True)


def _fiscal_year_from(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "the fiscal year beginning in April": the twelve months from the nearest April."""
    month = _month_of(match["month"])
    ending = _words(match, "verb").startswith(("end", "clos"))
    if match["year"]:
        year = int(match["year"])
    elif context.anchor is None:
        return _unanchored(None, "year")
    else:
        direction = 1 if _words(match, "rel") in ("next", "coming", "new") else 0
        year = _pick_year(context, month, None, match.start(), match.end(), direction)
    if ending:
        last = _month_end(year, month)
        first = last + timedelta(days=1) - relativedelta(years=1)
    else:
        first = date(year, month, 1)
        last = first + relativedelta(years=1) - timedelta(days=1)
    spec = _Spec(str(last.year if ending else first.year), "year",
                 needs_anchor=not match["year"])
    spec.interval = (first, last)
    return spec


def _holiday_date(name: str, year: int) -> date:
    name = re.sub(r"\s+", " ", name.lower()).replace("’", "'")
    fixed = {"new year's eve": (12, 31), "new year": (1, 1), "christmas eve": (12, 24),
             "christmas": (12, 25), "boxing day": (12, 26), "halloween": (10, 31),
             "valentine": (2, 14)}
    for key in _HOLIDAYS:
        if name.startswith(key):
            if key == "easter":
                return easter(year)
            if key == "thanksgiving":  # the fourth Thursday of November (United States)
                first = date(year, 11, 1)
                return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
            return date(year, *fixed[key])
    raise KeyError(name)


def _holiday(match: re.Match[str], context: _Context) -> _Spec | None:
    """ "New Year's address", "Christmas Day", "Easter": the occurrence nearest the anchor."""
    name = match["name"]
    if match["year"]:
        return _Spec(_holiday_date(name, int(match["year"])).isoformat(), "day")
    if context.anchor is None:
        if name.lower().startswith(("easter", "thanksgiving")):
            return _unanchored(None, "day")
        fixed = _holiday_date(name, 2001)
        return _unanchored(f"XXXX-{fixed.month:02d}-{fixed.day:02d}", "day")
    anchor = context.anchor
    options = [_holiday_date(name, year) for year in range(anchor.year - 1, anchor.year + 2)]
    before = max(day for day in options if day <= anchor)
    after = min(day for day in options if day >= anchor)
    if _direction(context, match.start(), match.end()) > 0:
        when = after
    else:
        when = after if (after - anchor).days < (anchor - before).days / 2 else before
    return _Spec(when.isoformat(), "day", needs_anchor=True)


# ----------------------------------------------------------------------------- acceptors

def _accept_month_alone(match: re.Match[str], text: str) -> bool:
    """A bare month name only where a date can stand: "in May", "a December commentary"."""
    if match["edge"] or match["rel"]:
        return True
    word = _word_before(text, match.start())
    if word not in _DATE_PREPOSITIONS:
        return False
    following = text[match.end():match.end() + 3]
    if word in ("the", "a", "an", "its", "their"):
        # "a March meeting" is a date; "the August Wilson" or "an April Fool" are not.
        return re.match(r"\s+[a-z]", following) is not None
    # "in June Japan voted" is a date; "and June Carter" is a name.
    return word in _YEAR_PREPOSITIONS or re.match(r"\s+[A-Z]", following) is None


def _accept_year(match: re.Match[str], text: str) -> bool:
    """A bare four-digit number is a year unless it counts things or is part of a name."""
    start, end = match.start("year"), match.end("year")
    before, after = text[max(0, start - 3):start], text[end:end + 30]
    if re.search(r"[$£€¥#\d.,]$|[A-Z]\$$|No\.\s?$", before):
        return False
    if re.match(r"[-–]\s*(?:1[89]|20)\d\d\b", after):
        return True  # a range of years, "2019–2021"
    if re.match(r"[.,]\d|\d|[-–/]\d|\s*-?[A-Za-z]*illion", after):
        return False
    if match["edge"]:
        return True
    if not 1800 <= int(match["year"]) <= 2099:
        return False
    word = _word_before(text, match.start())
    if word in _YEAR_PREPOSITIONS or text[max(0, start - 1):start] in ("(", "[", "–"):
        return True
    if re.search(r"\w['’]s\s+$", text[max(0, start - 4):start]):
        return True  # "Japan's 2023 rules"
    if _QUANTITY_AFTER.match(after) or (re.match(r"\s+[a-z]+s\b(?<!ss)", after)
                                        and not _NOT_PLURAL.match(after)):
        return False  # "2000 troops", "than 1500 tonnes", "in 2000 cases"
    if word in _DATE_PREPOSITIONS:
        return True
    # "Flight 1866", "Resolution 2025", "Tokyo 2020" (a capitalised word mid-sentence just
    # before): a name with a number, not a year.
    lead = text[max(0, start - 40):start]
    is_named = re.search(r"\b[A-Z][A-Za-z]*\s+$", lead) is not None
    starts_sentence = re.search(r"(?:^|[.!?]\s+|\n)\S+\s+$", lead) is not None
    return not is_named or starts_sentence


def _accept_spoken_year(match: re.Match[str], text: str) -> bool:
    """ "nineteen ninety-six" anywhere; "two thousand" only where a date can stand."""
    if re.match(r"(?:eighteen|nineteen)\s", match["year"], re.IGNORECASE):
        return True
    return bool(match["edge"]) or _words(match, "lead") == "the year" or \
        _word_before(text, match.start()) in _DATE_PREPOSITIONS


def _accept_season(match: re.Match[str], text: str) -> bool:
    """ "this summer", "the spring of 2024", "in winter"; not "the fall of Rome", "a spring"."""
    if match["year"] or _words(match, "rel") in ("this", "last", "next"):
        return True
    season = match["season"].lower()
    if season in ("fall", "spring") and (not match["the"] or re.match(
            r"\s+(?:of|in)\b", text[match.end():match.end() + 6])):
        return False
    if match["edge"]:
        return True
    return _word_before(text, match.start()) in (
        "in", "during", "by", "until", "since", "through", "into", "over", "before", "after",
        "throughout", "till")


def _accept_weekday(match: re.Match[str], text: str) -> bool:
    """Not the weekday of a full date already matched ("Tuesday, 6 January" is one)."""
    return not re.match(r"\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b", text[match.end():])


def _accept_recent(match: re.Match[str], text: str) -> bool:
    """ "recent" before a noun: "recent comments", "a recent SEC filing"."""
    return re.match(r"\s+[A-Za-z“\"]", text[match.end():match.end() + 3]) is not None


def _accept_present(match: re.Match[str], text: str) -> bool:
    """ "now" but not "every now and then", "just now", "now and again"."""
    if not match.group(0).lower().endswith("now"):
        return True
    before = text[max(0, match.start() - 12):match.start()].lower()
    after = text[match.end():match.end() + 6].lower()
    return not (re.search(r"(?:every|just|from)\s+$", before) or re.match(r"\s+and\b", after))


def _accept_previously(match: re.Match[str], text: str) -> bool:
    """Sentence-initial "Previously," only: "a previously announced plan" is not a date."""
    before = text[max(0, match.start() - 3):match.start()]
    return not before.strip() or before.rstrip().endswith((".", "“", '"'))


def _accept_anchored_period(match: re.Match[str], text: str) -> bool:
    """ "the past decade", "the last 15 years", but not "last year" or "the coming months"."""
    if match["count"]:
        return True
    if _words(match, "unit").endswith("s"):
        return False  # "the coming months", "the past years": FUTURE_REF and PAST_REF
    return match.group(0).lower().startswith("the") or _words(match, "rel") == "past"


def _accept_quarter(match: re.Match[str], text: str) -> bool:
    """ "Q3" needs a year ("Q3 2025", "Q3 of last year"); ordinals do not."""
    return not match["number"] or bool(match["year"] or match["year_before"] or match["rel"])


# ----------------------------------------------------------------------------- rules

_RELATIVE = r"(?:this|last|next|the\s+current|the\s+past|the\s+coming|the\s+previous)"
_ANAPHORIC = (r"(?:that|the\s+same|the\s+following|the\s+previous|the\s+prior|"
              r"the\s+preceding|the\s+next)")
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"
_AROUND = r"(?:(?P<approx>around|about|circa)\s+)?"

_RULES: tuple[_Rule, ...] = (
    _Rule("iso_date", _compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"), _iso_date,
          priority=10),
    _Rule("month_day_year", _compile(
        rf"{_AROUND}{_WEEKDAY_PREFIX}(?P<month>{_MONTH_BEFORE_NUMBER})\s+(?P<day>{_DAY}),?\s+"
        rf"(?P<year>{_YEAR})"), _full_date, priority=10),
    _Rule("day_month_year", _compile(
        rf"{_AROUND}{_WEEKDAY_PREFIX}(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH_BEFORE_NUMBER}),?\s+(?P<year>{_YEAR4})"), _full_date, priority=10),
    _Rule("month_day", _compile(
        rf"{_AROUND}{_WEEKDAY_PREFIX}(?P<month>{_MONTH_BEFORE_NUMBER})\s+(?P<day>{_DAY})"
        rf"(?![.,]?\d|\s*%|\s*(?:percent|per\b))"), _month_day, priority=8),
    _Rule("day_month", _compile(
        rf"{_AROUND}{_WEEKDAY_PREFIX}(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH_BEFORE_NUMBER})"), _month_day, priority=8),
    _Rule("month_year", _compile(
        rf"(?:(?P<edge>{_EDGE})[\s-]+)?(?P<month>{_MONTH_BEFORE_NUMBER}),?\s+(?:of\s+)?"
        rf"(?P<year>{_YEAR})"), _month_year, priority=7),
    _Rule("month", _compile(
        rf"(?:(?P<rel>last|next|this|that)\s+)?(?:(?P<edge>{_EDGE})[\s-]+)?"
        rf"(?P<month>{_MONTH})"), _month_alone, _accept_month_alone, priority=5),
    _Rule("fiscal_year", _compile(
        r"(?:(?:the|its)\s+)?(?P<rel>current|next|coming|last|previous|past|this)\s+"
        r"(?:fiscal|financial)\s+year"
        rf"|(?:fiscal(?:\s+year)?|financial\s+year)\s+(?P<year>{_YEAR4})"
        rf"|(?-i:FY)\s?(?P<short>{_YEAR4}|\d\d)"), _fiscal_year, priority=9),
    _Rule("fiscal_year_from", _compile(
        rf"(?:the|its|a|this)\s+(?:(?P<rel>next|coming|new|current)\s+)?"
        rf"(?:fiscal|financial|budget)\s+year\s+(?:that\s+|which\s+)?"
        rf"(?P<verb>begin(?:s|ning)?|start(?:s|ing)?|end(?:s|ing)?|closing)\s+(?:in\s+|on\s+)?"
        rf"(?P<month>{_MONTH})(?:\s+(?:\d{{1,2}},?\s+)?(?P<year>{_YEAR4}))?"),
          _fiscal_year_from, priority=12),
    _Rule("year", _compile(rf"(?:(?P<edge>{_EDGE})[\s-]+)?(?:the\s+year\s+)?(?P<year>{_YEAR4})"),
          _year_alone, _accept_year, priority=4),
    _Rule("spoken_year", _compile(
        rf"(?:(?P<edge>{_EDGE})[\s-]+|(?P<lead>the\s+year)\s+)?(?P<year>{_SPOKEN_YEAR})"),
          _year_alone, _accept_spoken_year, priority=3),
    _Rule("decade", _compile(
        rf"(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?"
        rf"(?:(?P<digits>\d{{3}}0['’]?s|['’]?\d0['’]?s)|(?P<words>{_alternatives(DECADE_WORDS)}))"),
          _decade, priority=6),
    _Rule("century", _compile(
        rf"(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?(?:(?P<digits>\d{{1,2}})(?:st|nd|rd|th)"
        rf"|(?P<words>{_alternatives(CENTURY_WORDS)})|(?P<rel>this|last))[\s-]+century"),
          _century, priority=6),
    _Rule("quarter", _compile(
        # An adjectival "third-quarter" goes without its determiner, as in TimeBank.
        rf"(?:(?:the|its|their)\s+(?!(?:fiscal[\s-]+)?(?:{_ORDINAL})-(?:quarter|half)\b))?"
        rf"(?:(?P<year_before>{_YEAR4})(?:['’]s)?\s+|(?P<rel_before>this|last|next)\s+year['’]s\s+)?"
        rf"(?:fiscal[\s-]+)?(?:(?P<ordinal>{_ORDINAL})[\s-]+(?:quarter|(?P<half>half))"
        rf"|Q(?P<number>[1-4]))"
        rf"(?![\s-]+(?:of\s+(?:the|a|an|this|its|their)\s+(?!year|fiscal)\w|quarters|centur))"
        rf"(?:,?\s+(?:of\s+)?(?:(?:fiscal(?:\s+year)?\s+)?(?P<year>{_YEAR4})"
        rf"|(?P<rel>(?:this|last|next)\s+year|the\s+(?:current|previous)\s+year)))?"),
          _quarter, _accept_quarter, priority=7),
    _Rule("two_quarters", _compile(
        rf"(?:the\s+)?(?P<ordinal>first|last)\s+two\s+quarters\s+of\s+(?P<year>{_YEAR4})"),
          _two_quarters, priority=9),
    _Rule("latest_quarter", _compile(
        r"the\s+(?:latest|current|most\s+recent|previous|last|next)\s+(?:fiscal\s+)?quarter"
        r"|this\s+quarter|last\s+quarter|next\s+quarter|the\s+latest\s+period"
        r"|the\s+quarter(?!\s+(?:point|century|mile|of\s+a))"), _latest_quarter, priority=5),
    _Rule("year_ago", _compile(
        rf"(?:the\s+)?year[\s-](?:ago|earlier)\s+(?:(?:{_ORDINAL})\s+)?(?:quarter|period)"
        rf"|year[\s-](?:ago|earlier)|(?:the\s+)?(?P<year>{_YEAR4})\s+(?:period|quarter)"
        rf"|the\s+(?:corresponding|comparable|same)\s+(?:period|quarter)\s+"
        rf"(?:last\s+year|a\s+year\s+(?:ago|earlier))"
        rf"|last\s+year['’]s\s+(?:quarter|period)|the\s+quarter\s+a\s+year\s+(?:ago|earlier)"),
          _year_ago, priority=8),
    _Rule("season", _compile(
        rf"(?:(?P<rel>this|last|next)\s+|(?P<the>the\s+))?(?:(?P<edge>early|mid|late)[\s-]+)?"
        rf"(?P<season>spring|summer|autumn|fall|winter)(?:,?\s+(?:of\s+)?(?P<year>{_YEAR4}))?"),
          _season, _accept_season, priority=6),
    _Rule("relative_year", _compile(
        rf"(?:(?P<side>earlier|later)\s+|(?P<edge>early|late|mid)[\s-]+)?"
        rf"(?P<rel>{_RELATIVE}|the\s+full)\s+year"
        rf"(?!['’]s\s+(?:(?:{_ORDINAL})[\s-]+)?quarter)"), _relative_year, priority=6),
    _Rule("earlier_in_the_year", _compile(r"(?P<side>earlier|later)\s+in\s+the\s+year"),
          _relative_year, priority=6),
    _Rule("anaphoric_year", _compile(rf"(?P<rel>{_ANAPHORIC})\s+year"), _anaphoric_year,
          priority=5),
    _Rule("relative_month", _compile(
        r"(?:(?P<side>earlier|later)\s+|(?P<edge>early|late|mid)[\s-]+)?"
        r"(?P<rel>this|last|next|the\s+current|the\s+previous)\s+month"), _relative_month,
          priority=6),
    _Rule("anaphoric_month", _compile(rf"(?P<rel>{_ANAPHORIC})\s+month"), _anaphoric_month,
          priority=5),
    _Rule("relative_week", _compile(
        r"(?:(?P<side>earlier|later)\s+|(?P<edge>early|late|mid|the\s+end\s+of|"
        r"the\s+beginning\s+of|the\s+start\s+of)[\s-]+)?"
        r"(?:(?P<rel>this|last|next)\s+(?P<unit>week(?:end)?)|(?P<the>the)\s+weekend)"),
          _relative_week, priority=6),
    _Rule("edge_of", _compile(
        r"(?P<edge>the\s+end|the\s+beginning|the\s+start|the\s+middle)\s+of\s+"
        r"(?P<rel>the|this|next|last)\s+(?P<unit>year|month|quarter)"
        r"|(?P<unit2>year|month|quarter)(?:[\s-]end|['’]s\s+end)"), _edge_of, priority=7),
    _Rule("weekday", _compile(
        rf"(?:(?P<rel>last|next|this|earlier|later|late|early)\s+)?(?P<weekday>{_WEEKDAY})"),
          _weekday, _accept_weekday, priority=5),
    _Rule("relative_day", _compile(
        r"(?:(?:earlier|later)\s+)?(?P<word>today|yesterday|tomorrow|the\s+day\s+before\s+"
        r"yesterday|the\s+day\s+after\s+tomorrow)(?!['’]s\s+(?:world|society|standards))"),
          _relative_day, priority=6),
    _Rule("ago", _compile(
        rf"(?:(?P<bound>{_MORE}|{_LESS})\s+|(?P<approx>{_APPROX})\s+)?"
        rf"(?P<count>{_COUNT}|several|a\s+few|few|many|some)\s+(?P<unit>{_UNIT})\s+"
        rf"(?P<direction>ago|earlier|before(?=\s*[,.;)]|\s*$)|later(?=\s*[,.;)])|from\s+now"
        rf"|hence)"), _ago, priority=9),
    _Rule("anchored_period", _compile(
        rf"(?:the\s+)?(?P<rel>past|last|previous|next|coming|following)\s+"
        rf"(?:(?P<count>{_COUNT}|few|several)\s+)?(?P<unit>{_UNIT})(?:\s+or\s+so)?"),
          _anchored_period, _accept_anchored_period, priority=5),
    _Rule("present_ref", _compile(
        r"(?:right\s+)?now|currently|presently|at\s+present|nowadays|these\s+days|"
        r"at\s+the\s+moment|at\s+this\s+time|the\s+present(?!\s+(?:study|report|case|"
        r"invention|paper|article|value|tense))"), _reference("PRESENT_REF"), _accept_present,
          priority=3),
    _Rule("past_ref", _compile(
        r"(?:more\s+|most\s+)?recently|lately|(?<=in\s)past\s+(?:years|decades|months)|"
        r"the\s+(?:recent\s+|distant\s+)?past(?!\s+(?:\d|few|several|two|three|four|five|"
        r"decade|year|month|week|day|century|quarter))|"
        r"recent\s+(?:years|months|weeks|days|decades|times)|"
        r"the\s+(?:past|last)\s+(?:years|months|weeks|decades)"), _reference("PAST_REF"),
          priority=3),
    _Rule("recent", _compile(r"recent"), _reference("PAST_REF"), _accept_recent, priority=1),
    _Rule("previously", _compile(r"previously|formerly"), _reference("PAST_REF"),
          _accept_previously, priority=2),
    _Rule("future_ref", _compile(
        r"the\s+(?:near\s+|distant\s+|immediate\s+)?future|(?<=in\s)future(?=\s*[,.;])|"
        r"soon(?!\s+as\b|\s+after\b|\s+enough\b)|a\s+later\s+date|"
        r"(?:the\s+)?coming\s+(?:years|months|weeks|days|decades|quarters)"),
          _reference("FUTURE_REF"), priority=3),
    _Rule("holiday", _compile(
        rf"(?<!Lunar\s)(?<!Chinese\s)(?P<name>New\s+Year['’]?s?\s+(?:Day|Eve)|New\s+Year['’]s"
        rf"|New\s+Year(?=\s+(?:address|speech|message|holiday|greeting|celebration|break)s?\b)"
        rf"|Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|Easter(?:\s+Sunday)?"
        rf"|Thanksgiving(?:\s+Day)?|Halloween|Valentine['’]?s\s+Day)"
        rf"(?:,?\s+(?P<year>{_YEAR4}))?"), _holiday, priority=6),
)


# ----------------------------------------------------------------------------- driver

@dataclass(frozen=True)
class _Candidate:
    rule: _Rule
    match: re.Match[str]

    @property
    def length(self) -> int:
        return self.match.end() - self.match.start()


@cache
def _scanner() -> Scanner:
    return Scanner([rule.pattern for rule in _RULES], _BOUNDARY)


def _candidates(text: str) -> list[_Candidate]:
    """Every match of every rule (rule by rule, in text order) that its rule accepts."""
    found = []
    for number, match in _scanner().finditer(text):
        rule = _RULES[number]
        if match.end() > match.start() and (rule.accept is None or rule.accept(match, text)):
            found.append(_Candidate(rule, match))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Of overlapping candidates keep the longest (then the rule of highest priority)."""
    ordered = sorted(candidates, key=lambda candidate: (-candidate.length,
                                                        -candidate.rule.priority,
                                                        candidate.match.start()))
    taken: list[_Candidate] = []
    for candidate in ordered:
        start, end = candidate.match.span()
        if all(end <= other.match.start() or start >= other.match.end() for other in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda candidate: candidate.match.start())


def extract(text: str, anchor: date | None) -> list[TimeExpression]:
    """Find the temporal expressions in a text and normalise them.

    Args:
        text: any text (an article, a paragraph, a sentence); offsets are into it. Whole
            articles resolve "the year-ago quarter" and "that year" better than sentences.
        anchor: the date the text was written (an article's publication date), against which
            "yesterday", "in November" and "last year" are resolved; None when unknown.

    Returns:
        The expressions in text order, none overlapping: dates (``type`` ``DATE``) and periods
        that end or start at the anchor (``type`` ``DURATION``). Empty when there are none.
    """
    candidates = _candidates(text)
    if not candidates:
        return []
    context = _Context(text=text, anchor=anchor)
    expressions = []
    for candidate in _select(candidates):
        spec = candidate.rule.normalise(candidate.match, context)
        if spec is None:
            continue
        is_anchored = not (spec.needs_anchor and anchor is None)
        if not is_anchored:
            interval: tuple[date | None, date | None] = (None, None)
        elif spec.interval is not None:
            interval = spec.interval
        elif spec.type == "DURATION":
            interval = (None, None)
        else:
            interval = _narrow(interval_of(spec.value, anchor), spec.mod)
        start, end = candidate.match.span()
        expressions.append(TimeExpression(
            start=start, end=end, text=text[start:end], value=spec.value,
            date_start=interval[0], date_end=interval[1], granularity=spec.granularity,
            is_anchored=is_anchored, type=spec.type, mod=spec.mod))
    return expressions
