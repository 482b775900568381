"""Split paragraphs into sentences offline (pySBD rules: abbreviations, decimals, quotes).

`split_sentences` segments exactly as ``pysbd.Segmenter(language="en", clean=False)`` of the
pinned pySBD 0.3.4, about twenty times faster. It runs pySBD's own English rules (read from
pySBD, compiled once) in pySBD's order, skips a rule when the text lacks a character the rule
needs, and finds the known abbreviations of a text in one pass instead of one regular expression
per known abbreviation. The rare steps it does not port (lettered and numbered lists) run
pySBD's own code. tests/test_sentences_pysbd.py compares the two on the seeds, the 1k corpus,
TimeBank and crafted edge cases, so a pySBD upgrade that changes its rules is caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.utils import Rule


@dataclass(frozen=True)
class Span:
    """A sentence and its character offsets in the paragraph it came from."""

    text: str
    start: int
    end: int


def split_sentences(paragraph: str) -> list[Span]:
    """Split one paragraph into sentences.

    Handles "U.S.", "US$57.7", "3.8 per cent", "p.m." and quotations closing a sentence.

    Args:
        paragraph: one paragraph or bullet item of cleaned body text.

    Returns:
        Non-empty sentences, stripped, with offsets into ``paragraph``.
    """
    spans: list[Span] = []
    cursor = 0
    for piece in segment(paragraph):
        text = piece.strip()
        if not text:
            continue
        start = paragraph.find(text, cursor)
        if start < 0:  # pySBD altered the text; keep the sentence, offsets unknown
            start = cursor
        end = start + len(text)
        spans.append(Span(text, start, end))
        cursor = end
    return spans


# --- pySBD's English rules, compiled --------------------------------------------------------

Replace = Callable[[str], str]
_METACHARS = frozenset(".^$*+?{}[]\\|()")


def _rule(rule: Rule, guard: str = "") -> Replace:
    """``Text(text).apply(rule)`` of pySBD: ``re.sub(rule.pattern, rule.replacement, text)``.

    A literal rule becomes ``str.replace``. ``guard`` is a pattern that matches wherever the
    rule can, made to start with a literal character (which the regex engine finds fast): the
    rule is skipped on a text where the guard finds nothing.
    """
    pattern, replacement = rule.pattern, rule.replacement
    if _METACHARS.isdisjoint(pattern) and "\\" not in replacement:
        return lambda text: text.replace(pattern, replacement)
    compiled = re.compile(pattern)
    if guard:
        found = re.compile(guard).search
        return lambda text: compiled.sub(replacement, text) if found(text) else text
    return lambda text: compiled.sub(replacement, text)


def _rules(*rules: Rule | Replace, guard: str = "") -> Replace:
    """pySBD's ``Text(text).apply(*rules)``, skipped at once on a text where ``guard`` finds
    nothing (it must match wherever one of the rules can: then none can apply). A chain of
    literal rules is its own guard."""
    replaces = [_rule(rule) if isinstance(rule, Rule) else rule for rule in rules]
    literals = [rule.pattern for rule in rules
                if isinstance(rule, Rule) and _METACHARS.isdisjoint(rule.pattern)]
    if not guard and len(literals) == len(rules):
        guard = "|".join(map(re.escape, literals))
    found = re.compile(guard).search if guard else None

    def apply(text: str) -> str:
        if found and not found(text):
            return text
        for replace in replaces:
            text = replace(text)
        return text
    return apply


_EN = English
_ABBR = English.Abbreviation

# Processor.replace_abbreviations -> AbbreviationReplacer.replace
_POSSESSIVE = _rule(_EN.PossessiveAbbreviationRule, guard="\\.'s")
_KOMMANDITGESELLSCHAFT = _rule(_EN.KommanditgesellschaftRule, guard="Co\\.")
_LETTER_AT_START = re.compile(_EN.SingleLetterAbbreviationRules
                              .SingleUpperCaseLetterAtStartOfLineRule.pattern)
_SINGLE_LETTER = _rule(_EN.SingleLetterAbbreviationRules.SingleUpperCaseLetterRule,
                       guard=r"\.(?<=\s[A-Z]\.)")
_MULTI_PERIOD = re.compile(_EN.MULTI_PERIOD_ABBREVIATION_REGEX, re.IGNORECASE)
_MULTI_PERIOD_GUARD = re.compile(r"\.(?<=\b[a-z]\.)[a-z]\.", re.IGNORECASE)
_AM_PM = _rules(*_EN.AmPmRules.All, guard="[Mm]∯")
_ABBREVIATION_AS_BOUNDARY = _rule(Rule(
    r"(U∯S|U\.S|U∯K|E∯U|E\.U|U∯S∯A|U\.S\.A|I|i.v|I.V)∯({})".format(
        "|".join(rf"(?=\s{word}\s)"
                 for word in English.AbbreviationReplacer.SENTENCE_STARTERS)), "\\1."),
    guard=r"∯(?=\s)")
# Processor.replace_numbers
_NUMBERS = _rules(_rule(_EN.Numbers.PeriodBeforeNumberRule),
                  _rule(_EN.Numbers.NumberAfterPeriodBeforeLetterRule,
                        guard=r"\.(?=\S)(?<=\d\.)"),
                  _rule(_EN.Numbers.NewLineNumberPeriodSpaceLetterRule, guard="\r"))
# Anchored at the start of the text: they can only replace the period at index 1 and 2.
_NUMBER_AT_START = re.compile(_EN.Numbers.StartLineNumberPeriodRule.pattern)
_TWO_DIGITS_AT_START = re.compile(_EN.Numbers.StartLineTwoDigitNumberPeriodRule.pattern)
_CONTINUOUS_PUNCTUATION = re.compile(_EN.CONTINUOUS_PUNCTUATION_REGEX)
_CONTINUOUS_MARK = re.compile(re.escape("!"))
_CONTINUOUS_QUESTION = re.compile(re.escape("?"))
_NUMBERED_REFERENCE = _rule(Rule(_EN.NUMBERED_REFERENCE_REGEX, r"∯\2\r\7"),
                            guard=r"[.∯](?<=[^\d\s][.∯])(?=\[|\d)")
_PERIODS_AND_PLACES = _rules(
    _rule(_ABBR.WithMultiplePeriodsAndEmailRule,
          guard=r"\.(?<=[a-zA-Z0-9_]\.)(?=[a-zA-Z0-9_])"),
    _rule(_EN.GeoLocationRule, guard="°"),
    _rule(_EN.FileFormatRule, guard=r"\.(?<=\s\.)"))
# Processor.split_into_segments
_PARENS_BETWEEN_QUOTES = re.compile(_EN.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX)
_SPACE_BEFORE_PAREN = re.compile(r"\s(?=\()")
_SPACE_AFTER_PAREN = re.compile(r"(?<=\))\s")
# Each needs a line break, "..." or a period, a space and a period.
_ELLIPSES = _rules(_rule(_EN.SingleNewLineRule, guard="\n"),
                   _rule(_EN.EllipsisRules.ThreeSpaceRule, guard=r"\.(?<=\s\.)(?=\s\.)"),
                   _rule(_EN.EllipsisRules.FourSpaceRule, guard=r"\.(?<=[a-z]\.)(?=\s\.)"),
                   _rule(_EN.EllipsisRules.FourConsecutiveRule, guard=r"\.\.\."),
                   _rule(_EN.EllipsisRules.ThreeConsecutiveRule, guard=r"\.\.\."),
                   _rule(_EN.EllipsisRules.OtherThreePeriodRule, guard=r"\.\.\."),
                   guard=r"\n|\.(?:\s\.|\.\.)")
_PUNCTUATIONS = tuple(_EN.Punctuations)
_EXCLAMATION_WORDS = re.compile(ExclamationWords.EXCLAMATION_REGEX)
_DOUBLE_PUNCTUATION = re.compile(_EN.DoublePunctuationRules.DoublePunctuation)
_DOUBLE_PUNCTUATION_RULES = _rules(*_EN.DoublePunctuationRules.All)
_QUESTION_IN_QUOTATION = _rule(_EN.QuestionMarkInQuotationRule, guard=r"\?")
_EXCLAMATION_POINTS = _rules(*_EN.ExclamationPointRules.All, guard="!")
_ROMAN_NUMERALS_IN_PARENS = re.compile(ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES)
_FINAL_EXCLAMATION = re.compile(r"&ᓴ&$")
#: pySBD's sentence boundary, with its alternative "any text up to the first terminator"
#: (``\S.*?[T]``) written greedily (``\S[^T\n]*[T]``: the same matches, found faster).
_TERMINATORS = "。．.！!?？ȸȹ☉☈☇☄"
_SENTENCE_BOUNDARY = re.compile(_EN.SENTENCE_BOUNDARY_REGEX.replace(
    rf"\S.*?[{_TERMINATORS}]", rf"\S[^{_TERMINATORS}\n]*[{_TERMINATORS}]"))
_SUB_SYMBOLS = _rules(*_EN.SubSymbolsRules.All)
_ONLY_LETTERS = re.compile(r"\A[a-zA-Z]*\Z")
_REINSERT_ELLIPSES = _rules(*_EN.ReinsertEllipsisRules.All)
_QUOTATION_AT_END = re.compile(_EN.QUOTATION_AT_END_OF_SENTENCE_REGEX)
_SPLIT_AFTER_QUOTATION = re.compile(_EN.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX)
_SUB_SINGLE_QUOTE = _rule(_EN.SubSingleQuoteRule)
_TRAILING_SPACE = re.compile(r"\s*")
_PUNCTUATION_SYMBOLS = ((".", "∯"), ("。", "&ᓰ&"), ("．", "&ᓱ&"), ("！", "&ᓳ&"), ("!", "&ᓴ&"),
                        ("?", "&ᓷ&"), ("？", "&ᓸ&"))

# BetweenPunctuation: (pattern, the character it needs)
_BP = BetweenPunctuation
_LEADING_APOSTROPHE = re.compile(_BP.WORD_WITH_LEADING_APOSTROPHE)
_APOSTROPHE_SPACE = re.compile(r"'\s")
_BETWEEN_SINGLE_QUOTES = re.compile(_BP.BETWEEN_SINGLE_QUOTES_REGEX)
_BETWEEN = [(re.compile(_BP.BETWEEN_SINGLE_QUOTE_SLANTED_REGEX), "‘"),
            (re.compile(_BP.BETWEEN_DOUBLE_QUOTES_REGEX_2), '"'),
            (re.compile(_BP.BETWEEN_SQUARE_BRACKETS_REGEX_2), "["),
            (re.compile(_BP.BETWEEN_PARENS_REGEX_2), "("),
            (re.compile(_BP.BETWEEN_QUOTE_ARROW_REGEX_2), "«"),
            (re.compile(_BP.BETWEEN_EM_DASHES_REGEX_2), "--"),
            (re.compile(_BP.BETWEEN_QUOTE_SLANTED_REGEX_2), "“")]

# Lists (ListItemReplacer.add_line_break): pySBD's own code runs when a list may be present.
_LETTER_LIST_STEPS = [(re.compile(ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS), False, False),
                      (re.compile(ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS), True, False),
                      (re.compile(ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS), False, True),
                      (re.compile(ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS), True, True)]
_NUMBERED_LIST = re.compile(ListItemReplacer.NUMBERED_LIST_REGEX_1)
_NUMBERED_LIST_PARENS = re.compile(ListItemReplacer.NUMBERED_LIST_PARENS_REGEX)
# What any match of those needs: a letter before a period or a parenthesis, a digit before a
# period and a space or parenthesis, a digit before a parenthesis and a space. They start with
# a literal character, which the regular expression engine finds fast.
_LETTER_BEFORE_PERIOD = re.compile(r"\.(?<=\s[a-z]\.)")
_LETTER_PERIOD_AT_START = re.compile(r"[a-z]\.")
_LETTER_BEFORE_PAREN = re.compile(r"\)(?<=[a-z]\))")
_DIGIT_BEFORE_PERIOD = re.compile(r"\.(?=[\s)])(?<=\d\.)")
_DIGIT_BEFORE_PAREN = re.compile(r"\)(?=\s)(?<=\d\))")
_LIST_PERIOD = _rule(ListItemReplacer.SubstituteListPeriodRule)
_LIST_MARKER = _rule(ListItemReplacer.ListMarkerRule)

# Abbreviations (AbbreviationReplacer.search_for_abbreviations_in_string)
_ABBREVIATIONS = [abbreviation.strip() for abbreviation in _ABBR.ABBREVIATIONS]
_PREPOSITIVE = _ABBR.PREPOSITIVE_ABBREVIATIONS
_NUMBER_ABBREVIATIONS = _ABBR.NUMBER_ABBREVIATIONS
#: Abbreviations made of letters only -> their places in pySBD's list (which sets their order).
_WORD_ABBREVIATIONS = {word: [index for index, abbreviation in enumerate(_ABBREVIATIONS)
                              if abbreviation == word]
                       for word in _ABBREVIATIONS if re.fullmatch(r"[a-z]+", word)}
#: The others ("u.s", "e.g": a '.' in them matches any character in pySBD's search).
_OTHER_ABBREVIATIONS = [index for index, abbreviation in enumerate(_ABBREVIATIONS)
                        if not re.fullmatch(r"[a-z]+", abbreviation)]
#: A word at the start of a text or after a space, ending in a period: only an abbreviation
#: written so can have its period replaced. ``[a-z]`` ignoring case also matches "İ", "ı", "ſ"
#: and the Kelvin sign, which the fold turns into the letter they match.
#: It is found in the reversed text (a pattern that starts with a period is found fast).
_WORD_BEFORE_PERIOD = re.compile(r"\.([a-z]+)(?!\S)", re.IGNORECASE)
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


@cache
def _pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern pySBD builds from an abbreviation, compiled once."""
    return re.compile(pattern, flags)


def _replace_abbreviation_period(text: str, found: str, index: int, next_chars: list[str]) -> str:
    """``AbbreviationReplacer.scan_for_replacements`` of pySBD, skipping replacements that
    cannot match (the abbreviation as found, followed by a period, is not in the text)."""
    char = next_chars[index] if index < len(next_chars) else ""
    abbreviation = found.strip()
    key = abbreviation.lower()
    if str(char).isupper() and key not in _PREPOSITIVE:
        return text
    if abbreviation + "." not in text:
        return text
    if key in _PREPOSITIVE:
        pattern = rf"(?<=\s{abbreviation})\.(?=(\s|:\d+))"
    elif key in _NUMBER_ABBREVIATIONS:
        pattern = rf"(?<=\s{abbreviation})\.(?=(\s\d|\s+\())"
    else:
        pattern = (rf"(?<=\s{re.escape(abbreviation)})\."
                   r"(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))")
    return _pattern(pattern).sub("∯", " " + text)[1:]


def _replace_abbreviations_in_line(text: str) -> str:
    """``search_for_abbreviations_in_string`` of pySBD, for the abbreviations that can change
    the line: those written before a period (or, for "u.s" and such, found at all)."""
    lowered = text.lower()
    indexes = [index for index in _OTHER_ABBREVIATIONS if _ABBREVIATIONS[index] in lowered]
    for word in _WORD_BEFORE_PERIOD.findall(text[::-1]):
        indexes += _WORD_ABBREVIATIONS.get(word[::-1].translate(_FOLD).lower(), ())
    for index in sorted(set(indexes)):
        abbreviation = _ABBREVIATIONS[index]
        if abbreviation not in lowered:
            continue
        found = _pattern(rf"(?:^|\s|\r|\n){abbreviation}", re.IGNORECASE).findall(text)
        if not found:
            continue
        next_chars = (_pattern(r"(?<={" + str(re.escape(abbreviation)) + "} ).{1}").findall(text)
                      if "{" in text else [])
        for position, match in enumerate(found):
            text = _replace_abbreviation_period(text, match, position, next_chars)
    return text


def _replace_abbreviations(text: str) -> str:
    """``AbbreviationReplacer.replace`` of pySBD."""
    text = _KOMMANDITGESELLSCHAFT(_POSSESSIVE(text))
    if text[1:2] == ".":
        text = _LETTER_AT_START.sub("∯", text)
    text = _SINGLE_LETTER(text)
    text = "".join(_replace_abbreviations_in_line(line) for line in text.splitlines(True))
    if _MULTI_PERIOD_GUARD.search(text):
        text = _MULTI_PERIOD.sub(lambda match: match.group().replace(".", "∯"), text)
    return _ABBREVIATION_AS_BOUNDARY(_AM_PM(text))


def _format_lists(text: str) -> str:
    """``ListItemReplacer.add_line_break`` of pySBD, run only when a list item may be there."""
    for pattern, parens, roman in _LETTER_LIST_STEPS:
        if not (_LETTER_BEFORE_PAREN.search(text) if parens
                else _LETTER_BEFORE_PERIOD.search(text) or _LETTER_PERIOD_AT_START.match(text)):
            continue
        alphabet = ListItemReplacer.ROMAN_NUMERALS if roman else ListItemReplacer.LATIN_NUMERALS
        if any(item in alphabet for item in pattern.findall(text)):
            lists = ListItemReplacer(text)
            text = lists.iterate_alphabet_array(pattern.pattern, parens=parens,
                                                roman_numeral=roman)
    if _DIGIT_BEFORE_PERIOD.search(text) and len(_NUMBERED_LIST.findall(text)) > 1:
        lists = ListItemReplacer(text)
        lists.replace_periods_in_numbered_list()
        text = lists.text
    if "♨" in text:
        lists = ListItemReplacer(text)
        lists.add_line_breaks_for_numbered_list_with_periods()
        text = _LIST_PERIOD(lists.text)
    if _DIGIT_BEFORE_PAREN.search(text) and len(_NUMBERED_LIST_PARENS.findall(text)) > 1:
        lists = ListItemReplacer(text)
        lists.replace_parens_in_numbered_list()
        text = lists.text
    if "☝" in text:
        lists = ListItemReplacer(text)
        lists.add_line_breaks_for_numbered_list_with_parens()
        text = _LIST_MARKER(lists.text)
    return text


def _hide_punctuation(match: re.Match[str], single: bool = False) -> str:
    """``punctuation_replacer.replace_punctuation`` of pySBD (all its patterns are literal)."""
    text = match.group()
    for char in "()[]-":
        text = text.replace(char, "\\" + char)
    for char, symbol in _PUNCTUATION_SYMBOLS:
        text = text.replace(char, symbol)
    if not single:
        text = text.replace("'", "&⎋&")
    for char in "()[]-":
        text = text.replace("\\" + char, char)
    return text


def _hide_single_quoted(match: re.Match[str]) -> str:
    return _hide_punctuation(match, single=True)


def _between_punctuation(text: str) -> str:
    """``BetweenPunctuation.replace`` of pySBD."""
    if "'" in text and not (_LEADING_APOSTROPHE.search(text)
                            and not _APOSTROPHE_SPACE.search(text)):
        text = _BETWEEN_SINGLE_QUOTES.sub(_hide_single_quoted, text)
    for pattern, needs in _BETWEEN:
        if needs in text:
            text = pattern.sub(_hide_punctuation, text)
    return text


def _process_text(text: str) -> list[str]:
    """``Processor.process_text`` of pySBD: one line with punctuation -> its segments."""
    if text[-1] not in _PUNCTUATIONS:
        text += "ȸ"
    if "!" in text or "ǃ" in text:
        text = _EXCLAMATION_WORDS.sub(_hide_punctuation, text)
    text = _between_punctuation(text)
    if ("?" in text or "!" in text) and not _DOUBLE_PUNCTUATION.match(text):
        text = _DOUBLE_PUNCTUATION_RULES(text)
    text = _EXCLAMATION_POINTS(_QUESTION_IN_QUOTATION(text))
    if "(" in text:
        text = _ROMAN_NUMERALS_IN_PARENS.sub(r"&✂&\1&⌬&", text)
    if "&ᓴ&" in text:
        text = _FINAL_EXCLAMATION.sub("!", text)
    return [match.group() for match in _SENTENCE_BOUNDARY.finditer(text)]


def _post_process(text: str) -> str | list[str]:
    """``Processor.post_process_segments`` of pySBD."""
    if len(text) > 2 and _ONLY_LETTERS.search(text):
        return text
    text = _REINSERT_ELLIPSES(text)
    if _QUOTATION_AT_END.search(text):
        return _SPLIT_AFTER_QUOTATION.split(text)
    return text.replace("\n", "").strip()


def _continuous_punctuation(match: re.Match[str]) -> str:
    return _CONTINUOUS_QUESTION.sub("&ᓷ&", _CONTINUOUS_MARK.sub("&ᓴ&", match.group()))


def _parens_between_quotes(match: re.Match[str]) -> str:
    return _SPACE_AFTER_PAREN.sub("\r", _SPACE_BEFORE_PAREN.sub("\r", match.group()))


def _process(text: str) -> list[str]:
    """``Processor.process`` of pySBD: the sentences of a non-empty text."""
    text = _format_lists(text.replace("\n", "\r"))
    text = _replace_abbreviations(text)
    text = _NUMBERS(text)
    if text[1:2] == ".":
        text = _NUMBER_AT_START.sub("∯", text)
    if text[2:3] == ".":
        text = _TWO_DIGITS_AT_START.sub("∯", text)
    if "!" in text or "?" in text:
        text = _CONTINUOUS_PUNCTUATION.sub(_continuous_punctuation, text)
    text = _NUMBERED_REFERENCE(text)
    text = _PERIODS_AND_PLACES(text)
    # split_into_segments
    if "(" in text:
        text = _PARENS_BETWEEN_QUOTES.sub(_parens_between_quotes, text)
    segments = []
    for line in text.split("\r"):
        if not line:
            continue
        line = _ELLIPSES(line)
        segments += (_process_text(line) if any(p in line for p in _PUNCTUATIONS) else [line])
    sentences: list[str] = []
    for piece in segments:
        processed = _post_process(_SUB_SYMBOLS(piece))
        if isinstance(processed, list):
            sentences += processed
        elif processed:
            sentences.append(processed)
    return [_SUB_SINGLE_QUOTE(sentence) for sentence in sentences]


def segment(text: str) -> list[str]:
    """``pysbd.Segmenter(language="en", clean=False).segment(text)``: the sentences of a text
    with the spaces that follow them, as slices of ``text`` (a sentence pySBD altered so that
    it is no longer found in the text is dropped, as pySBD does)."""
    if not text:
        return []
    pieces = []
    prior_end = 0
    for sentence in _process(text):
        for start, end in _occurrences(text, sentence):
            if end > prior_end:
                pieces.append(text[start:end])
                prior_end = end
                break
    return pieces


def _occurrences(text: str, sentence: str) -> Iterator[tuple[int, int]]:
    """Spans of ``re.finditer(re.escape(sentence) + r"\\s*", text)``, found with ``str.find``."""
    if not sentence:  # pySBD yields none, but would match the spaces at every position
        yield from (match.span() for match in _TRAILING_SPACE.finditer(text))
        return
    position = text.find(sentence)
    while position >= 0:
        end = _TRAILING_SPACE.match(text, position + len(sentence)).end()
        yield position, end
        position = text.find(sentence, end)
