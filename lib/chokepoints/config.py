"""Every path and default the package uses, in one place."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The project checkout. The package is installed in editable mode from it; CHOKEPOINTS_HOME
#: points elsewhere when the data and notebooks live somewhere else.
PROJECT_DIR = Path(os.environ.get("CHOKEPOINTS_HOME", PACKAGE_DIR.parent.parent)).resolve()

DATA_DIR = PROJECT_DIR / "data"
DEFAULT_CORPUS_DIR = DATA_DIR / "corpus"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
REPORTS_DIR = PROJECT_DIR / "reports"
#: Analysis tables cached by what they depend on (corpus, as-of date, code and data).
CACHE_DIR = PROJECT_DIR / ".cache"

#: Controlled vocabulary of source perspectives (one row per allowed value).
PERSPECTIVES_FILE = DATA_DIR / "vocabularies" / "perspectives.csv"
#: Actors of actor-targeted sentiment and the sides speakers speak for.
ACTORS_FILE = DATA_DIR / "reference" / "actors.yml"
#: Frame dimensions and sub-frames with their cue words.
FRAMES_FILE = DATA_DIR / "lexicons" / "frames.yml"
#: Metric vocabulary of numeric claims, with their cue words.
METRICS_FILE = DATA_DIR / "lexicons" / "metrics.yml"
#: Hedging and uncertainty cues.
HEDGES_FILE = DATA_DIR / "lexicons" / "hedges.yml"
#: Event types of the escalation chronology (CAMEO / PLOVER roots, Goldstein intensities).
EVENT_TYPES_FILE = DATA_DIR / "lexicons" / "event_types.yml"
#: The analyst-maintained chronology merged with the events found in the articles.
CURATED_EVENTS_FILE = DATA_DIR / "reference" / "events.csv"
#: Hand-labelled frames of seed sentences, to measure the frame detector.
FRAMES_GOLD_FILE = PROJECT_DIR / "tests" / "data" / "frames_gold.csv"
#: Page-furniture rules applied to every corpus.
FURNITURE_RULES_FILE = DATA_DIR / "cleaning" / "furniture_rules.yml"
#: TimeBank 1.2 (TimeML gold dates, read-only, outside the checkout) for bench/timebank_dates.py.
TIMEBANK_DIR = PROJECT_DIR.parent / "shared" / "timebank"

# Inside a corpus folder.
MANIFEST_NAME = "manifest.csv"
RAW_DIR_NAME = "raw"
#: Optional per-corpus hand corrections to cleaning (a CSV with a reason per row).
CLEANING_OVERRIDES_NAME = "cleaning_overrides.csv"

# Inside a build's output folder.
TABLES_DIR_NAME = "data"
#: Inside a build's tables folder: the reference datasets behind the dependency charts.
REFERENCE_TABLES_DIR_NAME = "reference"
EXECUTED_DIR_NAME = "executed"
#: In a build's tables folder while its analysis runs beside the kernels' start (and, if the
#: analysis fails, its error): notebooks wait for the tables (`chokepoints.analyze`).
TABLES_PENDING_NAME = ".analysis-pending"
TABLES_FAILED_NAME = ".analysis-failed"

#: Articles read, analysed and written at a time by `chokepoints analyze`: memory holds one
#: chunk's tables (per worker), whatever the corpus size.
CHUNK_ARTICLES = 200

KERNEL_NAME = "chokepoints"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
HTML_TEMPLATE_NAME = "briefing"
