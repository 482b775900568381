"""The column dictionary: every column of every analysis table defined once.

The Frictionless descriptor written beside the tables (`datapackage.json`), the dtypes used to
read them back and the validation of each table are all generated from these definitions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from chokepoints.errors import ChokepointsError
from chokepoints.tablecsv import write_csv

ROLES = ("title", "heading", "body", "furniture", "inline_furniture")


@dataclass(frozen=True)
class Field:
    """One column: Frictionless type, description, unit and allowed values."""

    type: str  # string | integer | number | boolean | date
    description: str
    unit: str = ""
    enum: tuple[str, ...] = ()
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None


FIELDS: dict[str, Field] = {
    "id": Field("string", "Article identifier from the corpus manifest.", required=True),
    "article_id": Field("string", "Identifier of the article (articles.id).", required=True),
    "sentence_id": Field("string", "Sentence identifier: article id, paragraph and sentence "
                         "number, e.g. 001_9f06c7f35a985a2e-p03-s02.", required=True),
    "label": Field("string", "Short display name of the article: outlet, else the start of the "
                   "title, else the article id."),
    "title": Field("string", "Headline, from the manifest or else from the article text."),
    "outlet": Field("string", "Publisher; empty when the text does not say."),
    "published": Field("date", "Publication date; empty when it cannot be known."),
    "perspective": Field("string", "Source perspective (data/vocabularies/perspectives.csv).",
                         required=True),
    "url": Field("string", "Address of the article, when known."),
    "file": Field("string", "Raw file name inside the corpus's raw/ folder."),
    "n_paragraphs": Field("integer", "Body paragraphs (bullet items count one each) kept after "
                          "cleaning.", "paragraphs", minimum=0),
    "n_sentences": Field("integer", "Sentences in the kept body.", "sentences", minimum=0),
    "n_words": Field("integer", "Words in the kept body (white-space separated).", "words",
                     minimum=0),
    "n_furniture_lines_removed": Field("integer", "Whole raw lines removed as page furniture.",
                                       "lines", minimum=0),
    "n_headings": Field("integer", "Headline and section headings kept as structure.",
                        "headings", minimum=0),
    "polarity": Field("number", "Sentiment polarity, -1 (negative) to 1 (positive); per article "
                      "the mean over sentences weighted by sentence length in characters.",
                      "score", minimum=-1, maximum=1),
    "subjectivity": Field("number", "Subjectivity, 0 (objective) to 1 (subjective); per article "
                          "weighted like polarity.", "score", minimum=0, maximum=1),
    "paragraph": Field("integer", "Paragraph number within the article, from 1.", minimum=1),
    "sentence": Field("integer", "Sentence number within the paragraph, from 1.", minimum=1),
    "heading": Field("string", "The section heading the sentence falls under, if any."),
    "is_bullet": Field("boolean", "True when the sentence comes from a bullet item."),
    "text": Field("string", "The text, as it stands in the cleaned article."),
    "n_chars": Field("integer", "Length in characters.", "characters", minimum=0),
    "vader_compound": Field("number", "VADER compound sentiment score, -1 (negative) to 1 "
                            "(positive): a second, independent lexicon beside TextBlob.",
                            "score", minimum=-1, maximum=1),
    "is_hedged": Field("boolean", "True when the sentence holds a hedge or modal uncertainty "
                       "cue (data/lexicons/hedges.yml)."),
    "hedge_cues": Field("string", "The hedge cues found, '; '-separated."),
    "frame": Field("string", "Frame id (data/lexicons/frames.yml): a Policy Frames Codebook "
                   "dimension or a domain sub-frame.", required=True),
    "level": Field("string", "Whether the frame is a codebook dimension or a sub-frame.",
                   enum=("dimension", "subframe"), required=True),
    "dimension": Field("string", "The codebook dimension: the frame itself, or a sub-frame's "
                       "parent.", required=True),
    "cues": Field("string", "The cue words that matched in the sentence, '; '-separated: the "
                  "evidence for the frame."),
    "quote": Field("string", "Direct quote: the words inside the quotation marks; indirect: "
                   "the reported statement.", required=True),
    "speaker": Field("string", "Who is quoted, as the article names them; empty when nobody "
                     "is named."),
    "side": Field("string", "The side the speaker or actor speaks for "
                  "(data/reference/actors.yml).", required=True),
    "is_scare_quote": Field("boolean", "True for quoted words with no speaker (scare quotes)."),
    "verb": Field("string", "The attribution verb or phrase (said, according to, warned...)."),
    "actor": Field("string", "Actor the sentence speaks of (data/reference/actors.yml).",
                   required=True),
    "mentions": Field("string", "The words naming the actor in the sentence, '; '-separated."),
    "n_mentions": Field("integer", "Times the actor is named in the sentence.", "mentions",
                        minimum=1),
    "date_start": Field("date", "First day of the interval the event's date covers."),
    "date_end": Field("date", "Last day of that interval (equal to date_start for a day)."),
    "granularity": Field("string", "Precision of the date as the sources give it (day, week, "
                         "month, quarter, season, year, decade...)."),
    "date_value": Field("string", "The date in TIMEX3 notation (2026-01-06, 2025-11, 2010) or an "
                        "ISO interval for a span."),
    "target": Field("string", "Actor the event is directed at (data/reference/actors.yml); "
                    "empty when none is named."),
    "event_type": Field("string", "Event type (data/lexicons/event_types.yml), modelled on "
                        "CAMEO / PLOVER root categories.", required=True),
    "intensity": Field("number", "Goldstein conflict-cooperation score of the event type, -10 "
                       "(most conflictual) to +10 (most cooperative).", "Goldstein scale",
                       minimum=-10, maximum=10),
    "summary": Field("string", "The clause that tells the event (extracted) or the analyst's "
                     "summary (curated)."),
    "sentence_ids": Field("string", "The source sentences ('; '-separated sentences.sentence_id)."
                          " Called sentence_ids because `sentence` is a sentence's number."),
    "article_ids": Field("string", "The articles that tell the event ('; '-separated ids)."),
    "n_sources": Field("integer", "How many articles tell the event (curated rows add none).",
                       "articles", minimum=0),
    "origin": Field("string", "Where the row comes from: found in the articles, the curated "
                    "chronology (data/reference/events.csv), or both.",
                    enum=("extracted", "curated", "both"), required=True),
    "date_note": Field("string", "Where the sources disagree on the date, or how it was read."),
    "source": Field("string", "Citation of a curated row (seed sentence ids, reference rows)."),
    "notes": Field("string", "The curator's notes on a curated row."),
    "is_anchored": Field("boolean", "False when a relative date had to be anchored to the "
                         "build's as-of date because the article is undated."),
    "line_no": Field("integer", "Line number in the raw file, from 1.", minimum=1),
    "role": Field("string", "What cleaning kept the line as, or removed it as.", enum=ROLES),
    "kind": Field("string", "What sort of thing the row is: in cleaning, the kind of furniture "
                  "(navigation, subscribe, comments...; empty for kept lines); in quotes, "
                  "direct (quotation marks) or indirect (reported speech); in claims, share, "
                  "change, quantity, money, count or duration."),
    "value": Field("number", "The figure as stated, in `unit` (a range's midpoint; empty for a "
                   "vague magnitude such as 'hundreds of billions').", "see unit"),
    "low": Field("number", "Lower bound of the figure (empty when open, as in 'up to').",
                 "see unit"),
    "high": Field("number", "Upper bound of the figure (empty when open, as in 'more than').",
                  "see unit"),
    "unit": Field("string", "Unit of value, low and high (percent, tonnes, yen, usd, count, "
                  "months, years...; data/lexicons/metrics.yml)."),
    "qualifier": Field("string", "How the figure is hedged or bounded.",
                       enum=("exact", "about", "more than", "at least", "up to", "less than",
                             "nearly")),
    "metric": Field("string", "What the figure measures (data/lexicons/metrics.yml), or "
                    "'unclassified'.", required=True),
    "refers_to_year": Field("integer", "The year the figure refers to, when the sentence "
                            "states one."),
    "rule": Field("string", "Cleaning rule that decided (data/cleaning/furniture_rules.yml, a "
                  "structural rule, or 'override' for the corpus's cleaning_overrides.csv)."),
}


@dataclass(frozen=True)
class Table:
    """An analysis table: its name, description, columns and primary key."""

    name: str
    description: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: dict[str, str] = field(default_factory=dict)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("articles", "One row per article analysed: metadata, size after cleaning and "
              "length-weighted sentiment.",
              ("id", "label", "title", "outlet", "published", "perspective", "url", "file",
               "n_paragraphs", "n_sentences", "n_words", "n_headings",
               "n_furniture_lines_removed", "polarity", "subjectivity"),
              primary_key=("id",)),
        Table("sentences", "One row per sentence of the cleaned article bodies, with sentiment.",
              ("sentence_id", "article_id", "paragraph", "sentence", "heading", "is_bullet",
               "text", "n_chars", "polarity", "subjectivity", "vader_compound", "is_hedged",
               "hedge_cues"),
              primary_key=("sentence_id",), foreign_keys={"article_id": "articles.id"}),
        Table("frames", "One row per (sentence, frame it carries), with the matched cues as "
              "evidence. A sub-frame's sentence also carries its parent dimension.",
              ("article_id", "sentence_id", "frame", "level", "dimension", "cues"),
              primary_key=("sentence_id", "frame"),
              foreign_keys={"article_id": "articles.id", "sentence_id": "sentences.sentence_id"}),
        Table("quotes", "One row per direct quote or indirect attribution, with its speaker "
              "and the side the speaker speaks for.",
              ("article_id", "sentence_id", "quote", "speaker", "side", "kind",
               "is_scare_quote", "verb"),
              foreign_keys={"article_id": "articles.id", "sentence_id": "sentences.sentence_id"}),
        Table("actor_sentiment", "One row per (sentence, actor it speaks of), with the "
              "sentence's scores: the basis of actor-targeted sentiment.",
              ("article_id", "sentence_id", "actor", "mentions", "n_mentions", "polarity",
               "subjectivity", "vader_compound"),
              primary_key=("sentence_id", "actor"),
              foreign_keys={"article_id": "articles.id", "sentence_id": "sentences.sentence_id"}),
        Table("claims", "One row per numeric claim (share, quantity, money, change, duration, "
              "count) in the articles, with what it measures.",
              ("article_id", "sentence_id", "text", "value", "low", "high", "unit", "qualifier",
               "kind", "metric", "refers_to_year"),
              foreign_keys={"article_id": "articles.id", "sentence_id": "sentences.sentence_id"}),
        Table("events", "The escalation chronology: one row per event, merged across "
              "articles and with the curated chronology.",
              ("date_start", "date_end", "granularity", "date_value", "actor", "target",
               "event_type", "intensity", "summary", "sentence_ids", "article_ids",
               "n_sources", "origin", "date_note", "source", "notes", "cues", "is_anchored")),
        Table("cleaning", "One row per non-empty raw line (and per piece cut out of a line): "
              "what cleaning kept or removed, and which rule decided.",
              ("article_id", "line_no", "role", "kind", "rule", "text"),
              foreign_keys={"article_id": "articles.id"}),
    )
}

_PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "float64",
                  "boolean": "boolean"}
#: The dtype of each Frictionless type's columns.
_DTYPES = {kind: pandas_dtype(name) for kind, name in _PANDAS_DTYPES.items()} | {
    "date": np.dtype("datetime64[s]")}


def coerce(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with exactly the table's columns, in order, with their dtypes."""
    spec = TABLES[table]
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise ChokepointsError(f"table {table!r} lacks column(s) {', '.join(missing)}")
    return _frame({column: _typed(frame[column], FIELDS[column].type)
                   for column in spec.columns}, len(frame))


def from_rows(rows: Sequence[Mapping[str, object]], table: str) -> pd.DataFrame:
    """`coerce` of ``pd.DataFrame(rows, columns=<the table's columns>)`` (each row holding every
    column), built column by column, each straight into its dtype (pandas guesses none)."""
    spec = TABLES[table]
    if not rows:
        return coerce(pd.DataFrame(rows, columns=spec.columns), table)
    return _frame({column: _array(list(map(itemgetter(column), rows)), FIELDS[column].type)
                   for column in spec.columns}, len(rows))


def _typed(values: pd.Series, kind: str) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """The values of a column of Frictionless type ``kind``, with its dtype."""
    if values.dtype == _DTYPES[kind]:
        return values.array
    if kind == "date":
        return pd.to_datetime(values, format="%Y-%m-%d").astype(_DTYPES[kind]).array
    return values.astype(_DTYPES[kind]).array


def _array(values: list, kind: str) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """`_typed` of a column given as a list of Python values."""
    if kind == "date":
        return _typed(pd.Series(values, dtype=object), kind)
    if kind == "number":
        return np.array(values, dtype=_DTYPES[kind])
    return pd.array(values, dtype=_DTYPES[kind])


def _frame(columns: dict[str, object], length: int) -> pd.DataFrame:
    """A frame of typed columns, indexed 0 to ``length`` - 1."""
    return pd.DataFrame(columns, index=pd.RangeIndex(length))


def check_column(where: str, definition: Field, values: pd.Series) -> list[str]:
    """Problems of one column's values against its definition: missing required values,
    values outside the allowed ones or the range. ``where`` names the column in messages."""
    problems = []
    if definition.required and values.isna().any():
        problems.append(f"{where}: {int(values.isna().sum())} missing value(s)")
    if not definition.enum and definition.minimum is None and definition.maximum is None:
        return problems
    present = values.dropna()
    if definition.enum and not present.isin(definition.enum).all():
        bad = sorted(set(present[~present.isin(definition.enum)]))
        problems.append(f"{where}: values {bad} not in {list(definition.enum)}")
    if definition.minimum is not None and (present < definition.minimum).any():
        problems.append(f"{where}: values below {definition.minimum}")
    if definition.maximum is not None and (present > definition.maximum).any():
        problems.append(f"{where}: values above {definition.maximum}")
    return problems


def field_descriptor(name: str, definition: Field) -> dict:
    """The Frictionless field descriptor of one column definition."""
    item: dict = {"name": name, "type": definition.type, "description": definition.description}
    if definition.unit:
        item["unit"] = definition.unit
    constraints: dict = {}
    if definition.required:
        constraints["required"] = True
    if definition.enum:
        constraints["enum"] = list(definition.enum)
    if definition.minimum is not None:
        constraints["minimum"] = definition.minimum
    if definition.maximum is not None:
        constraints["maximum"] = definition.maximum
    if constraints:
        item["constraints"] = constraints
    return item


def validate(frame: pd.DataFrame, table: str) -> list[str]:
    """List every way ``frame`` breaks the table's definition (empty when valid)."""
    spec = TABLES[table]
    problems = []
    if tuple(frame.columns) != spec.columns:
        problems.append(f"{table}: columns {list(frame.columns)} != {list(spec.columns)}")
        return problems
    for column in spec.columns:
        problems += check_column(f"{table}.{column}", FIELDS[column], frame[column])
    if spec.primary_key and frame.duplicated(list(spec.primary_key)).any():
        problems.append(f"{table}: duplicate primary key {list(spec.primary_key)}")
    return problems


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Read a table written by `write_table`, with the dictionary's dtypes."""
    spec = TABLES[table]
    dtypes = {c: _PANDAS_DTYPES[FIELDS[c].type] for c in spec.columns
              if FIELDS[c].type in ("string", "integer", "boolean")}
    # Only an empty cell is missing: "NA" or "null" in an article's text stay text.
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    return coerce(frame, table)


def write_table(frame: pd.DataFrame, path: Path, append: bool = False) -> None:
    """Write a table as UTF-8 CSV (dates as YYYY-MM-DD, floats exactly); with ``append``, add
    its rows, without the header, to the end of ``path``."""
    write_csv(frame, path, append)


def datapackage(tables: list[str], name: str = "chokepoints-analysis") -> dict:
    """Frictionless Data Package descriptor for the given tables, from the dictionary."""
    resources = []
    for table in tables:
        spec = TABLES[table]
        fields = [field_descriptor(column, FIELDS[column]) for column in spec.columns]
        schema: dict = {"fields": fields}
        if spec.primary_key:
            schema["primaryKey"] = list(spec.primary_key)
        if spec.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": target.split(".")[0],
                                                 "fields": target.split(".")[1]}}
                for column, target in spec.foreign_keys.items()
            ]
        resources.append({"name": table, "path": f"{table}.csv", "format": "csv",
                          "encoding": "utf-8", "description": spec.description,
                          "schema": schema})
    return {"name": name, "resources": resources}


def write_datapackage(tables: list[str], directory: Path) -> Path:
    """Write ``datapackage.json`` describing ``tables`` into ``directory``."""
    path = directory / "datapackage.json"
    path.write_text(json.dumps(datapackage(tables), indent=2) + "\n", encoding="utf-8")
    return path
