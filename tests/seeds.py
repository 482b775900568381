"""Named constants for the tests: the seed articles, where they live, a tiny article."""

from __future__ import annotations

import hashlib
from pathlib import Path

from chokepoints import config

SEED_000 = "000_783e5a9974d295da"  # analysis, no furniture at all
SEED_001 = "001_9f06c7f35a985a2e"  # news report: headline, image caption, "Related Posts"
SEED_002 = "002_ec0eb8afd3915a85"  # trade press: headings, bullets, WordPress page footer
SEED_003 = "003_cfa303e64531eeb6"  # news report: dateline, headings, bullets, "Leave a Reply"
SEED_004 = "004_bcbe42dbd1584066"  # newsletter: navigation, paywall box, sign-up footer
SEED_IDS = (SEED_000, SEED_001, SEED_002, SEED_003, SEED_004)

SEED_CORPUS_DIR = config.DEFAULT_CORPUS_DIR
SEED_RAW_DIR = SEED_CORPUS_DIR / config.RAW_DIR_NAME
#: The read-only originals the default corpus was copied from (absent outside the workspace).
SHARED_SEEDS_DIR = config.PROJECT_DIR.parent / "shared" / "seeds"
#: Small crafted fixture files.
TEST_DATA_DIR = Path(__file__).resolve().parent / "data"


def raw_lines(article_id: str) -> list[str]:
    """The seed's raw lines as `clean_text` numbers them (line 1 is index 0)."""
    return (SEED_RAW_DIR / f"{article_id}.txt").read_text(encoding="utf-8").split("\n")


ARTICLE_TEXT = ("Japan protested on Tuesday. Officials called the ban unacceptable.\n"
                "\n"
                "China said the controls were lawful.\n")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
