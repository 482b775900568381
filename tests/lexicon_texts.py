"""Texts to compare the lexicons' fast paths with the straightforward ones: the seed articles,
TimeBank's newswire (when the workspace has it) and crafted edge cases."""

from __future__ import annotations

import random
import re
from functools import lru_cache

from tests.corpora import timebank_bodies
from tests.seeds import SEED_RAW_DIR

_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+")

#: Words and phrases that put cues, aliases and figures next to each other, overlapping, nested,
#: in several cases, glued to letters, digits and punctuation.
CRAFTED = (
    "Japanese firms and Japan’s Ministry of Foreign Affairs; Japan's government source said.",
    "China’s Ministry of Commerce (MOFCOM), China's commerce ministry, Chinese Commerce Ministry.",
    "President Xi Jinping, Xi, XI, xi Jinping, President Xi’s, Prime Minister Sanae Takaichi",
    "U.S. US$57.7 billion, US, USA, U.S.$, US-made, the US’s, the U.S.-Japan alliance",
    "it is possible that it’s possible that it's possible that IT IS POSSIBLE THAT",
    "It remains unclear; it remains to be seen; remains uncertain; it is not yet clear",
    "could not, could, Could, COULD, couldn’t, would not comment, would, may, May, MAY, might",
    "according to media reports according to reports is said to are believed to",
    "supply security supplies supply rare-earth supply rare earth exports heavy rare earths",
    "economic economically economics Economics ECONOMY economies economy’s markets market-share",
    "One-China One China one-china Five-Year Plan 14th Five-Year Plans G7 G20 Group of Seven",
    "Type-88 Model 3 Mk. 2 Article 9 No. 5 three non-nuclear principles",
    "about 60 per cent, 60-70%, two to three, between 60 and 70, from 40 to 30 per cent",
    "9 trillion yen (about US$57.7 billion), ¥3bn, $1.5bn, 305 metric tonnes, 1,100 dual-use goods",
    "doubled, tripled, halved, quadrupling; rose 35 per cent; a 3.8 per cent increase in 2024",
    "hundreds of billions of yen, thousands of tonnes, dozens of companies, a decade, the past "
    "year",
    "January 6, Jan 12, 2026, November 2025, 10:30 a.m., 5pm, (2024), in 2010, 1990s, 15th",
    "twenty-one, Twenty one, forty-two months, a dozen, ٣ per cent, ４５ percent, 3‑4",
    "Kelvin: \u212aihara, MO\u212aCOM-like; long s: \u017fupply, \u017furge; dotless: Japanı, "
    "\u0130T \u0130S POSS\u0130BLE THAT; dotted: İndustry, lıkely, unlıkely, ſeems",
    "marketé émarket market_ _market market2 2market markets. MARKETS! Market’s market-",
    "trade and technology trading partner trade tools trade war trading relationship",
    "self-defense collective self-defence Self-Defense Forces Taiwan-related cross-strait "
    "Cross-strait",
    "export permit export permits, The export-permit, price prices priced, costs cost-inflation",
    "\ncould\nmay\n\t might \u00a0would\u2009perhaps\u2014likely\u2013unlikely…arguably",
)


@lru_cache(maxsize=1)
def seed_texts() -> tuple[str, ...]:
    """Every line and rough sentence of the seed articles (which the 1k corpus recombines)."""
    texts: list[str] = []
    for path in sorted(SEED_RAW_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                texts.append(line)
                texts += _SENTENCE_END.split(line)
    return tuple(dict.fromkeys(texts))


@lru_cache(maxsize=1)
def timebank_texts() -> tuple[str, ...]:
    """Every paragraph and rough sentence of TimeBank's documents, tags stripped (none when
    TimeBank is not there)."""
    texts: list[str] = []
    for body in timebank_bodies():
        for paragraph in re.split(r"\n\s*\n", body):
            if paragraph.strip():
                texts.append(paragraph)
                texts += _SENTENCE_END.split(paragraph)
    return tuple(dict.fromkeys(texts))


@lru_cache(maxsize=1)
def crafted_texts() -> tuple[str, ...]:
    """The crafted cases, and random mixes of their words with the seeds' words, in every case,
    joined by spaces, punctuation and letters."""
    rng = random.Random(20260106)
    words = " ".join(CRAFTED + seed_texts()).split()
    joints = [" ", " ", " ", "-", "’", "'", ", ", ".", "\n", "é", "_", "2", "", "  ", "/", "("]
    mixed = []
    for _ in range(3000):
        chosen = rng.choices(words, k=rng.randint(1, 12))
        chosen = [rng.choice((str.lower, str.upper, str.title, str))(word) for word in chosen]
        mixed.append("".join(word + rng.choice(joints) for word in chosen))
    return CRAFTED + tuple(mixed)


def all_texts() -> tuple[str, ...]:
    """Seeds, TimeBank and crafted texts."""
    return seed_texts() + timebank_texts() + crafted_texts()
