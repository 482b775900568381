"""Events of the escalation chronology: who did what to whom, and when, in one row per event.

An event is a clause with an action and a date: a cue from the event-type lexicon
(``data/lexicons/event_types.yml``: CAMEO / PLOVER root categories with Goldstein intensities),
an actor and a target from the actor dictionary (``data/reference/actors.yml``) and a date from
`chokepoints.dates.extract`. The same event told by several articles becomes one row, and an
analyst-maintained chronology (``data/reference/events.csv``) merges in, each row saying where it
came from.

How a clause is read (`extract_events`):

* **Cues.** Every cue of every type is matched against the sentence; of overlapping matches the
  longest wins (then the type listed first). A cue is dropped when it is negated ("did not",
  "no ban has yet been announced"), hypothetical ("if", "whether"), follows a modal ("could",
  "may", "will": forecasts are not events), stands inside quotation marks (the speaker's own
  words: the event is that they spoke), inside what an accusation says ("accused Tokyo of
  ... relaxing arms export restrictions") or inside what a demand asks for ("demanded that
  China withdraw the ban"). Nominal cues ("Takaichi's remarks", "comments made
  ... by X") count only with an explicit actor: a possessive just before or an agent just after.
* **Clauses.** The sentence is cut at ";", ":", before "while", "whereas", "though", "although"
  and "but", before a participle that opens a speech act after a comma (", calling it",
  ", accusing Tokyo"; `_PARTICIPLES`) and before "days/weeks after" (a clause dated relative to
  the main one).
* **Actor** (fallbacks in this order): the nearest actor mention before the cue in its clause,
  leaving out mentions inside a ", which ...," or ", who ...," aside, inside quotation marks,
  and mentions introduced by a preposition ("to Japan", "against Tokyo", "between Beijing and
  Tokyo"; but "an official at the Japan External Trade Organisation said" names the speaker's
  side). When that nearest mention belongs to no government (analysts, firms, markets, media
  other than state media) the clause is not an event. Then the agent of a participle or a noun
  ("revealed in a statement by China's commerce ministry", "made ... by Japanese Prime Minister
  Takaichi"). A participle after a comma (", accusing ...") takes the actor of the event before
  it in the sentence. A clause that names nobody ("Officials have formally protested") takes the
  actor of the event before it in the sentence, else of the last event of the previous sentence
  of the paragraph (``context``). Without an actor there is no event.
* **Target** (fallbacks in this order): the first government mention after the cue's start in
  the clause other than the actor (or the agent), preferring one that is not a topic
  ("concerning Taiwan"); then the nearest such mention before the cue in the clause (outside
  asides); then the actor of the event before (in the sentence, else the ``context``) when it
  differs from this actor: a reaction targets whoever acted. Empty when none is found (domestic
  measures and all-destination controls have none).
* **Date:** the calendar date expression of the clause nearest the cue, or a more precise one
  that lies inside it ("In November ... rose ..., the highest monthly total last year" gives
  November). Periods the object refers to ("for the fiscal year beginning in April", "into late
  2026") and PAST_REF / PRESENT_REF ("recently", "now") do not date the action. A clause "days
  after ..." is dated to the fortnight before the main clause's date ("weeks": the quarter
  before). A clause with no date is kept as undated: TIMEX3 ``PAST_REF``, granularity ``ref``,
  ending at the anchor (it happened on or before publication). Clauses dated after the anchor
  are forecasts and dropped.
* **Folding:** within a sentence, a reporting verb ("declared", "said", "revealed in a
  statement") folds into the action it reports when both have the same actor and date
  ("declared on Tuesday that exports ... are now prohibited" is one restriction); an undated
  cue folds into a dated one of the same actor and type.

How events merge (`merge_events`): each curated row starts a row of the chronology, and curated
rows are never merged with each other. Dated extracted events come next, most precise date
first; each joins the row with the same actor, a compatible type (the same, or the generic
make_statement beside a verbal type; a curated row's type is fixed) and a compatible date
(intervals overlap, or two single days at most `DAY_TOLERANCE` apart) whose curated summary or
dated clauses share the most words with the words around its cue (the overlap coefficient of
crude word stems; `TARGET_BONUS` for the same target ranks rows higher, `TARGET_PENALTY` for
another target or a row without one ranks them lower and also counts against the threshold).
Below its threshold (`DATED_MERGE_THRESHOLD`, plus `TYPE_CHANGE_MARGIN` across types) it starts
a row of its own; rows a later event links are then merged (single linkage). A row is compared
through at most `MOST_COMPARED` distinct word sets, its curated summary and its first members
(the most precise): comparing each event with every member of a row would make the merge's cost
grow with the square of the corpus on text that does not repeat itself. Undated events come
last (`MERGE_THRESHOLD`): they only join rows that began on or before their anchor, and those
that join none are left out of the chronology unless ``keep_undated``; an undated event reaches
extracted rows within `UNDATED_REACH` of its article's date only (curated rows at any date), so
that the merge's cost grows with the stream, not with its square. A row keeps the most
precise date any source gives (finer granularity, then shorter interval; on a tie the curated
date, then one that does not rest on a stand-in anchor), and ``date_note`` lists the sources
whose dates do not overlap it. ``n_sources`` counts the articles whose events joined the row;
the curated citations (``source``) are not counted.

The events wait for the merge on disk (`FoundEvents`: a private temporary SQLite database), and
each row of the chronology keeps its members there too: memory holds the rows' summaries (the
best date, the targets, the word sets compared), not every event of the corpus.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property
from itertools import count, groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from chokepoints import config
from chokepoints.actors import ActorDictionary, Mention, find_mentions, load_actors
from chokepoints.dates import GRANULARITIES, TimeExpression, extract
from chokepoints.errors import ChokepointsError
from chokepoints.files import cached_by_path, read_yaml
from chokepoints.patterns import EndSearch, compile_pattern, fold
from chokepoints.scanning import Scanner

QUAD_CLASSES = ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                "material_conflict", "neutral")
GOLDSTEIN_SOURCES = ("published", "chosen")
ORIGINS = ("extracted", "curated", "both")
#: Two single-day dates this far apart may still be the same event (told "on Tuesday" by one
#: source and "on Wednesday" by another); the row then notes that the sources disagree.
DAY_TOLERANCE = timedelta(days=2)
#: Least similarity (overlap coefficient of word stems, plus the target bonus) for an event to
#: join an existing row: an undated event needs `MERGE_THRESHOLD`, a dated one (whose date
#: already agrees) `DATED_MERGE_THRESHOLD`; a generic statement joining a row of a specific type,
#: or the other way round, needs `TYPE_CHANGE_MARGIN` more.
MERGE_THRESHOLD = 0.25
DATED_MERGE_THRESHOLD = 0.1
TYPE_CHANGE_MARGIN = 0.2
TARGET_BONUS = 0.15
TARGET_PENALTY = 0.1
#: Most distinct word sets a row is compared through (its curated summary and first members):
#: a thousand reports of one event then cost a thousand comparisons with 32 sets, not half a
#: million with each other.
MOST_COMPARED = 32
#: How far from its article's date an undated event reaches: it joins an extracted row only if
#: the row's dates come within this of the article (a curated row it may join whatever its
#: date). An article's undated "China banned exports" tells this season's news, not a row of
#: years ago; and without a bound every undated event of a stream followed for years would be
#: compared with every row, a cost growing with the square of the stream.
UNDATED_REACH = timedelta(days=183)
#: Rows whose dates span more months than this are offered to every event instead of being
#: indexed month by month.
INDEXED_MONTHS = 24
#: Characters of the clause before and after the cue that describe the event (its evidence,
#: compared between sources); the rest of a long clause may tell another event.
EVIDENCE_BEFORE = 60
EVIDENCE_AFTER = 100
#: How long before the main clause a "days after ..." clause is placed; "weeks after" takes
#: `WEEKS_BEFORE`.
DAYS_BEFORE = timedelta(days=14)
WEEKS_BEFORE = timedelta(days=91)
LIST_SEPARATOR = "; "

#: Columns of the merged chronology (`merge_events`, `events_table`).
EVENT_COLUMNS = ("date_start", "date_end", "granularity", "date_value", "actor", "target",
                 "event_type", "intensity", "summary", "sentence_ids", "article_ids",
                 "n_sources", "origin", "date_note", "source", "notes", "cues", "is_anchored")
#: Columns of the events found in the articles before merging (`extracted_events`).
EXTRACTED_COLUMNS = ("article_id", "sentence_id", "date_start", "date_end", "granularity",
                     "date_value", "date_text", "date_note", "actor", "target", "event_type",
                     "intensity", "cue", "summary", "evidence", "is_anchored")
#: Columns of the curated chronology file, in order.
CURATED_COLUMNS = ("id", "date_start", "date_end", "granularity", "actor", "target",
                   "event_type", "intensity", "summary", "source", "notes")


# ----------------------------------------------------------------------------- the taxonomy

@dataclass(frozen=True)
class EventType:
    """One event type of the lexicon (see the header of event_types.yml for every field)."""

    id: str
    label: str
    quad_class: str
    plover: str | None
    cameo: tuple[str, ...]
    goldstein_code: str | None
    goldstein: float
    goldstein_source: str
    is_generic: bool
    description: str
    cues: tuple[re.Pattern[str], ...]
    nominal_cues: tuple[re.Pattern[str], ...]
    note: str = ""

    @property
    def is_verbal(self) -> bool:
        """True for verbal cooperation or conflict (and the generic statement)."""
        return self.quad_class.startswith("verbal") or self.is_generic


@dataclass(frozen=True)
class EventTypes:
    """The event types in priority order (file order); the generic type is one of them."""

    types: tuple[EventType, ...]

    def __getitem__(self, type_id: str) -> EventType:
        try:
            return self._by_id[type_id]
        except KeyError:
            raise KeyError(type_id) from None

    def __contains__(self, type_id: object) -> bool:
        return any(event_type.id == type_id for event_type in self.types)

    @cached_property
    def _by_id(self) -> dict[str, EventType]:
        by_id: dict[str, EventType] = {}
        for event_type in self.types:
            by_id.setdefault(event_type.id, event_type)  # the first of a repeated id
        return by_id

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Type ids in priority order."""
        return tuple(event_type.id for event_type in self.types)

    @cached_property
    def cue_scanner(self) -> tuple[Scanner, tuple[tuple[EventType, bool, int], ...]]:
        """Every cue pattern in priority order (type by type, verbal cues before nominal ones)
        as one scanner, and for each pattern its type, whether it is nominal and its rank."""
        entries = [(event_type, is_nominal, self.rank(event_type.id), pattern)
                   for event_type in self.types
                   for patterns, is_nominal in ((event_type.cues, False),
                                                (event_type.nominal_cues, True))
                   for pattern in patterns]
        return (Scanner([pattern for *_, pattern in entries], CUE_BOUNDARY),
                tuple(entry[:3] for entry in entries))

    @cached_property
    def compatible(self) -> frozenset[tuple[str, str, bool]]:
        """(type, type of a row, whether the row's type is fixed) of the different types an
        event of the first may join a row of the second: a generic statement beside a verbal
        type (either way unless fixed)."""
        return frozenset(
            (event.id, cluster.id, fixed) for event in self.types for cluster in self.types
            for fixed in (False, True) if event.id != cluster.id and (
                (event.is_generic and cluster.is_verbal)
                or (not fixed and cluster.is_generic and event.is_verbal)))

    def rank(self, type_id: str) -> int:
        """Position in the file: lower wins a tie."""
        return self.ids.index(type_id)


_TYPE_KEYS = ("id", "label", "quad_class", "plover", "cameo", "goldstein_code", "goldstein",
              "goldstein_source", "description", "cues")


#: Where a cue may start: not inside a word, nor inside a hyphenated word ("survival-threatening"
#: is no threat).
CUE_BOUNDARY = r"(?<![\w-])"


def _compile_cue(path: Path, where: str, source: str) -> re.Pattern[str]:
    return compile_pattern(path, where, source, before=CUE_BOUNDARY)


def _load_type(path: Path, number: int, entry: object) -> EventType:
    if not isinstance(entry, dict):
        raise ChokepointsError(f"{path}: type {number} must be a mapping")
    missing = [key for key in _TYPE_KEYS if key not in entry]
    where = f"type {entry.get('id', number)!r}"
    if missing:
        raise ChokepointsError(f"{path}: {where} lacks {', '.join(missing)}")
    type_id = str(entry["id"])
    if not re.fullmatch(r"[a-z][a-z0-9_]*", type_id):
        raise ChokepointsError(f"{path}: {where}: id must be snake_case")
    if entry["quad_class"] not in QUAD_CLASSES:
        raise ChokepointsError(f"{path}: {where}: quad_class {entry['quad_class']!r} not in "
                               f"{', '.join(QUAD_CLASSES)}")
    if entry["goldstein_source"] not in GOLDSTEIN_SOURCES:
        raise ChokepointsError(f"{path}: {where}: goldstein_source must be one of "
                               f"{', '.join(GOLDSTEIN_SOURCES)}")
    try:
        goldstein = float(entry["goldstein"])
    except (TypeError, ValueError):
        raise ChokepointsError(f"{path}: {where}: goldstein must be a number") from None
    if not -10 <= goldstein <= 10:
        raise ChokepointsError(f"{path}: {where}: goldstein {goldstein} outside -10..10")
    if entry["goldstein_source"] == "published" and not entry["goldstein_code"]:
        raise ChokepointsError(f"{path}: {where}: a published intensity names its CAMEO code "
                               f"(goldstein_code)")
    if entry["goldstein_source"] == "chosen" and not entry.get("note"):
        raise ChokepointsError(f"{path}: {where}: a chosen intensity needs a note saying why")
    cues = entry["cues"] or []
    nominal = entry.get("nominal_cues") or []
    if not isinstance(cues, list) or not isinstance(nominal, list) or not (cues or nominal):
        raise ChokepointsError(f"{path}: {where}: cues must be a non-empty list")
    return EventType(
        id=type_id, label=str(entry["label"]), quad_class=entry["quad_class"],
        plover=entry["plover"] or None, cameo=tuple(str(code) for code in entry["cameo"] or ()),
        goldstein_code=str(entry["goldstein_code"]) if entry["goldstein_code"] else None,
        goldstein=goldstein, goldstein_source=entry["goldstein_source"],
        is_generic=bool(entry.get("is_generic", False)),
        description=" ".join(str(entry["description"]).split()),
        cues=tuple(_compile_cue(path, f"{where} cue", cue) for cue in cues),
        nominal_cues=tuple(_compile_cue(path, f"{where} nominal cue", cue) for cue in nominal),
        note=" ".join(str(entry.get("note") or "").split()))


@cached_by_path
def load_event_types(path: Path = config.EVENT_TYPES_FILE) -> EventTypes:
    """Read and compile the event-type lexicon.

    Args:
        path: the lexicon (default: the project's data/lexicons/event_types.yml).

    Returns:
        The types in file order (their priority order).

    Raises:
        ChokepointsError: naming the file, when it cannot be read, a type lacks a key, repeats
            an id, names an unknown quad class or intensity source, has an intensity outside
            -10..10 (or a chosen one without a note), a pattern is not a valid regular
            expression, or the file does not have exactly one generic type.
    """
    path = Path(path)
    try:
        spec = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ChokepointsError(f"{path}: cannot read the event types: {error}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("types"), list):
        raise ChokepointsError(f"{path}: the event types must be a mapping with a 'types' list")
    types: list[EventType] = []
    for number, entry in enumerate(spec["types"], start=1):
        event_type = _load_type(path, number, entry)
        if event_type.id in {t.id for t in types}:
            raise ChokepointsError(f"{path}: type {event_type.id!r} is listed twice")
        types.append(event_type)
    generic = [t.id for t in types if t.is_generic]
    if len(generic) != 1:
        raise ChokepointsError(f"{path}: exactly one type must be generic (is_generic: true); "
                               f"found {generic or 'none'}")
    return EventTypes(tuple(types))


# ----------------------------------------------------------------------------- one sentence

@dataclass(frozen=True)
class Event:
    """One event found in a sentence.

    Attributes:
        event_type: type id (event_types.yml).
        intensity: Goldstein value of the type, -10 .. +10.
        actor: actor id (actors.yml) of who acted.
        target: actor id of whom the action is aimed at; empty when none.
        cue: the words that name the action, as written.
        summary: the clause the event was read from.
        evidence: the words of the clause around the cue, compared between sources when
            merging.
        date_start: first day the date covers; None when open (undated, "more than a decade
            ago").
        date_end: last day it covers (inclusive); for an undated event, the anchor.
        granularity: of the date (`chokepoints.dates.GRANULARITIES`); ``ref`` when undated or
            dated relative to another clause.
        date_value: TIMEX3 value (``2026-01-06``, ``2025-11``, ``PAST_REF``).
        date_text: the date expression as written; empty when undated.
        date_note: how the date was arrived at when not read directly ("undated in the text").
        is_anchored: False when the date depends on a stand-in anchor (an undated article) or
            on no anchor at all.
        start: offset of the clause in the sentence.
        end: offset just past the clause.
    """

    event_type: str
    intensity: float
    actor: str
    target: str
    cue: str
    summary: str
    evidence: str
    date_start: date | None
    date_end: date | None
    granularity: str
    date_value: str | None
    date_text: str = ""
    date_note: str = ""
    is_anchored: bool = True
    start: int = 0
    end: int = 0

    @property
    def is_dated(self) -> bool:
        """True when the date has a start (a calendar date, not merely "on or before")."""
        return self.date_start is not None


class _Cue(NamedTuple):
    type: EventType
    start: int
    end: int
    text: str
    is_nominal: bool


class _Clause(NamedTuple):
    start: int
    end: int
    relation: str = ""  # "after" / "before" for "days after ..." clauses
    unit: str = ""  # "days" or "weeks" for those


#: Participles after a comma that open a speech act or consequence of their own (", calling it
#: unacceptable", ", accusing Tokyo"); "including", "according" and the like do not.
_PARTICIPLES = ("calling", "accusing", "branding", "citing", "saying", "adding", "warning",
                "describing", "urging", "demanding", "prompting", "marking", "leaving",
                "signalling", "signaling", "suggesting", "framing", "noting", "stressing",
                "escalating", "raising", "underscoring")
_PARTICIPLE_BREAK = rf",\s+(?=(?:{'|'.join(_PARTICIPLES)})\b)"
_RELATIVE_BREAK = (r",?[”\"]?\s+(?=(?:just\s+|only\s+)?(?:a\s+few\s+|several\s+|\w+\s+)?"
                   r"(?:days|weeks|months)\s+(?:after|before)\b)")
#: The alternatives of a clause break, each with words it cannot match without (every
#: participle ends in "-ing").
_BREAKS = ((r"\s*;\s*", (";",)), (r":\s+", (":",)),
           (r",?\s+(?=(?:while|whereas|though|although)\b)", ("while", "whereas", "though")),
           (r",\s+(?=but\b)", ("but",)), (_PARTICIPLE_BREAK, ("ing",)),
           (_RELATIVE_BREAK, ("days", "weeks", "months")))


#: Each word of `_BREAKS` with the bit of its alternative.
_BREAK_WORDS = tuple((word, 1 << number) for number, (_, words) in enumerate(_BREAKS)
                     for word in words)


@cache
def _clause_break(kept: int) -> re.Pattern[str]:
    """The clause-break pattern of the alternatives kept (bits of their numbers): those whose
    words a sentence has (the others cannot match it, so the pattern finds the same breaks
    there). The lookahead skips quickly where no break can begin, unless every alternative
    kept begins with a character the engine can skip to."""
    chosen = [source for number, (source, _) in enumerate(_BREAKS) if kept >> number & 1]
    if all(source[:1] in (",", ":") and source[1:2] != "?" for source in chosen):
        # Each begins with a character ("," or ":"): the engine skips to those by itself.
        return re.compile("|".join(chosen))
    return re.compile(rf"(?=[\s;:,”\"])(?:{'|'.join(chosen)})")


_RELATIVE_HEAD = re.compile(r"(?:just\s+|only\s+)?(?:a\s+few\s+|several\s+|\w+\s+)?"
                            r"(?P<unit>days|weeks|months)\s+(?P<relation>after|before)\b")
#: Asides between a subject and its verb, left out of the search for the actor.
_ASIDE = re.compile(r",\s+(?:which|who)\b[^,]*,")
#: A mention introduced by one of these is an object or a topic, not the subject.
_PREPOSITIONS = (r"\b(?:to|against|on|toward|towards|with|from|for|at|of|into|over|regarding|"
                 r"concerning|about|between|including|like|in|by|than|as)\s+(?:the\s+)?$",
                 r"\b(?:between|both)\s+[^,;.]{1,40}\s+and\s+$")
_PREPOSITION_BEFORE = re.compile("|".join(_PREPOSITIONS), re.IGNORECASE)
#: Its two alternatives, the first searched only near the end of the text (`EndSearch`), the
#: second only in text with "between" or "both" (`_is_introduced`).
_PREPOSITION_ALTERNATIVES = tuple(EndSearch(re.compile(alternative, re.IGNORECASE))
                                  for alternative in _PREPOSITIONS)
#: ... unless it names whom a speaker speaks for ("an official at the Japan External Trade
#: Organisation said").
_SPEAKER_OF = re.compile(r"\b(?:officials?|spokes(?:wo)?m[ae]n|spokesperson|source|minister|"
                         r"ministry|government|cabinet|embassy|envoy|ambassador|head|chief|"
                         r"representatives?)\s+(?:at|of|from)\s+(?:the\s+)?$", re.IGNORECASE)
_TOPIC_BEFORE = re.compile(r"\b(?:regarding|concerning|about|over|on)\s+(?:the\s+)?$",
                           re.IGNORECASE)
_AGENT_GAP = re.compile(r"^[^;:.]{0,60}?\bby\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_POSSESSIVE_GAP = re.compile(
    r"^(?:\s+[\w-]+){0,2}[’']s\s+"
    r"(?:(?!(?:to|of|for|on|by|with|from|in|at|and|as|that|is|are|was|were)\s)[\w-]+\s+){0,3}$",
    re.IGNORECASE)
#: A verbal cue takes an agent only as a participle with no finite verb before the "by"
#: ("The move, revealed in a statement by China's commerce ministry").
_PASSIVE_GAP = re.compile(r"^(?:(?!\b(?:is|are|was|were|has|have|to)\b)[^;:.]){0,40}?\bby\s+"
                          r"(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer)\s+(?:[\w-]+\s+){0,2}$|n[’']t\s+"
                       r"(?:[\w-]+\s+){0,2}$|\bno\b[^.;]{0,60}\b(?:has|have|had|was|were|is|"
                       r"are)\s+(?:yet\s+)?(?:been\s+)?$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:may|might|could|would|will|shall|should|can|cannot|must)\b"
                    r"(?:\s+[\w-]+){0,3}\s+$", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether)\b[^,;]{0,80}$", re.IGNORECASE)
#: What an accusation says someone did is the accuser's claim, and what a demand or appeal asks
#: for has not happened: neither is an event of the story.
_REPORTED_CONTENT = re.compile(
    r"\baccus\w*\s+[^.;]{0,80}?\bof\s+[^.;]*$"
    r"|\b(?:demand\w*|insist\w*)\s+(?:[^.;,]{0,40}?\s)?that\s+[^.;,]*$"
    r"|\b(?:urg\w*|call\w*\s+on|press\w*|ask\w*)\s+[\w’'-]+(?:\s+[\w’'-]+)?\s+to\s+[^.;,]*$"
    r"|\bcall\w*\s+for\s+[^.;,]*$", re.IGNORECASE)
#: Any of the above, in one search (a cue is dropped when one of them matches before it).
_SUPPRESSING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in (
    _REPORTED_CONTENT, _NEGATION, _MODAL, _HYPOTHETICAL)), re.IGNORECASE)
#: Words one of which begins every match of `_SUPPRESSING`, in the text folded by
#: `chokepoints.patterns.fold` (which keeps offsets; tests/test_events.py checks it at every
#: position of varied text). Few clauses have one before their cue, and this finds out faster
#: than `_SUPPRESSING` fails.
_SUPPRESSING_HEAD = re.compile(
    "accus|demand|insist|urg|call|press|ask|no|never|may|might|could|would|will|shall|should|"
    "can|must|if|unless|whether|n[’']t")
_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")
#: Date expressions that say what the object is about, not when the action happened.
_NOT_ACTION_DATE_BEFORE = EndSearch(re.compile(r"\b(?:for|until|through|into|by)\s+$",
                                               re.IGNORECASE))


def _find_cues(sentence: str, types: EventTypes) -> list[_Cue]:
    return _cues_of(types.cue_scanner[0].finditer(sentence), types)


def _cues_of(matches: list[tuple[int, re.Match[str]]], types: EventTypes) -> list[_Cue]:
    """The cues kept of the cue scanner's matches in a sentence."""
    if not matches:
        return []
    entries = types.cue_scanner[1]
    if len(matches) == 1:  # most sentences with a cue have one
        number, match = matches[0]
        start, end = match.span()
        if end == start:
            return []
        event_type, is_nominal, _ = entries[number]
        return [_Cue(event_type, start, end, match.group(0), is_nominal)]
    found = []
    for number, match in matches:
        start, end = match.span()
        if end > start:
            event_type, is_nominal, rank = entries[number]
            found.append((-(end - start), rank, start,
                          _Cue(event_type, start, end, match.group(0), is_nominal)))
    found.sort(key=lambda item: item[:3])  # stable: the rest in cue order
    kept: list[_Cue] = []
    for *_, cue in found:
        if all(cue.end <= other.start or cue.start >= other.end for other in kept):
            kept.append(cue)
    return sorted(kept, key=lambda cue: cue.start)


def _split_clauses(sentence: str) -> list[_Clause]:
    spans = []
    cursor = 0
    kept = 0
    for word, bit in _BREAK_WORDS:
        if word in sentence:
            kept |= bit
    if kept:
        for match in _clause_break(kept).finditer(sentence):
            if match.start() > cursor:
                spans.append((cursor, match.start()))
            cursor = match.end()
    if cursor < len(sentence):
        spans.append((cursor, len(sentence)))
    clauses = []
    for start, end in spans:
        head = _RELATIVE_HEAD.match(sentence, start)
        clauses.append(_Clause(start, end, head["relation"], head["unit"]) if head
                       else _Clause(start, end))
    return clauses or [_Clause(0, len(sentence))]


def _clause_of(clauses: list[_Clause], position: int) -> _Clause:
    for clause in clauses:
        if clause.start <= position < clause.end:
            return clause
    return clauses[-1]


#: `_default_sides` of the dictionaries in use, by identity (a dictionary is immutable).
_SIDES: dict[int, tuple[ActorDictionary, dict[str, str]]] = {}


def _default_sides(dictionary: ActorDictionary) -> dict[str, str]:
    """Each actor's usual side: the side most of its aliases speak for (do not modify)."""
    known = _SIDES.get(id(dictionary))
    if known is not None and known[0] is dictionary:
        return known[1]
    counts: dict[str, Counter] = {}
    for alias in dictionary.aliases:
        if alias.actor:
            counts.setdefault(alias.actor, Counter())[alias.side] += 1
    sides = {actor: count.most_common(1)[0][0] for actor, count in counts.items()}
    if len(_SIDES) >= 8:
        _SIDES.clear()
    _SIDES[id(dictionary)] = (dictionary, sides)
    return sides


def _is_eligible(mention: Mention, default_sides: dict[str, str]) -> bool:
    """A government (or state media) mention: not analysts, firms, markets or other speakers."""
    return bool(mention.actor) and default_sides.get(mention.actor) == mention.side


def _in_any(position: int, spans: Collection[tuple[int, int]]) -> bool:
    return bool(spans) and any(start <= position < end for start, end in spans)


class _lazy:
    """`functools.cached_property` without the lock it takes on every first read (Python
    3.11): the value computed replaces the attribute on the instance."""

    def __init__(self, compute: Callable) -> None:
        self.compute, self.name = compute, compute.__name__

    def __get__(self, instance: object, owner: type | None = None) -> object:
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass
class _Reading:
    """What one sentence offers the cue-by-cue reading, each part read when first asked for
    (a sentence without cues, or whose cues are all suppressed, needs few of them)."""

    sentence: str
    anchor: date | None
    is_stand_in_anchor: bool
    actors: ActorDictionary
    events: list[Event] = field(default_factory=list)

    @_lazy
    def folded(self) -> str:
        return fold(self.sentence)

    @_lazy
    def clauses(self) -> list[_Clause]:
        return _split_clauses(self.sentence)

    @_lazy
    def mentions(self) -> list[Mention]:
        return find_mentions(self.sentence, self.actors, actors_only=False)

    @_lazy
    def dates(self) -> list[TimeExpression]:
        return extract(self.sentence, self.anchor)

    @_lazy
    def absolute_spans(self) -> set[tuple[int, int]] | None:
        """Spans of the dates that need no anchor; None when the anchor is real."""
        if not self.is_stand_in_anchor:
            return None
        return {(e.start, e.end) for e in extract(self.sentence, None) if e.is_anchored}

    @_lazy
    def asides(self) -> list[tuple[int, int]]:
        sentence = self.sentence
        if "which" not in sentence and "who" not in sentence:
            return []  # no aside without them
        return [m.span() for m in _ASIDE.finditer(sentence)]

    @_lazy
    def quotes(self) -> list[tuple[int, int]]:
        sentence = self.sentence
        if "“" not in sentence and '"' not in sentence:
            return []  # no quotation without its opening mark
        return [m.span() for m in _QUOTE.finditer(sentence)]

    @_lazy
    def default_sides(self) -> dict[str, str]:
        return _default_sides(self.actors)

    @_lazy
    def action_dates(self) -> dict[_Clause, list[TimeExpression]]:
        """`_action_dates` of the clauses read so far."""
        return {}

    @_lazy
    def subjects(self) -> list[Mention]:
        """The mentions that may be a subject: outside asides and quotations."""
        asides, quotes = self.asides, self.quotes
        if not asides and not quotes:
            return self.mentions
        return [m for m in self.mentions
                if not _in_any(m.start, asides) and not _in_any(m.start, quotes)]

    @_lazy
    def governments(self) -> list[Mention]:
        """The mentions that may be a target: of a government (`_is_eligible`)."""
        sides = self.default_sides
        return [m for m in self.mentions if _is_eligible(m, sides)]


def _is_suppressed(reading: _Reading, cue: _Cue, clause: _Clause) -> bool:
    if _in_any(cue.start, reading.quotes):
        return True  # a speaker's own words: who said them is the event, not what they say
    return _suppressing(reading.sentence, reading.folded, clause.start, cue.start) is not None


def _suppressing(sentence: str, folded: str, start: int, end: int) -> re.Match[str] | None:
    """``_SUPPRESSING.search(sentence[start:end])``, searched from the first place a match can
    begin (``folded``: the sentence folded by `chokepoints.patterns.fold`)."""
    head = _SUPPRESSING_HEAD.search(folded, start, end)
    if head is None:
        return None
    return _SUPPRESSING.search(sentence[start:end], head.start() - start)


def _agent(reading: _Reading, cue: _Cue, clause: _Clause) -> Mention | None:
    pattern = _AGENT_GAP if cue.is_nominal else _PASSIVE_GAP
    for mention in reading.mentions:
        if cue.end <= mention.start < clause.end:
            gap = reading.sentence[cue.end:mention.start]
            # Both gaps end with "by" (no other character matches its letters in any case).
            if "by" in gap.lower() and pattern.match(gap):
                return mention
    return None


def _is_introduced(gap: str) -> bool:
    """``_PREPOSITION_BEFORE.search(gap) is not None``."""
    near_end, pair = _PREPOSITION_ALTERNATIVES
    if near_end.search(gap) is not None:
        return True
    # The letters of "between" and "both" match no other character in any case.
    lowered = gap.lower()
    return ("between" in lowered or "both" in lowered) and pair.search(gap) is not None


def _previous_event(reading: _Reading, context: Event | None) -> Event | None:
    return reading.events[-1] if reading.events else context


def _actor(reading: _Reading, cue: _Cue, clause: _Clause,
           context: Event | None) -> tuple[str, Mention | None]:
    """The actor id (empty when none) and the agent mention used, if any."""
    sentence = reading.sentence
    before = [m for m in reading.subjects if clause.start <= m.start and m.end <= cue.start]
    if cue.is_nominal:
        for mention in reversed(before[-3:]):
            if mention.actor and _POSSESSIVE_GAP.match(sentence[mention.end:cue.start]):
                return (mention.actor if _is_eligible(mention, reading.default_sides)
                        else ""), None
        agent = _agent(reading, cue, clause)
        if agent and _is_eligible(agent, reading.default_sides):
            return agent.actor, agent
        return "", None
    is_participle = (cue.start == clause.start and sentence[clause.start - 2:clause.start] == ", "
                     and re.match(r"[a-z]+ing\b", cue.text))
    if is_participle and reading.events:
        return reading.events[-1].actor, None
    for nearest in reversed(before):  # the last mention not introduced by a preposition
        gap = sentence[clause.start:nearest.start]
        if not _is_introduced(gap) or _SPEAKER_OF.search(gap):
            return (nearest.actor if _is_eligible(nearest, reading.default_sides) else ""), None
    agent = _agent(reading, cue, clause)
    if agent:
        return (agent.actor if _is_eligible(agent, reading.default_sides) else ""), agent
    if before:  # only objects named before the cue: the subject is not an actor we know
        return "", None
    previous = _previous_event(reading, context)
    return (previous.actor if previous else ""), None


def _target(reading: _Reading, cue: _Cue, clause: _Clause, actor: str,
            agent: Mention | None, context: Event | None) -> str:
    sentence = reading.sentence
    eligible = [m for m in reading.governments if m.actor != actor and m != agent]
    after = [m for m in eligible if cue.start <= m.start < clause.end]
    if after:
        for mention in after:  # the first that is not a topic, else the first
            if not _TOPIC_BEFORE.search(sentence[max(clause.start, mention.start - 12):
                                                 mention.start]):
                return mention.actor
        return after[0].actor
    for mention in reversed(eligible):  # the last before the cue, outside asides
        if clause.start <= mention.start < cue.start and not _in_any(mention.start,
                                                                      reading.asides):
            return mention.actor
    previous = _previous_event(reading, context)
    if previous is not None and previous.actor != actor:
        return previous.actor
    return ""


def _distance(cue: _Cue, expression: TimeExpression) -> int:
    if expression.end <= cue.start:
        return cue.start - expression.end
    if expression.start >= cue.end:
        return expression.start - cue.end
    return 0


def _contains(outer: TimeExpression, inner: TimeExpression) -> bool:
    if None in (outer.date_start, outer.date_end, inner.date_start, inner.date_end):
        return False
    return (outer.date_start <= inner.date_start and inner.date_end <= outer.date_end
            and (outer.date_start, outer.date_end) != (inner.date_start, inner.date_end))


def _action_dates(reading: _Reading, clause: _Clause) -> list[TimeExpression]:
    """The dates of the clause that may date its action (read once per clause; do not
    modify)."""
    found = reading.action_dates.get(clause)
    if found is None:
        sentence = reading.sentence
        found = reading.action_dates[clause] = [
            expression for expression in reading.dates
            if clause.start <= expression.start < clause.end and expression.type == "DATE"
            and expression.value and expression.granularity != "ref"
            and not expression.text.lower().startswith(("the fiscal", "fiscal", "its fiscal"))
            and not _NOT_ACTION_DATE_BEFORE.search(sentence[clause.start:expression.start])]
    return found


def _date_for(reading: _Reading, cue: _Cue, clause: _Clause) -> TimeExpression | None:
    candidates = _action_dates(reading, clause)
    if not candidates:
        return None
    chosen = min(candidates, key=lambda e: (_distance(cue, e), -e.start))
    inside = [e for e in candidates if _contains(chosen, e)]
    if inside:
        rank = {g: i for i, g in enumerate(GRANULARITIES)}
        chosen = min(inside, key=lambda e: (rank[e.granularity],
                                            (e.date_end - e.date_start).days,
                                            _distance(cue, e)))
    return chosen


def _is_expression_anchored(reading: _Reading, expression: TimeExpression) -> bool:
    if not expression.is_anchored:
        return False
    if reading.absolute_spans is None:
        return True
    return (expression.start, expression.end) in reading.absolute_spans


def _dating(reading: _Reading, cue: _Cue, clause: _Clause) -> dict:
    """Date fields of the event of ``cue``."""
    expression = _date_for(reading, cue, clause)
    if expression is not None:
        return {"date_start": expression.date_start, "date_end": expression.date_end,
                "granularity": expression.granularity, "date_value": expression.value,
                "date_text": expression.text,
                "is_anchored": _is_expression_anchored(reading, expression)}
    if clause.relation:
        index = reading.clauses.index(clause)
        for main in reversed(reading.clauses[:index]):
            dates = _action_dates(reading, main)
            if dates and dates[-1].date_start is not None:
                reference = dates[-1]
                span = DAYS_BEFORE if clause.unit == "days" else WEEKS_BEFORE
                if clause.relation == "after":  # "X, days after Y": Y came first
                    first = reference.date_start - span
                    last = reference.date_start - timedelta(days=1)
                else:
                    first = reference.date_end + timedelta(days=1)
                    last = reference.date_end + span
                return {"date_start": first, "date_end": last, "granularity": "ref",
                        "date_value": "PAST_REF" if clause.relation == "after" else "FUTURE_REF",
                        "date_text": "", "is_anchored": _is_expression_anchored(reading,
                                                                                reference),
                        "date_note": f"{clause.unit} {clause.relation} {reference.value} "
                                     f"({reference.text!r}): dated relative to the main clause"}
    return {"date_start": None, "date_end": reading.anchor, "granularity": "ref",
            "date_value": "PAST_REF", "date_text": "",
            "is_anchored": reading.anchor is not None and reading.absolute_spans is None,
            "date_note": "undated in the text: on or before publication"}


def _fold(events: list[Event], types: EventTypes) -> list[Event]:
    """A reporting verb folds into the action it reports; undated cues into dated ones."""
    if len(events) == 1:
        return events[:]  # nothing to fold into
    groups: dict[tuple, list[Event]] = {}
    for event in events:
        groups.setdefault((event.actor, event.date_start, event.date_end, event.date_value),
                          []).append(event)
    kept: list[Event] = []
    for group in groups.values():
        specific = [e for e in group if not types[e.event_type].is_generic]
        chosen = specific or group[:1]
        seen: set[str] = set()
        for event in chosen:
            if event.event_type not in seen:
                seen.add(event.event_type)
                kept.append(event)
    dated = [e for e in kept if e.is_dated]

    def covered(event: Event) -> bool:
        return any(other.actor == event.actor and _types_compatible(
            event.event_type, other.event_type, types, fixed=True) for other in dated)

    kept = [e for e in kept if e.is_dated or not covered(e)]
    return sorted(kept, key=lambda e: (e.start, types.rank(e.event_type)))


def extract_events(sentence: str, anchor: date | None, *, types: EventTypes | None = None,
                   actors: ActorDictionary | None = None, context: Event | None = None,
                   is_stand_in_anchor: bool = False) -> list[Event]:
    """Find the events one sentence tells.

    Args:
        sentence: one sentence of an article.
        anchor: the date the article was published (resolves "on Tuesday", "in November");
            None when unknown.
        types: the event types (default: the project's event_types.yml).
        actors: the actor dictionary (default: the project's actors.yml).
        context: the last event of the previous sentence of the same paragraph, for a
            clause that names no actor ("Officials have formally protested ...").
        is_stand_in_anchor: True when ``anchor`` is not the publication date but a stand-in
            (an undated article anchored to the build's as-of date): dates that depend on it
            are flagged ``is_anchored`` False.

    Returns:
        Events in text order. See the module docstring for how actor, target, type and date
        are read and which fallbacks apply.
    """
    types = types or load_event_types()
    return _read(_Reading(sentence=sentence, anchor=anchor, is_stand_in_anchor=is_stand_in_anchor,
                          actors=actors or load_actors()),
                 _find_cues(sentence, types), types, context)


def _read(reading: _Reading, cues: list[_Cue], types: EventTypes,
          context: Event | None) -> list[Event]:
    """`extract_events` of a sentence whose cues are found."""
    sentence, anchor = reading.sentence, reading.anchor
    for cue in cues:
        clause = _clause_of(reading.clauses, cue.start)
        if _is_suppressed(reading, cue, clause):
            continue
        actor, agent = _actor(reading, cue, clause, context)
        if not actor:
            continue
        dating = _dating(reading, cue, clause)
        if anchor is not None and dating["date_start"] is not None \
                and dating["date_start"] > anchor:
            continue  # a forecast, not an event
        target = _target(reading, cue, clause, actor, agent, context)
        reading.events.append(Event(
            event_type=cue.type.id, intensity=cue.type.goldstein, actor=actor, target=target,
            cue=cue.text, summary=sentence[clause.start:clause.end].strip(" ,;:—-"),
            evidence=sentence[max(clause.start, cue.start - EVIDENCE_BEFORE):
                              min(clause.end, cue.end + EVIDENCE_AFTER)],
            start=clause.start, end=clause.end, **dating))
    return _fold(reading.events, types) if reading.events else []


# ----------------------------------------------------------------------------- the articles

def _anchor_of(published: object) -> date | None:
    if published is None or pd.isna(published):
        return None
    return pd.Timestamp(published).date()


def _paragraph_of(paragraph: object, sentence_id: object) -> object:
    """The paragraph column's value if given, else the number in the sentence id."""
    if type(paragraph) is int or (paragraph is not None and not pd.isna(paragraph)):
        return paragraph
    match = re.search(r"-p(\d+)-s\d+$", str(sentence_id))
    return int(match.group(1)) if match else None


def extracted_events(sentences: pd.DataFrame, articles: pd.DataFrame, *,
                     as_of: date | None = None, types: EventTypes | None = None,
                     actors: ActorDictionary | None = None) -> pd.DataFrame:
    """Every event every sentence tells, one row per event and sentence (before merging).

    Args:
        sentences: the sentences table (sentence_id, article_id, text; paragraph when
            present, else read from the sentence id), in article order.
        articles: the articles table (id, published: a date, datetime64 or NaT).
        as_of: the stand-in anchor of undated articles (their rows are flagged
            ``is_anchored`` False where the date depends on it); None leaves relative dates
            of undated articles unresolved.
        types: the event types (default: the project's event_types.yml).
        actors: the actor dictionary (default: the project's actors.yml).

    Returns:
        A frame with `EXTRACTED_COLUMNS`, in sentence order.
    """
    types = types or load_event_types()
    actors = actors or load_actors()
    anchors = {article_id: _anchor_of(published) for article_id, published
               in zip(articles["id"].tolist(), articles["published"].tolist(), strict=True)}
    rows = []
    context: Event | None = None
    last_paragraph: tuple | None = None
    paragraphs = (sentences["paragraph"].tolist() if "paragraph" in sentences.columns
                  else [None] * len(sentences))
    texts = [str(text) for text in sentences["text"].tolist()]
    for article_id, sentence_id, text, paragraph_number, matches in zip(
            sentences["article_id"].tolist(), sentences["sentence_id"].tolist(), texts,
            paragraphs, types.cue_scanner[0].finditer_each(texts), strict=True):
        paragraph = (article_id, _paragraph_of(paragraph_number, sentence_id))
        if paragraph != last_paragraph:
            context, last_paragraph = None, paragraph
        cues = _cues_of(matches, types)
        if not cues:
            continue
        published = anchors.get(article_id)
        found = _read(_Reading(sentence=text, anchor=published or as_of,
                               is_stand_in_anchor=published is None, actors=actors),
                      cues, types, context)
        rows += [(article_id, sentence_id, event.date_start, event.date_end, event.granularity,
                  event.date_value, event.date_text, event.date_note, event.actor, event.target,
                  event.event_type, event.intensity, event.cue, event.summary, event.evidence,
                  event.is_anchored) for event in found]  # in the order of EXTRACTED_COLUMNS
        if found:
            context = found[-1]
    frame = pd.DataFrame(rows, columns=list(EXTRACTED_COLUMNS))
    return _typed(frame, dates=("date_start", "date_end"),
                  strings=("article_id", "sentence_id", "granularity", "date_value",
                           "date_text", "date_note", "actor", "target", "event_type", "cue",
                           "summary", "evidence"),
                  floats=("intensity",), booleans=("is_anchored",))


def _typed(frame: pd.DataFrame, dates: Iterable[str] = (), strings: Iterable[str] = (),
           floats: Iterable[str] = (), integers: Iterable[str] = (),
           booleans: Iterable[str] = ()) -> pd.DataFrame:
    frame = frame.copy()
    for column in dates:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in strings:
        frame[column] = frame[column].replace({"": pd.NA}).astype("string")
    for column in floats:
        frame[column] = frame[column].astype("float64")
    for column in integers:
        frame[column] = frame[column].astype("Int64")
    for column in booleans:
        frame[column] = frame[column].astype("boolean")
    return frame.reset_index(drop=True)


# ----------------------------------------------------------------------------- the curated file

def _value_of(first: date, last: date, granularity: str) -> str:
    """TIMEX3 value of a curated date; an ISO 8601 interval when it spans several units."""
    if granularity == "day" and first == last:
        return first.isoformat()
    if granularity == "month" and (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    if granularity == "year" and first.year == last.year:
        return f"{first.year:04d}"
    return f"{first.isoformat()}/{last.isoformat()}"


def load_curated_events(path: Path = config.CURATED_EVENTS_FILE, *,
                        types: EventTypes | None = None,
                        actors: ActorDictionary | None = None) -> pd.DataFrame:
    """Read the analyst-maintained chronology and check every row.

    Args:
        path: the CSV (default: the project's data/reference/events.csv; columns
            `CURATED_COLUMNS`, described in data/reference/README.md).
        types: the event types (default: the project's event_types.yml).
        actors: the actor dictionary (default: the project's actors.yml).

    Returns:
        The rows with `CURATED_COLUMNS` plus ``date_value`` (derived), dates as
        datetime64, intensity as float.

    Raises:
        ChokepointsError: naming the file and row, when a column is missing, an id is empty
            or repeated, a date is malformed or ends before it starts, the granularity,
            actor, target or type is unknown, the intensity is not the type's, or the summary
            or source is empty.
    """
    types = types or load_event_types()
    actors = actors or load_actors()
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as error:
        raise ChokepointsError(f"{path}: cannot read the curated events: {error}") from None
    missing = [column for column in CURATED_COLUMNS if column not in raw.columns]
    if missing:
        raise ChokepointsError(f"{path}: lacks column(s) {', '.join(missing)}")
    rows = []
    seen: set[str] = set()
    for number, row in enumerate(raw.to_dict("records"), start=2):
        where = f"{path}: line {number} ({row['id'] or 'no id'})"
        if not row["id"] or row["id"] in seen:
            raise ChokepointsError(f"{where}: the id is empty or repeated")
        seen.add(row["id"])
        try:
            first = date.fromisoformat(row["date_start"])
            last = date.fromisoformat(row["date_end"]) if row["date_end"] else first
        except ValueError:
            raise ChokepointsError(f"{where}: dates must be YYYY-MM-DD") from None
        if last < first:
            raise ChokepointsError(f"{where}: date_end before date_start")
        if row["granularity"] not in GRANULARITIES:
            raise ChokepointsError(f"{where}: granularity {row['granularity']!r} not in "
                                   f"{', '.join(GRANULARITIES)}")
        for column in ("actor", "target"):
            if (row[column] or column == "actor") and row[column] not in actors.labels:
                raise ChokepointsError(f"{where}: {column} {row[column]!r} is not an actor of "
                                       f"the actor dictionary ({', '.join(actors.labels)})")
        if row["event_type"] not in types:
            raise ChokepointsError(f"{where}: unknown event_type {row['event_type']!r}")
        expected = types[row["event_type"]].goldstein
        try:
            intensity = float(row["intensity"]) if row["intensity"] else expected
        except ValueError:
            raise ChokepointsError(f"{where}: intensity must be a number") from None
        if intensity != expected:
            raise ChokepointsError(f"{where}: intensity {intensity} is not the Goldstein value "
                                   f"of {row['event_type']} ({expected})")
        if not row["summary"].strip() or not row["source"].strip():
            raise ChokepointsError(f"{where}: summary and source must not be empty")
        rows.append({**{c: row[c] for c in CURATED_COLUMNS}, "date_start": first,
                     "date_end": last, "intensity": intensity,
                     "date_value": _value_of(first, last, row["granularity"])})
    frame = pd.DataFrame(rows, columns=[*CURATED_COLUMNS, "date_value"])
    return _typed(frame, dates=("date_start", "date_end"),
                  strings=("id", "granularity", "actor", "target", "event_type", "summary",
                           "source", "notes", "date_value"),
                  floats=("intensity",))


# ----------------------------------------------------------------------------- merging

#: Words left out when comparing how two sources tell an event: function words, and the names
#: of the actors (rows compared already share the actor; naming it says nothing more).
_STOPWORDS = frozenset((
    "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "his", "how", "if", "in", "into", "is", "it", "its", "itself", "just", "latest", "may",
    "might", "more", "most", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
    "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "yet", "you",
    "china", "chinese", "beijing", "japan", "japanese", "tokyo", "taiwan", "taipei", "prc",
    "united", "states", "washington", "american", "prime", "minister", "president", "move", "said",
    "says", "certain", "including", "following", "response", "latest", "recent", "major", "also"))
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    if len(word) < 5 or not word.endswith(_SUFFIXES):
        return word[:6]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[:-len(suffix)]
            break
    return word[:6]


def _tokens(text: str) -> tuple[str, ...]:
    """The distinct crude stems of a text's content words, sorted: a tuple, a fifth of the
    memory of a set (a corpus's events keep theirs until the merge)."""
    words = re.findall(r"[a-z]+", str(text).lower())
    return tuple(sorted({_stem(w) for w in words if len(w) > 2 and w not in _STOPWORDS}))


def _similarity(one: Collection[str], other: Collection[str]) -> float:
    """The overlap coefficient of two collections of distinct words."""
    if not one or not other:
        return 0.0
    if not isinstance(one, frozenset | set):
        one = frozenset(one)
    return len(one.intersection(other)) / min(len(one), len(other))


def _types_compatible(event_type: str, cluster_type: str, types: EventTypes,
                      fixed: bool) -> bool:
    """Same type, or a generic statement beside a verbal type (either way unless ``fixed``)."""
    return event_type == cluster_type or (event_type, cluster_type, fixed) in types.compatible


def _precision(member: _Member) -> tuple:
    """Sort key: finer granularity, shorter interval, curated first, then anchored first."""
    rank = GRANULARITIES.index(member.granularity) if member.granularity in \
        GRANULARITIES else len(GRANULARITIES)
    if member.date_start is None or member.date_end is None:
        length = 10 ** 6
    else:
        length = (member.date_end - member.date_start).days
    return rank, length, not member.is_curated, not member.is_anchored


def _overlaps(one: _Member, other: _Member) -> bool:
    start_one, end_one = one.date_start, one.date_end
    start_two, end_two = other.date_start, other.date_end
    if (start_one is not None and end_two is not None and start_one > end_two) or \
            (start_two is not None and end_one is not None and start_two > end_one):
        if one.granularity == other.granularity == "day" and None not in (
                start_one, start_two):
            return abs(start_one - start_two) <= DAY_TOLERANCE
        return False
    return True


@dataclass
class _Row:
    """A row of the chronology being built: what the merge asks of its members, kept up to date
    as they join (the members themselves wait in `FoundEvents`).

    That is the most precise member (``best``, the first of the most precise), the targets
    named, and the first `MOST_COMPARED` distinct word sets of the references (curated or dated
    members), of the dated members and of all members, through which the row is compared.
    """

    actor: str | None
    event_type: str
    is_fixed: bool
    #: the row's key in `FoundEvents` (where its members are kept, in the order they joined)
    key: int = 0
    best: _Member = field(init=False)
    targets: set[str] = field(init=False, default_factory=set)
    reference_tokens: set[tuple[str, ...]] = field(init=False, default_factory=set)
    dated_tokens: set[tuple[str, ...]] = field(init=False, default_factory=set)
    member_tokens: set[tuple[str, ...]] = field(init=False, default_factory=set)
    _best_key: tuple | None = field(init=False, default=None)
    #: its place in `_Rows` (the order rows were made), the index it was placed in last, and
    #: whether it was merged into another row
    number: int = field(init=False, default=0)
    placed: object = field(init=False, default=None)
    is_dropped: bool = field(init=False, default=False)

    def append(self, member: _Member) -> None:
        """Count a member in (its type aside: see `_add`)."""
        key = _precision(member)
        if self._best_key is None or key < self._best_key:
            self.best, self._best_key = member, key
        if member.target:
            self.targets.add(member.target)
        tokens = member.tokens
        for words, kept in ((self.member_tokens, True),
                            (self.dated_tokens, member.date_start is not None),
                            (self.reference_tokens,
                             member.is_curated or member.date_start is not None)):
            if kept and len(words) < MOST_COMPARED:
                words.add(tokens)

    def overlap(self, tokens: tuple[str, ...]) -> float:
        """The largest word overlap with the row's curated or dated members (all members when
        it has none of those), through the word sets it keeps."""
        words = frozenset(tokens)
        return max(_similarity(words, other)
                   for other in self.reference_tokens or self.member_tokens)


def _score(member: _Member, row: _Row) -> tuple[float, float]:
    """Word overlap with the row's curated or dated members, and the target term.

    The target term ranks candidate rows (`TARGET_BONUS` for the same target, minus
    `TARGET_PENALTY` for another, or for a row with none: all destinations, a domestic
    measure); a penalty also counts against the threshold, a bonus does not.
    """
    similarity = row.overlap(member.tokens)
    term = 0.0
    if member.target:
        term = TARGET_BONUS if member.target in row.targets else -TARGET_PENALTY
    return similarity, term


def _threshold(member: _Member, row: _Row, types: EventTypes) -> float:
    threshold = DATED_MERGE_THRESHOLD if member.date_start is not None else MERGE_THRESHOLD
    if member.event_type != row.event_type:
        threshold += TYPE_CHANGE_MARGIN
    return threshold


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str | bool) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


@dataclass(slots=True)
class _Member:
    """One event as the merge reads it (found or curated), in slots. The evidence is read only
    for its words and the intensity comes from the type: neither is kept. ``key`` numbers it
    in `FoundEvents` (0: not stored yet)."""

    article_id: str | None = None
    sentence_id: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    granularity: str | None = None
    date_value: str | None = None
    date_text: str | None = None
    date_note: str | None = None
    actor: str | None = None
    target: str = ""
    event_type: str | None = None
    cue: str | None = None
    summary: str | None = None
    source: str | None = None
    notes: str | None = None
    is_anchored: bool | None = None
    is_curated: bool = False
    tokens: tuple[str, ...] = ()
    key: int = 0


_MEMBER_FIELDS = tuple(_Member.__dataclass_fields__)
_READ_COLUMNS = frozenset(_MEMBER_FIELDS) - {"key"} | {"evidence"}


def _records(frame: pd.DataFrame, is_curated: bool) -> list[_Member]:
    """The merge's members for the rows of ``frame`` (extracted or curated events)."""
    n = len(frame)
    # Read column by column: row by row (to_dict("records"), itertuples) is slower.
    columns = {name: [_plain(value) for value in frame[name].tolist()]
               for name in frame.columns if name in _READ_COLUMNS}
    nothing = [None] * n
    evidence, summary = columns.get("evidence", nothing), columns.get("summary", nothing)
    columns["tokens"] = [_tokens(text or other or "")
                         for text, other in zip(evidence, summary, strict=True)]
    columns["target"] = [target or "" for target in columns.get("target", nothing)]
    columns["is_curated"] = [is_curated] * n
    if is_curated:
        columns["is_anchored"] = [True] * n
    ordered = [columns.get(name, nothing) for name in _MEMBER_FIELDS if name != "key"]
    return [_Member(*values) for values in zip(*ordered, strict=True)]


#: How a member is stored: the merge order (undated last, then `_precision`, then its place in
#: the corpus), then its fields; dates as day numbers, words joined by spaces.
_ORDER = ("undated", "rank", "length", "uncurated", "unanchored")
_STORED = ("key", *(name for name in _MEMBER_FIELDS if name != "key"))
_MEMBER_COLUMNS = ", ".join(f"m.{name}" for name in _STORED)
#: Placements written at once
_PLACED_BATCH = 10_000


def _stored(member: _Member) -> tuple:
    start, end = member.date_start, member.date_end
    return (member.date_start is None, *_precision(member), member.key, member.article_id,
            member.sentence_id, start and start.toordinal(), end and end.toordinal(),
            member.granularity, member.date_value, member.date_text, member.date_note,
            member.actor, member.target, member.event_type, member.cue, member.summary,
            member.source, member.notes, member.is_anchored, member.is_curated,
            " ".join(member.tokens))


def _member(values: tuple) -> _Member:
    (key, article_id, sentence_id, start, end, granularity, date_value, date_text, date_note,
     actor, target, event_type, cue, summary, source, notes, is_anchored, is_curated,
     tokens) = values
    return _Member(article_id, sentence_id, start and date.fromordinal(start),
                   end and date.fromordinal(end), granularity, date_value, date_text, date_note,
                   actor, target, event_type, cue, summary, source, notes,
                   None if is_anchored is None else bool(is_anchored), bool(is_curated),
                   tuple(tokens.split()), key)


@contextmanager
def _kept_on_disk() -> Iterator[None]:
    """A failure of the events' temporary database (a full disk, most often) as an error that
    says what to do."""
    try:
        yield
    except sqlite3.Error as error:
        raise ChokepointsError(
            f"the events found could not be kept in the temporary folder ({error}): free space "
            "in it, or point TMPDIR at a larger one") from None


class FoundEvents:
    """Events kept on disk for the merge as they arrive, in corpus order, with the rows of the
    chronology they are placed in: a private temporary SQLite database, deleted when closed.

    Memory then holds the chronology's rows (`_Row`: a summary of bounded size each), not every
    event of the corpus: the merge reads the events back in its order (`in_merge_order`), and a
    row's members (`members`, `placed`) only to merge two rows and to write the rows. A merge
    starts afresh (`start_merge`): one collection may be merged more than once.
    """

    def __init__(self) -> None:
        with _kept_on_disk():
            self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            self._db.executescript(f"""
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                CREATE TABLE member ({", ".join(_ORDER)}, key INTEGER PRIMARY KEY,
                                     {", ".join(_STORED[1:])});
                CREATE TABLE placed (row_key INTEGER, seq INTEGER, member_key INTEGER,
                                     PRIMARY KEY (row_key, seq)) WITHOUT ROWID;
            """)
        self._keys = count(1)
        self._size = 0
        self._placing: list[tuple[int, int, int]] = []
        self._seq = count()
        self.row_keys = count(1)

    def add(self, frame: pd.DataFrame) -> None:
        """Add the events of the next partition (`extracted_events`).

        Raises:
            ChokepointsError: the temporary folder is full (or cannot be written).
        """
        with _kept_on_disk():
            self.insert(_records(frame, is_curated=False))

    def insert(self, members: Iterable[_Member]) -> None:
        """Store members (each given its key)."""
        rows = []
        for member in members:
            member.key = next(self._keys)
            rows.append(_stored(member))
            self._size += not member.is_curated
        placeholders = ", ".join("?" * len(_ORDER + _STORED))
        self._db.executemany(f"INSERT INTO member VALUES ({placeholders})", rows)

    def __len__(self) -> int:
        """The events found (curated members aside)."""
        return self._size

    def start_merge(self) -> None:
        """Forget an earlier merge: its rows and curated members."""
        self._placing.clear()
        self._db.execute("DELETE FROM placed")
        self._db.execute("DELETE FROM member WHERE is_curated")

    def in_merge_order(self, undated: bool) -> Iterator[_Member]:
        """The found events with (without) a date, the most precise first, then by article,
        sentence and type, then in corpus order."""
        yield from map(_member, self._db.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM member m WHERE NOT m.is_curated AND m.undated = ? "
            "ORDER BY m.rank, m.length, m.uncurated, m.unanchored, m.article_id, "
            "m.sentence_id, m.event_type, m.key", (undated,)))

    def place(self, row_key: int, member: _Member) -> None:
        """Put a member in a row, after its other members (stored first if it is not)."""
        if not member.key:
            self.insert([member])
        self._placing.append((row_key, next(self._seq), member.key))
        if len(self._placing) >= _PLACED_BATCH:
            self._flush()

    def members(self, row_key: int) -> list[_Member]:
        """A row's members, in the order they were placed."""
        self._flush()
        return [_member(values) for values in self._db.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM placed p JOIN member m ON m.key = p.member_key "
            "WHERE p.row_key = ? ORDER BY p.seq", (row_key,))]

    def unplace(self, row_key: int) -> None:
        """Take every member out of a row."""
        self._flush()
        self._db.execute("DELETE FROM placed WHERE row_key = ?", (row_key,))

    def placed(self) -> Iterator[tuple[int, Iterator[_Member]]]:
        """Every row's key and members (in the order they were placed), row by row: read a
        row's members before the next row."""
        self._flush()
        found = self._db.execute(
            f"SELECT p.row_key, {_MEMBER_COLUMNS} FROM placed p "
            "JOIN member m ON m.key = p.member_key ORDER BY p.row_key, p.seq")
        for row_key, group in groupby(found, key=itemgetter(0)):
            yield row_key, (_member(values[1:]) for values in group)

    def close(self) -> None:
        """Delete the database."""
        self._db.close()

    def _flush(self) -> None:
        if self._placing:
            self._db.executemany("INSERT INTO placed VALUES (?, ?, ?)", self._placing)
            self._placing.clear()


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _span(best: _Member) -> tuple[date, date] | None:
    """Where a row stands in time, for the index and the reach of undated events: its best
    member's interval, or the article's date of an undated one; None when open-ended."""
    start, end = best.date_start, best.date_end
    if start is None:
        start = end
    if start is None or end is None:
        return None
    return start, end


def _within_reach(member: _Member, row: _Row) -> bool:
    """Whether an undated member may join the row: a curated row always, an extracted one when
    its dates come within `UNDATED_REACH` of the member's article. Dated members: always (their
    dates must overlap the row's instead)."""
    anchor = member.date_end
    if member.date_start is not None or anchor is None or row.is_fixed:
        return True
    span = _span(row.best)
    return span is None or span[0] - UNDATED_REACH <= anchor <= span[1] + UNDATED_REACH


class _ActorRows:
    """One actor's rows, indexed by the months their best date spans (widened by
    `DAY_TOLERANCE`), so that an event is offered only the rows its date could match."""

    def __init__(self) -> None:
        self.rows: list[_Row] = []
        self.months: dict[int, list[_Row]] = {}
        #: curated, open-ended or long rows: offered to every event
        self.always: list[_Row] = []
        #: rows of undated events (placed at their article's month for undated events): a
        #: dated event overlaps any that began before it, so they are offered to dated ones
        self.undated: list[_Row] = []

    def place(self, row: _Row) -> None:
        """Index a new row, or again under its new best member (old places are kept: the
        candidates are filtered exactly afterwards)."""
        span = _span(row.best)
        if row.is_fixed or span is None or \
                _month(span[1] + DAY_TOLERANCE) - _month(span[0] - DAY_TOLERANCE) > INDEXED_MONTHS:
            if row.placed is not self.always:
                self.always.append(row)
            row.placed = self.always
            return
        if row.best.date_start is None and row.placed is None:
            self.undated.append(row)
        for month in range(_month(span[0] - DAY_TOLERANCE), _month(span[1] + DAY_TOLERANCE) + 1):
            self.months.setdefault(month, []).append(row)
        row.placed = self.months

    def near(self, member: _Member, reach: bool = True) -> Iterable[_Row]:
        """A superset of the rows the member's date could match (`_overlaps`, and
        `_within_reach` for an undated member if ``reach``), in no particular order."""
        start, end = member.date_start, member.date_end
        if start is None:
            if end is None or not reach:
                return self.rows
            first, last, extra = end - UNDATED_REACH, end + UNDATED_REACH, ()
        else:
            if end is None or _month(end) - _month(start) > INDEXED_MONTHS:
                return self.rows
            first, last, extra = start, end, self.undated
        found = [*self.always, *extra]
        for month in range(_month(first), _month(last) + 1):
            found.extend(self.months.get(month, ()))
        return found


class _Rows:
    """Rows in the order they were made, and by actor with an index of their dates: an event
    is compared only with the rows of its actor its date could match (in that order). Their
    members are kept in ``store``."""

    def __init__(self, store: FoundEvents, rows: Iterable[_Row] = ()) -> None:
        self.store = store
        self._rows: list[_Row] = []
        self._by_actor: dict[object, _ActorRows] = {}
        for row in rows:
            self.append(row)

    def new(self, member: _Member, event_type: str, is_fixed: bool) -> _Row:
        """Make a row of one member."""
        row = _Row(member.actor, event_type, is_fixed, next(self.store.row_keys))
        row.append(member)
        self.store.place(row.key, member)
        self.append(row)
        return row

    @property
    def rows(self) -> list[_Row]:
        """The rows not merged into another, in the order they were made."""
        self._rows = [row for row in self._rows if not row.is_dropped]
        return self._rows

    def append(self, row: _Row) -> None:
        """Index a row made before."""
        row.number, row.placed = len(self._rows), None
        self._rows.append(row)
        actor = self._by_actor.setdefault(row.actor, _ActorRows())
        actor.rows.append(row)
        actor.place(row)

    def add(self, row: _Row, member: _Member, types: EventTypes) -> None:
        """Add a member to a row (`_add`), placing the row again if its best date changed."""
        best = row.best
        _add(row, member, types)
        self.store.place(row.key, member)
        if row.best is not best:
            self._by_actor[row.actor].place(row)

    def drop(self, row: _Row) -> None:
        """Take a row merged into another out (it is skipped from now on)."""
        row.is_dropped = True
        self.store.unplace(row.key)

    def of(self, member: _Member, after: _Row | None = None, reach: bool = True) -> list[_Row]:
        """The rows of the member's actor its date could match (see `_ActorRows.near`), in the
        order they were made (only those made after ``after`` if given)."""
        actor = self._by_actor.get(member.actor)
        if actor is None:
            return []
        first = -1 if after is None else after.number
        found = {id(row): row for row in actor.near(member, reach)
                 if row.number > first and not row.is_dropped}
        return sorted(found.values(), key=attrgetter("number"))


def _join(member: _Member, rows: _Rows, types: EventTypes) -> _Row | None:
    candidates = [row for row in rows.of(member)
                  if row.actor == member.actor
                  and _types_compatible(member.event_type, row.event_type, types,
                                        row.is_fixed)
                  and _overlaps(member, row.best) and _within_reach(member, row)]
    passing = []
    for index, row in enumerate(candidates):
        similarity, term = _score(member, row)
        if similarity + min(term, 0.0) >= _threshold(member, row, types):
            passing.append((similarity + term, index))
    if not passing:
        return None
    return candidates[min(passing, key=lambda pair: (-pair[0], pair[1]))[1]]


def _add(row: _Row, member: _Member, types: EventTypes) -> None:
    """Add a member; a row of extracted events takes the first specific type that joins it."""
    row.append(member)
    if not row.is_fixed and types[row.event_type].is_generic:
        row.event_type = member.event_type


def _consolidate(rows: _Rows, types: EventTypes) -> list[_Row]:
    """Merge rows that the one-pass join kept apart because they were made before the member
    that links them arrived (single linkage over dated and curated members): the first linked
    pair in the order the rows were made, again until no pair links."""
    changed = True
    while changed:
        changed = False
        for one in rows.rows:
            for other in rows.of(one.best, after=one, reach=False):
                if one.is_fixed and other.is_fixed:
                    continue
                keep, drop = (other, one) if other.is_fixed else (one, other)
                if keep.actor != drop.actor or not _types_compatible(
                        drop.event_type, keep.event_type, types, keep.is_fixed) or \
                        not _overlaps(drop.best, keep.best):
                    continue
                linked = max(keep.overlap(tokens) for tokens in drop.dated_tokens)
                threshold = DATED_MERGE_THRESHOLD + (TYPE_CHANGE_MARGIN if drop.event_type
                                                     != keep.event_type else 0.0)
                if linked >= threshold:
                    for member in rows.store.members(drop.key):
                        rows.add(keep, member, types)
                    rows.drop(drop)
                    changed = True
                    break
            if changed:
                break
    return rows.rows


def _describe(member: _Member) -> str:
    span = (member.date_start.isoformat() if member.date_start else "…")
    if member.date_end and member.date_end != member.date_start:
        span += f"/{member.date_end.isoformat()}"
    where = "curated" if member.is_curated else member.sentence_id
    text = f": {member.date_text!r}" if member.date_text else ""
    return f"{span} ({where}{text})"


def _assemble(row: _Row, members: Iterable[_Member], types: EventTypes) -> dict:
    """The chronology row of a row's members, read once in the order they joined (what is kept
    of them is what the row lists)."""
    best, curated = row.best, None
    article_ids, sentence_ids, cues, disagreeing = set(), set(), set(), set()
    #: each target's count and first place among the members sorted by precision (stable)
    targets: dict[str, list] = {}
    for place, member in enumerate(members):
        if member.is_curated:
            curated = curated or member
        else:
            article_ids.add(member.article_id)
            sentence_ids.add(member.sentence_id)
            cues.add(member.cue.lower())
        if member.key != best.key and member.date_start is not None \
                and not _overlaps_strictly(member, best):
            disagreeing.add(_describe(member))
        if member.target:
            first = (_precision(member), place)
            counted = targets.setdefault(member.target, [0, first])
            counted[0] += 1
            counted[1] = min(counted[1], first)
    notes = [best.date_note] if best.date_note else []
    if disagreeing:
        notes.append(f"sources disagree on the date: kept {_describe(best)}; also "
                     f"{', '.join(sorted(disagreeing))}")
    if curated is not None:
        target = curated.target
    else:  # the most frequent, on a tie the first in order of precision
        target = min(targets, key=lambda name: (-targets[name][0], targets[name][1]),
                     default="")
    origin = ("both" if article_ids else "curated") if curated is not None else "extracted"
    return {
        "date_start": best.date_start, "date_end": best.date_end,
        "granularity": best.granularity, "date_value": best.date_value,
        "actor": best.actor, "target": target, "event_type": row.event_type,
        "intensity": types[row.event_type].goldstein,
        "summary": curated.summary if curated is not None else best.summary,
        "sentence_ids": LIST_SEPARATOR.join(sorted(sentence_ids)),
        "article_ids": LIST_SEPARATOR.join(sorted(article_ids)), "n_sources": len(article_ids),
        "origin": origin, "date_note": "; ".join(notes),
        "source": curated.source if curated is not None else "",
        "notes": (curated.notes or "") if curated is not None else "",
        "cues": LIST_SEPARATOR.join(sorted(cues)),
        "is_anchored": bool(best.is_anchored),
    }


def _overlaps_strictly(one: _Member, other: _Member) -> bool:
    """Intervals overlap (no tolerance): dates that merely agree within tolerance disagree."""
    if None in (one.date_start, other.date_end) or None in (other.date_start,
                                                                   one.date_end):
        return True
    return one.date_start <= other.date_end and other.date_start <= one.date_end


def _sort_key(record: dict) -> tuple:
    far = date.max
    rank = GRANULARITIES.index(record["granularity"]) if record["granularity"] in \
        GRANULARITIES else len(GRANULARITIES)
    return (record["date_start"] or record["date_end"] or far, record["date_end"] or far, rank,
            record["actor"], record["event_type"], record["target"], record["summary"])


def merge_events(extracted: pd.DataFrame | Iterable[pd.DataFrame] | FoundEvents | None,
                 curated: pd.DataFrame | None = None, *, types: EventTypes | None = None,
                 keep_undated: bool = False,
                 progress: Callable[[int], object] | None = None) -> pd.DataFrame:
    """One row per event: the same event told by several articles (and the curator) merged.

    Args:
        extracted: events found in the articles (`extracted_events`): one frame,
            consecutive frames, or `FoundEvents` (what `chokepoints.analyze.write_parts`
            collects as it streams); None for none.
        curated: the curated chronology (`load_curated_events`); None for none.
        types: the event types (default: the project's event_types.yml).
        keep_undated: keep, as rows of their own, undated events that join no dated row
            (by default they are left out: a chronology row needs a date).
        progress: called with the number of events found merged since its last call (every
            `PROGRESS_STEP` events, and at the end of each pass), e.g. a progress bar's update.

    Returns:
        A frame with `EVENT_COLUMNS`, in chronological order (start, end, finer granularity
        first, then actor, type, target and summary: deterministic).

    Raises:
        ChokepointsError: the temporary folder, where the events wait, is full.
    """
    types = types or load_event_types()
    if isinstance(extracted, FoundEvents):
        with _kept_on_disk():
            return _merge(extracted, curated, types, keep_undated, progress)
    store = FoundEvents()
    try:
        if isinstance(extracted, pd.DataFrame):
            extracted = [extracted]
        for part in extracted or ():
            store.add(part)
        with _kept_on_disk():
            return _merge(store, curated, types, keep_undated, progress)
    finally:
        store.close()


#: Events merged between two reports of progress
PROGRESS_STEP = 1000


def _counted(members: Iterator[_Member], progress: Callable[[int], object] | None
             ) -> Iterator[_Member]:
    """``members``, reported to ``progress`` `PROGRESS_STEP` at a time and at the end."""
    if progress is None:
        yield from members
        return
    number = 0
    for number, member in enumerate(members, start=1):
        yield member
        if number % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
    progress(number % PROGRESS_STEP)


def _merge(store: FoundEvents, curated: pd.DataFrame | None, types: EventTypes,
           keep_undated: bool, progress: Callable[[int], object] | None) -> pd.DataFrame:
    store.start_merge()
    curated_members = _records(curated, is_curated=True) if curated is not None else []
    store.insert(curated_members)
    rows = _Rows(store)
    for member in curated_members:
        rows.new(member, member.event_type, True)
    for member in _counted(store.in_merge_order(undated=False), progress):
        row = _join(member, rows, types)
        if row is not None:
            rows.add(row, member, types)
        else:
            rows.new(member, member.event_type, False)
    rows = _Rows(store, _consolidate(rows, types))
    left_out = 0  # the key of a row that no chronology row is: the undated events left out
    for member in _counted(store.in_merge_order(undated=True), progress):
        row = _join(member, rows, types)
        if row is not None:
            rows.add(row, member, types)
        elif keep_undated:
            store.place(left_out, member)
    chronology = rows.rows
    if keep_undated:
        undated = _Rows(store)
        for member in store.members(left_out):
            row = _join(member, undated, types)
            if row is not None:
                undated.add(row, member, types)
            else:
                undated.new(member, member.event_type, False)
        chronology = chronology + undated.rows
    by_key = {row.key: row for row in chronology}
    assembled = {key: _assemble(by_key[key], members, types)
                 for key, members in store.placed() if key in by_key}
    records = sorted((assembled[row.key] for row in chronology), key=_sort_key)
    frame = pd.DataFrame(records, columns=list(EVENT_COLUMNS))
    return _typed(frame, dates=("date_start", "date_end"),
                  strings=("granularity", "date_value", "actor", "target", "event_type",
                           "summary", "sentence_ids", "article_ids", "origin", "date_note",
                           "source", "notes", "cues"),
                  floats=("intensity",), integers=("n_sources",), booleans=("is_anchored",))


def events_table(sentences: pd.DataFrame, articles: pd.DataFrame,
                 curated: pd.DataFrame | None = None, *, as_of: date | None = None,
                 types: EventTypes | None = None, actors: ActorDictionary | None = None,
                 keep_undated: bool = False) -> pd.DataFrame:
    """The escalation chronology: events found in the articles merged with the curated rows.

    Args:
        sentences: the sentences table (sentence_id, article_id, text, paragraph).
        articles: the articles table (id, published: datetime64 or NaT); an article's
            ``published`` anchors its relative dates.
        curated: the curated chronology (`load_curated_events`); None merges none in.
        as_of: stand-in anchor of undated articles (their dates that depend on it are
            flagged ``is_anchored`` False).
        types: the event types (default: the project's event_types.yml).
        actors: the actor dictionary (default: the project's actors.yml).
        keep_undated: keep undated events that match no dated row (see `merge_events`).

    Returns:
        A frame with `EVENT_COLUMNS`, chronological.
    """
    types = types or load_event_types()
    found = extracted_events(sentences, articles, as_of=as_of, types=types, actors=actors)
    return merge_events(found, curated, types=types, keep_undated=keep_undated)
