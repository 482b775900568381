"""Varied text for the tests that compare a fast path with the plain one: the seed sentences,
paragraphs recombined from them as bench/scale.py builds its benchmark corpora, TimeBank's
newswire (when the workspace has it, see `chokepoints.config.TIMEBANK_DIR`) and crafted cases."""

from __future__ import annotations

import random
import re
from functools import cache

from chokepoints import config

#: bench/scale.py's seed.
SCALE_SEED = 20260106
#: Text that exercises folding and boundaries: case partners of ASCII letters (İ ı ſ K),
#: non-ASCII digits and spaces, curly quotes, hyphens, prices, capitals, empty text.
CRAFTED = (
    "", " ", "a", "-", "’", "\0", "Said", "SAID", "ſaid", "ſAID", "İmposed a ban", "ımposed",
    "KEY", "The Kelvin-ban", "Japan’s ban", "“said” 'said' -said said-", "re-said",
    "China SAYS it bans exports; Japan protested: it was unfair, calling it a threat",
    "On January ٦, ٢٠٢٦ China banned exports", "in ２０２５ and in 2025", "in\u00a02025",
    "On\u2003Tuesday\u3000last week, a few\u00a0days ago", "$2025 £1999 €2000 ¥2010 #2020",
    "the 1990s, the ’90s, the '90s, mid-1990s, the nineteen-nineties",
    "Q3 2025, the third-quarter, FY2026, FY26, fiscal 1989", "now and then; just now",
    "Dec. 7, Sept. 11, Jan 6 2026, 6 January 2026, Tuesday, 6 January",
    "MONDAY TUESDAY may March MARCH march", "twenty twenty-five, nineteen ninety-six",
    "Days after the ban, weeks before the talks, months after", "while whereas though but",
    "\n\nNew paragraph\twith\ttabs\r\nand CRLF", "a" * 300, "said " * 60,
)


def recombined(sentences: list[str], n_articles: int, seed: int = SCALE_SEED) -> list[str]:
    """Paragraphs of 1-5 sentences, as bench/scale.py recombines the seed sentences."""
    rng = random.Random(seed)
    return [" ".join(rng.choices(sentences, k=rng.randint(1, 5)))
            for _ in range(n_articles) for _ in range(rng.randint(3, 12))]


_TAG = re.compile(r"<[^>]+>")


@cache
def timebank_documents() -> tuple[str, ...]:
    """TimeBank's documents, whole files with their tags stripped (none when the workspace has
    no copy, see `chokepoints.config.TIMEBANK_DIR`)."""
    return tuple(_TAG.sub("", path.read_text(encoding="utf-8"))
                 for path in sorted(config.TIMEBANK_DIR.glob("*.tml")))


@cache
def timebank_bodies() -> tuple[str, ...]:
    """The article text of each TimeBank document (its TEXT element), tags stripped."""
    bodies = []
    for path in sorted(config.TIMEBANK_DIR.glob("*.tml")):
        source = path.read_text(encoding="utf-8")
        bodies.append(_TAG.sub("", source[source.index("<TEXT>"):source.index("</TEXT>")]))
    return tuple(bodies)


@cache
def timebank() -> tuple[str, ...]:
    """TimeBank's documents without their tags, each whole and line by line."""
    documents = timebank_documents()
    return documents + tuple(line for document in documents for line in document.split("\n"))
