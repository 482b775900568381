"""Time the events merge against the number of distinct events (not part of the test suite).

`bench/scale.py` recombines the seed corpus, whose events are always the same few dozen: its
chronology never grows. A news stream followed for months tells ever more distinct events.
This script makes N extracted events, each a distinct one (its own words, a random actor and
type), about 30% of them dated (a day in the month before their article) and the rest undated
(their article's publication date as anchor), as the analysis finds them in the seed corpus,
merges them with `chokepoints.events.merge_events` and prints the seconds and how they grow: a
cost linear in N doubles when N doubles.

By default the articles come as a stream does, `--per-day` distinct events a day, so that more
events span more days. With `--days D` they are packed into D days whatever N (ever more
events a day: the merge then compares each with more rows).

    .venv/bin/python bench/merge_scale.py [--sizes 1000,2000,4000,8000] [--per-day 10 | --days 1825]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

import pandas as pd

from chokepoints.events import EXTRACTED_COLUMNS, merge_events

ACTORS = ("china", "japan", "united_states")
TYPES = ("impose_restriction", "make_statement", "protest_formally", "threaten", "demand")
#: Share of extracted events with a date (the rest are undated: granularity "ref").
DATED_SHARE = 0.3
FIRST_DAY = date(2021, 1, 1)
PER_DAY = 10


def extracted(n_events: int, days: int, seed: int = 1) -> pd.DataFrame:
    """N distinct extracted events in articles of ``days`` days: each with words of its own
    besides a few common ones."""
    rng = random.Random(seed)
    common = [f"common{number}" for number in range(40)]
    rows = []
    for number in range(n_events):
        published = FIRST_DAY + timedelta(days=rng.randrange(days))
        words = [f"event{number}x{k}" for k in range(8)] + rng.sample(common, 4)
        dated = rng.random() < DATED_SHARE
        day = published - timedelta(days=rng.randrange(30)) if dated else None
        rows.append({
            "article_id": f"a{number:07d}", "sentence_id": f"a{number:07d}-p01-s01",
            "date_start": day, "date_end": day if dated else published,
            "granularity": "day" if dated else "ref",
            "date_value": day.isoformat() if dated else "PAST_REF",
            "date_text": "on Tuesday" if dated else "", "date_note": "",
            "actor": rng.choice(ACTORS), "target": "", "event_type": rng.choice(TYPES),
            "intensity": -5.0, "cue": "banned", "summary": f"event {number}",
            "evidence": " ".join(words), "is_anchored": True})
    return pd.DataFrame(rows, columns=list(EXTRACTED_COLUMNS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,4000,8000",
                        help="comma-separated numbers of events (default: %(default)s)")
    spread = parser.add_mutually_exclusive_group()
    spread.add_argument("--per-day", type=float, default=PER_DAY,
                        help="distinct events a day, as in a stream (default: %(default)s)")
    spread.add_argument("--days", type=int, default=None,
                        help="pack every size into this many days instead")
    args = parser.parse_args()
    previous = None
    for size in sorted({int(size) for size in args.sizes.split(",") if size}):
        days = args.days or max(1, round(size / args.per_day))
        events = extracted(size, days)
        started = time.perf_counter()
        rows = len(merge_events(events, None, keep_undated=True))
        seconds = time.perf_counter() - started
        growth = f", {seconds / previous[1]:.1f}x for {size / previous[0]:.1f}x the events" \
            if previous else ""
        print(f"{size:>7} distinct events ({DATED_SHARE:.0%} dated) over {days} days -> "
              f"{rows} rows: "
              f"{seconds:.2f} s{growth}")
        previous = (size, seconds)


if __name__ == "__main__":
    main()
