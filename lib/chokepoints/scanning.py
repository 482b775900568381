"""Run many regular expressions over a text at once, finding exactly what each one's own
``finditer`` finds, without running every expression over the whole text.

Each pattern is read (with the parser of `re`) for the strings its matches can begin with, its
*heads*: "said", "says", "say" for ``sa(?:y|ys|id)``, "0000" for ``\\d{4}``. Heads are written
in the folded alphabet of `fold` (letters in lower case, digits as "0", white space as " ", other
non-ASCII characters as NUL), so that whatever a pattern matches, case-insensitively or not,
folds to text that begins with one of its heads. One regular expression finds where a head
begins in the folded text, at a left boundary that every pattern starts with (a negative
lookbehind such as ``(?<![\\w-])``), and only the patterns with that head are tried there, with
`re.Pattern.match`, resuming each pattern where its last match ended as ``finditer`` does. A
pattern whose matches may begin with anything, or be empty, is run over the whole text as before.

The heads are read from the parse tree of `re` (its private ``re._parser``, as in CPython 3.11);
tests/test_scanning.py compares the scanner with ``finditer`` on varied patterns and text, so
a change there shows.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from re import _constants as sre
from re import _parser

from chokepoints.patterns import CASE_PARTNERS

#: Longest head read from a pattern, and most heads one pattern may have (past that, shorter
#: heads are read).
HEAD_LENGTH = 8
MOST_HEADS = 512
#: Most heads a repetition ("\\s+", "\\d{1,2}") may give before they end where it starts.
MOST_REPEATED = 64
#: Classes of more characters than this end a head (``\\w``, ``[^,]``...).
MOST_CHARACTERS = 40

_NUL = "\0"
#: Every white space character is below U+3001 (tests/test_scanning.py checks).
_SPACES = [c for c in map(chr, range(0x3001)) if c.isspace()]
_FOLD = str.maketrans({
    **{c: c.lower() for c in string.ascii_uppercase},
    **dict.fromkeys(string.digits, "0"),
    **dict.fromkeys(_SPACES, " "),
    **CASE_PARTNERS})
_OTHER = re.compile(rf"[^\x00-\x7f\s\d{''.join(CASE_PARTNERS)}]")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def fold(text: str) -> str:
    """The text in the alphabet of heads, character by character (same length): letters in
    lower case (the four non-ASCII letters that match ASCII ones case-insensitively as those),
    digits as "0", white space as " ", any other non-ASCII character as NUL."""
    if not text.isascii():
        text = _OTHER.sub(_NUL, text)
        if not text.isascii():
            text = _NON_ASCII_DIGIT.sub("0", text)
    return text.translate(_FOLD)


@cache
def _fold_member(character: str) -> frozenset[str]:
    """What the text characters a pattern character may match (in any case) fold to."""
    if character.isascii():
        return frozenset(fold(character))
    # A non-ASCII character may match other non-ASCII characters (NUL) and ASCII ones (K: k).
    return frozenset({_NUL, fold(character)} | {
        fold(c) for c in map(chr, range(128))
        if re.fullmatch(re.escape(character), c, re.IGNORECASE)})


class _Unreadable(Exception):
    """A pattern has more heads than `MOST_HEADS` at the length tried."""


def _characters(op: object, av: object) -> set[str] | None:
    """The folded characters one single-character item matches; None when too many."""
    if op is sre.LITERAL:
        return _fold_member(chr(av))
    if op is not sre.IN:
        return None
    members: set[str] = set()
    for item_op, item_av in av:
        if item_op is sre.LITERAL:
            members.add(chr(item_av))
        elif item_op is sre.RANGE and item_av[1] - item_av[0] <= MOST_CHARACTERS:
            members.update(map(chr, range(item_av[0], item_av[1] + 1)))
        elif item_op is sre.CATEGORY and item_av is sre.CATEGORY_DIGIT:
            members.add("0")
        elif item_op is sre.CATEGORY and item_av is sre.CATEGORY_SPACE:
            members.add(" ")
        else:
            return None
    if len(members) > MOST_CHARACTERS:
        return None
    return {folded for member in members for folded in _fold_member(member)}


_Starts = set[tuple[str, bool]]  # (head so far, whether the pattern's text may go on after it)


def _concat(left: _Starts, right: _Starts, length: int) -> _Starts:
    out: _Starts = set()
    for head, is_open in left:
        if not is_open:
            out.add((head, False))
            continue
        for tail, tail_open in right:
            joined = head + tail
            out.add((joined[:length], False) if len(joined) >= length else (joined, tail_open))
    if len(out) > MOST_HEADS:
        raise _Unreadable
    return out


def _sequence(items: Sequence, length: int) -> _Starts:
    starts: _Starts = {("", True)}
    for op, av in items:
        if not any(is_open for _, is_open in starts):
            break
        starts = _concat(starts, _item(op, av, length), length)
    return starts


def _repeat(low: int, high: int, body: _Starts, length: int) -> _Starts:
    """Heads of ``body{low,high}``; where the repetitions that may follow those required would
    give more than `MOST_REPEATED` heads, the heads end after those required."""
    if ("", True) in body:
        return {("", False)}
    current: _Starts = {("", True)}
    for _ in range(min(low, length)):  # each repetition adds a character or ends the heads
        current = _concat(current, body, length)
    required, result = current, set(current)
    for _ in range(min(high - low, length)):
        if not any(is_open for _, is_open in current):
            break
        current = _concat(current, body, length)
        result |= current
        if len(result) > MOST_REPEATED:
            return {(head, False) for head, _ in required}
    return result


def _item(op: object, av: object, length: int) -> _Starts:
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {("", True)}
    if op is sre.SUBPATTERN:
        return _sequence(av[3], length)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, length)
    if op is sre.BRANCH:
        return set().union(*(_sequence(branch, length) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        return _repeat(low, high, _sequence(body, length), length)
    characters = _characters(op, av)
    if not characters:
        return {("", False)}
    return {(character, True) for character in characters}


def heads(pattern: re.Pattern[str], boundary: str) -> frozenset[str] | None:
    """Folded strings one of which begins every match of the pattern (the longest read up to
    `HEAD_LENGTH` within `MOST_HEADS`).

    Args:
        pattern: a compiled pattern.
        boundary: the negative lookbehind it must start with, e.g. ``(?<![\\w-])``.

    Returns:
        The heads; None when the pattern does not start with the boundary, when the boundary
        does not refuse at least what folds to what it refuses (see `_folds_through`), or when
        a match may begin with anything or be empty.
    """
    if not pattern.pattern.startswith(boundary) or not _folds_through(boundary, pattern.flags):
        return None
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    if items[0][0] is not sre.ASSERT_NOT:
        return None  # the boundary is not a lookbehind of the whole pattern ("(?<!x)a|b")
    for length in range(HEAD_LENGTH, 0, -1):
        try:
            found = {head for head, _ in _sequence(items, length)}
        except _Unreadable:
            continue
        return None if "" in found else frozenset(found)
    return None


@cache
def _folds_through(boundary: str, flags: int) -> bool:
    """The boundary is a negative lookbehind of one character and wherever it (compiled with
    the pattern's flags) lets a pattern start, it lets the scan start in the folded text
    (compiled without flags): checked on every ASCII character, every non-ASCII one that folds
    to ASCII but digits, a few non-ASCII digits (Arabic-Indic, Devanagari, fullwidth: a
    boundary is taken to treat digits alike) and NUL."""
    items = list(_parser.parse(boundary))
    if len(items) != 1 or items[0][0] is not sre.ASSERT_NOT or items[0][1][0] != -1 \
            or items[0][1][1].getwidth() != (1, 1):
        return False
    own = re.compile(boundary + "$", flags & ~re.VERBOSE)
    folded = re.compile(boundary + "$")
    samples = [*map(chr, range(128)), *CASE_PARTNERS, *_SPACES, "\u0663", "\u096a", "\uff15"]
    return folded.match(_NUL, 1) is not None and all(
        own.match(c, 1) is None or folded.match(fold(c), 1) is not None for c in samples)


def _consuming(boundary: str) -> str | None:
    """A class of the characters a boundary ``(?<![...])`` or ``(?<!\\w)`` lets through in the
    folded text (pure ASCII, NUL included), to match the character before a head; None for
    other boundaries (or if the class would not be exactly that)."""
    if not boundary.startswith("(?<!") or not boundary.endswith(")"):
        return None
    refused = boundary[4:-1]
    if refused.startswith("[") and not refused.startswith("[^") and refused.endswith("]"):
        allowed = "[^" + refused[1:]
    elif refused in (r"\w", r"\d", r"\s"):
        allowed = refused.upper()
    else:
        return None
    try:
        lookbehind, consuming = re.compile(boundary), re.compile(allowed)
    except re.error:
        return None
    if any((lookbehind.match(c, 1) is None) is (consuming.fullmatch(c) is not None)
           for c in map(chr, range(128))):
        return None
    return allowed


def _trie(words: set[str]) -> str:
    """A regular expression matching the longest of the words that begins where it is tried
    (each word's continuations are tried before the word itself)."""
    tree: dict = {}
    for word in words:
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def render(node: dict) -> str:
        parts = [re.escape(character) + render(child)
                 for character, child in sorted(node.items()) if character]
        if "" in node:
            parts.append("")
        return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"

    return render(tree)


class Scanner:
    """Many patterns that all start with the same left boundary, run over a text at once."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], boundary: str) -> None:
        """Read the patterns' heads.

        Args:
            patterns: compiled patterns; those whose source starts with ``boundary`` are found
                through their heads, the others (and those without heads) as before.
            boundary: a negative lookbehind every pattern starts with, e.g. ``(?<![\\w-])``.
        """
        self.patterns = tuple(patterns)
        by_head: dict[str, set[int]] = {}
        self._whole: list[int] = []
        for number, pattern in enumerate(self.patterns):
            found = heads(pattern, boundary)
            if found is None:
                self._whole.append(number)
            for head in found or ():
                by_head.setdefault(head, set()).add(number)
        # Where a head begins, the longest such head is found; the patterns to try there are
        # those with that head or one of its prefixes.
        self._index = {
            head: tuple(sorted({number for size in range(1, len(head) + 1)
                                for number in by_head.get(head[:size], ())}))
            for head in by_head}
        # The scan runs over NUL and the folded text; a head begins where group 1 does. Where
        # the boundary is a class of characters, the scan takes the character before the head
        # (one the boundary lets through, NUL at the start): the engine then skips to such
        # characters by itself instead of trying the lookbehind at every position.
        before = _consuming(boundary) or boundary
        self._scan = re.compile(f"{before}(?=({_trie(set(by_head))}))") if by_head else None
        self._match = [pattern.match for pattern in self.patterns]

    def finditer(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """Every match of every pattern: (pattern number, match), by pattern then position,
        as ``[(n, m) for n, p in enumerate(patterns) for m in p.finditer(text)]``."""
        places = ([(place.start(1) - 1, place.group(1))
                   for place in self._scan.finditer(fold(_NUL + text)) if place.start(1)]
                  if self._scan is not None else [])
        return self._matches(text, places)

    def finditer_each(self, texts: Sequence[str]) -> list[list[tuple[int, re.Match[str]]]]:
        """`finditer` of each text, the heads of all found in one scan of the texts joined by
        NUL (which the boundary lets a head start after, as at the start of a text).

        A head found across the end of a text is longer than the one found in the text alone
        and begins with it, so the patterns tried there include those tried in the text alone;
        every pattern is still matched against the text itself.
        """
        places: list[list[tuple[int, str]]] = [[] for _ in texts]
        if self._scan is not None and texts:
            # Offsets in the texts joined, NUL first: text 0 begins at 1, after the NUL.
            number, offset, end = 0, 1, 1 + len(texts[0])
            for place in self._scan.finditer(fold(_NUL + _NUL.join(texts))):
                start = place.start(1)
                while start >= end:  # past this text (or on the NUL after it)
                    number += 1
                    offset = end + 1
                    end = offset + len(texts[number])
                if start >= offset:
                    places[number].append((start - offset, place.group(1)))
        if self._whole:
            return [self._matches(text, found) for text, found in zip(texts, places, strict=True)]
        return [self._matches(text, found) if found else []
                for text, found in zip(texts, places, strict=True)]

    def _matches(self, text: str,
                 places: list[tuple[int, str]]) -> list[tuple[int, re.Match[str]]]:
        """The matches of the patterns tried at the places (offset, head) where heads begin,
        then those of the patterns without heads."""
        found: list[tuple[int, re.Match[str]]] = []
        if places:
            index, match_at = self._index, self._match
            resume = [0] * len(match_at)  # where each pattern's next match may start
            for start, head in places:
                for number in index[head]:
                    if start >= resume[number]:
                        match = match_at[number](text, start)
                        if match is not None:
                            found.append((number, match))
                            resume[number] = match.end()
        for number in self._whole:
            found += ((number, match) for match in self.patterns[number].finditer(text))
        found.sort(key=itemgetter(0))  # stable: each pattern's matches stay in text order
        return found
