"""Text on which the fast sentiment scorers are compared with TextBlob and VADER themselves:
recombined seed paragraphs, TimeBank's newswire (when the workspace has it), crafted cases and
random strings built from what the two libraries' rules look at. Used by
tests/test_lexicon_sentiment.py and bench/sentiment_exactness.py."""

from __future__ import annotations

import random
from functools import cache

from tests.corpora import SCALE_SEED, timebank_documents

FUZZ_SEED = 8

#: Cases for each rule and for the tokenisers' corners.
CRAFTED = (
    "", " ", "\n", ".", "!", "!!!", "?", "??", "????", "...", "(!)", "( ! )", "( !)", "(! )",
    "NOT GOOD.", "not good", "not very good", "very not good", "really not good",
    "not really good", "never so good", "never this good", "without doubt good",
    "without a doubt, good", "no good", "no, good", "no or bad", "no nor bad", "not a good",
    "not a very good idea", "hardly good", "at least good", "very least good", "least good",
    "the least good", "kind of good", "kind of", "a kind man", "sort of bad", "just enough good",
    "bad ass", "the shit", "the bomb", "kiss of death", "yeah right", "to die for",
    "beating heart", "bus stop", "good but bad", "Good BUT bad", "bad but good but bad",
    "good, but bad and good but", "but", "GOOD bad", "GOOD BAD", "VERY good", "very GOOD day",
    "The GREAT ban", "good!", "good!!", "good!!!!!", "good?!", "bad??", "bad???", "bad????",
    "Great :)", "great :-(", "bad :D", "so sad :'(", "love <3", "sad : (", "ok :p", "ok :P",
    "ok xD", "ok XD", "ok X-D", "8)", "in 2008)", "(see 8)", "o.O", "so. O", "Mr. Good", "U.S.",
    "U.S., good.", "e.g. good", "etc.", "The ban, etc., was bad.", "Good... bad...", "good....",
    "good.)", "good).", "good.,", "(good)", "((good))", "“good”", "‘good’", "'good'", '"good"',
    "don't like it", "didn't", "isn't good", "can't be good", "DON'T", "N'T", "won't.", "nor",
    "😀 good", "good😀", "a 💘 b", "☺☺", "❤ it", "☹", "İyi good", "KIND", "\u212aIND of good",
    "Σ good ΑΣ", "ß", "good\tbad", "good\nbad", "good\n\nbad", "good\r\n\r\nbad", "good\u00a0bad",
    "good  bad", " good ", "-good-", "--", "- good", "$5 good", "70% good", "1,000 good", "#good",
    "@good", "good's", "the ban's good'", "f*cking good", "terribly", "terrible", "goodly",
    "absolutely unacceptable", "deeply regrettable", "2nd", "3rdly", "w/ good", "Med. good",
    "Jan. 6", "Dr. No", "No. 1", "a.m. good", "X. Y. good", "AB. good", "Bcd. bad", "B|. ok",
    "(u.s.)", "u.s.,", "a..c)", "ab...c good", ":-)good", "good:)", "good :) bad", ":):)",
    "(-:", "):", "(:", "<3<3", "♥", "8-)", "X-D.", "XD!", "xd", ":d", ":-d",
    "“Great” 😀 — it’s ‘fine’… – ok", "Brand™ — “good”", "© 2026 “bad”", "—😀—",
)


def recombined(sentences: list[str], count: int, seed: int = SCALE_SEED) -> list[str]:
    """Paragraphs of 1-5 sentences, as bench/scale.py recombines the seed sentences."""
    rng = random.Random(seed)
    return [" ".join(rng.choices(sentences, k=rng.randint(1, 5))) for _ in range(count)]


@cache
def timebank() -> tuple[str, ...]:
    """TimeBank's documents without their tags, whole and line by line (none when the
    workspace has no copy)."""
    documents = timebank_documents()
    return documents + tuple(line for document in documents
                             for line in document.split("\n") if line.strip())


def _vocabulary() -> list[list[str]]:
    """Groups of tokens to draw from: the libraries' words, emoticons and rule words."""
    from vaderSentiment import vaderSentiment as v

    from chokepoints.lexicon_sentiment import _pattern_module, pattern_lexicon

    pattern_text, _ = _pattern_module()
    vader = v.SentimentIntensityAnalyzer()
    return [
        sorted(pattern_lexicon()),
        sorted(word for word in vader.lexicon if word.isalpha()),
        sorted(word for word in vader.lexicon if not word.isalpha()),
        [face for group in pattern_text.EMOTICONS.values() for face in sorted(group)],
        [*sorted(v.NEGATE), "no", "not", "never", "n't", "nor", "or", "without", "doubt"],
        [*sorted(v.BOOSTER_DICT), "very", "really", "least", "at", "so", "this", "kind", "of"],
        sorted(v.SPECIAL_CASES) + sorted(v.SENTIMENT_LADEN_IDIOMS) + ["but", "BUT", "But"],
        [*[e for e in sorted(vader.emojis) if len(e) == 1][::40], "İ", "\u212a", "Σ", "ß", "ı"],
        [*",.;:!?()[]{}`'\"@#$^&*+-|=~_", "...", "(!)", "--", "“", "”", "‘", "’", "…"],
        [*sorted(pattern_text.ABBREVIATIONS), "U.S.", "Mr.", "Dr.", "Jan.", "A.", "e.g.,"],
        ["70%", "1,000", "$5", "3.5", "2nd", "12)", "8", "o", "x", "X", "D", "O", "the", "a"],
    ]


def fuzz(count: int, seed: int = FUZZ_SEED) -> list[str]:
    """``count`` random strings of 1-25 tokens from `_vocabulary`, some in capitals or
    capitalised, some with marks stuck to them, joined by spaces or other white space."""
    rng = random.Random(seed)
    groups = _vocabulary()
    weights = [12, 12, 1, 1, 6, 6, 4, 2, 8, 2, 4]
    stuck = [",", ".", "!", "?", ")", "...", "!!", ".)", ",", "'s", "n't", "“", "”", '"', ";"]
    glue = [" "] * 60 + ["", "  ", "\t", "\n", "\n\n", "\u00a0", "\r\n"]
    texts = []
    for _ in range(count):
        tokens = []
        for _ in range(rng.randint(1, 25)):
            token = rng.choice(rng.choices(groups, weights)[0])
            roll = rng.random()
            if roll < 0.08:
                token = token.upper()
            elif roll < 0.14:
                token = token.capitalize()
            roll = rng.random()
            if roll < 0.15:
                token += rng.choice(stuck)
            elif roll < 0.2:
                token = rng.choice("(\"“'-$#") + token
            tokens.append(token)
        text = tokens[0]
        for token in tokens[1:]:
            text += rng.choice(glue) + token
        texts.append(text)
    return texts
