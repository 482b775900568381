"""Tests for chokepoints.scanning: the folded alphabet against every code point, the heads of a
pattern, and the scanner against each pattern's own finditer on crafted patterns and text."""

from __future__ import annotations

import random
import re

import pytest

from chokepoints.patterns import CASE_PARTNERS
from chokepoints.scanning import Scanner, fold, heads
from tests.corpora import CRAFTED

#: Every code point but the surrogates, after ASCII.
NON_ASCII = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
BOUNDARY = r"(?<![\w-])"


def test_the_case_partners_are_the_only_non_ascii_characters_matching_ascii_ones():
    partners: dict[str, set[str]] = {}
    for character in map(chr, range(128)):
        for flags in (re.IGNORECASE, re.IGNORECASE | re.UNICODE):
            for pattern in (re.escape(character), f"[{re.escape(character)}]"):
                for match in re.finditer(pattern, NON_ASCII, flags):
                    partners.setdefault(match.group(), set()).add(character.lower())
    assert {c: "".join(sorted(letters)) for c, letters in partners.items()} == \
        CASE_PARTNERS
    assert all(fold(c) == letter for c, letter in CASE_PARTNERS.items())


def test_every_space_folds_to_a_space_every_digit_to_zero_the_rest_to_nul():
    spaces = re.findall(r"\s", NON_ASCII)
    assert max(map(ord, spaces)) < 0x3001  # scanning._SPACES looks no further
    digits = re.findall(r"\d", NON_ASCII)
    folded = fold(NON_ASCII)
    assert len(folded) == len(NON_ASCII)
    assert set(fold("".join(spaces))) == {" "}
    assert set(fold("".join(digits))) == {"0"}
    rest = re.sub(rf"[\s\d{''.join(CASE_PARTNERS)}]", "", NON_ASCII)
    assert set(fold(rest)) == {"\0"}


def test_fold_keeps_ascii_punctuation_and_lowers_letters():
    assert fold("Said 2026-01-06, ‘ſ’\tK!") == "said 0000-00-00, \0s\0 k!"
    assert fold(" ".join(map(chr, range(128)))).isascii()


@pytest.mark.parametrize("source, expected", [
    (r"sa(?:y|ys|id)", {"say", "says", "said"}),
    (r"\d{4}", {"0000"}),
    # "\s+" goes on as far as HEAD_LENGTH allows; "\w+" ends a head.
    (r"(?:the\s+)?year", {"year", "the year", "the  yea", "the   ye", "the    y", "the     "}),
    (r"said\s+\w+", {"said ", "said  ", "said   ", "said    "}),
    (r"(?-i:FY)\s?\d", {"fy0", "fy 0"}),
    (r"éte", {"\0te"}), (r"(?:a|)b", {"ab", "b"}),
    (r"\w+", None), (r"x*", None), (r"(?:a|)", None),
])
def test_heads(source: str, expected: set[str] | None):
    pattern = re.compile(rf"{BOUNDARY}(?:{source})(?!\w)", re.IGNORECASE)
    assert heads(pattern, BOUNDARY) == (None if expected is None else frozenset(expected))


def test_a_pattern_without_the_boundary_or_with_it_on_one_branch_has_no_heads():
    assert heads(re.compile(r"said"), BOUNDARY) is None
    assert heads(re.compile(rf"{BOUNDARY}said|told"), BOUNDARY) is None


@pytest.mark.parametrize("boundary", [r"(?<!ab)", r"(?<=\s)", r"(?!\w)", r"\b", r"(?<![\w\0])"])
def test_only_a_one_character_lookbehind_that_lets_nul_through_is_a_boundary(boundary: str):
    assert heads(re.compile(rf"{boundary}said"), boundary) is None


#: Patterns that use every construct the head reader knows, and some it does not.
CRAFTED_PATTERNS = [
    r"sa(?:y|ys|id)", r"ban(?:ned|ning)", r"(?-i:May)\s+\d{1,2}", r"(?i:may)",
    r"[A-Z][a-z]+ed", r"[^\s,]+ing", r"\d+\s*(?:%|percent)", r"(?:\d{4}|\d\d)s?",
    r"(?P<w>\w+)\s+(?P=w)", r"(?:a|an|the)?\s*ban", r"(?:re)?(?:im|ex)ports?",
    r"(?=said)s\w+", r"(?!said)s\w+", r"K", r"ſ", r"ı", r"ǅ", r"[Kſ]\w*", r"[a-z]{2,4}",
    r"’\d0s", r"[“\"]\w+", r"\.\s", r"-\w+", r"(?>atom|at)ic", r"x*+y", r"\bword\b",
    r"(?:\s+|-)*said", r"(a)?(?(1)b|c)d", r".{3}", r"days\s+after", r"[0-9]+", r"\W\w",
]


def _compile_all(flags: int) -> list[re.Pattern[str]]:
    return [re.compile(rf"{BOUNDARY}(?:{source})(?![\w-])", flags) for source in CRAFTED_PATTERNS]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(8)
    alphabet = [*"abdeiksmnortwyKSIM ", "said", "Said", "SAID", "ban", "banned", "May", "days",
                "after", "ſ", "ı", "İ", "K", "’", "“", "-", ",", ".", "1", "19", "2026", "٣",
                "\u00a0", "\t", "%", "ed", "ing", "ǅ", "é"]
    return ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("flags", [re.IGNORECASE, 0, re.IGNORECASE | re.MULTILINE])
def test_the_scanner_finds_what_each_pattern_finds(flags: int):
    patterns = _compile_all(flags)
    scanner = Scanner(patterns, BOUNDARY)
    for text in [*CRAFTED, *_random_texts(3000)]:
        expected = [(n, m.span(), m.groups()) for n, p in enumerate(patterns)
                    for m in p.finditer(text)]
        assert [(n, m.span(), m.groups()) for n, m in scanner.finditer(text)] == expected, text


def test_patterns_that_may_match_empty_text_run_whole():
    patterns = [re.compile(r"x*"), re.compile(rf"{BOUNDARY}(?:a?)"), re.compile(r"said")]
    scanner = Scanner(patterns, BOUNDARY)
    for text in ["", "said x", "xx a said", *CRAFTED]:
        assert [(n, m.span()) for n, m in scanner.finditer(text)] == [
            (n, m.span()) for n, p in enumerate(patterns) for m in p.finditer(text)]


@pytest.mark.parametrize("flags", [re.IGNORECASE, 0, re.IGNORECASE | re.MULTILINE])
def test_the_scanner_finds_in_each_of_many_texts_what_it_finds_in_each_alone(flags: int):
    patterns = [*_compile_all(flags), re.compile(r"x*")]
    scanner = Scanner(patterns, BOUNDARY)
    texts = [*CRAFTED, *_random_texts(3000), "", "\0said\0", "said\0"]
    random.Random(3).shuffle(texts)
    for size in (1, 2, 7, len(texts)):
        for first in range(0, len(texts), size):
            batch = texts[first:first + size]
            assert [[(n, m.span(), m.groups()) for n, m in found]
                    for found in scanner.finditer_each(batch)] == [
                [(n, m.span(), m.groups()) for n, m in scanner.finditer(text)]
                for text in batch], batch
    assert scanner.finditer_each([]) == []
