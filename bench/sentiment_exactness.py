"""Check the fast sentiment scorers against TextBlob and VADER on large samples, and time them.

Compares `chokepoints.lexicon_sentiment` (``pattern_sentiment``, ``vader_compound``) with
``textblob.en.sentiment`` and VADER's ``polarity_scores`` (==, not approximately) on every
sentence of a corpus's sentences table (written by the analysis: ``sentences.csv``), on
TimeBank's documents, lines and sentences, and on many random strings (the generator of
tests/sentiment_texts.py, with another seed than the tests'), then prints the mismatches and the
scorers' speed on the corpus sentences. Not part of the test suite. Run from the project root:

    .venv/bin/python bench/sentiment_exactness.py [--sentences TABLES/sentences.csv] [--fuzz N]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.sentiment_texts

from tests.sentiment_texts import CRAFTED, fuzz, timebank
from textblob.en import sentiment as textblob_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from chokepoints.lexicon_sentiment import pattern_sentiment, vader_compound


def mismatches(name: str, texts: list[str], vader: SentimentIntensityAnalyzer) -> int:
    """Print and count the texts on which a fast scorer differs from its library."""
    bad = 0
    for text in texts:
        for scorer, fast, slow in (
                ("textblob", pattern_sentiment(text), tuple(textblob_sentiment(text))),
                ("vader", vader_compound(text), vader.polarity_scores(text)["compound"])):
            if fast != slow:
                bad += 1
                print(f"  {scorer} differs on {text!r}: {fast} != {slow}")
    print(f"{name}: {len(texts)} texts, {bad} mismatches")
    return bad


def speed(texts: list[str], vader: SentimentIntensityAnalyzer) -> None:
    """Seconds per pass over ``texts`` (best of three) and MB/s, fast scorers vs libraries."""
    size = sum(len(text.encode()) for text in texts) / 1e6
    for name, scorers in (("fast", (pattern_sentiment, vader_compound)),
                          ("libraries", (textblob_sentiment, vader.polarity_scores))):
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for text in texts:
                for scorer in scorers:
                    scorer(text)
            best = min(best, time.process_time() - started)
        print(f"{name}: {best:.3f} s for {len(texts)} sentences, {size / best:.1f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=Path, help="a sentences.csv written by the analysis")
    parser.add_argument("--fuzz", type=int, default=100_000, help="random strings to compare")
    args = parser.parse_args()
    vader = SentimentIntensityAnalyzer()
    bad = mismatches("crafted", list(CRAFTED), vader)
    sentences: list[str] = []
    if args.sentences:
        with args.sentences.open(encoding="utf-8", newline="") as table:
            sentences = [row["text"] for row in csv.DictReader(table)]
        bad += mismatches(f"{args.sentences} (distinct sentences)", sorted(set(sentences)), vader)
    paragraphs = list(timebank())
    bad += mismatches("TimeBank documents and lines", paragraphs, vader)
    bad += mismatches("TimeBank sentences", [s for p in paragraphs
                                             for s in re.split(r"(?<=[.!?])\s+", p) if s], vader)
    bad += mismatches(f"{args.fuzz} random strings", fuzz(args.fuzz, seed=1), vader)
    if sentences:
        speed(sentences, vader)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
