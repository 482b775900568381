"""Find quotations and reported speech in a paragraph: the words, who said them, for which side.

Rule-based and offline. Direct quotes are the words inside quotation marks; indirect quotes are
the clause a reporting verb introduces ("Beijing warned that ..."). A speaker is the noun phrase
that governs the quote in its sentence: the subject of the reporting verb, the phrase after
"according to" or after an inverted "said", the subject of the main clause for "..., calling it
“...”", or the previous speaker for a quoted sentence that continues a quote. A reported clause
that itself contains quoted words yields both: the direct quote(s) and the indirect attribution.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from chokepoints.actors import DEFAULT_SIDE, ActorDictionary, find_mentions, side_of
from chokepoints.sentences import Span, split_sentences

KINDS = ("direct", "indirect")


@dataclass(frozen=True)
class Quote:
    """A quotation or a reported statement found in a paragraph.

    Attributes:
        quote: the words inside the quotation marks (direct), or the reported clause (indirect).
        speaker: the speaker phrase as written ("Chief Cabinet Secretary Minoru Kihara"); empty
            when the quote has no attribution.
        side: the side the speaker speaks for (a side of actors.yml; ``other`` when unknown).
        kind: ``direct`` or ``indirect``.
        is_scare_quote: a direct quote nobody is said to have said (a word set off in quotation
            marks by the writer, or a quotation whose speaker the sentence does not name).
        verb: the attribution verb as written, lower case ("said", "according to",
            "described ... as", "calling"); empty when there is none.
        start: offset in the paragraph where ``quote`` begins.
        end: offset in the paragraph where ``quote`` ends (``paragraph[start:end] == quote``).
    """

    quote: str
    speaker: str
    side: str
    kind: str
    is_scare_quote: bool
    verb: str
    start: int
    end: int


# --- vocabulary --------------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Reporting verbs: lemma -> (inflected forms, whether a that-clause or colon must follow).
#: "announce a ban" or "add pressure" is an act, not speech, so those verbs need "that".
REPORTING_VERBS: dict[str, tuple[str, bool]] = {
    "say": ("say says said saying", False),
    "tell": ("told", False),
    "argue": ("argue argues argued arguing", False),
    "warn": ("warn warns warned warning", False),
    "note": ("note notes noted noting", False),
    "state": ("states stated stating", True),
    "stress": ("stress stresses stressed stressing", False),
    "emphasize": ("emphasize emphasizes emphasized emphasizing "
                  "emphasise emphasises emphasised emphasising", False),
    "claim": ("claim claims claimed claiming", False),
    "insist": ("insist insists insisted insisting", False),
    "accuse": ("accuse accuses accused accusing", False),
    "condemn": ("condemn condemns condemned condemning", False),
    "denounce": ("denounce denounces denounced denouncing", False),
    "criticize": ("criticize criticizes criticized criticizing "
                  "criticise criticises criticised criticising", False),
    "report": ("report reports reported reporting", False),
    "suggest": ("suggest suggests suggested suggesting", False),
    "add": ("add adds added adding", True),
    "announce": ("announce announces announced announcing", True),
    "declare": ("declare declares declared declaring", True),
    "maintain": ("maintain maintains maintained maintaining", True),
    "reiterate": ("reiterate reiterates reiterated reiterating", True),
    "signal": ("signal signals signaled signalled signaling signalling", True),
}
#: Verbs that characterise something with quoted words: "described the move as “symbolic”",
#: "calling it “absolutely unacceptable”", "citing Tokyo’s “recent egregious behaviour”".
CHARACTERISING_VERBS = _word_set("""
    call calls called calling describe describes described describing
    brand brands branded branding label labels labelled labeled labelling labeling
    term terms termed terming dub dubs dubbed dubbing cite cites cited citing
    reject rejects rejected rejecting dismiss dismisses dismissed dismissing
    condemn condemns condemned condemning denounce denounces denounced denouncing
    criticize criticizes criticized criticizing criticise criticises criticised criticising
    characterize characterizes characterized characterizing
    characterise characterises characterised characterising
    portray portrays portrayed portraying decry decries decried decrying
    hail hails hailed hailing slam slams slammed slamming
""")

_FORMS = {form: (lemma, needs_that) for lemma, (forms, needs_that) in REPORTING_VERBS.items()
          for form in forms.split()}
_VERB_FORMS = frozenset(_FORMS) | CHARACTERISING_VERBS
#: Forms that are as often nouns ("a claim", "initial reports"): never a verb before "." or ",".
_NOUNISH = frozenset({"claim", "claims", "report", "reports", "note", "notes", "stress",
                      "warning", "warnings", "states", "signal", "signals", "say"})
#: Verbs that can follow their speaker after a quotation: "“...,” said the minister".
_INVERTIBLE = frozenset({"said", "says", "added", "adds", "told", "warned", "noted", "argued",
                         "insisted", "stressed", "claimed"})
#: Participles that open a comment of the writer's; a reported clause ends before them.
_CLAUSE_ENDERS = frozenset({"prompting", "marking", "leaving", "sparking", "raising",
                            "underscoring", "signalling", "signaling", "fuelling", "fueling",
                            "triggering", "highlighting", "reflecting"})

_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would",
                          "can", "could", "may", "might", "should", "shall", "must", "did",
                          "does", "do", "be", "been", "being", "’s", "'s"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_ADVERBS = frozenset({"also", "further", "additionally", "previously", "now", "still", "again",
                      "already", "recently", "reportedly", "repeatedly", "earlier", "later",
                      "then", "once", "often", "just", "even", "too", "publicly", "privately",
                      "however", "meanwhile", "moreover", "nonetheless", "nevertheless",
                      "separately", "instead", "indeed", "furthermore", "yet", "today",
                      "yesterday", "overall", "thus", "therefore"})
_NEGATIONS = frozenset({"not", "never", "no"})
#: Words ending in -ly that are not adverbs.
_LY_WORDS = frozenset({"supply", "family", "ally", "rally", "assembly", "reply", "apply",
                       "italy", "july", "monopoly", "anomaly", "holy", "jelly", "belly", "fly"})
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "my", "your",
                          "this", "these", "those", "any", "no", "each", "every", "such",
                          "another", "initial", "recent", "latest", "new"})
_PREPOSITIONS = frozenset({"in", "on", "at", "for", "from", "by", "with", "after", "before",
                           "during", "under", "following", "despite", "beyond", "through",
                           "over", "amid", "against", "among", "within", "without", "to", "of",
                           "into", "until", "unlike", "like", "regarding", "per", "across",
                           "given", "upon", "via", "toward", "towards", "about"})
_NOT_SPEAKER_ENDS = _DETERMINERS | _PREPOSITIONS
#: Words that open a clause, so a subject never reaches back past them.
_CLAUSE_OPENERS = frozenset({"that", "which", "who", "whom", "while", "whereas", "although",
                             "though", "because", "since", "as", "when", "if", "after",
                             "before", "but", "where", "whether", "once", "unless", "until",
                             "so", "whilst"})
_RELATIVES = frozenset({"that", "which", "who"})
_BOUNDARY_MARKS = frozenset(";:—–()[]“”\"‘’-")
#: Adjectives in -ed that do not end a speaker phrase ("an unnamed official").
_ED_ADJECTIVES = frozenset({"unnamed", "unidentified", "concerned", "related", "advanced",
                            "detailed", "named", "red", "based", "armed", "listed", "united",
                            "qualified", "experienced", "informed", "retired", "elected",
                            "appointed", "dedicated", "specialised", "specialized", "seasoned"})
#: Head nouns of speaker phrases, for speakers the actor dictionary does not know.
_SPEAKER_NOUNS = _word_set("""
    official officials spokesperson spokesman spokeswoman spokespeople minister ministers
    ministry government source sources analyst analysts economist economists expert experts
    observer observers agency company companies firm firms executive executives leader leaders
    president secretary article statement report commentary editorial media newspaper outlet
    account producer producers manufacturer manufacturers group groups association chamber
    diplomat diplomats lawmaker lawmakers embassy office he she they we ambassador researcher
    researchers investor investors trader traders authorities authority people citizens
""")

#: Verbs whose subject "it" is an organisation speaking ("it said on Tuesday that ...").
_IT_SPEAKS = frozenset({"say", "tell", "add", "announce", "declare", "state", "warn"})

_CURLY_MARK = re.compile("[“”]")
_STRAIGHT_MARK = re.compile('"')
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–“]))‘(?=[^\W\d_])")
_SINGLE_CLOSE = re.compile(r"’(?![^\W\d_])")


def _whole_words(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern that finds any of ``words`` as a whole word, written as a trie (one branch
    per next letter), which the regex engine tries much faster than a list of the words."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branches(node: dict) -> str:
        alternatives = [re.escape(char) + branches(child)
                        for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if "" in node else group

    return re.compile(r"\b" + branches(trie) + r"\b")


_VERB_WORD = _whole_words(_VERB_FORMS)
#: The same words after a non-word character: the regex engine skips to those characters fast.
_VERB_AFTER_NONWORD = re.compile(r"\W" + _VERB_WORD.pattern.removeprefix(r"\b"))
_MASK = "\ue000"  # stands in for quoted words, so no pattern ever matches inside a quotation
_TOKEN = re.compile(r"\w(?:[\w’'&.™-]*[\w™])?|[^\w\s]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_WORD = re.compile(r"\w")
_SPEAKER_WORD = re.compile(r"[\w’'™-]+")
_CHARACTERISING_TAIL = re.compile(
    r"(?P<object>(?:\s+(?!as\b)[^\s“”,.;:\ue000]+){0,6}?)(?:\s+(?P<as>as))?"
    r"(?:\s+(?:largely|simply|merely|only|both|an?|the|so-called|\w+ly))*\s*“")
_ADVERBIAL_THAT = re.compile(
    r"(?P<adverbial>(?:\s+(?:in|on|at|during|earlier|later|last|this|again|also|publicly|"
    r"repeatedly|recently|yesterday|today|\w+ly)\b(?:\s+[^\s,;:“”\ue000]+){0,4}?)?)\s+that\b")
_TOLD_OBJECT = re.compile(r"\s+(?:reporters|journalists|lawmakers|parliament|legislators|him|her|"
                          r"them|us|me|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\b")
_ACCORDING_TO = re.compile(r"(?<!\w)[Aa]ccording to\s+")
_ACCORDING_SOURCE_END = re.compile(r",|;|:|“|\s[—–]\s|\.(?=\s+[A-Z“\"]|\s*$)|$")
#: Where a reported clause ends (see `_content_end`); also at a comma after these openers.
_CLAUSE_STOPS = (re.compile(r";"),
                 re.compile(r",\s+(?:while|whereas|but|though|although|whilst)\b"),
                 re.compile(r",”?\s+(?P<participle>\w+ing)\b"))
_CLAUSE_STOPS_AT_COMMA = (*_CLAUSE_STOPS, re.compile(r","))
_COMMA_ENDS_CLAUSE = frozenset({"while", "whereas", "although", "though", "because", "since",
                                "if", "when", "as", "whilst", "which", "who"})
_DASH = re.compile(r"\s[—–]\s")
_NOT = re.compile(r"\bnot\b")
_WORD_OUTSIDE_QUOTES = re.compile(r"[^\W\d_][\w’'-]*")
_COLON = re.compile(r"\s*:")
_CLAIMED_AS = re.compile(r"\s+(?:\S+\s+){0,3}?as\b")
_SPACES_AND_COMMAS = re.compile(r"[\s,”]*")


class _Tokens:
    """The tokens of a sentence as parallel lists: ``text[i]``, ``low[i]`` (lower case),
    ``start[i]`` and ``end[i]`` of token ``i`` (cheaper to build than an object per token)."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, sentence: str) -> None:
        pieces = _TOKEN_SPLIT.split(sentence)  # spaces, token, spaces, token, ..., spaces
        offsets = list(accumulate(map(len, pieces), initial=0))
        self.text: list[str] = pieces[1::2]
        self.low: list[str] = list(map(str.lower, self.text))
        self.start: list[int] = offsets[1:-1:2]
        self.end: list[int] = offsets[2::2]

    def __len__(self) -> int:
        return len(self.text)


_NO_TOKENS = _Tokens("")


#: Marks that are always a token of their own (unlike "." or "-", which can be inside one).
_LONE_STOP = re.compile(r"[,;:!?—–()\[\]“”\"‘]")
#: Tokens where a speaker after an inverted verb ends (see `_inverted_speaker`).
_STOPS = frozenset({",", ".", ";", ":", "!", "?"}) | _BOUNDARY_MARKS


class _Anchor(NamedTuple):
    """A place in a sentence where someone is said to speak."""

    position: int  # where the verb (or "according to") starts, in the sentence
    verb: str
    speaker: tuple[int, int]  # speaker span in the sentence
    content: tuple[int, int] | None  # reported clause, for an indirect quote
    is_characterising: bool = False


class _Quoted(NamedTuple):
    """A quotation in the paragraph: its marks and the quoted words."""

    open: int
    close: int
    start: int
    end: int


# --- quotation marks -----------------------------------------------------------------------------


def _quoted_spans(text: str) -> list[_Quoted]:
    """Balanced quotations in text order; unbalanced marks and quotes inside quotes are dropped."""
    pairs: list[tuple[int, int]] = []
    opened = None
    for mark in _CURLY_MARK.finditer(text):
        if mark.group() == "“":
            opened = mark.start()  # a mark never closed is dropped
        elif opened is not None:
            pairs.append((opened, mark.start()))
            opened = None
    if '"' in text:
        straight = [mark.start() for mark in _STRAIGHT_MARK.finditer(text)]
        pairs += list(zip(straight[::2], straight[1::2], strict=False))
    # Single curly quotes only when they open before a letter and close where no letter follows,
    # so the apostrophes of "Japan’s" or "don’t" are never taken for quotation marks.
    if "‘" in text:
        for match in _SINGLE_OPEN.finditer(text):
            close = _SINGLE_CLOSE.search(text, match.end())
            if close and "\n" not in text[match.end():close.start()]:
                pairs.append((match.start(), close.start()))
    kept: list[_Quoted] = []
    for open_, close in sorted(pairs):
        if kept and open_ < kept[-1].close:
            continue
        start, end = open_ + 1, close
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        # A phrase (not a quoted sentence) leaves its full stop to the sentence around it.
        if end > start and text[end - 1] == "." and not text[start].isupper():
            end -= 1
        if end > start:
            kept.append(_Quoted(open_, close, start, end))
    return kept


def _mask(text: str, quoted: list[_Quoted]) -> str:
    """``text`` with quotation marks made curly and quoted words replaced by a mask character."""
    if not quoted:
        return text
    chars = list(text)
    for q in quoted:
        chars[q.open], chars[q.close] = "“", "”"
        for index in range(q.open + 1, q.end):
            chars[index] = _MASK
    return "".join(chars)


def _sentence_windows(paragraph: str, quoted: list[_Quoted],
                      sentences: Sequence[Span]) -> list[tuple[int, int]]:
    """Sentence spans covering the paragraph, merged so that no quotation is cut in two."""
    starts = [span.start for span in sentences] or [0]
    starts[0] = 0
    bounds = [*sorted(set(starts)), len(paragraph)]
    windows = []
    start = bounds[0]
    for end in bounds[1:]:
        if any(q.open < end <= q.close for q in quoted):
            continue
        windows.append((start, end))
        start = end
    return windows


# --- speakers ------------------------------------------------------------------------------------


def _is_adverb(word: str) -> bool:
    return (word.lower() in _ADVERBS
            or (word.islower() and word.endswith("ly") and len(word) > 4
                and word not in _LY_WORDS))


def _is_negation(low: str) -> bool:
    return low in _NEGATIONS or low.endswith(("n’t", "n't"))


def _is_comma(tokens: _Tokens, index: int) -> bool:
    """A comma, or a closing quotation mark right after one (“...,” suggesting)."""
    if index < 0:
        return False
    if tokens.text[index] == ",":
        return True
    return tokens.text[index] == "”" and index > 0 and tokens.text[index - 1] == ","


def _is_verb_like(tokens: _Tokens, index: int) -> bool:
    text, word = tokens.text[index], tokens.low[index]
    if word in _AUXILIARIES or word in _FORMS or word in CHARACTERISING_VERBS or _is_adverb(text):
        return True
    following = tokens.low[index + 1] if index + 1 < len(tokens) else ""
    return (text.islower() and word.endswith("ed") and len(word) > 4 and "-" not in word
            and word not in _ED_ADJECTIVES and following not in _PREPOSITIONS)


def _valid_speaker(tokens: _Tokens, first: int, last: int) -> bool:
    texts = tokens.text[first:last + 1]
    words = [text for text in texts if _WORD.match(text)]
    if not words or len(words) > 10 or tokens.low[last] in _NOT_SPEAKER_ENDS:
        return False
    if tokens.low[first] in _PREPOSITIONS or _MASK in texts:
        return False
    return not any(_is_verb_like(tokens, index) for index in range(first, last + 1)
                   if tokens.low[index] not in _FORMS)


def _antecedent(tokens: _Tokens, relative: int) -> tuple[int, int] | None:
    """The noun phrase a ``who``/``which`` refers back to: "Sanae Takaichi, who said"."""
    last = relative - 1
    if last >= 0 and tokens.text[last] == ",":
        last -= 1
    if last < 0:
        return None
    if tokens.text[last][:1].isupper():
        first = last
        while first > 0 and (tokens.text[first - 1][:1].isupper() or tokens.low[first - 1]
                             in {"of", "’s", "'s"}):
            first -= 1
        while tokens.low[first] == "of":
            first += 1
        return first, last
    for first in range(last, max(last - 5, -1), -1):
        if tokens.low[first] in {"the", "a", "an"}:
            return first, last
    return None


def _scan_subject(tokens: _Tokens, last: int) -> tuple[int, int, str] | None:
    """The subject ending at token ``last``: (first token, last token, opening clause word)."""
    first = last
    while first >= 0:
        text = tokens.text[first]
        if text in _BOUNDARY_MARKS or text == _MASK or tokens.low[first] in _CLAUSE_OPENERS:
            break
        first -= 1
    opener = tokens.low[first] if first >= 0 else ""
    first += 1
    if first > last:
        if opener in _RELATIVES:
            span = _antecedent(tokens, first - 1)
            return (span[0], span[1], opener) if span else None
        return None
    # "However, analysts" -> "analysts"; a list "economists, executives, and manufacturers" stays.
    pieces: list[list[int]] = [[]]
    for index in range(first, last + 1):
        if tokens.text[index] == ",":
            pieces.append([])
        else:
            pieces[-1].append(index)
    pieces = [p for p in pieces if p]
    if not pieces:
        return None
    is_list = (len(pieces) > 1 and all(len(p) <= 3 for p in pieces)
               and tokens.low[pieces[-1][0]] in {"and", "or"})
    chosen = list(range(pieces[0][0], last + 1)) if is_list else pieces[-1]
    while chosen and (tokens.low[chosen[0]] in {"and", "but", "or", "so"}
                      or (_is_adverb(tokens.text[chosen[0]]) and len(chosen) > 1)):
        chosen = chosen[1:]
    if not is_list and chosen:
        # "The ban applies with immediate effect and Beijing" -> "Beijing"
        ands = [i for i, index in enumerate(chosen) if tokens.low[index] == "and"]
        if ands and ands[-1] > 3:
            chosen = chosen[ands[-1] + 1:]
    if not chosen or not _valid_speaker(tokens, chosen[0], chosen[-1]):
        return None
    return chosen[0], chosen[-1], opener


def _main_subject(tokens: _Tokens, before: int) -> tuple[int, int] | None:
    """The subject of the clause a participle hangs on: "Japan has protested, calling ..."."""
    pieces: list[list[int]] = [[]]
    for index in range(before):
        text = tokens.text[index]
        if text == "," or text in _BOUNDARY_MARKS:
            pieces.append([])
        elif text != _MASK:
            pieces[-1].append(index)
    for piece in pieces:
        if not piece:
            continue
        head = tokens.low[piece[0]]
        if head in _PREPOSITIONS or head in _CLAUSE_OPENERS or _is_adverb(tokens.text[piece[0]]):
            continue
        verbs = [i for i, index in enumerate(piece) if _is_verb_like(tokens, index)]
        if not verbs or verbs[0] == 0:
            return None
        first, last = piece[0], piece[verbs[0] - 1]
        return (first, last) if _valid_speaker(tokens, first, last) else None
    return None


def _is_plausible_speaker(text: str, dictionary: ActorDictionary | None, form: str) -> bool:
    """Whether a phrase can speak: a known actor or group, a speaking noun ("the source"), a
    name, or "it" saying something; "the data suggest" is evidence, not speech."""
    words = _SPEAKER_WORD.findall(text)
    if words:
        head = words[-1]
        if head.lower() in _SPEAKER_NOUNS or (head[0].isupper()
                                              and head.lower() not in {"it", "this", "that"}):
            return True
        if head.lower() == "it" and _FORMS.get(form, ("", False))[0] in _IT_SPEAKS:
            return True
    return bool(find_mentions(text, dictionary, actors_only=False))


# --- reported clauses ----------------------------------------------------------------------------


def _content_end(sentence: str, start: int, opener: str) -> int:
    """Where a reported clause starting at ``start`` ends."""
    end = len(sentence)
    stops = _CLAUSE_STOPS_AT_COMMA if opener in _COMMA_ENDS_CLAUSE else _CLAUSE_STOPS
    dashes = list(_DASH.finditer(sentence[start:]))
    if len(dashes) % 2:  # "... principles — a claim Japan strongly denies": the writer's aside
        end = start + dashes[-1].start()
    for stop in stops:
        for match in stop.finditer(sentence, start):
            participle = match.groupdict().get("participle")
            before = sentence[start:match.start()]
            if match.group(0).endswith("but") and _NOT.search(before):
                continue  # "not cost inflation, but outright production stoppages"
            if participle and participle not in _CLAUSE_ENDERS and participle not in _FORMS \
                    and participle not in CHARACTERISING_VERBS:
                continue
            end = min(end, match.start())
            break
    return end


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in " \t,":
        start += 1
    while end > start and sentence[end - 1] in " \t.,;:":
        end -= 1
    return start, end


def _words_outside_quotes(text: str) -> int:
    return len(_WORD_OUTSIDE_QUOTES.findall(text))


def _reported_clause(sentence: str, tokens: _Tokens, verb: int, lemma: str,
                     needs_that: bool, opener: str,
                     speaker: tuple[int, int]) -> tuple[int, int] | None:
    """The span of what a reporting verb reports, or None when it reports nothing."""
    after = tokens.end[verb]
    if lemma == "tell":  # "told reporters (on Tuesday) that ...", not "told a press briefing"
        object_ = _TOLD_OBJECT.match(sentence, after)
        if not object_:
            return None
        after = object_.end()
    that = _ADVERBIAL_THAT.match(sentence, after)
    colon = _COLON.match(sentence[after:])
    if that:
        start = that.end()
    elif colon:
        start = after + colon.end()
    elif needs_that:
        return None
    else:
        start = after
    if lemma == "claim" and _CLAIMED_AS.match(sentence[start:]):
        return None  # "claims Taiwan as part of its territory": a claim to land, not speech
    rest = sentence[start:].lstrip()
    before = sentence[:speaker[0]].rstrip()
    first_word = rest.split(maxsplit=1)[0].lower() if rest else ""
    if rest.startswith(",") and opener == "as":  # "As X has argued, leverage is not cost-free."
        start = sentence.index(",", start) + 1
    elif not rest or rest[0] in ".,;" or (first_word in _PREPOSITIONS
                                         and before.endswith((",", ",”"))):
        # Inverted: "The ban is lawful, the ministry said (in a filing)." reports what came
        # before.
        if not before.endswith((",", ",”")):
            return None
        span = _trim(sentence, 0, len(before))
        return span if _words_outside_quotes(sentence[span[0]:span[1]]) >= 2 else None
    span = _trim(sentence, start, _content_end(sentence, start, opener))
    return span if _words_outside_quotes(sentence[span[0]:span[1]]) >= 2 else None


# --- attributions --------------------------------------------------------------------------------


def _inverted_speaker(tokens: _Tokens, verb: int) -> tuple[int, int] | None:
    """The speaker after an inverted verb ("said the minister."), up to a comma or the end."""
    last = verb + 1
    while last < len(tokens) and tokens.text[last] not in _STOPS:
        last += 1
    first, last = verb + 1, last - 1
    if last < first or not (tokens.text[first][:1].isupper() or tokens.low[first]
                            in _DETERMINERS) or not _valid_speaker(tokens, first, last):
        return None
    return first, last


def _left_of_verb(tokens: _Tokens, verb: int) -> tuple[str, int, int]:
    """How a verb attaches to its speaker: ``(how, last, end)``.

    ``how`` is "finite" (the subject ends at token ``last``, the speaker phrase at ``end``, past
    an appositive), "participle", "inverted" or "none".
    """
    text, low = tokens.text, tokens.low
    form = low[verb]
    index = verb - 1
    skipped = []  # lower-case words
    while index >= 0:
        if low[index] in _AUXILIARIES or _is_adverb(text[index]) or _is_negation(low[index]):
            skipped.append(low[index])
            index -= 1
        elif index >= 2 and text[index] == "," == text[index - 2] and _is_adverb(text[index - 1]):
            skipped.append(low[index - 1])  # "The Japanese side, however, said"
            index -= 3
        else:
            break
    if any(_is_negation(word) for word in skipped) or (index >= 0 and low[index] == "to"):
        return "none", -1, -1  # "did not specify", "refused to say"
    has_be = any(word in _BE for word in skipped)
    if form.endswith("ing"):
        if has_be:
            pass  # progressive: "are openly warning that"
        elif not skipped and _is_comma(tokens, index):
            return "participle", -1, -1
        else:
            return "none", -1, -1  # a noun or gerund: "Beijing’s warning", "by signalling"
    elif has_be:
        return "none", -1, -1  # passive: "has yet been announced"
    if index < 0:
        return "none", -1, -1
    previous, previous_low = text[index], low[index]
    if (previous == "”" or (previous == "," and not skipped)) \
            and form in _INVERTIBLE and _inverted_speaker(tokens, verb):
        return "inverted", -1, -1  # "“...,” said the minister"
    if previous == ",":
        for comma in range(index - 1, 0, -1):
            if text[comma] in _BOUNDARY_MARKS:
                break
            # "China, which claims Taiwan as its territory, rejected ..." -> "China"
            if low[comma] in {"which", "who"} and text[comma - 1] == ",":
                return "finite", comma - 2, -1
            # "Hua Chunying, a spokeswoman for the ministry, said ..."
            if text[comma] == ",":
                if low[comma + 1] in {"a", "an", "the"}:
                    return "finite", comma - 1, index - 1
                break
        return "none", -1, -1
    if not skipped and (previous_low in _DETERMINERS or previous_low.endswith(("’s", "'s"))):
        return "none", -1, -1  # "a claim", "Beijing’s warning"
    return "finite", index, -1


def _anchor_tokens(sentence: str, according: dict[int, re.Match[str]],
                   verbs: list[int]) -> tuple[_Tokens, list[int]]:
    """The tokens of a sentence that `_find_anchors` reads, and the indexes of those that may
    anchor a speaker (a reporting or characterising verb, "according to"). Nothing reads past
    the first boundary mark after the last of them, so the tokens stop at the first mark that
    is always a token of its own."""
    positions = sorted({*according, *verbs})
    if not positions:
        return _NO_TOKENS, []
    stop = _LONE_STOP.search(sentence, positions[-1])
    tokens = _Tokens(sentence[:stop.end()] if stop else sentence)
    candidates = []
    for position in positions:  # a verb found as a whole word may sit inside a token ("x-said")
        index = bisect_left(tokens.start, position)
        if index < len(tokens) and tokens.start[index] == position and (
                tokens.text[index] in _VERB_FORMS or position in according):
            candidates.append(index)
    return tokens, candidates


def _find_anchors(sentence: str, dictionary: ActorDictionary | None,
                  verbs: list[int]) -> list[_Anchor]:
    """Every place in a (masked) sentence where a speaker is said to speak, in text order;
    ``verbs``: where the sentence has a reporting or characterising verb as a whole word."""
    according = ({m.start(): m for m in _ACCORDING_TO.finditer(sentence)}
                 if "ccording to" in sentence else {})
    tokens, candidates = _anchor_tokens(sentence, according, verbs)
    anchors: list[_Anchor] = []
    for index in candidates:
        position = tokens.start[index]
        if position in according:
            anchor = _according_to(sentence, according[position])
            if anchor:
                anchors.append(anchor)
            continue
        form = tokens.text[index]
        is_reporting = form in _FORMS
        characterising = (_CHARACTERISING_TAIL.match(sentence, tokens.end[index])
                          if form in CHARACTERISING_VERBS else None)
        if not is_reporting and not characterising:
            continue
        following = tokens.text[index + 1] if index + 1 < len(tokens) else ""
        if form in _NOUNISH and following in {"", ".", ",", ";", ":"}:
            continue
        how, last, end = _left_of_verb(tokens, index)
        opener = ""
        if how == "finite":
            found = _scan_subject(tokens, last)
            if not found:
                continue
            first, last, opener = found
            speaker = (tokens.start[first], tokens.end[max(last, end)])  # past an appositive
        elif how == "participle":
            earlier = [a for a in anchors if a.position < position]
            if earlier:
                speaker = earlier[-1].speaker
            else:
                found_main = _main_subject(tokens, index)
                if not found_main:
                    continue
                speaker = (tokens.start[found_main[0]], tokens.end[found_main[1]])
        elif how == "inverted":
            found_after = _inverted_speaker(tokens, index)
            if not found_after:
                continue
            speaker = (tokens.start[found_after[0]], tokens.end[found_after[1]])
        else:
            continue
        if not _is_plausible_speaker(sentence[speaker[0]:speaker[1]], dictionary, form):
            continue
        if characterising:
            verb = form.lower()
            if characterising.group("as"):
                verb += " ... as" if characterising.group("object").strip() else " as"
            anchors.append(_Anchor(position, verb, speaker, None, is_characterising=True))
        if is_reporting:
            lemma, needs_that = _FORMS[form]
            if how == "inverted":  # "The ban is lawful, said the ministry."
                content = _trim(sentence, 0, tokens.start[index - 1])
                if tokens.text[index - 1] != "," or _words_outside_quotes(
                        sentence[content[0]:content[1]]) < 2:
                    content = None
            else:
                content = _reported_clause(sentence, tokens, index, lemma, needs_that, opener,
                                           speaker)
            if lemma == "claim" and content is None:
                continue
            if not characterising or content:
                anchors.append(_Anchor(position, form.lower(), speaker, content))
    return anchors


def _window_verbs(masked: str, windows: list[tuple[int, int]]) -> list[list[int]]:
    """Where each window of the masked paragraph has a reporting or characterising verb as a
    whole word (offsets in the window): found once in the paragraph, or in the window itself
    when it begins or ends inside a word (then its words are not all words of the paragraph)."""
    verbs = _verb_starts(masked)
    found = []
    for start, end in windows:
        if _inside_word(masked, start) or _inside_word(masked, end):
            found.append(_verb_starts(masked[start:end]))
        else:
            found.append([verb - start for verb in
                          verbs[bisect_left(verbs, start):bisect_left(verbs, end)]])
    return found


def _verb_starts(text: str) -> list[int]:
    """Where `_VERB_WORD` matches in ``text``: at its start, or right after a non-word
    character (the verbs are whole words of word characters, so their matches never overlap)."""
    starts = [verb.start() + 1 for verb in _VERB_AFTER_NONWORD.finditer(text)]
    if _VERB_WORD.match(text):
        starts.insert(0, 0)
    return starts


def _inside_word(text: str, position: int) -> bool:
    """Whether ``position`` is between two word characters (``\\w``) of ``text``."""
    return (0 < position < len(text) and (text[position - 1].isalnum() or text[position - 1] == "_")
            and (text[position].isalnum() or text[position] == "_"))


def _according_to(sentence: str, match: re.Match[str]) -> _Anchor | None:
    stop = _ACCORDING_SOURCE_END.search(sentence, match.end())
    speaker = _trim(sentence, match.end(), stop.start())
    if not speaker[1] > speaker[0] or _words_outside_quotes(
            sentence[speaker[0]:speaker[1]]) > 12:
        return None
    before = sentence[:match.start()].rstrip()
    if before and not (before.endswith(",") and len(before.split()) <= 3):
        content = _trim(sentence, 0, len(before))  # "..., according to a statement."
    else:  # "According to X, content." (possibly after "However,")
        after = sentence.find(",", speaker[1])
        if after < 0:
            return _Anchor(match.start(), "according to", speaker, None)
        content = _trim(sentence, after + 1, _content_end(sentence, after + 1, ""))
    if _words_outside_quotes(sentence[content[0]:content[1]]) < 2:
        content = None
    return _Anchor(match.start(), "according to", speaker, content)


def _attribute_direct(q: _Quoted, window: tuple[int, int], sentence: str,
                      anchors: list[_Anchor]) -> _Anchor | None:
    """The anchor a direct quotation belongs to: the nearest one before it in its sentence,
    else an attribution right after it ("“...,” the source said")."""
    offset = window[0]
    open_ = q.open - offset
    before = [a for a in anchors if a.position < open_]
    at_start = not _words_outside_quotes(sentence[:open_])
    if before and not at_start:
        return max(before, key=lambda a: (a.position, a.is_characterising))
    close = q.close - offset
    for anchor in anchors:
        start = min(anchor.position, anchor.speaker[0])
        if start > close and _SPACES_AND_COMMAS.fullmatch(sentence[close + 1:start]):
            return anchor
    return max(before, key=lambda a: (a.position, a.is_characterising)) if before else None


# --- sides ---------------------------------------------------------------------------------------


#: Speakers named only by their role ("Officials argue", "The article accused"): they speak for
#: the side of the last identified speaker before them in the article.
GENERIC_SPEAKER = re.compile(
    r"(?:the |these |those |some |senior |other )*(?:officials?|authorities|statement|article|"
    r"ministry|government|spokes(?:person|man|woman))", re.IGNORECASE)


def _side_referred_to(speaker: str, earlier: list[Quote]) -> str | None:
    """The side of the earlier speaker that "the source", "he" or "officials" refers back to."""
    words = speaker.lower().split()
    if words in (["he"], ["she"]) or GENERIC_SPEAKER.fullmatch(speaker.strip()):
        named = [q for q in earlier if q.speaker and q.side != DEFAULT_SIDE]
        return named[-1].side if named else None
    if 2 <= len(words) <= 3 and words[0] in {"the", "this", "that"}:
        for quote in reversed(earlier):
            if quote.speaker.lower().split()[-1:] == words[-1:] and quote.side != DEFAULT_SIDE:
                return quote.side
    return None


class _Found(NamedTuple):
    """A quote found in a paragraph, its side not yet known (the fields of `Quote` but side)."""

    quote: str
    speaker: str
    kind: str
    is_scare_quote: bool
    verb: str
    start: int
    end: int


def _resolve_sides(quotes: list[_Found], dictionary: ActorDictionary | None,
                   context: Sequence[Quote] = ()) -> list[Quote]:
    """The quotes with their sides (``side_of`` their speaker); a speaker the dictionary does
    not know that refers back ("the source" after "A Japanese government source", "Officials"
    after "China's Ministry of Commerce") takes the side of the speaker it refers to, looked for
    in this paragraph and then in ``context`` (the article's earlier quotes)."""
    resolved: list[Quote] = []
    for quote in quotes:
        side = side_of(quote.speaker, dictionary) if quote.speaker else DEFAULT_SIDE
        if side == DEFAULT_SIDE and quote.speaker:
            side = _side_referred_to(quote.speaker, [*context, *resolved]) or side
        resolved.append(Quote(quote.quote, quote.speaker, side, quote.kind, quote.is_scare_quote,
                              quote.verb, quote.start, quote.end))
    return resolved


# --- public --------------------------------------------------------------------------------------


def extract_quotes(paragraph: str, dictionary: ActorDictionary | None = None,
                   context: Sequence[Quote] = (),
                   sentences: Sequence[Span] | None = None) -> list[Quote]:
    """Find the direct quotations and the reported statements of one paragraph.

    Args:
        paragraph: one paragraph of cleaned body text.
        dictionary: the actor dictionary that gives speakers their side (default: the
            project's actors.yml).
        context: quotes found earlier in the same article, so that "officials" or "the
            source" can take the side of the speaker they refer back to.
        sentences: the paragraph's sentences (`split_sentences` of it), when the caller has
            them already; else the paragraph is split here.

    Returns:
        Quotes in paragraph order (by ``start``); a quoted phrase inside a reported clause
        yields a direct quote and the indirect one.
    """
    quoted = _quoted_spans(paragraph)
    masked = _mask(paragraph, quoted)
    found: list[_Found] = []
    previous: tuple[_Found, int] | None = None  # the last attributed direct quote, its window
    if sentences is None:
        sentences = split_sentences(paragraph)
    windows = _sentence_windows(paragraph, quoted, sentences)
    for number, (window, verbs) in enumerate(zip(windows, _window_verbs(masked, windows),
                                                 strict=True)):
        offset, window_end = window
        here = [q for q in quoted if offset <= q.open < window_end]
        according = masked.find("ccording to", offset, window_end) >= 0
        if not (verbs or according or here):
            continue  # nothing to find in this sentence
        sentence = masked[offset:window_end]
        anchors = _find_anchors(sentence, dictionary, verbs) if verbs or according else []
        for anchor in anchors:
            if anchor.content is None:
                continue
            start, end = anchor.content[0] + offset, anchor.content[1] + offset
            speaker = paragraph[offset + anchor.speaker[0]:offset + anchor.speaker[1]]
            found.append(_Found(paragraph[start:end], speaker, "indirect", False, anchor.verb,
                                start, end))
        for q in here:
            anchor = _attribute_direct(q, window, sentence, anchors)
            speaker, verb = "", ""
            if anchor:
                speaker = paragraph[offset + anchor.speaker[0]:offset + anchor.speaker[1]]
                verb = anchor.verb
            elif (previous and previous[1] == number - 1
                  and not _words_outside_quotes(sentence[:q.open - offset])
                  and paragraph[q.start].isupper()):
                # A quoted sentence that goes on from the last one: “...,” the source said. “...”
                speaker, verb = previous[0].speaker, previous[0].verb
            quote = _Found(paragraph[q.start:q.end], speaker, "direct", not speaker, verb,
                           q.start, q.end)
            found.append(quote)
            if speaker:
                previous = (quote, number)
    found.sort(key=lambda quote: (quote.start, quote.kind))
    return _resolve_sides(found, dictionary, context)
