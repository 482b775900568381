"""The shortcuts of chokepoints.quotes give what the plain way gives.

Tokens built as parallel lists, verbs found by one pattern per paragraph, tokens cut after the
last place a speaker can be anchored, and the sentence spans passed in by the analysis: each is
compared with the straightforward computation on the seeds, TimeBank-like text and random text.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

import pytest

from chokepoints.quotes import (
    _TOKEN,
    _VERB_FORMS,
    _VERB_WORD,
    _anchor_tokens,
    _mask,
    _quoted_spans,
    _sentence_windows,
    _Tokens,
    _verb_starts,
    _window_verbs,
    extract_quotes,
)
from chokepoints.sentences import Span, split_sentences

PIECES = ["said", "says", "Said", "told", "warned", "calling", "called", "according", "to",
          "According", "x-said", "said-x", "unsaid", "saying", "state", "states", "statement",
          "the", "minister", "Japan’s", "U.S.", "it’s", "don't", "A&B", "Co.", "™", "said™",
          "“", "”", '"', "‘", "’", ",", ".", ";", ":", "—", "–", "-", "(", ")", "[", "]", "!",
          "?", "\ue000", "3.8", "_x_", "\u00e9t\u00e9", "\u0130", "\u00a0", "\n"]


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(piece + rng.choice(["", " ", " ", "  "])
                    for piece in rng.choices(PIECES, k=rng.randint(0, 25)))
            for _ in range(count)]


@pytest.fixture(scope="module")
def seed_paragraphs(seed_cleaned) -> list[str]:
    return [p.text for cleaned in seed_cleaned.values() for p in cleaned.paragraphs]


def texts_to_check(paragraphs: list[str]) -> list[str]:
    masked = [_mask(p, _quoted_spans(p)) for p in paragraphs]
    return [*paragraphs, *masked, *random_texts(3000, seed=5)]


def test_tokens_are_the_token_pattern_matches(seed_paragraphs):
    for text in texts_to_check(seed_paragraphs):
        tokens = _Tokens(text)
        expected = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        assert list(zip(tokens.text, tokens.start, tokens.end, strict=True)) == expected
        assert tokens.low == [token.lower() for token in tokens.text]


def test_verb_pattern_finds_exactly_the_whole_word_verbs(seed_paragraphs):
    for text in texts_to_check(seed_paragraphs):
        expected = [m.start() for m in re.finditer(r"\w+", text) if m.group() in _VERB_FORMS]
        assert [m.start() for m in _VERB_WORD.finditer(text)] == expected


def test_verb_starts_are_the_verb_pattern_matches(seed_paragraphs):
    for text in texts_to_check(seed_paragraphs):
        assert _verb_starts(text) == [m.start() for m in _VERB_WORD.finditer(text)]
    for text in ("said", "said said", "-said", "said-", "x said", "éstate said", "said\n"):
        assert _verb_starts(text) == [m.start() for m in _VERB_WORD.finditer(text)]


def test_window_verbs_are_those_found_in_each_window(seed_paragraphs):
    rng = random.Random(2)
    for text in texts_to_check(seed_paragraphs):
        # windows cut anywhere, inside words too
        cuts = sorted({0, len(text), *rng.sample(range(len(text) + 1), min(4, len(text) + 1))})
        windows = list(pairwise(cuts))
        expected = [[m.start() for m in _VERB_WORD.finditer(text[start:end])]
                    for start, end in windows]
        assert _window_verbs(text, windows) == expected


def test_anchor_tokens_are_a_prefix_that_holds_every_candidate(seed_paragraphs):
    for text in texts_to_check(seed_paragraphs):
        according = {m.start(): m for m in re.finditer(r"(?<!\w)[Aa]ccording to\s+", text)}
        verbs = [m.start() for m in _VERB_WORD.finditer(text)]
        tokens, candidates = _anchor_tokens(text, according, verbs)
        full = _Tokens(text)
        n = len(tokens)
        assert (tokens.text, tokens.start) == (full.text[:n], full.start[:n])
        assert candidates == [i for i, (word, start) in enumerate(zip(full.text, full.start,
                                                                       strict=True))
                              if word in _VERB_FORMS or start in according]
        if candidates and n < len(full):  # cut at a boundary mark after the last candidate
            assert n > candidates[-1] + 1 and tokens.text[-1] in ",;:!?—–()[]“”\"‘"


def test_quotes_with_the_analysis_spans_are_those_found_alone(seed_cleaned):
    for cleaned in seed_cleaned.values():
        context_alone, context_spans = [], []
        for paragraph in cleaned.paragraphs:
            alone = extract_quotes(paragraph.text, context=context_alone)
            with_spans = extract_quotes(paragraph.text, context=context_spans,
                                        sentences=split_sentences(paragraph.text))
            assert with_spans == alone
            context_alone += alone
            context_spans += with_spans


def test_given_spans_set_the_sentence_windows():
    paragraph = "Beijing said the ban is lawful. Tokyo said it is not."
    quoted = _quoted_spans(paragraph)
    spans = [Span("Beijing said the ban is lawful. Tokyo said it is not.", 0, len(paragraph))]
    assert _sentence_windows(paragraph, quoted, spans) == [(0, len(paragraph))]
    assert _sentence_windows(paragraph, quoted, split_sentences(paragraph)) == [
        (0, 32), (32, len(paragraph))]
    one = extract_quotes(paragraph, sentences=spans)
    two = extract_quotes(paragraph)
    assert [q.quote for q in two] == ["the ban is lawful", "it is not"]
    assert one != two
