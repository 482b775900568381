"""The lexicons' pattern helpers: whole-word compilation, needed words, word index, quick twins.

The word index and the quick twins must never change a match: the tests check the case folding
they rest on over every code point, and compare them with the patterns themselves on the seed
articles, TimeBank and crafted texts.
"""

from __future__ import annotations

import re
import string
import sys
from functools import lru_cache

import pytest

from chokepoints import claims
from chokepoints.actors import load_actors
from chokepoints.claims import load_metrics
from chokepoints.frames import load_frames
from chokepoints.hedging import load_hedges
from chokepoints.patterns import (
    _CASE_VARIANTS,
    _DELIMITERS,
    DIGIT,
    EndSearch,
    PatternIndex,
    compile_pattern,
    fold,
    needed_words,
    quick_twin,
    words_in,
)
from tests.lexicon_texts import all_texts, crafted_texts, seed_texts, timebank_texts

#: Every code point, surrogates included.
EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))
WORD_CHARACTERS = string.ascii_letters + string.digits + "_"


def bounded(source: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return compile_pattern("test.yml", "test", source, flags)


@lru_cache(maxsize=1)
def lexicon_patterns() -> tuple[re.Pattern[str], ...]:
    """Every pattern of the project's lexicons, and the claim extractor's own."""
    metrics = load_metrics()
    return (tuple(cue.pattern for cue in load_hedges())
            + tuple(cue for frame in load_frames().frames for cue in frame.cues)
            + tuple(alias.pattern for alias in load_actors().aliases)
            + tuple(cue for metric in metrics.metrics for cue in metric.cues)
            + tuple(req for metric in metrics.metrics for req in metric.requires)
            + tuple(name.pattern for name in metrics.not_claims)
            + (claims._TOKENS.pattern, claims._MULTIPLE, claims._DATES.pattern))


# --- the case folding the word index rests on ----------------------------------------------------


@pytest.mark.parametrize("char", list(WORD_CHARACTERS))
def test_what_ignorecase_equates_to_an_ascii_word_character_folds_to_it(char):
    for source in (re.escape(char), f"[{char}]"):
        matched = set(re.findall(source, EVERY_CHARACTER, re.IGNORECASE))
        assert {fold(other) for other in matched} == {char.lower()}
        if char.isalpha():  # the quick twins' first-character classes
            assert matched == set(char.lower() + char.upper()
                                  + _CASE_VARIANTS.get(char.lower(), ""))
        else:
            assert matched == {char}


def test_ascii_ranges_ignoring_case_hold_only_their_letters():
    for source, letters in (("[a-z]", string.ascii_lowercase), ("[A-Z]", string.ascii_lowercase),
                            ("[0-9]", string.digits)):
        matched = re.findall(source, EVERY_CHARACTER, re.IGNORECASE)
        assert {fold(char) for char in matched} == set(letters)


def test_no_character_outside_words_folds_to_an_ascii_word_character():
    others = "".join(re.findall(r"\W", EVERY_CHARACTER))
    assert not re.search("[a-z0-9_]", fold(others))
    assert not re.findall(r"(?=\s)\w", EVERY_CHARACTER)  # \s is never a word character


def test_folding_goes_character_by_character():
    sample = EVERY_CHARACTER[:0x3000]
    assert fold(sample) == "".join(map(fold, sample))


def test_delimiters_are_matched_by_themselves_only():
    for char in _DELIMITERS:
        assert re.findall(re.escape(char), EVERY_CHARACTER, re.IGNORECASE) == [char]
        assert not re.match(r"\w", char)


def test_ascii_digits_are_the_only_ascii_decimal_digits():
    assert re.findall(r"\d", EVERY_CHARACTER[:128]) == list(string.digits)


# --- words and needed words ----------------------------------------------------------------------


def test_words_of_a_text():
    assert words_in("Japan’s MOFCOM-like \u212aihara, rose 3.8%") == [
        "japan", "s", "mofcom", "like", "kihara", "rose", "3", "8", DIGIT]
    assert words_in("٣ per cent") == ["per", "cent", DIGIT]
    assert words_in("marketé market") == ["market", "market"]
    assert words_in("") == []


@pytest.mark.parametrize(("source", "flags", "expected"), [
    ("markets?", re.IGNORECASE, [{"market"}, {"markets"}]),
    ("One[- ]China", re.IGNORECASE, [{"one", "china"}]),
    ("(?:President )?Xi(?: Jinping)?", 0, [{"xi"}]),
    ("Japan External Trade Organi[sz]ation|JETRO", 0,
     [{"japan", "external", "trade"}, {"jetro"}]),
    ("Organi[sz]ation", 0, [{"organisation"}, {"organization"}]),
    ("US\\$[\\d.]+ billion", 0, [{"us", "billion"}]),
    ("G\\d+", 0, [{DIGIT}]),
    ("could(?!\\s+not\\b)", re.IGNORECASE, [{"could"}]),
    ("rare[- ]earth", re.IGNORECASE, [{"rare", "earth"}]),
])
def test_needed_words(source, flags, expected):
    assert set(needed_words(bounded(source, flags))) == {frozenset(words) for words in expected}


@pytest.mark.parametrize("pattern", [
    re.compile(r"market"),  # not bounded: "supermarkets" has no word "market"
    re.compile(r"(?<!\w)(?:\w+ment)(?!\w)"),
    re.compile(r"(?<!\w)(?:market)(?!\w)", re.ASCII),
    re.compile(r"(?<!\w)(?:[^x]arket)(?!\w)"),
    re.compile(r"(?<!\w)(?:market)?(?!\w)"),
])
def test_no_needed_words_when_the_syntax_does_not_tell(pattern):
    assert needed_words(pattern) is None


def test_lookahead_at_the_end_reads_on():
    pattern = re.compile(r"(?<!\w)an?(?=\s+(?:decade|year)(?!\w))", re.IGNORECASE)
    assert set(needed_words(pattern)) == {frozenset({"a", "decade"}), frozenset({"a", "year"}),
                                          frozenset({"an", "decade"}), frozenset({"an", "year"})}


def test_most_lexicon_patterns_need_words():
    patterns = lexicon_patterns()
    # Those of a word's beginning only ("diversif\w*") are always tried.
    assert sum(needed_words(pattern) is None for pattern in patterns) <= 5
    assert needed_words(claims._DATES.pattern) == (frozenset({DIGIT}),)


def test_a_pattern_only_matches_a_text_with_the_words_it_needs():
    needs = [(pattern, needed_words(pattern)) for pattern in lexicon_patterns()]
    for text in all_texts():
        words = set(words_in(text))
        for pattern, clauses in needs:
            if clauses is not None and not any(clause <= words for clause in clauses):
                assert pattern.search(text) is None, (pattern.pattern, text)


# --- the index -----------------------------------------------------------------------------------


def test_index_selects_the_patterns_a_text_may_match_in_order():
    patterns = [bounded("markets?"), re.compile("x"), bounded("One[- ]China"), bounded("China")]
    index = PatternIndex(patterns)
    assert list(index.select(words_in("China’s markets"))) == [0, 1, 3]
    assert list(index.select(words_in("One China"))) == [1, 2, 3]
    assert list(index.select(words_in("nothing"))) == [1]
    given = PatternIndex(patterns, [None, None, None, (frozenset({"china"}),)])
    assert list(given.select(words_in("nothing"))) == [0, 1, 2]


# --- quick twins ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "flags", "twin"), [
    ("markets?", re.IGNORECASE, r"(?-i:[mM])(?<!\w(?s:.))(?:arkets?)(?!\w)"),
    ("kihara", re.IGNORECASE, "(?-i:[kK\u212a])(?<!\\w(?s:.))(?:ihara)(?!\\w)"),
    ("China", 0, r"(?-i:C)(?<!\w(?s:.))(?:hina)(?!\w)"),
])
def test_quick_twin_moves_the_boundary_after_the_first_character(source, flags, twin):
    assert quick_twin(bounded(source, flags)).pattern == twin


@pytest.mark.parametrize("source", ["a|b", "ab|ac", "a{2}b", "a?b", "(?:un)?likely", "$x", "é"])
def test_quick_twin_keeps_other_shapes(source):
    pattern = bounded(source)
    assert quick_twin(pattern) is pattern


def test_quick_twins_match_as_their_patterns_do():
    pairs = [(pattern, quick_twin(pattern)) for pattern in lexicon_patterns()]
    pairs = [(pattern, twin) for pattern, twin in pairs if twin is not pattern]
    assert len(pairs) > 300
    for text in all_texts():
        for pattern, twin in pairs:
            assert ([m.span() for m in twin.finditer(text)]
                    == [m.span() for m in pattern.finditer(text)]), (pattern.pattern, text)


# --- searches anchored at the end ----------------------------------------------------------------


@pytest.mark.parametrize(("source", "width", "chunks"), [
    (r"[A-Za-z][-‑]?$", 2, None),
    (r"(?<![A-Za-z])US\s?\$\s?$", 5, None),
    (r"(?<!\w)(?:no\s+more\s+than|about)\s*$", None, 4),
    (r"(?<!\w)(?:rose|fell)(?:\s+by)?\s+$", None, 3),
    (r"(?<!\w)the\s+(?:past|last)\s+$", None, 3),
    (r"(?<!\w)the.+$", None, None),  # any character: no bound
    (r"the$|x", None, None),  # not every match ends the text
])
def test_end_search_knows_where_a_match_can_begin(source, width, chunks):
    search = EndSearch(re.compile(source))
    assert (search._width, search._chunks) == (width, chunks)


def test_end_searches_find_what_the_patterns_find():
    patterns = [EndSearch(re.compile(source, flags)) for source, flags in (
        (r"(?<!\w)(?:no\s+more\s+than|more\s+than|about|c\.|~)\s*$", re.IGNORECASE),
        (r"(?:(?<![A-Za-z])US\s?\$|\bUSD|(?<![A-Za-z])¥)\s?$", 0),
        (r"(?:(?<!\w)(?:the|its)|['’]s)\s+$", re.IGNORECASE),
        (r"(?<!\w)(?:rose|up(?!\s+to)|cut(?=\s+by))(?:\s+by)?\s+$", re.IGNORECASE),
    )] + [getattr(claims, name) for name in dir(claims)
          if isinstance(getattr(claims, name), EndSearch)]
    assert len(patterns) >= 13
    crafted = ["no more than ", "no  more\tthan\n", "rose by\u00a0", "up to ", "cut by  ",
               "US $", "US$ ", "the\n", "Japan’s ", "x\u2003about \n", "about\n\n", "c. ~"]
    # Cut where a figure could start: at any word in the seeds and crafted texts, at digits
    # and currency signs in TimeBank's sentences.
    texts = crafted + [text[:cut.start()] for text in seed_texts() + crafted_texts()
                       for cut in re.finditer(r"(?<!\w)\w|\$|¥|~", text)]
    texts += [text[:cut.start()] for text in timebank_texts() if len(text) < 400
              for cut in re.finditer(r"(?<![\w.,])\d|\$|¥", text)]
    for text in texts:
        for search in patterns:
            fast, plain = search.search(text), search.pattern.search(text)
            assert (fast and (fast.span(), fast.groupdict())) \
                == (plain and (plain.span(), plain.groupdict())), (search.pattern.pattern, text)
