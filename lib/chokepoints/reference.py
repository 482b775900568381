"""Reference data: researched rare-earth figures with provenance, their dictionary and checks.

Every column of every reference dataset in ``data/reference/`` is defined once in `FIELDS`;
`DATASETS` says which columns each file has and which keys must be unique. The typed loading,
the validation and the Frictionless descriptor (``data/reference/datapackage.json``) are all
generated from these definitions. Conflicting figures are separate rows, never averaged;
`is_preferred` marks the one row to use when a single figure per key is wanted.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from chokepoints.config import DATA_DIR
from chokepoints.errors import ChokepointsError, ReferenceDataError
from chokepoints.schema import Field, check_column, field_descriptor

#: The reference datasets, their descriptor and README (data/reference/actors.yml is not one).
REFERENCE_DIR = DATA_DIR / "reference"
REFERENCE_DATAPACKAGE_NAME = "datapackage.json"
REFERENCE_DATAPACKAGE_FILE = REFERENCE_DIR / REFERENCE_DATAPACKAGE_NAME
REFERENCE_README_FILE = REFERENCE_DIR / "README.md"

#: Tags of the `quality` column ('; '-separated): the researcher's WEAK, DERIVED, PROJECTION,
#: SECONDARY, UNOFFICIAL and unverified, plus the tags the row checks add.
QUALITY_TAGS: dict[str, str] = {
    "weak": "low-reliability source: blog, forum, aggregator, machine translation or "
            "unattributed data",
    "derived": "computed from other figures, not reported as such",
    "projection": "a forecast, not an observation",
    "secondary": "read in a report quoting the figure's producer, not in the producer's own "
                 "document",
    "unofficial": "a de facto or reported measure without a published legal act",
    "unverified": "no primary source found",
    "conflict": "sources disagree: conflicts_with names the rows giving another figure for the "
                "same key, else notes and check_note say on what",
    "superseded": "an earlier edition's figure that a later edition revised",
    "partial_period": "covers part of the period only (a half-year or a month)",
    "inferred_year": "the source does not state the year; it was assigned from context",
    "scope_unclear": "the product or measure the figure covers is not clearly defined",
}
LIST_SEPARATOR = "; "
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_TAG = "(?:" + "|".join(QUALITY_TAGS) + ")"

COUNTRIES = ("Australia", "Brazil", "Burma (Myanmar)", "Canada", "China", "Greenland", "India",
             "Madagascar", "Malaysia", "Nigeria", "Russia", "South Africa", "Tanzania",
             "Thailand", "United States", "Vietnam", "Other countries", "World")
WORLD = "World"


@dataclass(frozen=True)
class ReferenceField(Field):
    """A column of the reference data: `Field` plus a regular expression the whole value matches.

    ``pattern`` follows Frictionless (the whole value must match); empty means no pattern.
    """

    pattern: str = ""


def _list_of(item: str) -> str:
    return f"{item}(?:{LIST_SEPARATOR}{item})*"


# --- the columns ------------------------------------------------------------------------------

F = ReferenceField
FIELDS: dict[str, ReferenceField] = {
    "id": F("string", "Row identifier, unique and stable within its dataset: period or date, "
            "subject and source (e.g. 2010-mof, 2024-china-mcs2026).", required=True,
            pattern=_ID),
    # What the figure describes.
    "reference_year": F("integer", "Year the figure describes; for a month or half-year, the "
                        "year the period falls in.", "year", required=True, minimum=1990,
                        maximum=2035),
    "reference_period": F("string", "Period the figure describes: YYYY (calendar year), "
                          "YYYY-MM (one month) or YYYY-H1/YYYY-H2 (half-year).", required=True,
                          pattern=r"\d{4}(?:-(?:0[1-9]|1[0-2])|-H[12])?"),
    "china_share_pct": F("number", "China's share, in percent, of the quantity the dataset "
                         "describes; how it was stated is in value_bound.", "percent",
                         required=True, minimum=0, maximum=100),
    "value_bound": F("string", "How the source states the figure: point (a figure as given), "
                     "approximate ('about', 'some', rounded) or lower_bound ('over', 'more "
                     "than': the true value is at least this).",
                     enum=("point", "approximate", "lower_bound"), required=True),
    "basis": F("string", "Whether the share is of import volume (tonnes) or value, or the "
               "source does not say.", enum=("volume", "value", "not_stated"), required=True),
    "definition": F("string", "What exactly the figure measures: quantity, unit, volume or "
                    "value, product scope and HS codes where known, estimate, derivation or "
                    "projection.", required=True),
    "is_preferred": F("boolean", "True for the one row to use when a single figure per key is "
                      "wanted (see the dataset's preferred key): primary before secondary, "
                      "annual before part-year, later edition before earlier; never an excluded "
                      "row. Flags such as projection still apply.", required=True),
    "country": F("string", "Producing country as USGS names it; 'Other countries' is USGS's "
                 "remainder row and 'World' the world total.", enum=COUNTRIES, required=True),
    "mine_production_tonnes": F("integer", "Mine production in tonnes of rare-earth oxide (REO) "
                                "equivalent.", "tonnes REO", required=True, minimum=0),
    "is_estimate": F("boolean", "True when USGS marks the figure as estimated; empty when the "
                     "transcription does not say."),
    "stage": F("string", "Supply-chain stage: mining (mine output), refining (separation and "
               "refining) or magnet_manufacturing (permanent magnets).",
               enum=("mining", "refining", "magnet_manufacturing"), required=True),
    "product_scope": F("string", "What is traded: rare_earths_all_forms (all rare-earth "
                       "compounds, metals and alloys), permanent_magnets (finished rare-earth "
                       "permanent magnets) or magnets_and_semi_finished (magnets with magnetic "
                       "powders and alloys).",
                       enum=("rare_earths_all_forms", "permanent_magnets",
                             "magnets_and_semi_finished"), required=True),
    "volume_tonnes": F("number", "Quantity shipped from China to Japan in the period, tonnes of "
                       "product weight.", "tonnes", required=True, minimum=0),
    "reporter": F("string", "Whose statistics: china_customs (China's export data), japan_mof "
                  "(Japan's import data: mirror statistics) or unattributed.",
                  enum=("china_customs", "japan_mof", "unattributed"), required=True),
    "scenario": F("string", "The cut-off the estimate models, in the author's terms.",
                  required=True),
    "materials": F("string", "What is cut off: rare_earths, or "
                   "rare_earths_and_critical_minerals.",
                   enum=("rare_earths", "rare_earths_and_critical_minerals"), required=True),
    "duration_months": F("integer", "Length of the modelled cut-off.", "months", required=True,
                         minimum=1),
    "loss_jpy": F("integer", "Estimated loss to Japan's economy (yen, as published, rounded).",
                  "yen", minimum=0),
    "gdp_change_pct": F("number", "Estimated change in Japan's GDP, percent of annual GDP "
                        "(negative is a loss); nominal or real as the definition says.",
                        "percent", minimum=-100, maximum=100),
    "author": F("string", "Author of the estimate, when named."),
    "event_date": F("date", "Date of the event, ISO YYYY-MM-DD; for a coarser "
                    "date_granularity, the first day of the month or year.", required=True),
    "date_granularity": F("string", "How precisely event_date is known.",
                          enum=("day", "month", "year"), required=True),
    "date_kind": F("string", "What happened on event_date: announced, took_effect, "
                   "announced_and_took_effect, suspended, statement (a spokesperson's word), "
                   "informal_start/informal_end (de facto measure), reported (press report of "
                   "an unannounced measure).",
                   enum=("announced", "took_effect", "announced_and_took_effect", "suspended",
                         "statement", "informal_start", "informal_end", "reported"),
                   required=True),
    "actor": F("string", "Who acted (authority or, for de facto measures, who was reported to "
               "act).", required=True),
    "target": F("string", "Whom the measure targets.",
                enum=("japan", "united_states", "all_destinations"), required=True),
    "measure": F("string", "What the measure does, paraphrased from the source.", required=True),
    "items": F("string", "Goods, materials or technologies covered."),
    "legal_instrument": F("string", "The announcement or catalogue, as the source names it; "
                          "empty when none was published or the source gives no number."),
    "is_official": F("boolean", "True when the measure rests on a published act or an official "
                     "statement; False for de facto or reported measures.", required=True),
    "is_rare_earth_measure": F("boolean", "True when the measure covers rare earths, rare-earth "
                               "magnets or rare-earth technology.", required=True),
    "in_force_until": F("date", "Date the measure (or the suspension) is set to end, when the "
                        "source gives one."),
    # Provenance: the same columns, in the same order, at the end of every dataset.
    "source_org": F("string", "Publisher or organisation of the document the figure was read "
                    "in (who says it), with the outlet it reached us through.", required=True),
    "source_title": F("string", "Title of that document.", required=True),
    "primary_source": F("string", "Who produced the figure or fact, as the source attributes "
                        "it (e.g. USGS Mineral Commodity Summaries 2025, Japan Ministry of "
                        "Finance trade statistics); empty or 'not stated' when unknown."),
    "source_url": F("string", "Address of the document; empty only when source_document "
                    "names it instead.", pattern=r"https?://\S+"),
    "source_document": F("string", "The document or copy actually read when it is not (only) "
                         "the URL: a project file, a transcription, a text copy."),
    "edition_year": F("integer", "Edition of a periodical (USGS MCS 2025 is 2025), else the "
                      "year of publication; empty when the page is undated (retrieval_note "
                      "then says 'undated').", "year", minimum=1990, maximum=2100),
    "published": F("string", "Publication date as precisely as known: YYYY, YYYY-MM or "
                   "YYYY-MM-DD; empty when unknown.",
                   pattern=r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"),
    "retrieval_note": F("string", "How the figure reached this file: who transcribed it from "
                        "what, and what was (not) re-checked.", required=True),
    "quality": F("string", "Quality tags, '; '-separated: " + "; ".join(
        f"{tag} ({meaning})" for tag, meaning in QUALITY_TAGS.items()) + ".",
        pattern=_list_of(_TAG)),
    "conflicts_with": F("string", "Ids of rows in the same dataset that give a different "
                        "figure for the same key, '; '-separated (kept, never averaged).",
                        pattern=_list_of(_ID)),
    "is_excluded": F("boolean", "True when the row was checked and rejected: kept so that the "
                     "rejection is visible, but not to be used.", required=True),
    "exclusion_reason": F("string", "Why the row is excluded; empty unless is_excluded."),
    "notes": F("string", "The researcher's note on the row, as received."),
    "check_note": F("string", "What was checked for this row (consistency, sums, plausibility "
                    "against published figures) and what was found and decided.",
                    required=True),
}
del F

PROVENANCE = ("source_org", "source_title", "primary_source", "source_url", "source_document",
              "edition_year", "published", "retrieval_note", "quality", "conflicts_with",
              "is_excluded", "exclusion_reason", "notes", "check_note")


# --- the datasets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A reference dataset: its file, columns and keys.

    ``unique_key`` must not repeat (beside ``id``); ``preferred_key`` groups the rows of which
    at most one is preferred; ``licence`` is what is known of the rights in the figures.
    """

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    unique_key: tuple[str, ...]
    preferred_key: tuple[str, ...] = ()
    licence: str = ""

    @property
    def file_name(self) -> str:
        """The CSV file's name inside the reference folder."""
        return f"{self.name}.csv"


_FACTS = ("Figures are quoted as facts with attribution to the publishers named in each row; no "
          "text is copied. No licence is declared for the compilation.")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("japan_import_shares", "China's share of Japan's rare-earth imports",
                "China's share of Japan's rare-earth imports by year (and a few part-year "
                "figures), 2008-2025: Japan MOF volume shares 2008-2014 and later rounded or "
                "partial figures, with conflicting reports as separate rows.",
                ("id", "reference_year", "reference_period", "china_share_pct", "value_bound",
                 "basis", "definition", "is_preferred", *PROVENANCE),
                unique_key=("reference_period", "source_url", "source_document"),
                preferred_key=("reference_year",), licence=_FACTS),
        Dataset("mine_production", "World rare-earth mine production by country",
                "Rare-earth mine production by country and world total, tonnes of REO, "
                "2010-2025, from USGS Mineral Commodity Summaries (MCS 2025 and 2026 tables, "
                "US salient statistics) and secondary reports of earlier editions; each edition "
                "is its own row. No reserves: the researched sources did not carry them.",
                ("id", "reference_year", "country", "mine_production_tonnes", "is_estimate",
                 "definition", "is_preferred", *PROVENANCE),
                unique_key=("reference_year", "country", "edition_year"),
                preferred_key=("reference_year", "country"),
                licence="USGS figures are U.S. Government works in the public domain; "
                        + _FACTS),
        Dataset("china_supply_chain_shares", "China's share by supply-chain stage",
                "China's share of world rare-earth mining, refining and permanent-magnet "
                "manufacturing (IEA, USGS-derived, press), 1990-2030, IEA projections "
                "included and flagged.",
                ("id", "reference_year", "stage", "china_share_pct", "value_bound",
                 "definition", "is_preferred", *PROVENANCE),
                unique_key=("reference_year", "stage", "source_url"),
                preferred_key=("reference_year", "stage"), licence=_FACTS),
        Dataset("china_exports_to_japan", "China's rare-earth exports to Japan",
                "Rare-earth shipments from China to Japan, tonnes: Japan's import statistics "
                "for 2009-2010 (all rare earths) and China customs magnet exports for "
                "2024-2025, by scope and reporter.",
                ("id", "reference_year", "reference_period", "product_scope", "volume_tonnes",
                 "value_bound", "reporter", "definition", "is_preferred", *PROVENANCE),
                unique_key=("reference_period", "product_scope", "source_url"),
                preferred_key=("reference_period", "product_scope"), licence=_FACTS),
        Dataset("cutoff_cost_estimates", "Published cost estimates of a cut-off for Japan",
                "Published model estimates of what a cut-off of Chinese rare earths (and other "
                "critical minerals) would cost Japan: cited points, never the project's own "
                "estimates.",
                ("id", "scenario", "materials", "duration_months", "loss_jpy",
                 "gdp_change_pct", "value_bound", "author", "definition", *PROVENANCE),
                unique_key=("source_org", "materials", "duration_months"), licence=_FACTS),
        Dataset("export_controls", "Chinese export-control chronology",
                "Dated Chinese export-control measures on critical minerals, 2010-2026, "
                "announcement, entry into force and suspension as separate rows; feeds the "
                "events chronology.",
                ("id", "event_date", "date_granularity", "date_kind", "actor", "target",
                 "measure", "items", "legal_instrument", "is_official",
                 "is_rare_earth_measure", "in_force_until", *PROVENANCE),
                unique_key=("event_date", "date_kind", "target"), licence=_FACTS),
    )
}

_PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "float64",
                  "boolean": "boolean"}


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise ChokepointsError(f"unknown reference dataset {name!r} (one of "
                               f"{', '.join(DATASETS)})") from None


def reference_path(name: str, directory: Path = REFERENCE_DIR) -> Path:
    """Path of a reference dataset's CSV file.

    Args:
        name: Dataset name, a key of `DATASETS`.
        directory: The reference folder.

    Returns:
        ``directory / "<name>.csv"``.
    """
    return directory / _dataset(name).file_name


def split_list(value: object) -> list[str]:
    """Split a '; '-separated cell (quality, conflicts_with) into its items; [] when empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return []
    return [item for item in str(value).split(LIST_SEPARATOR) if item]


# --- loading ------------------------------------------------------------------------------------


def coerce_reference(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the dataset's columns, in order, with their dtypes.

    Args:
        name: Dataset name.
        frame: Rows of the dataset; extra columns are dropped.

    Returns:
        A new frame: strings as ``string``, integers as ``Int64``, numbers as ``float64``,
        booleans as ``boolean`` and dates as ``datetime64[s]``.

    Raises:
        ReferenceDataError: A column is missing or a value cannot take the column's type.
    """
    spec = _dataset(name)
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise ReferenceDataError(f"{name}: lacks column(s) {', '.join(missing)}")
    out = frame.loc[:, list(spec.columns)].copy()
    for column in spec.columns:
        kind = FIELDS[column].type
        try:
            if kind == "date":
                out[column] = pd.to_datetime(out[column], format="%Y-%m-%d").astype(
                    "datetime64[s]")
            else:
                out[column] = out[column].astype(_PANDAS_DTYPES[kind])
        except (TypeError, ValueError) as error:
            raise ReferenceDataError(f"{name}.{column}: not {kind}: {error}") from error
    return out.reset_index(drop=True)


def load_reference(name: str, directory: Path = REFERENCE_DIR, *,
                   validate: bool = True) -> pd.DataFrame:
    """Read a reference dataset with the dictionary's dtypes.

    Args:
        name: Dataset name, a key of `DATASETS`.
        directory: The reference folder.
        validate: Check the rows against the dictionary and raise on any problem.

    Returns:
        The rows, typed (see `coerce_reference`); excluded rows included.

    Raises:
        ReferenceDataError: The file is missing, a value does not fit its type, or (with
            ``validate``) `validate_reference` finds problems.
    """
    spec = _dataset(name)
    path = reference_path(name, directory)
    if not path.is_file():
        raise ReferenceDataError(f"{path}: no such reference file")
    dtypes = {c: "string" for c in spec.columns if FIELDS[c].type in ("string", "date")}
    # Only an empty cell is missing: "NA" in a source title stays text.
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""],
                        encoding="utf-8")
    frame = coerce_reference(name, frame)
    if validate:
        problems = validate_reference(name, frame)
        if problems:
            raise ReferenceDataError(f"{path}: " + "; ".join(problems))
    return frame


def select_preferred(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows to use when one figure per key is wanted: preferred and not excluded."""
    return frame[frame["is_preferred"].fillna(False) & ~frame["is_excluded"].fillna(False)]


# --- validation -------------------------------------------------------------------------------


def _present(values: pd.Series) -> pd.Series:
    return values.notna() & (values.astype("string").str.strip() != "")


def _check_columns(name: str, frame: pd.DataFrame) -> list[str]:
    problems = []
    for column in DATASETS[name].columns:
        definition = FIELDS[column]
        values = frame[column]
        problems += check_column(f"{name}.{column}", definition, values)
        present = values.dropna()
        if definition.pattern:
            pattern = re.compile(definition.pattern)
            bad = sorted({str(v) for v in present if not pattern.fullmatch(str(v))})
            if bad:
                problems.append(f"{name}.{column}: values {bad[:3]} do not match the pattern")
    return problems


def _check_keys(name: str, frame: pd.DataFrame) -> list[str]:
    spec = DATASETS[name]
    problems = []
    duplicated = frame.loc[frame["id"].duplicated(), "id"]
    if len(duplicated):
        problems.append(f"{name}: duplicate id(s) {sorted(set(duplicated))}")
    key = list(spec.unique_key)
    repeated = frame[frame.duplicated(key, keep=False)]
    if len(repeated):
        problems.append(f"{name}: duplicate key {key} in rows {sorted(repeated['id'])}")
    if spec.preferred_key:
        preferred = frame[frame["is_preferred"].fillna(False)]
        twice = preferred[preferred.duplicated(list(spec.preferred_key), keep=False)]
        if len(twice):
            problems.append(f"{name}: more than one preferred row per {list(spec.preferred_key)}"
                            f" in rows {sorted(twice['id'])}")
        both = preferred[preferred["is_excluded"].fillna(False)]
        if len(both):
            problems.append(f"{name}: excluded rows marked preferred {sorted(both['id'])}")
    return problems


def _check_provenance(name: str, frame: pd.DataFrame) -> list[str]:
    problems = []
    ids = frame["id"]
    located = _present(frame["source_url"]) | _present(frame["source_document"])
    if not located.all():
        problems.append(f"{name}: rows without source_url or source_document "
                        f"{sorted(ids[~located])}")
    undated = frame["retrieval_note"].astype("string").str.contains("undated", case=False,
                                                                    na=False)
    dated = frame["edition_year"].notna() | _present(frame["published"]) | undated
    if not dated.all():
        problems.append(f"{name}: rows with neither edition_year nor published nor an "
                        f"'undated' retrieval note {sorted(ids[~dated])}")
    excluded = frame["is_excluded"].fillna(False)
    reason = _present(frame["exclusion_reason"])
    if (excluded & ~reason).any():
        problems.append(f"{name}: excluded rows without exclusion_reason "
                        f"{sorted(ids[excluded & ~reason])}")
    if (~excluded & reason).any():
        problems.append(f"{name}: exclusion_reason on rows kept {sorted(ids[~excluded & reason])}")
    rows = list(zip(ids, frame["conflicts_with"].map(split_list), frame["quality"],
                    strict=True))
    partners: dict[str, set[str]] = {}
    for row_id, others, _ in rows:
        partners.setdefault(row_id, set()).update(others)
    for row_id, others, quality in rows:
        for other in others:
            if other not in partners or other == row_id:
                problems.append(f"{name}: {row_id} conflicts_with unknown row {other!r}")
            elif row_id not in partners[other]:
                problems.append(f"{name}: {row_id} conflicts_with {other} but not the reverse")
        if others and "conflict" not in split_list(quality):
            problems.append(f"{name}: {row_id} has conflicts_with but no 'conflict' tag")
    return problems


def _check_periods(name: str, frame: pd.DataFrame) -> list[str]:
    """reference_period falls in reference_year; event_date fits date_granularity."""
    problems = []
    if "reference_period" in frame.columns:
        starts = frame["reference_period"].astype("string").str[:4]
        wrong = frame.loc[starts != frame["reference_year"].astype("string"), "id"]
        if len(wrong):
            problems.append(f"{name}: reference_period outside reference_year in rows "
                            f"{sorted(wrong)}")
    if "date_granularity" in frame.columns:
        dates = frame["event_date"]
        coarse = (((frame["date_granularity"] == "month") & (dates.dt.day != 1))
                  | ((frame["date_granularity"] == "year")
                     & ((dates.dt.day != 1) | (dates.dt.month != 1))))
        if coarse.fillna(False).any():
            problems.append(f"{name}: event_date is not the first day of its month or year in "
                            f"rows {sorted(frame.loc[coarse.fillna(False), 'id'])}")
    return problems


def world_total_tolerance(world_tonnes: float) -> float:
    """How far a sum of countries may stray from a USGS world total through rounding.

    USGS rounds world totals to two or three significant figures, so the allowance is half a
    unit of the second significant figure: 5,000 t for totals from 100,000 to 999,999 t.

    Args:
        world_tonnes: The world total, tonnes REO (positive).

    Returns:
        The allowance in tonnes.
    """
    return 0.5 * 10 ** (math.floor(math.log10(world_tonnes)) - 1)


def check_world_totals(frame: pd.DataFrame) -> list[str]:
    """Compare world totals with the sum of the country rows (mine_production).

    Rows are grouped by (reference_year, edition_year): one edition's figures for one year.
    In every group with a world row, the countries may not sum to more than the world total
    plus `world_total_tolerance`; when the group is a full table (it has the 'Other countries'
    row) the sum must also be within the tolerance below. The preferred rows of each year are
    checked the same way (a mix of editions, so only the upper bound applies). Excluded rows
    are left out.

    Args:
        frame: The mine_production dataset, typed.

    Returns:
        One message per failing group; empty when every total holds.
    """
    kept = frame[~frame["is_excluded"].fillna(False)]
    problems = []

    def check(rows: pd.DataFrame, label: str, full_table: bool) -> None:
        world = rows[rows["country"] == WORLD]
        if len(world) != 1:
            if len(world) > 1:
                problems.append(f"mine_production {label}: {len(world)} world rows")
            return
        total = float(world["mine_production_tonnes"].iloc[0])
        countries = float(rows.loc[rows["country"] != WORLD, "mine_production_tonnes"].sum())
        allowed = world_total_tolerance(total)
        if countries > total + allowed:
            problems.append(f"mine_production {label}: countries sum to {countries:,.0f} t, "
                            f"above the world total {total:,.0f} t")
        elif full_table and countries < total - allowed:
            problems.append(f"mine_production {label}: the full table sums to "
                            f"{countries:,.0f} t, below the world total {total:,.0f} t")

    for (year, edition), rows in kept.groupby(["reference_year", "edition_year"]):
        check(rows, f"{year} (edition {edition})", (rows["country"] == "Other countries").any())
    for year, rows in select_preferred(kept).groupby("reference_year"):
        check(rows, f"{year} (preferred rows)", full_table=False)
    return problems


def _check_preferred_annual(frame: pd.DataFrame) -> list[str]:
    """A preferred import share is a calendar-year figure, not a month or half-year."""
    preferred = frame[frame["is_preferred"].fillna(False)]
    partial = preferred.loc[preferred["reference_period"]
                            != preferred["reference_year"].astype("string"), "id"]
    if len(partial):
        return [f"japan_import_shares: part-year rows marked preferred {sorted(partial)}"]
    return []


_DATASET_CHECKS: dict[str, tuple[Callable[[pd.DataFrame], list[str]], ...]] = {
    "japan_import_shares": (_check_preferred_annual,),
    "mine_production": (check_world_totals,),
}


def validate_reference(name: str, frame: pd.DataFrame) -> list[str]:
    """List every way ``frame`` breaks the dataset's definition (empty when valid).

    Checks the columns and their order; required values, allowed values, ranges and patterns;
    unique ids and keys; at most one preferred row per key and none excluded; a URL or document
    and an edition year or date on every row; an exclusion reason exactly on excluded rows;
    conflicts_with naming existing rows both ways, with the conflict tag; periods inside their
    year; and the dataset's own checks (world totals of mine_production, annual preferred
    import shares).

    Args:
        name: Dataset name, a key of `DATASETS`.
        frame: The dataset, typed as `load_reference` returns it.

    Returns:
        Problem messages; an empty list when the frame is valid.
    """
    spec = _dataset(name)
    if tuple(frame.columns) != spec.columns:
        return [f"{name}: columns {list(frame.columns)} != {list(spec.columns)}"]
    problems = _check_columns(name, frame)
    problems += _check_keys(name, frame)
    problems += _check_provenance(name, frame)
    problems += _check_periods(name, frame)
    for check in _DATASET_CHECKS.get(name, ()):
        problems += check(frame)
    return problems


# --- the Frictionless descriptor ----------------------------------------------------------------


def _field_descriptor(column: str) -> dict:
    definition = FIELDS[column]
    item = field_descriptor(column, definition)
    if definition.type == "boolean":
        item["trueValues"] = ["true"]
        item["falseValues"] = ["false"]
    if definition.pattern:
        item.setdefault("constraints", {})["pattern"] = definition.pattern
    return item


def _sources(path: Path) -> list[dict]:
    """One Frictionless source per distinct document cited in the file, in file order."""
    frame = pd.read_csv(path, dtype="string", keep_default_na=False)
    sources: list[dict] = []
    seen = set()
    for org, title, url, document in zip(frame["source_org"], frame["source_title"],
                                         frame["source_url"], frame["source_document"],
                                         strict=True):
        key = (org, title, url or document)
        if key in seen:
            continue
        seen.add(key)
        source = {"title": f"{org}: {title}"}
        if url:
            source["path"] = url
        elif document:
            source["path"] = document
        sources.append(source)
    return sources


def reference_datapackage(directory: Path = REFERENCE_DIR) -> dict:
    """Frictionless Data Package descriptor of the reference datasets, from the dictionary.

    The schemas come from `FIELDS` and `DATASETS`; each resource also lists the documents
    its rows cite and carries the sha256 of its file, so the descriptor changes whenever the
    data do.

    Args:
        directory: The reference folder holding the CSV files.

    Returns:
        The descriptor as a dict, ready for ``json.dumps``.

    Raises:
        ReferenceDataError: A dataset's file is missing.
    """
    resources = []
    for spec in DATASETS.values():
        path = directory / spec.file_name
        if not path.is_file():
            raise ReferenceDataError(f"{path}: no such reference file")
        schema: dict = {"fields": [_field_descriptor(c) for c in spec.columns],
                        "missingValues": [""], "primaryKey": ["id"]}
        resource = {
            "profile": "tabular-data-resource", "name": spec.name, "path": spec.file_name,
            "title": spec.title, "description": spec.description, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
            "sources": _sources(path), "licenseNote": spec.licence, "schema": schema,
        }
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "chokepoints-reference",
        "title": "Rare earths and China-Japan export controls: reference figures",
        "description": "Researched figures on rare earths (Japan's import share from China, "
                       "world mine production, China's supply-chain shares, China's exports "
                       "to Japan, cut-off cost estimates) and the Chinese export-control "
                       "chronology, each row with its source, quality flags and check note. "
                       "Generated by chokepoints.reference; see README.md.",
        "sources": [{"title": "Compilation of public web pages and data files by the project's "
                              "researcher (shared/reference, January 2026), checked row by row "
                              "in data/reference/README.md"}],
        "resources": resources,
    }


def write_reference_datapackage(directory: Path = REFERENCE_DIR) -> Path:
    """Write ``datapackage.json`` describing the reference datasets into ``directory``.

    Args:
        directory: The reference folder.

    Returns:
        The path written.
    """
    path = directory / REFERENCE_DATAPACKAGE_NAME
    text = json.dumps(reference_datapackage(directory), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def publish_references(out_dir: Path, directory: Path = REFERENCE_DIR) -> list[Path]:
    """Validate every reference dataset, then copy it with the data package and README into
    ``out_dir`` (a build's data folder: readers get the figures behind the charts).

    Args:
        out_dir: Folder to copy into (created).
        directory: The reference folder.

    Returns:
        The paths written.

    Raises:
        ReferenceDataError: A dataset is missing or fails validation (nothing is copied).
    """
    for name in DATASETS:
        load_reference(name, directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = [directory / spec.file_name for spec in DATASETS.values()]
    sources += [directory / REFERENCE_DATAPACKAGE_NAME, directory / REFERENCE_README_FILE.name]
    return [Path(shutil.copyfile(path, out_dir / path.name)) for path in sources]
