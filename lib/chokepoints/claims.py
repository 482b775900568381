"""Find numeric claims in a sentence: the figure, its unit, qualifier, kind, year and metric.

A claim is a figure the text asserts about the world: "about 60 per cent", "305 metric tonnes",
"9 trillion yen", "rose 35 per cent", "two months". The grammar of figures is here; what they
are about (units, count nouns, names that contain numbers, and the metrics with their cue words)
is data, in ``data/lexicons/metrics.yml``.

How a figure is read:

- **value, low, high**: ``value`` is the figure as stated; for a range ("60-70 percent") it is
  the midpoint and ``low``/``high`` keep the ends. For a point ``low == high == value``. The
  qualifier opens a bound: "more than 70%" gives low 70, high None; "up to", "less than" and
  "nearly" give low None, high x. A vague magnitude ("hundreds of billions of yen") has value
  None, low 1e11, high 1e12 and qualifier ``about``. Scale words are applied ("9 trillion yen"
  is 9e12 yen, "US$57.7 billion" 5.77e10 usd, "$1.5bn" 1.5e9 usd); kilograms become tonnes.
- **unit**: percent, percentage_points, tonnes, yen, usd, cny, count, days, weeks, months,
  years ("a decade" is 10 years). "¥" is read as yen; dollars are US dollars. In "from 40 to
  30 per cent" the first figure takes the unit of the second.
- **qualifier**: exact, about (about, around, roughly, approximately, some, an estimated, ~),
  more than (more than, over, above, in excess of), at least, up to (up to, within, as much
  as, at most), less than (less than, under, below, fewer than), nearly (nearly, almost, close
  to). "or more", "or so", "or less" after the figure count too.
- **kind**: share (a percentage), change (a percentage or percentage points with a change word:
  "rose 35 per cent", "a 3.8 per cent increase"; "doubled" is +100 percent, "tripled" +200,
  "halved" -50; falls are negative), quantity (tonnes), money, count, duration.
- **year**: the year the figure refers to when the sentence writes one: the first year after
  the figure, before the next figure and before a new phrase starts ("90 percent in 2010",
  "~72% ... (2024)"; not "90% and in 2024 ..."), else the nearest year before it in its clause
  that no other figure took. "in November" gives None; a year is never itself a claim.
- **metric**: the vocabulary's metric of the claim's kind whose cue is nearest the figure in
  its clause, among those whose required words (Japan, China) the sentence names; ties go to
  the metric whose required words come nearest before the figure, then to the first listed;
  ``unclassified`` when none fits.

Numbers that are not claims: dates ("January 6", "Jan 12, 2026", "November 2025"), bare years
("in 2010", "(2024)"), ordinals ("15th"), clock times, numbers glued to letters ("G7",
"Type-88"), names listed in the vocabulary ("One-China", "Five-Year Plan", "three non-nuclear
principles"), ranks ("Asia's two largest economies"), references with a determiner ("the two
countries"), partitives ("one of the defining questions"), spelled-out numbers that count
nothing in the count-noun list ("two recent pieces"), plural time words without a number
("decades of relative stability", "years of diversification"), and "a year", "a month" without
a qualifier ("a year ago" dates an event; "more than a year" is a claim; "a decade" always is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import yaml

from chokepoints import config
from chokepoints.errors import ChokepointsError
from chokepoints.files import cached_by_path, read_yaml
from chokepoints.patterns import (
    Alternation,
    EndSearch,
    PatternIndex,
    compile_pattern,
    needed_words,
    words_in,
)

#: The metric vocabulary.
METRICS_FILE = config.METRICS_FILE

#: The metric of a claim no metric of the vocabulary takes.
UNCLASSIFIED = "unclassified"

#: Kinds of claim and the dimension of the units each takes.
KIND_DIMENSIONS = {
    "share": "ratio",
    "change": "ratio",
    "quantity": "mass",
    "money": "money",
    "count": "count",
    "duration": "time",
}

#: Canonical qualifiers; every synonym the extractor knows maps to one of these.
QUALIFIERS = ("exact", "about", "more than", "at least", "up to", "less than", "nearly")

#: Every unit the extractor can produce; the vocabulary file must declare them all.
UNITS = ("percent", "percentage_points", "tonnes", "yen", "usd", "cny", "count",
         "days", "weeks", "months", "years")


# --- the vocabulary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit a claim can carry and the dimension that says what it compares with."""

    id: str
    dimension: str
    description: str


@dataclass(frozen=True)
class Metric:
    """What a figure measures, and the words that tell: cues near it, requirements in the sentence.
    """

    id: str
    description: str
    kind: str
    unit: str
    cues: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class NotClaim:
    """A name containing a number ("One-China"): numbers inside it are not claims."""

    name: str
    pattern: re.Pattern[str]
    reason: str


@dataclass(frozen=True)
class MetricVocabulary:
    """The contents of metrics.yml, compiled."""

    units: tuple[Unit, ...]
    metrics: tuple[Metric, ...]
    count_nouns: re.Pattern[str]
    not_claims: tuple[NotClaim, ...]

    def dimension(self, unit: str) -> str:
        """The dimension of a unit id ("" when the unit is unknown)."""
        return next((u.dimension for u in self.units if u.id == unit), "")

    @cached_property
    def not_claim_index(self) -> PatternIndex:
        """The names' patterns, indexed by the words they need."""
        return PatternIndex(name.pattern for name in self.not_claims)

    @cached_property
    def metric_index(self) -> tuple[PatternIndex, PatternIndex,
                                    tuple[tuple[str, range, range], ...]]:
        """Every metric's cues, and every metric's requirements, indexed by the words they need,
        and per metric the dimension of its unit and the numbers of its cues and requirements
        in them."""
        entries, cues, requires = [], 0, 0
        for metric in self.metrics:
            entries.append((self.dimension(metric.unit), range(cues, cues + len(metric.cues)),
                            range(requires, requires + len(metric.requires))))
            cues, requires = cues + len(metric.cues), requires + len(metric.requires)
        return (PatternIndex(cue for metric in self.metrics for cue in metric.cues),
                PatternIndex(req for metric in self.metrics for req in metric.requires),
                tuple(entries))

    def candidates(self, kind: str, unit: str) -> tuple[tuple[int, str, range, range], ...]:
        """The metrics a claim of ``kind`` and ``unit`` may take, in order: (order, id, numbers
        of its cues and of its requirements in `metric_index`)."""
        return self._candidates.get((kind, self.dimension(unit)), ())

    @cached_property
    def _candidates(self) -> dict[tuple[str, str], tuple[tuple[int, str, range, range], ...]]:
        found: dict[tuple[str, str], list[tuple[int, str, range, range]]] = {}
        for order, (metric, (dimension, cues, requires)) in enumerate(
                zip(self.metrics, self.metric_index[2], strict=True)):
            found.setdefault((metric.kind, dimension), []).append(
                (order, metric.id, cues, requires))
        return {key: tuple(entries) for key, entries in found.items()}


def _compile(path: Path, where: str, source: str, flags: int = re.IGNORECASE,
             bounded: bool = True) -> re.Pattern[str]:
    return compile_pattern(path, where, source, flags, bounded)


def _require(path: Path, where: str, entry: object, keys: Iterable[str]) -> dict:
    if not isinstance(entry, dict):
        raise ChokepointsError(f"{path}: {where} must be a mapping")
    missing = [key for key in keys if key not in entry]
    if missing:
        raise ChokepointsError(f"{path}: {where} lacks {', '.join(missing)}")
    return entry


def _load_units(path: Path, spec: dict) -> tuple[Unit, ...]:
    units = []
    for unit_id, entry in (spec.get("units") or {}).items():
        entry = _require(path, f"unit {unit_id!r}", entry, ("dimension", "description"))
        if entry["dimension"] not in set(KIND_DIMENSIONS.values()):
            raise ChokepointsError(
                f"{path}: unit {unit_id!r} has unknown dimension {entry['dimension']!r}; "
                f"dimensions: {', '.join(sorted(set(KIND_DIMENSIONS.values())))}")
        units.append(Unit(unit_id, entry["dimension"], entry["description"]))
    missing = [unit for unit in UNITS if unit not in {u.id for u in units}]
    if missing:
        raise ChokepointsError(f"{path}: units lacks {', '.join(missing)}, which the extractor "
                               "produces")
    return tuple(units)


def _load_metric(path: Path, number: int, entry: object,
                 units: dict[str, Unit]) -> Metric:
    entry = _require(path, f"metric {number}", entry,
                     ("id", "description", "kind", "unit", "cues"))
    metric_id = entry["id"]
    where = f"metric {metric_id!r}"
    if metric_id == UNCLASSIFIED:
        raise ChokepointsError(f"{path}: {where}: the id is reserved for claims no metric takes")
    if entry["kind"] not in KIND_DIMENSIONS:
        raise ChokepointsError(f"{path}: {where} has unknown kind {entry['kind']!r}; "
                               f"kinds: {', '.join(KIND_DIMENSIONS)}")
    if entry["unit"] not in units:
        raise ChokepointsError(f"{path}: {where} has unknown unit {entry['unit']!r}; "
                               f"units: {', '.join(units)}")
    if units[entry["unit"]].dimension != KIND_DIMENSIONS[entry["kind"]]:
        raise ChokepointsError(f"{path}: {where}: unit {entry['unit']!r} does not measure a "
                               f"{entry['kind']} ({KIND_DIMENSIONS[entry['kind']]})")
    cues = entry["cues"] or []
    if not isinstance(cues, list) or not cues:
        raise ChokepointsError(f"{path}: {where}: cues must be a non-empty list")
    requires = entry.get("requires") or []
    return Metric(
        id=metric_id, description=entry["description"], kind=entry["kind"], unit=entry["unit"],
        cues=tuple(_compile(path, f"{where} cue", cue) for cue in cues),
        requires=tuple(_compile(path, f"{where} requires", req) for req in requires))


@cached_by_path
def load_metrics(path: Path = METRICS_FILE) -> MetricVocabulary:
    """Read and compile the metric vocabulary.

    Args:
        path: the vocabulary file (default: the project's data/lexicons/metrics.yml).

    Returns:
        Units, metrics (in file order: the first wins a tie), count nouns and names.

    Raises:
        ChokepointsError: naming the file, when an entry lacks a key, a metric names an unknown
            kind or unit (or a unit of another dimension than its kind), a metric id repeats or
            is ``unclassified``, the units lack one the extractor produces, or a pattern is not
            a valid regular expression.
    """
    path = Path(path)
    try:
        spec = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ChokepointsError(f"{path}: cannot read the metric vocabulary: {error}") from None
    if not isinstance(spec, dict):
        raise ChokepointsError(f"{path}: the metric vocabulary must be a mapping")
    units = _load_units(path, spec)
    by_id = {unit.id: unit for unit in units}
    metrics: list[Metric] = []
    for number, entry in enumerate(spec.get("metrics") or [], start=1):
        metric = _load_metric(path, number, entry, by_id)
        if metric.id in {m.id for m in metrics}:
            raise ChokepointsError(f"{path}: metric {metric.id!r} is listed twice")
        metrics.append(metric)
    nouns = spec.get("count_nouns") or []
    for noun in nouns:
        _compile(path, "count noun", noun)
    # Up to three lower-case modifiers may stand between the number and the noun
    # ("1,100 dual-use goods"); the nouns themselves match in any case.
    alternatives = "|".join(f"(?:{noun})" for noun in nouns) or "(?!)"
    count_nouns = _compile(path, "count nouns", rf"(?:\s+[a-z][\w-]*){{0,3}}?\s+"
                           rf"(?i:{alternatives})(?!\w)", flags=0, bounded=False)
    not_claims = []
    for number, entry in enumerate(spec.get("not_claims") or [], start=1):
        entry = _require(path, f"not_claims entry {number}", entry, ("name", "pattern", "reason"))
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        not_claims.append(NotClaim(entry["name"], _compile(
            path, f"not_claims {entry['name']!r}", entry["pattern"], flags), entry["reason"]))
    return MetricVocabulary(units, tuple(metrics), count_nouns, tuple(not_claims))


# --- claims --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """A figure found in a sentence.

    ``text`` is ``sentence[start:end]``: the qualifier, the figure, its scale and unit, and the
    change word or counted noun when there is one. ``value`` is the figure as stated (a range's
    midpoint; None for a vague magnitude); ``low``/``high`` are its bounds (None when open).
    """

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    kind: str
    metric: str = UNCLASSIFIED
    year: int | None = None


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_WORD_VALUES = {word: n for n, word in enumerate(_SMALL)} | _TENS | {"dozen": 12}
_UNITS_WORD = "|".join(_SMALL[1:10])
_WORD_NUM = (rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{_UNITS_WORD}))?"
             rf"|{'|'.join(sorted(_SMALL[1:], key=len, reverse=True))}|(?:a\s+)?dozen)")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: A vague magnitude is a plural number word followed by "of": (low, high) of one unit.
_VAGUE = {"tens": (10, 100), "dozens": (24, 100), "hundreds": (100, 1000),
          "thousands": (10**3, 10**4), "millions": (10**6, 10**7), "billions": (10**9, 10**10)}
_TIME = r"decades?|years?|months?|weeks?|days?"
_TIME_UNIT = {"decade": ("years", 10), "year": ("years", 1), "month": ("months", 1),
              "week": ("weeks", 1), "day": ("days", 1)}
_SCALE = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6,
          "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12,
          "trn": 10**12}

#: Where a figure starts. The digits' boundary comes after their first digit ("\d(?<![\w.,].)"
#: is "(?<![\w.,])\d") so that the regex engine skips to digits; each alternative is only tried
#: on sentences with the words it needs.
_TOKENS = Alternation((
    r"(?P<digits>(?-i:\d)(?<![\w.,](?s:.))(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))",
    rf"(?P<word>(?<!\w){_WORD_NUM}(?!\w))",
    rf"(?P<vague>(?<!\w)(?:{'|'.join(_VAGUE)})(?=\s+of(?!\w)))",
    r"(?P<article>(?<!\w)an?(?=\s+(?:decade|year|month|week|day)(?!\w)))",
    r"(?P<past>(?<!\w)the\s+(?:past|last|previous|next)\s+(?=(?:decade|year|month|week|day)"
    r"(?!\w)))"), re.IGNORECASE)
_WORD_TOKEN = re.compile(rf"{_WORD_NUM}(?!\w)", re.IGNORECASE)
_DIGIT_TOKEN = re.compile(rf"(?:{_DIGITS})(?![\d])")

_QUALIFIER_FORMS = {
    "about": ("approximately", "approx.", "roughly", "around", "about", "some", "an estimated",
              "estimated", "circa", "c.", "~", "≈"),
    "more than": ("more than", "over", "above", "upwards of", "in excess of", "greater than",
                  "exceeding"),
    "at least": ("at least", "no less than", "no fewer than", "not less than", "a minimum of"),
    "up to": ("up to", "as much as", "as many as", "as high as", "at most", "no more than",
              "a maximum of", "within"),
    "less than": ("less than", "fewer than", "under", "below"),
    "nearly": ("nearly", "almost", "close to"),
}
_QUALIFIER_OF = {form: q for q, forms in _QUALIFIER_FORMS.items() for form in forms}
_QUALIFIER_FORM = "|".join(re.escape(form).replace(r"\ ", r"\s+")
                           for form in sorted(_QUALIFIER_OF, key=len, reverse=True))
_QUALIFIER_BEFORE = EndSearch(re.compile(rf"(?<![\w.])(?P<q>{_QUALIFIER_FORM})\s*$",
                                         re.IGNORECASE))
_QUALIFIER_NEXT = re.compile(rf"(?:{_QUALIFIER_FORM})\s*", re.IGNORECASE)
_QUALIFIER_AFTER = re.compile(r"\s+or\s+(?P<q>more|so|less|fewer)(?!\w)", re.IGNORECASE)
_QUALIFIER_SUFFIX = {"more": "at least", "so": "about", "less": "up to", "fewer": "up to"}

_CURRENCY_BEFORE = EndSearch(re.compile(
    r"(?:(?P<usd>(?<![A-Za-z])US\s?\$|(?<![A-Za-z])\$|\bUSD)|(?P<yen>JP¥|(?<![A-Za-z])¥|\bJPY)"
    r"|(?P<cny>CN¥|\bRMB|\bCNY)|(?P<other>\b[A-Z]{1,3}\$))\s?$"))
#: The last characters of `_CURRENCY_BEFORE`'s signs: a text whose last three characters (a
#: sign's last, a space, a final newline) have none of them ends with no sign.
_CURRENCY_END = re.compile(r"[$¥DYB]")
_CURRENCY_WORD = re.compile(
    r"\s+(?:(?P<usd>(?:US\s+|U\.S\.\s+)?dollars)|(?P<yen>yen)|(?P<cny>yuan|renminbi))(?!\w)",
    re.IGNORECASE)
_SCALE_AFTER = re.compile(r"\s?(?P<s>thousand|million|billion|trillion)(?!\w)|\s?(?P<a>bn|tn|trn"
                          r"|mn)(?!\w)", re.IGNORECASE)
_SCALE_LETTER = re.compile(r"(?P<a>[mbk])(?!\w)")
_PERCENT = re.compile(r"\s?(?:%|per\s?cent(?!\w)|percent(?!\w)|pct(?!\w))", re.IGNORECASE)
_POINTS = re.compile(r"\s+percentage[- ]points?(?!\w)", re.IGNORECASE)
_TONNES = re.compile(r"\s+(?:metric\s+)?(?:tonnes?|tons?)(?!\w)", re.IGNORECASE)
_KILOGRAMS = re.compile(r"\s?(?:kg|kilogra(?:m|mme)s?)(?!\w)", re.IGNORECASE)
_TIME_AFTER = re.compile(rf"(?:\s+|-)(?P<t>{_TIME})(?!\w)", re.IGNORECASE)
_AGO = re.compile(r"\s+ago(?!\w)", re.IGNORECASE)
_GLUED_SUFFIX = re.compile(r"(?:bn|tn|trn|mn)(?!\w)", re.IGNORECASE)
_GLUED_LETTER = re.compile(r"[mbk](?!\w)")
_VAGUE_SCALE = re.compile(r"\s+of\s+(?P<s>thousands|millions|billions|trillions)(?=\s+of(?!\w))",
                          re.IGNORECASE)

_RANGE_DASH = re.compile(r"\s?(?P<u>%|\s(?:percent|per\s?cent)(?!\w))?\s?[-–]\s?"
                         r"(?:US\s?\$|\$|¥)?(?=\d)")
_RANGE_TO = re.compile(r"\s+to\s+(?:US\s?\$|\$|¥)?(?=\w)", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+and\s+(?:US\s?\$|\$|¥)?(?=\w)", re.IGNORECASE)
_BETWEEN = EndSearch(re.compile(r"(?<!\w)between\s+$", re.IGNORECASE))
_FROM = EndSearch(re.compile(r"(?<!\w)from\s+$", re.IGNORECASE))
_PAST_PREFIX = EndSearch(re.compile(r"(?<!\w)the\s+(?:past|last|previous|next)\s+$",
                                    re.IGNORECASE))
_DETERMINER = EndSearch(re.compile(
    r"(?:(?<!\w)(?:the|these|those|both|its|their|our|his|her|whose)|['’]s)\s+$",
    re.IGNORECASE))
_RANK = re.compile(r"\s+(?:largest|biggest|smallest|most|least|top|leading|main|major|richest"
                   r"|poorest)(?!\w)", re.IGNORECASE)
_PARTITIVE = re.compile(r"\s+of(?!\w)", re.IGNORECASE)
_SLASH_DIGIT = re.compile(r"/\d")  # "24/7"
_DASH_DIGIT = re.compile(r"\s?[-–]\s?\d")  # "a 3-2 vote"
_NAME_BEFORE = EndSearch(re.compile(r"[A-Za-z][-‑]?$"))
_COMPOUND_BEFORE = EndSearch(re.compile(r"\d[-–/]$"))

_RISE = ("rose|rise|rises|risen|rising|increased|increase|increases|increasing|grew|grow|grows"
         "|grown|growing|jumped|jumps|jump|climbed|climbs|climb|surged|surges|surge|gained|gains"
         "|gain|up(?!\\s+to)")
_FALL = ("fell|fall|falls|fallen|falling|dropped|drops|drop|declined|declines|decline|decreased"
         "|decreases|decrease|slumped|slumps|plunged|plunges|plunge|shrank|shrunk|down"
         "|cut(?=\\s+by)")
_CHANGE_VERB = EndSearch(re.compile(
    rf"(?<!\w)(?:(?P<rise>{_RISE})|(?P<fall>{_FALL}))(?:\s+by)?\s+$", re.IGNORECASE))
_CHANGE_NOUN = re.compile(
    r"(?:\s|-)(?:year-on-year\s+|annual\s+)?(?:(?P<rise>increase|rise|jump|gain|growth|hike"
    r"|surge)|(?P<fall>drop|fall|decline|decrease|cut|reduction|contraction|slump|plunge))s?"
    r"(?!\w)", re.IGNORECASE)
_MULTIPLE = re.compile(r"(?<!\w)(?:(?P<x2>doubl(?:ed|ing|es))|(?P<x3>tripl(?:ed|ing|es))"
                       r"|(?P<x4>quadrupl(?:ed|ing|es))|(?P<half>halv(?:ed|ing|es)))(?!\w)",
                       re.IGNORECASE)
_MULTIPLE_CHANGE = {"x2": 100, "x3": 200, "x4": 300, "half": -50}

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
#: Dates and clock times. The times' boundary comes after their first digit, as the digits' of
#: `_TOKENS`: a sentence with digits but no month is searched only from its digits.
_DATES = Alternation((
    rf"(?<!\w)(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)(?!\w)",
    rf"(?<!\w)(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?)(?!\w)",
    rf"(?<!\w)(?:{_MONTH},?\s+\d{{4}})(?!\w)",
    r"\d(?<!\w(?s:.))\d?(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am(?!\w)|pm(?!\w))",
    r"\d(?<![\w:](?s:.))\d?:\d{2}(?!\w)"))
#: A sentence with none of the words it needs has no multiple ("doubled").
_MULTIPLE_INDEX = PatternIndex((_MULTIPLE,))
#: Per token or multiple pattern, the sets of words one of which a text it matches has all.
_FIGURE_NEEDS = [needed_words(re.compile(source, re.IGNORECASE))
                 for source in (*_TOKENS.alternatives, _MULTIPLE.pattern)]
assert None not in _FIGURE_NEEDS, "every figure pattern needs some word"
#: The longest word of each such set: a text with none of these has no figure.
_FIGURE_WORDS = frozenset(max(sorted(clause), key=len)
                          for needs in _FIGURE_NEEDS for clause in needs or ())
#: A year: "19" or "20" and two digits, not glued to a word, a price or a number (the boundary
#: after "19"/"20", so that the regex engine skips to the digits 1 and 2).
_YEAR = re.compile(r"(?:19|20)(?<![\w$¥.,/](?s:..))\d{2}(?![\w%]|[.,]\d)")
_CLAUSE_BREAK = re.compile(r";|:\s|—|\s[–-]\s")
#: A year after a figure belongs to it unless a new phrase starts first ("90% and in 2024 ...").
_PHRASE_BREAK = re.compile(r",|(?<!\w)(?:and|but|while|whereas|versus|vs\.?|compared)(?!\w)",
                           re.IGNORECASE)


@dataclass
class _Reading:
    """A figure being read: its span so far and what is known of it."""

    start: int
    end: int
    low: Decimal
    high: Decimal
    is_range: bool = False
    is_vague: bool = False
    unit: str = ""
    kind: str = ""
    qualifier: str = "exact"
    sign: int = 1


def _number(text: str) -> Decimal:
    if text[0].isdigit():  # digits, maybe with thousands separators
        return Decimal(text.replace(",", ""))
    text = re.sub(r"\s+", " ", text.lower().replace(",", "")).removeprefix("a ")
    if text[0].isdigit():
        return Decimal(text)
    if text in _WORD_VALUES:
        return Decimal(_WORD_VALUES[text])
    tens, _, unit = text.replace("-", " ").partition(" ")
    return Decimal(_TENS[tens] + _SMALL.index(unit))


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _blocked_spans(sentence: str, words: Sequence[str],
                   vocabulary: MetricVocabulary) -> list[tuple[int, int]]:
    """Dates and names: where numbers are not claims (``words``: the sentence's `words_in`)."""
    dates = _DATES.for_words(words)
    spans = [m.span() for m in dates.finditer(sentence)] if dates else []
    index = vocabulary.not_claim_index
    for number in index.select(words):
        spans += [m.span() for m in index.patterns[number].finditer(sentence)]
    return spans


def _currency_before(before: str) -> re.Match[str] | None:
    """``_CURRENCY_BEFORE.search(before)``, at once None when the text's end has no sign."""
    if not _CURRENCY_END.search(before, max(0, len(before) - 3)):
        return None
    return _CURRENCY_BEFORE.search(before)


def _read_range(sentence: str, reading: _Reading, is_digits: bool) -> None:
    """Extend a figure over "60-70", "60–70%", "two to three", "between 60 and 70"."""
    follower = _DIGIT_TOKEN if is_digits else _WORD_TOKEN
    before = sentence[:reading.start]
    between = _BETWEEN.search(before)
    if between:
        joints = [_RANGE_AND]
    elif _FROM.search(before):
        joints = [_RANGE_DASH] if is_digits else []  # "from 40 to 30 per cent" is a fall
    else:
        joints = [_RANGE_DASH, _RANGE_TO] if is_digits else [_RANGE_TO]
    for joint in joints:
        link = joint.match(sentence, reading.end)
        if not link:
            continue
        second = follower.match(sentence, link.end())
        if not second or (is_digits and sentence[second.end():second.end() + 1].isalpha()
                          and not _GLUED_SUFFIX.match(sentence, second.end())):
            continue
        high = _number(second.group(0))
        if high <= reading.low:
            continue
        if joint is _RANGE_DASH and link.group("u") and not _PERCENT.match(sentence,
                                                                           second.end()):
            continue
        reading.high, reading.end, reading.is_range = high, second.end(), True
        if between:
            reading.start = between.start()
        return


def _borrow_unit(sentence: str, reading: _Reading, vocabulary: MetricVocabulary) -> None:
    """Give "40" in "from 40 to 30 per cent" the scale and unit of the figure after "to"."""
    link = _RANGE_TO.match(sentence, reading.end)
    if not link:
        return
    qualifier = _QUALIFIER_NEXT.match(sentence, link.end())
    position = qualifier.end() if qualifier else link.end()
    second = _DIGIT_TOKEN.match(sentence, position) or _WORD_TOKEN.match(sentence, position)
    if not second:
        return
    probe = _Reading(second.start(), second.end(), Decimal(1), Decimal(1))
    _read_scale(sentence, probe, False)
    if _read_unit(sentence, probe, "", vocabulary) and probe.kind != "count":
        reading.low, reading.high = reading.low * probe.low, reading.high * probe.high
        reading.unit, reading.kind = probe.unit, probe.kind


def _read_scale(sentence: str, reading: _Reading, has_currency: bool) -> bool:
    """Apply "thousand", "billion", "bn" (and "m", "k" after a currency sign); True if any."""
    scale = _SCALE_AFTER.match(sentence, reading.end)
    if not scale and has_currency:
        scale = _SCALE_LETTER.match(sentence, reading.end)
    if not scale:
        return False
    factor = Decimal(_SCALE[scale.group(scale.lastgroup or "a").lower()])
    reading.low, reading.high = reading.low * factor, reading.high * factor
    reading.end = scale.end()
    return True


def _is_year(number: Decimal) -> bool:
    return number == number.to_integral_value() and 1900 <= number <= 2099


def _read_unit(sentence: str, reading: _Reading, currency: str,
               vocabulary: MetricVocabulary) -> bool:
    """Read the unit after the figure; True when the figure carries one (a noun counts)."""
    if currency:
        reading.unit, reading.kind = currency, "money"
        return True
    for pattern, unit, kind in ((_POINTS, "percentage_points", "change"),
                                (_PERCENT, "percent", "share"),
                                (_TONNES, "tonnes", "quantity")):
        found = pattern.match(sentence, reading.end)
        if found:
            reading.unit, reading.kind, reading.end = unit, kind, found.end()
            return True
    found = _KILOGRAMS.match(sentence, reading.end)
    if found:
        reading.low, reading.high = reading.low / 1000, reading.high / 1000
        reading.unit, reading.kind, reading.end = "tonnes", "quantity", found.end()
        return True
    found = _CURRENCY_WORD.match(sentence, reading.end)
    if found:
        reading.unit, reading.kind, reading.end = found.lastgroup or "", "money", found.end()
        return True
    found = _TIME_AFTER.match(sentence, reading.end)
    if found:
        unit, factor = _TIME_UNIT[found.group("t").lower().removesuffix("s")]
        reading.low, reading.high = reading.low * factor, reading.high * factor
        reading.unit, reading.kind, reading.end = unit, "duration", found.end()
        ago = _AGO.match(sentence, reading.end)
        if ago:
            reading.end = ago.end()
        return True
    reading.unit, reading.kind = "count", "count"
    noun = vocabulary.count_nouns.match(sentence, reading.end)
    if noun:
        reading.end = noun.end()
        return True
    return False


def _read_qualifier(sentence: str, reading: _Reading) -> None:
    found = _QUALIFIER_BEFORE.search(sentence[:reading.start])
    if found:
        form = re.sub(r"\s+", " ", found.group("q").lower())
        reading.qualifier, reading.start = _QUALIFIER_OF[form], found.start()
    suffix = _QUALIFIER_AFTER.match(sentence, reading.end)
    if suffix and reading.qualifier == "exact":
        reading.qualifier = _QUALIFIER_SUFFIX[suffix.group("q").lower()]
        reading.end = suffix.end()


def _read_change(sentence: str, reading: _Reading) -> None:
    if reading.unit not in ("percent", "percentage_points"):
        return
    verb = _CHANGE_VERB.search(sentence[:reading.start])
    noun = _CHANGE_NOUN.match(sentence, reading.end)
    if verb:
        reading.kind, reading.start = "change", verb.start()
        reading.sign = -1 if verb.group("fall") else 1
    elif noun:
        reading.kind, reading.end = "change", noun.end()
        reading.sign = -1 if noun.group("fall") else 1


def _read_token(sentence: str, token: re.Match[str],
                vocabulary: MetricVocabulary) -> _Reading | None:
    """Read the figure that starts at a number token, or None when it is not a claim (leaving
    aside dates and names, which the caller rules out)."""
    start, end = token.span()
    group = token.lastgroup
    before = sentence[:start]
    if group == "past":
        reading = _Reading(start, end - 1, Decimal(1), Decimal(1))  # "the past| decade"
        _read_unit(sentence, reading, "", vocabulary)
        return reading
    if group == "vague":
        return _read_vague(sentence, token, vocabulary)
    if group == "digits":
        if _NAME_BEFORE.search(before) or _COMPOUND_BEFORE.search(before) \
                or _SLASH_DIGIT.match(sentence, end):
            return None
        if sentence[end:end + 1].isalpha() and not _GLUED_SUFFIX.match(sentence, end) \
                and not (_GLUED_LETTER.match(sentence, end) and _currency_before(before)):
            return None  # an ordinal ("15th"), a decade ("1990s"), a name ("5G"), "5m" (metres?)
    value = _number(token.group(0)) if group != "article" else Decimal(1)
    reading = _Reading(start, end, value, value)
    currency_match = _currency_before(before)
    if currency_match and currency_match.group("other"):
        return None  # a currency the vocabulary does not know (A$, HK$)
    currency = currency_match.lastgroup if currency_match else ""
    if currency_match:
        reading.start = currency_match.start()
    if group in ("digits", "word"):
        _read_range(sentence, reading, group == "digits")
        if not reading.is_range and _DASH_DIGIT.match(sentence, end):
            return None  # a score or a code ("a 3-2 vote"), not a range: the end is lower
    has_scale = _read_scale(sentence, reading, bool(currency))
    has_unit = _read_unit(sentence, reading, currency, vocabulary)
    if not has_unit and group in ("digits", "word"):
        _borrow_unit(sentence, reading, vocabulary)
        has_unit = reading.kind != "count"
    if reading.kind != "duration" and (_RANK.match(sentence, end)
                                       or _PARTITIVE.match(sentence, end)):
        return None  # a rank ("two largest economies") or a partitive ("one of the")
    past = _PAST_PREFIX.search(sentence[:reading.start])
    if past and reading.kind == "duration":
        reading.start = past.start()
    else:
        _read_qualifier(sentence, reading)
    if group == "digits" and reading.kind == "count" and not has_scale \
            and reading.qualifier == "exact" and _is_year(reading.low) \
            and _is_year(reading.high) and "," not in token.group(0):
        return None  # a bare year ("in 2010", "(2024)") or years ("2010-2015")
    if group == "word":
        if not has_unit:
            return None  # "two recent pieces": a number word counting nothing listed
        if reading.kind == "count" and _DETERMINER.search(before):
            return None  # "the two countries": a reference, not a claim
    if group == "article" and reading.qualifier == "exact" \
            and not sentence[end:].lstrip().lower().startswith("decade"):
        return None  # "a year ago" dates an event; "a decade" and "more than a year" are claims
    _read_change(sentence, reading)
    return reading


def _read_vague(sentence: str, token: re.Match[str],
                vocabulary: MetricVocabulary) -> _Reading | None:
    """Read "hundreds of billions of yen", "thousands of tonnes", "dozens of companies"."""
    low, high = _VAGUE[token.group(0).lower()]
    reading = _Reading(token.start(), token.end(), Decimal(low), Decimal(high), is_vague=True,
                       qualifier="about")
    scale = _VAGUE_SCALE.match(sentence, reading.end)
    if scale:
        factor = Decimal(_SCALE[scale.group("s").lower().removesuffix("s")])
        reading.low, reading.high, reading.end = reading.low * factor, reading.high * factor, \
            scale.end()
    of = _PARTITIVE.match(sentence, reading.end)
    assert of is not None  # the token's lookahead saw "of"
    # What follows "of" ("of yen", "of companies") is read as a unit after a number.
    probe = _Reading(of.end(), of.end(), reading.low, reading.high)
    if not _read_unit(sentence, probe, "", vocabulary):
        return None  # "hundreds of them": nothing the vocabulary counts
    if probe.unit == "percent":
        return None
    reading.unit, reading.kind, reading.end = probe.unit, probe.kind, probe.end
    reading.low, reading.high = probe.low, probe.high
    return reading


def _read_multiple(sentence: str, found: re.Match[str]) -> _Reading:
    change = Decimal(_MULTIPLE_CHANGE[found.lastgroup or "x2"])
    reading = _Reading(found.start(), found.end(), abs(change), abs(change), unit="percent",
                       kind="change", sign=1 if change > 0 else -1)
    _read_qualifier(sentence, reading)
    return reading


def _to_claim(sentence: str, reading: _Reading) -> Claim:
    low, high = reading.low * reading.sign, reading.high * reading.sign
    if reading.sign < 0:
        low, high = high, low
    value = None if reading.is_vague else (low + high) / 2
    open_low = reading.qualifier in ("up to", "less than", "nearly")
    open_high = reading.qualifier in ("more than", "at least")
    if reading.sign < 0:  # "fell more than 10%" is a change below -10
        open_low, open_high = open_high, open_low
    return Claim(
        text=sentence[reading.start:reading.end], start=reading.start, end=reading.end,
        value=None if value is None else float(value),
        low=None if open_low else float(low), high=None if open_high else float(high),
        unit=reading.unit, qualifier=reading.qualifier, kind=reading.kind)


def _clause(cuts: list[tuple[int, int]], length: int, position: int) -> tuple[int, int]:
    """The clause of a position in a text of ``length``: between the clause breaks around it
    (``cuts``: the spans of `_CLAUSE_BREAK` in the text)."""
    start, end = 0, length
    for cut_start, cut_end in cuts:
        if cut_end <= position:
            start = cut_end
        elif cut_start >= position:
            end = cut_start
            break
    return start, end


def _distance(claim: Claim, start: int, end: int) -> int:
    return max(0, start - claim.end, claim.start - end)


class _Matches:
    """The cue and requirement matches of one sentence, found when first wanted: every claim
    of the sentence is classified against them."""

    def __init__(self, sentence: str, words: Sequence[str], cuts: list[tuple[int, int]],
                 vocabulary: MetricVocabulary) -> None:
        self.sentence, self.words, self.cuts = sentence, words, cuts
        self.cue_index, self.require_index, _ = vocabulary.metric_index
        #: Requirements whose words the sentence has (the others cannot match).
        self.requires_possible = frozenset(self.require_index.select(words))
        self._subjects: dict[tuple[str, int], list[tuple[int, int]]] = {}
        #: Per clause (start, end): the cues whose words it has, and each one's matches.
        self._clauses: dict[tuple[int, int], _ClauseCues] = {}

    def subject(self, number: int, claim: Claim) -> tuple[int, int] | None:
        """(0, distance) to requirement ``number``'s nearest match before the claim, else
        (1, distance) after it: who a figure is about is usually named before it ("Japan's
        budget rose 3.8%, China's 7.2%"); None when it does not match."""
        pattern = self.require_index.patterns[number]
        key = (pattern.pattern, pattern.flags)
        spans = self._subjects.get(key)
        if spans is None:
            spans = self._subjects[key] = [m.span() for m in pattern.finditer(self.sentence)]
        start, end = claim.start, claim.end
        return min(((0 if s < start else 1, max(0, s - end, start - e)) for s, e in spans),
                   default=None)

    def cues(self, claim: Claim) -> _ClauseCues:
        """The cues of the claim's clause."""
        span = _clause(self.cuts, len(self.sentence), claim.start)
        found = self._clauses.get(span)
        if found is None:
            whole = span == (0, len(self.sentence))
            words = self.words if whole else words_in(self.sentence[span[0]:span[1]])
            found = self._clauses[span] = _ClauseCues(
                self.sentence, span, frozenset(self.cue_index.select(words)), self.cue_index)
        return found


class _ClauseCues:
    """The cues of one clause of a sentence whose words it has, and their matches when first
    wanted."""

    def __init__(self, sentence: str, span: tuple[int, int], possible: frozenset[int],
                 index: PatternIndex) -> None:
        self.sentence, self.span, self.possible, self.index = sentence, span, possible, index
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def distance(self, number: int, claim: Claim) -> int | None:
        """The distance from the claim to cue ``number``'s nearest match in the clause."""
        spans = self._spans.get(number)
        if spans is None:
            start, end = self.span
            spans = self._spans[number] = [
                (m.start() + start, m.end() + start)
                for m in self.index.patterns[number].finditer(self.sentence[start:end])]
        start, end = claim.start, claim.end
        return min((max(0, s - end, start - e) for s, e in spans), default=None)


def _classify(claim: Claim, matches: _Matches, vocabulary: MetricVocabulary) -> str:
    """The metric whose cue is nearest the claim in its clause; then whose requirements are
    named nearest before it (Japan's or China's budget in a text naming both); then the one
    listed first."""
    best: tuple[int, tuple[int, int], int, str] | None = None
    clause = None
    for order, metric_id, cue_numbers, require_numbers in vocabulary.candidates(
            claim.kind, claim.unit):
        if not matches.requires_possible.issuperset(require_numbers):
            continue
        required = []
        for number in require_numbers:
            subject = matches.subject(number, claim)
            if subject is None:
                break
            required.append(subject)
        else:
            clause = clause or matches.cues(claim)
            cues = [d for number in cue_numbers if number in clause.possible
                    and (d := clause.distance(number, claim)) is not None]
            if not cues:
                continue
            score = (min(cues), max(required, default=(0, 0)), order, metric_id)
            if best is None or score < best:
                best = score
    return best[3] if best else UNCLASSIFIED


def _assign_years(sentence: str, cuts: list[tuple[int, int]],
                  claims: list[Claim]) -> list[int | None]:
    covered = [(c.start, c.end) for c in claims]
    mentions = [(m.start(), int(m.group(0))) for m in _YEAR.finditer(sentence)
                if not _inside(m.start(), covered)]
    taken: set[int] = set()
    years: list[int | None] = [None] * len(claims)
    for i, claim in enumerate(claims):
        _, clause_end = _clause(cuts, len(sentence), claim.start)
        stop = min(claims[i + 1].start if i + 1 < len(claims) else len(sentence), clause_end)
        phrase_break = _PHRASE_BREAK.search(sentence, claim.end, stop)
        if phrase_break:
            stop = phrase_break.start()
        after = [(pos, year) for pos, year in mentions if claim.end <= pos < stop]
        if after:
            years[i] = after[0][1]
            taken.add(after[0][0])
    for i, claim in enumerate(claims):
        if years[i] is not None:
            continue
        clause_start, _ = _clause(cuts, len(sentence), claim.start)
        begin = max(claims[i - 1].end if i else 0, clause_start)
        before = [(pos, year) for pos, year in mentions
                  if begin <= pos < claim.start and pos not in taken]
        if before:
            years[i] = before[-1][1]
            taken.add(before[-1][0])
    return years


def extract_claims(sentence: str, metrics: MetricVocabulary | None = None,
                   words: Sequence[str] | None = None) -> list[Claim]:
    """Every numeric claim in a sentence, with its unit, qualifier, kind, metric and year.

    Args:
        sentence: one sentence (any text works; offsets are into it).
        metrics: the metric vocabulary (default: `load_metrics()`).
        words: the sentence's `words_in`, when the caller has them (default: found here).

    Returns:
        Claims in text order, none overlapping; empty when the sentence asserts no figure
        (dates, bare years, names and ranks are not claims: see the module docstring).
    """
    vocabulary = load_metrics() if metrics is None else metrics
    if words is None:
        words = words_in(sentence)
    if _FIGURE_WORDS.isdisjoint(words):
        return []  # no figure can start anywhere
    tokens = _TOKENS.for_words(words)
    multiples = _MULTIPLE_INDEX.select(words)
    if not tokens and not multiples:
        return []
    # Dates and names are only looked for once a figure is read: most numbers read as none.
    blocked: list[tuple[int, int]] | None = None
    readings: list[_Reading] = []
    consumed = 0
    for token in tokens.finditer(sentence) if tokens else ():
        if token.start() < consumed:
            continue
        reading = _read_token(sentence, token, vocabulary)
        if reading is None:
            continue
        if blocked is None:
            blocked = _blocked_spans(sentence, words, vocabulary)
        if not _inside(token.start(), blocked):
            readings.append(reading)
            consumed = reading.end
    for found in _MULTIPLE.finditer(sentence) if multiples else ():
        if blocked is None:
            blocked = _blocked_spans(sentence, words, vocabulary)
        if not _inside(found.start(), blocked + [(r.start, r.end) for r in readings]):
            readings.append(_read_multiple(sentence, found))
    if not readings:
        return []
    readings.sort(key=lambda r: r.start)
    claims = [_to_claim(sentence, reading) for reading in readings]
    cuts = [cut.span() for cut in _CLAUSE_BREAK.finditer(sentence)]
    years = _assign_years(sentence, cuts, claims)
    matches = _Matches(sentence, words, cuts, vocabulary)
    return [Claim(claim.text, claim.start, claim.end, claim.value, claim.low, claim.high,
                  claim.unit, claim.qualifier, claim.kind,
                  _classify(claim, matches, vocabulary), year)
            for claim, year in zip(claims, years, strict=True)]
