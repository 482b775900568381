"""Compile the regular expressions of the project's lexicons (cues, aliases, rules) one way."""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from re import _constants, _parser  # type: ignore[attr-defined]

from chokepoints.errors import ChokepointsError

#: A cue matches whole words: no word character right before or after it.
WORD_BEFORE = r"(?<!\w)"
WORD_AFTER = r"(?!\w)"


def compile_pattern(path: Path | str, where: str, source: str, flags: int = re.IGNORECASE,
                    bounded: bool = True, before: str = WORD_BEFORE) -> re.Pattern[str]:
    """Compile one pattern of a lexicon file, as whole words unless ``bounded`` is False.

    Args:
        path: the lexicon file, named in the error.
        where: the entry the pattern belongs to ("frame 'economic'", "alias of china"...).
        source: the regular expression as written in the file.
        flags: regex flags (case-insensitive by default).
        bounded: add word boundaries around the pattern.
        before: the left boundary used when ``bounded`` (default: no word character).

    Raises:
        ChokepointsError: naming the file, the entry and the pattern.
    """
    if not isinstance(source, str) or not source:
        raise ChokepointsError(f"{path}: {where}: a pattern must be a non-empty string")
    try:
        return re.compile(rf"{before}(?:{source}){WORD_AFTER}" if bounded else source, flags)
    except re.error as error:
        raise ChokepointsError(f"{path}: {where}: bad pattern {source!r}: {error}") from None


# --- faster searches with the same matches ------------------------------------------------
#
# Most lexicon patterns need words: "economic(?:ally|s)?" cannot match a sentence without one of
# "economic", "economically", "economics"; "One[- ]China" needs both "one" and "china".
# `needed_words` reads them off a pattern's syntax tree and `PatternIndex` tries only the
# patterns whose words a text has, so a sentence costs one split into words and a few searches
# instead of a search per pattern, with exactly the same matches. Those few searches use
# `quick_twin`, a rewriting of the pattern that the regex engine scans faster. `Alternation`
# does the same for the alternatives of one pattern, and `EndSearch` spares a pattern anchored
# at the end of a text the positions where no match can begin.
#
# A text's words are the runs of [a-z0-9_] in its folded form (`fold`). A pattern's words are
# runs of ASCII word characters that every match contains between two delimiters: characters
# that are not word characters, or the edges of (?<!\w) / (?!\w). Case folding is safe: any
# character that matches an ASCII word character c, with or without IGNORECASE, folds to
# c.lower(), and no non-word character folds to anything containing [a-z0-9_]
# (tests/test_patterns.py checks both over every code point), so the word of a match is a word of
# the text.

#: The non-ASCII letters IGNORECASE equates to ASCII ones (İ ı ſ K), with those: the only
#: characters that fold to an ASCII word character other than by str.lower.
CASE_PARTNERS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_WORD_BYTES = (string.ascii_lowercase + string.digits + "_").encode()
#: Bytes of a folded text: a word byte stays, any other (a non-ASCII character is "?") is a space.
_TO_WORD_BYTES = bytes(byte if byte in _WORD_BYTES else 32 for byte in range(256))
_NOT_DIGIT_BYTES = bytes(byte for byte in range(256) if not 48 <= byte <= 57)
_ANY_DIGIT = re.compile(r"\d")
#: The key of patterns that need a decimal digit (of any script); never a word of a text.
DIGIT = "\\d"
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")
#: Characters that, as a literal of a pattern, separate words: no other character matches them
#: even ignoring case, and they are not word characters.
_DELIMITERS = frozenset(" \t\n\r\f\v!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~"
                        "\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00a5\u20ac\u00a3")
_DELIMITER_CATEGORIES = frozenset({_constants.CATEGORY_SPACE, _constants.CATEGORY_NOT_WORD})
_WORD_CHAR = [(_constants.IN, [(_constants.CATEGORY, _constants.CATEGORY_WORD)])]
_ALNUM = frozenset(string.ascii_letters + string.digits)
#: The characters other than its two cases that IGNORECASE equates to an ASCII letter.
_CASE_VARIANTS = {letter: "".join(c for c, partner in CASE_PARTNERS.items() if partner == letter)
                  for letter in sorted(set(CASE_PARTNERS.values()))}
_REPEATS = frozenset({_constants.MAX_REPEAT, _constants.MIN_REPEAT,
                      _constants.POSSESSIVE_REPEAT})
#: Sequence symbols besides a set of folded ASCII word characters (one character of the text).
_DELIMITER = "delimiter"  # one or more non-word characters, or a word boundary
_ANYTHING = "anything"  # any text, maybe empty
_DIGIT_CHAR = "digit"  # one decimal digit
_MAX_SEQUENCES = 2048
_MAX_SPELLINGS = 64

Symbol = frozenset[str] | str
Symbols = tuple[Symbol, ...]


def fold(text: str) -> str:
    """``text`` in lower case, with the few letters IGNORECASE equates to ASCII ones made ASCII."""
    if not text.isascii():
        for char, ascii_char in CASE_PARTNERS.items():
            if char in text:
                text = text.replace(char, ascii_char)
    return text.lower()


def words_in(text: str) -> list[str]:
    """The folded ASCII words of ``text``, in order, and `DIGIT` when it has a decimal digit."""
    folded = fold(text).encode("ascii", "replace")
    words = folded.translate(_TO_WORD_BYTES).decode().split()
    if (folded.translate(None, _NOT_DIGIT_BYTES) if text.isascii()
            else _ANY_DIGIT.search(text)):
        words.append(DIGIT)
    return words


def needed_words(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...] | None:
    """What every match of ``pattern`` needs in its text: all the words of one of some sets.

    Returns:
        The sets of words (as `words_in` gives them; `DIGIT` stands for a decimal digit), or
        None when a match may need no word that can be told from the pattern's syntax (then the
        pattern must always be tried).
    """
    if pattern.flags & (re.ASCII | re.LOCALE) or not isinstance(pattern.pattern, str):
        return None
    sequences = _sequences(list(_parse(pattern.pattern, pattern.flags).data), True)
    if sequences is None:
        return None
    clauses: set[frozenset[str]] = set()
    for sequence in sequences:
        found = _clauses(sequence)
        if not found:
            return None
        clauses.update(found)
    # A set that holds another needs nothing more: the smaller one says it all.
    return tuple(sorted((clause for clause in clauses if not any(other < clause
                                                                   for other in clauses)),
                        key=sorted))


class PatternIndex:
    """Patterns to search texts with: only those whose words a text has, each by `quick_twin`."""

    def __init__(self, patterns: Iterable[re.Pattern[str]],
                 needs: Iterable[tuple[frozenset[str], ...] | None] | None = None) -> None:
        """``needs``: per pattern, sets of words one of which a text must have all for it to
        match (None: always try it); default: `needed_words` of each."""
        patterns = tuple(patterns)
        #: Per pattern number, its `quick_twin` (the same matches), made when first wanted.
        self.patterns = _Twins(patterns)
        always: list[int] = []
        #: Each set of words under its longest word (None: the word is the whole set).
        index: dict[str, list[tuple[int, frozenset[str] | None]]] = {}
        vocabulary: set[str] = set()
        for number, clauses in enumerate(map(needed_words, patterns) if needs is None
                                         else needs):
            if clauses is None:
                always.append(number)
                continue
            for clause in clauses:
                key = max(sorted(clause), key=len)
                index.setdefault(key, []).append((number, clause if len(clause) > 1 else None))
                vocabulary |= clause
        self._always = tuple(always)
        self._index = {word: tuple(entries) for word, entries in index.items()}
        self._keys = frozenset(index)
        #: Every word of every set: a text's other words tell nothing.
        self._vocabulary = frozenset(vocabulary)

    def __len__(self) -> int:
        return len(self.patterns.originals)

    def select(self, words: Iterable[str]) -> Sequence[int]:
        """Numbers of the patterns that may match a text with ``words`` (`words_in`), in order."""
        hits = self._keys.intersection(words)
        if not hits:
            return self._always
        chosen = set(self._always)
        known = None  # the text's words that some set has, once a set of several words is met
        for word in hits:
            for number, clause in self._index[word]:
                if clause is not None and number not in chosen:
                    if known is None:
                        known = self._vocabulary.intersection(words)
                    if not clause <= known:
                        continue
                chosen.add(number)
        return sorted(chosen)


class _Twins(dict[int, re.Pattern[str]]):
    """The quick twins of some patterns by number, each made when first wanted (most patterns
    of a lexicon never meet a text with their words)."""

    def __init__(self, originals: tuple[re.Pattern[str], ...]) -> None:
        super().__init__()
        self.originals = originals

    def __missing__(self, number: int) -> re.Pattern[str]:
        twin = self[number] = quick_twin(self.originals[number])
        return twin


def quick_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""A pattern with the same matches as a bounded ``pattern`` that the regex engine searches
    faster: ``(?<!\w)(?:cX)`` becomes ``(?-i:[cC])(?<!\w.)(?:X)``.

    The engine tries every position of a pattern that starts with a lookbehind, but skips
    quickly to the candidates of a first character that ignores no case. Moving the boundary
    after that character keeps its meaning: no word character before ``c``. Patterns of another
    shape, or whose first character is not an ASCII letter or digit, come back as they are.
    """
    prefix = WORD_BEFORE + "(?:"
    source, flags = pattern.pattern, pattern.flags
    if (not isinstance(source, str) or not source.startswith(prefix) or flags & re.VERBOSE
            or len(source) <= len(prefix) or source[len(prefix)] not in _ALNUM):
        return pattern
    first = source[len(prefix)]
    variants = first.lower() + first.upper() + _CASE_VARIANTS.get(first.lower(), "")
    chars = "".join(dict.fromkeys(variants)) if flags & re.IGNORECASE else first
    twin_source = (f"(?-i:{chars if len(chars) == 1 else f'[{chars}]'})(?<!\\w(?s:.))(?:"
                   + source[len(prefix) + 1:])
    try:
        twin = re.compile(twin_source, flags)
    except re.error:
        return pattern
    old, new = _parse(source, flags).data, _parser.parse(twin_source, flags).data
    # Same shape as promised: the boundary, the first character, then the very same rest.
    if (len(old) < 2 or not _same(old[:2], [(_constants.ASSERT_NOT, (-1, _WORD_CHAR)),
                                            (_constants.LITERAL, ord(first))])
            or not _same(old[2:], new[2:])):
        return pattern
    return twin


def _same(a: object, b: object) -> bool:
    """Whether two parsed patterns (or parts of them) are the same."""
    if isinstance(a, _parser.SubPattern):
        a = a.data
    if isinstance(b, _parser.SubPattern):
        b = b.data
    if isinstance(a, list | tuple):
        return (type(a) is type(b) and len(a) == len(b)  # type: ignore[arg-type]
                and all(map(_same, a, b)))  # type: ignore[arg-type]
    return type(a) is type(b) and a == b


class Alternation:
    """A pattern made of alternatives (``a|b|c``), searched with only those whose words a text
    has: an alternative that cannot match anywhere in a text never decides a match there, so
    leaving it out changes nothing, and the fewer the alternatives the faster the search."""

    def __init__(self, alternatives: Sequence[str], flags: int = 0) -> None:
        """``alternatives``: the sources of the alternatives, in order (each a whole pattern)."""
        self.alternatives = tuple(alternatives)
        self.flags = flags
        #: The whole pattern.
        self.pattern = re.compile("|".join(self.alternatives), flags)
        self._index = PatternIndex([re.compile(source, flags) for source in self.alternatives])
        self._variants: dict[tuple[int, ...], re.Pattern[str]] = {}

    def for_words(self, words: Iterable[str]) -> re.Pattern[str] | None:
        """The pattern of the alternatives a text with ``words`` (`words_in`) may match, with the
        same matches as the whole (None: no alternative can match)."""
        chosen = tuple(self._index.select(words))
        if not chosen:
            return None
        variant = self._variants.get(chosen)
        if variant is None:
            variant = self._variants[chosen] = re.compile(
                "|".join(self.alternatives[number] for number in chosen), self.flags)
        return variant


class EndSearch:
    r"""A pattern whose matches all end the text (it ends with ``$``), searched only from where
    such a match can begin: `search` gives what ``pattern.search`` gives, without trying every
    position of a long text.

    A match can begin no earlier than its greatest width from the end, or, for a pattern of
    unbounded width that only spreads over whitespace (``more\s+than\s*$``), than the start
    of as many of the text's last whitespace-separated chunks as the pattern can span. Searching
    from there sees the text before it all the same (lookbehinds, ``\b``).
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        tree = _parser.parse(pattern.pattern, pattern.flags)
        ends = (not pattern.flags & re.MULTILINE and len(tree.data) > 0
                and tree.data[-1] == (_constants.AT, _constants.AT_END))
        width = tree.getwidth()[1]
        #: How far from the end a match can begin (None: see `_chunks`).
        self._width = width if ends and width < _constants.MAXREPEAT else None
        runs = _whitespace_runs(tree.data) if ends and self._width is None else None
        #: How many whitespace-separated chunks a match can span (None: search everywhere).
        self._chunks = None if runs is None else runs + 1

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        start = 0
        if self._width is not None:  # "$" may stand before a final newline
            start = max(0, len(text) - self._width - 1)
        elif self._chunks is not None:
            head = text.rsplit(None, self._chunks)
            start = len(head[0]) if len(head) > self._chunks else 0
        return self.pattern.search(text, start)


def _whitespace_runs(items: list) -> int | None:
    """The most runs of whitespace a match of ``items`` can hold (None: no bound)."""
    total = 0
    for op, value in items:
        if op is _constants.BRANCH:
            runs = [_whitespace_runs(alternative) for alternative in value[1]]
            count = None if None in runs else max(runs)  # type: ignore[type-var]
        elif op is _constants.SUBPATTERN or op is _constants.ATOMIC_GROUP:
            count = _whitespace_runs(value[-1])
        elif op in _REPEATS:
            _, high, inner = value
            count = _whitespace_runs(inner)
            if count and not _only_whitespace(inner):
                count = count * high if high < _constants.MAXREPEAT else None
        elif op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            count = 0
        elif op is _constants.LITERAL:
            count = int(chr(value).isspace())
        elif op is _constants.IN and not _only_whitespace([(op, value)]):
            count = int(not all(_never_whitespace(item) for item in value))
        elif op is _constants.IN:
            count = 1
        else:  # any character, a back-reference...
            return None
        if count is None:
            return None
        total += count
    return total


def _never_whitespace(item: tuple) -> bool:
    op, value = item
    if op is _constants.LITERAL:
        return not chr(value).isspace()
    if op is _constants.RANGE:
        return not any(chr(char).isspace() for char in range(value[0], value[1] + 1))
    return op is _constants.CATEGORY and value in (
        _constants.CATEGORY_WORD, _constants.CATEGORY_DIGIT, _constants.CATEGORY_NOT_SPACE)


def _only_whitespace(items: list) -> bool:
    """Every character ``items`` match is whitespace (so a repeat of them is one run)."""
    return len(items) == 1 and (
        (items[0][0] is _constants.LITERAL and chr(items[0][1]).isspace())
        or (items[0][0] is _constants.IN and all(
            (op is _constants.LITERAL and chr(value).isspace())
            or (op is _constants.CATEGORY and value is _constants.CATEGORY_SPACE)
            for op, value in items[0][1])))


@lru_cache(maxsize=1024)
def _parse(source: str, flags: int) -> _parser.SubPattern:
    """The syntax tree of a pattern (read by `needed_words`, then by `quick_twin`)."""
    return _parser.parse(source, flags)


def _concat(left: set[Symbols], right: set[Symbols]) -> set[Symbols] | None:
    """Every sequence of ``left`` followed by one of ``right`` (None when too many)."""
    joined = set()
    for a in left:
        for b in right:
            # Two delimiters, two stretches of anything or two digits tell no more than one.
            if a and b and a[-1] == b[0] and b[0] in (_DELIMITER, _ANYTHING, _DIGIT_CHAR):
                b = b[1:]
            joined.add(a + b)
        if len(joined) > _MAX_SEQUENCES:
            return None
    return joined


def _sequences(items: list, at_end: bool) -> set[Symbols] | None:
    """Every sequence of symbols the parsed ``items`` can match (None when too many).

    ``at_end``: nothing follows ``items`` in the pattern (a lookahead there reads on).
    """
    result: set[Symbols] | None = {()}
    for number, (op, value) in enumerate(items):
        options = _item(op, value, at_end and number == len(items) - 1)
        result = _concat(result, options)  # type: ignore[arg-type]
        if result is None:
            return None
    return result


def _item(op: object, value, at_end: bool) -> set[Symbols]:
    """The sequences of one parsed node ({(_ANYTHING,)} when not worth telling)."""
    anything: set[Symbols] = {(_ANYTHING,)}
    if op is _constants.LITERAL:
        return {(_literal(chr(value)),)}
    if op is _constants.IN:
        return {(_charset(value),)}
    if op is _constants.BRANCH:
        found: set[Symbols] = set()
        for alternative in value[1]:
            sequences = _sequences(alternative, at_end)
            if sequences is None:
                return anything
            found |= sequences
        return found if len(found) <= _MAX_SEQUENCES else anything
    if op is _constants.SUBPATTERN or op is _constants.ATOMIC_GROUP:
        if op is _constants.SUBPATTERN and value[1] & (re.ASCII | re.LOCALE):
            return anything
        return _sequences(value[-1], at_end) or anything
    if op in _REPEATS:
        return _repeat(*value)
    if op is _constants.AT:
        return {()}
    if op is _constants.ASSERT_NOT:
        # (?<!\w) and (?!\w) bound a word; other negative lookarounds consume nothing.
        return {(_DELIMITER,)} if list(value[1]) == _WORD_CHAR else {()}
    if op is _constants.ASSERT:
        # A lookahead that ends the pattern reads the text after the match.
        return (_sequences(value[1], True) or anything) if at_end and value[0] == 1 else {()}
    return anything


def _literal(char: str) -> Symbol:
    if char in _WORD_CHARS:
        return frozenset(char.lower())
    return _DELIMITER if char in _DELIMITERS else _ANYTHING


def _charset(items: list) -> Symbol:
    chars: set[str] = set()
    categories = set()
    for op, value in items:
        if op is _constants.LITERAL:
            chars.add(chr(value))
        elif op is _constants.RANGE and value[1] - value[0] < 128:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif op is _constants.CATEGORY:
            categories.add(value)
        else:  # NEGATE, a wide range
            return _ANYTHING
    if categories == {_constants.CATEGORY_DIGIT} and not chars:
        return _DIGIT_CHAR
    if not categories and chars <= _WORD_CHARS:
        return frozenset(char.lower() for char in chars)
    if categories <= _DELIMITER_CATEGORIES and chars <= _DELIMITERS:
        return _DELIMITER
    return _ANYTHING


def _repeat(low: int, high: int, items: list) -> set[Symbols]:
    inner = _sequences(items, False) or {(_ANYTHING,)}
    if low >= 1 and inner == {(_DELIMITER,)}:
        return {(_DELIMITER,)}
    if high <= 4:
        found: set[Symbols] = set()
        power: set[Symbols] | None = {()}
        for count in range(high + 1):
            if count >= low:
                found |= power  # type: ignore[arg-type]
            if count < high:
                power = _concat(power, inner)  # type: ignore[arg-type]
                if power is None:
                    break
        else:
            if len(found) <= _MAX_SEQUENCES:
                return found
    if low >= 1:
        return _concat(inner, {(_ANYTHING,)}) or {(_ANYTHING,)}
    return {(_ANYTHING,)}


def _clauses(sequence: Symbols) -> list[frozenset[str]]:
    """The sets of words one of which a text matched by ``sequence`` has all (none: unknown)."""
    single: set[str] = {DIGIT} if _DIGIT_CHAR in sequence else set()
    several: list[frozenset[str]] = []
    start = None
    for position, symbol in enumerate(sequence):
        if isinstance(symbol, frozenset):
            if start is None and position and sequence[position - 1] == _DELIMITER:
                start = position
            continue
        if start is not None and symbol == _DELIMITER:
            spellings = _spellings(sequence[start:position])
            if spellings and len(spellings) == 1:
                single |= spellings
            elif spellings:
                several.append(spellings)
        start = None
    if single:
        return [frozenset(single)]
    # Only words of several spellings ("organi[sz]ation"): any spelling of the fewest.
    return [frozenset({spelling}) for spelling in min(several, key=len, default=())]


def _spellings(run: Symbols) -> frozenset[str] | None:
    total = 1
    for chars in run:
        total *= len(chars)
    if total > _MAX_SPELLINGS:
        return None
    return frozenset(map("".join, itertools.product(*run)))  # type: ignore[arg-type]
