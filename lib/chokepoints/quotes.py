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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from chokepoints.actors import DEFAULT_SIDE, ActorDictionary, find_mentions, side_of
from chokepoints.sentences import split_sentences

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

_MASK = "\ue000"  # stands in for quoted words, so no pattern ever matches inside a quotation
_TOKEN = re.compile(r"\w(?:[\w’'&.™-]*[\w™])?|[^\w\s]")
_WORD = re.compile(r"\w")
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


class _Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class _Anchor:
    """A place in a sentence where someone is said to speak."""

    position: int  # where the verb (or "according to") starts, in the sentence
    verb: str
    speaker: tuple[int, int]  # speaker span in the sentence
    content: tuple[int, int] | None  # reported clause, for an indirect quote
    is_characterising: bool = False


@dataclass(frozen=True)
class _Quoted:
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
    for index, char in enumerate(text):
        if char == "“":
            opened = index  # a mark never closed is dropped
        elif char == "”" and opened is not None:
            pairs.append((opened, index))
            opened = None
    straight = [index for index, char in enumerate(text) if char == '"']
    pairs += list(zip(straight[::2], straight[1::2], strict=False))
    # Single curly quotes only when they open before a letter and close where no letter follows,
    # so the apostrophes of "Japan’s" or "don’t" are never taken for quotation marks.
    for match in re.finditer(r"(?:^|(?<=[\s(\[—–“]))‘(?=[^\W\d_])", text):
        close = re.compile(r"’(?![^\W\d_])").search(text, match.end())
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
    chars = list(text)
    for q in quoted:
        chars[q.open], chars[q.close] = "“", "”"
        for index in range(q.open + 1, q.end):
            chars[index] = _MASK
    return "".join(chars)


def _sentence_windows(paragraph: str, quoted: list[_Quoted]) -> list[tuple[int, int]]:
    """Sentence spans covering the paragraph, merged so that no quotation is cut in two."""
    starts = [span.start for span in split_sentences(paragraph)] or [0]
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


def _is_adverb(token: _Token) -> bool:
    word = token.text
    return (word.lower() in _ADVERBS
            or (word.islower() and word.endswith("ly") and len(word) > 4
                and word not in _LY_WORDS))


def _is_negation(token: _Token) -> bool:
    return token.low in _NEGATIONS or token.low.endswith(("n’t", "n't"))


def _is_comma(tokens: list[_Token], index: int) -> bool:
    """A comma, or a closing quotation mark right after one (“...,” suggesting)."""
    if index < 0:
        return False
    if tokens[index].text == ",":
        return True
    return tokens[index].text == "”" and index > 0 and tokens[index - 1].text == ","


def _is_verb_like(tokens: list[_Token], index: int) -> bool:
    token = tokens[index]
    word = token.low
    if word in _AUXILIARIES or word in _FORMS or word in CHARACTERISING_VERBS or _is_adverb(token):
        return True
    following = tokens[index + 1].low if index + 1 < len(tokens) else ""
    return (token.text.islower() and word.endswith("ed") and len(word) > 4 and "-" not in word
            and word not in _ED_ADJECTIVES and following not in _PREPOSITIONS)


def _valid_speaker(tokens: list[_Token], first: int, last: int) -> bool:
    words = [t for t in tokens[first:last + 1] if _WORD.match(t.text)]
    if not words or len(words) > 10 or tokens[last].low in _DETERMINERS | _PREPOSITIONS:
        return False
    if tokens[first].low in _PREPOSITIONS or any(t.text == _MASK for t in tokens[first:last + 1]):
        return False
    return not any(_is_verb_like(tokens, index) for index in range(first, last + 1)
                   if tokens[index].low not in _FORMS)


def _antecedent(tokens: list[_Token], relative: int) -> tuple[int, int] | None:
    """The noun phrase a ``who``/``which`` refers back to: "Sanae Takaichi, who said"."""
    last = relative - 1
    if last >= 0 and tokens[last].text == ",":
        last -= 1
    if last < 0:
        return None
    if tokens[last].text[:1].isupper():
        first = last
        while first > 0 and (tokens[first - 1].text[:1].isupper() or tokens[first - 1].low
                             in {"of", "’s", "'s"}):
            first -= 1
        while tokens[first].low == "of":
            first += 1
        return first, last
    for first in range(last, max(last - 5, -1), -1):
        if tokens[first].low in {"the", "a", "an"}:
            return first, last
    return None


def _scan_subject(tokens: list[_Token], last: int) -> tuple[int, int, str] | None:
    """The subject ending at token ``last``: (first token, last token, opening clause word)."""
    first = last
    while first >= 0:
        token = tokens[first]
        if token.text in _BOUNDARY_MARKS or token.text == _MASK or token.low in _CLAUSE_OPENERS:
            break
        first -= 1
    opener = tokens[first].low if first >= 0 else ""
    first += 1
    if first > last:
        if opener in _RELATIVES:
            span = _antecedent(tokens, first - 1)
            return (span[0], span[1], opener) if span else None
        return None
    # "However, analysts" -> "analysts"; a list "economists, executives, and manufacturers" stays.
    pieces: list[list[int]] = [[]]
    for index in range(first, last + 1):
        if tokens[index].text == ",":
            pieces.append([])
        else:
            pieces[-1].append(index)
    pieces = [p for p in pieces if p]
    if not pieces:
        return None
    is_list = (len(pieces) > 1 and all(len(p) <= 3 for p in pieces)
               and tokens[pieces[-1][0]].low in {"and", "or"})
    chosen = list(range(pieces[0][0], last + 1)) if is_list else pieces[-1]
    while chosen and (tokens[chosen[0]].low in {"and", "but", "or", "so"}
                      or (_is_adverb(tokens[chosen[0]]) and len(chosen) > 1)):
        chosen = chosen[1:]
    if not is_list and chosen:
        # "The ban applies with immediate effect and Beijing" -> "Beijing"
        ands = [i for i, index in enumerate(chosen) if tokens[index].low == "and"]
        if ands and ands[-1] > 3:
            chosen = chosen[ands[-1] + 1:]
    if not chosen or not _valid_speaker(tokens, chosen[0], chosen[-1]):
        return None
    return chosen[0], chosen[-1], opener


def _main_subject(tokens: list[_Token], before: int) -> tuple[int, int] | None:
    """The subject of the clause a participle hangs on: "Japan has protested, calling ..."."""
    pieces: list[list[int]] = [[]]
    for index in range(before):
        if tokens[index].text == "," or tokens[index].text in _BOUNDARY_MARKS:
            pieces.append([])
        elif tokens[index].text != _MASK:
            pieces[-1].append(index)
    for piece in pieces:
        if not piece:
            continue
        head = tokens[piece[0]]
        if head.low in _PREPOSITIONS or head.low in _CLAUSE_OPENERS or _is_adverb(head):
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
    if find_mentions(text, dictionary, actors_only=False):
        return True
    words = re.findall(r"[\w’'™-]+", text)
    if not words:
        return False
    head = words[-1]
    if head.lower() in _SPEAKER_NOUNS or (head[0].isupper()
                                          and head.lower() not in {"it", "this", "that"}):
        return True
    return head.lower() == "it" and _FORMS.get(form, ("", False))[0] in _IT_SPEAKS


# --- reported clauses ----------------------------------------------------------------------------


def _content_end(sentence: str, start: int, opener: str) -> int:
    """Where a reported clause starting at ``start`` ends."""
    end = len(sentence)
    stops = [re.compile(r";"),
             re.compile(r",\s+(?:while|whereas|but|though|although|whilst)\b"),
             re.compile(r",”?\s+(?P<participle>\w+ing)\b")]
    if opener in {"while", "whereas", "although", "though", "because", "since", "if", "when",
                  "as", "whilst", "which", "who"}:
        stops.append(re.compile(r","))
    dashes = list(re.finditer(r"\s[—–]\s", sentence[start:]))
    if len(dashes) % 2:  # "... principles — a claim Japan strongly denies": the writer's aside
        end = start + dashes[-1].start()
    for stop in stops:
        for match in stop.finditer(sentence, start):
            participle = match.groupdict().get("participle")
            before = sentence[start:match.start()]
            if match.group(0).endswith("but") and re.search(r"\bnot\b", before):
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
    return len(re.findall(r"[^\W\d_][\w’'-]*", text))


def _reported_clause(sentence: str, tokens: list[_Token], verb: int, lemma: str,
                     needs_that: bool, opener: str,
                     speaker: tuple[int, int]) -> tuple[int, int] | None:
    """The span of what a reporting verb reports, or None when it reports nothing."""
    after = tokens[verb].end
    if lemma == "tell":  # "told reporters (on Tuesday) that ...", not "told a press briefing"
        object_ = _TOLD_OBJECT.match(sentence, after)
        if not object_:
            return None
        after = object_.end()
    that = _ADVERBIAL_THAT.match(sentence, after)
    colon = re.match(r"\s*:", sentence[after:])
    if that:
        start = that.end()
    elif colon:
        start = after + colon.end()
    elif needs_that:
        return None
    else:
        start = after
    if lemma == "claim" and re.match(r"\s+(?:\S+\s+){0,3}?as\b", sentence[start:]):
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


def _inverted_speaker(tokens: list[_Token], verb: int) -> tuple[int, int] | None:
    """The speaker after an inverted verb ("said the minister."), up to a comma or the end."""
    last = verb + 1
    while last < len(tokens) and tokens[last].text not in {",", ".", ";", ":", "!", "?"} \
            and tokens[last].text not in _BOUNDARY_MARKS:
        last += 1
    first, last = verb + 1, last - 1
    if last < first or not (tokens[first].text[:1].isupper() or tokens[first].low
                            in _DETERMINERS) or not _valid_speaker(tokens, first, last):
        return None
    return first, last


def _left_of_verb(tokens: list[_Token], verb: int) -> tuple[str, int, int]:
    """How a verb attaches to its speaker: ``(how, last, end)``.

    ``how`` is "finite" (the subject ends at token ``last``, the speaker phrase at ``end``, past
    an appositive), "participle", "inverted" or "none".
    """
    form = tokens[verb].low
    index = verb - 1
    skipped = []
    while index >= 0:
        if tokens[index].low in _AUXILIARIES or _is_adverb(tokens[index]) \
                or _is_negation(tokens[index]):
            skipped.append(tokens[index])
            index -= 1
        elif index >= 2 and tokens[index].text == "," == tokens[index - 2].text \
                and _is_adverb(tokens[index - 1]):
            skipped.append(tokens[index - 1])  # "The Japanese side, however, said"
            index -= 3
        else:
            break
    if any(_is_negation(t) for t in skipped) or (index >= 0 and tokens[index].low == "to"):
        return "none", -1, -1  # "did not specify", "refused to say"
    has_be = any(t.low in _BE for t in skipped)
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
    previous = tokens[index]
    if (previous.text == "”" or (previous.text == "," and not skipped)) \
            and form in _INVERTIBLE and _inverted_speaker(tokens, verb):
        return "inverted", -1, -1  # "“...,” said the minister"
    if previous.text == ",":
        for comma in range(index - 1, 0, -1):
            if tokens[comma].text in _BOUNDARY_MARKS:
                break
            # "China, which claims Taiwan as its territory, rejected ..." -> "China"
            if tokens[comma].low in {"which", "who"} and tokens[comma - 1].text == ",":
                return "finite", comma - 2, -1
            # "Hua Chunying, a spokeswoman for the ministry, said ..."
            if tokens[comma].text == ",":
                if tokens[comma + 1].low in {"a", "an", "the"}:
                    return "finite", comma - 1, index - 1
                break
        return "none", -1, -1
    if not skipped and (previous.low in _DETERMINERS or previous.low.endswith(("’s", "'s"))):
        return "none", -1, -1  # "a claim", "Beijing’s warning"
    return "finite", index, -1


def _find_anchors(sentence: str, dictionary: ActorDictionary | None) -> list[_Anchor]:
    """Every place in a (masked) sentence where a speaker is said to speak, in text order."""
    tokens = [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    anchors: list[_Anchor] = []
    according = {m.start(): m for m in _ACCORDING_TO.finditer(sentence)}
    for index, token in enumerate(tokens):
        if token.start in according:
            anchor = _according_to(sentence, according[token.start])
            if anchor:
                anchors.append(anchor)
            continue
        form = token.text
        is_reporting = form in _FORMS
        characterising = (_CHARACTERISING_TAIL.match(sentence, token.end)
                          if form in CHARACTERISING_VERBS else None)
        if not is_reporting and not characterising:
            continue
        following = tokens[index + 1].text if index + 1 < len(tokens) else ""
        if form in _NOUNISH and following in {"", ".", ",", ";", ":"}:
            continue
        how, last, end = _left_of_verb(tokens, index)
        opener = ""
        if how == "finite":
            found = _scan_subject(tokens, last)
            if not found:
                continue
            first, last, opener = found
            speaker = (tokens[first].start, tokens[max(last, end)].end)  # past an appositive
        elif how == "participle":
            earlier = [a for a in anchors if a.position < token.start]
            if earlier:
                speaker = earlier[-1].speaker
            else:
                found_main = _main_subject(tokens, index)
                if not found_main:
                    continue
                speaker = (tokens[found_main[0]].start, tokens[found_main[1]].end)
        elif how == "inverted":
            found_after = _inverted_speaker(tokens, index)
            if not found_after:
                continue
            speaker = (tokens[found_after[0]].start, tokens[found_after[1]].end)
        else:
            continue
        if not _is_plausible_speaker(sentence[speaker[0]:speaker[1]], dictionary, form):
            continue
        if characterising:
            verb = form.lower()
            if characterising.group("as"):
                verb += " ... as" if characterising.group("object").strip() else " as"
            anchors.append(_Anchor(token.start, verb, speaker, None, is_characterising=True))
        if is_reporting:
            lemma, needs_that = _FORMS[form]
            if how == "inverted":  # "The ban is lawful, said the ministry."
                content = _trim(sentence, 0, tokens[index - 1].start)
                if tokens[index - 1].text != "," or _words_outside_quotes(
                        sentence[content[0]:content[1]]) < 2:
                    content = None
            else:
                content = _reported_clause(sentence, tokens, index, lemma, needs_that, opener,
                                           speaker)
            if lemma == "claim" and content is None:
                continue
            if not characterising or content:
                anchors.append(_Anchor(token.start, form.lower(), speaker, content))
    return anchors


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
        if start > close and re.fullmatch(r"[\s,”]*", sentence[close + 1:start]):
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


def _resolve_sides(quotes: list[Quote], dictionary: ActorDictionary | None,
                   context: Sequence[Quote] = ()) -> list[Quote]:
    """Set each quote's side (``side_of`` its speaker); a speaker the dictionary does not know
    that refers back ("the source" after "A Japanese government source", "Officials" after
    "China's Ministry of Commerce") takes the side of the speaker it refers to, looked for in
    this paragraph and then in ``context`` (the article's earlier quotes)."""
    resolved: list[Quote] = []
    for quote in quotes:
        side = side_of(quote.speaker, dictionary) if quote.speaker else DEFAULT_SIDE
        if side == DEFAULT_SIDE and quote.speaker:
            side = _side_referred_to(quote.speaker, [*context, *resolved]) or side
        resolved.append(replace(quote, side=side))
    return resolved


# --- public --------------------------------------------------------------------------------------


def extract_quotes(paragraph: str, dictionary: ActorDictionary | None = None,
                   context: Sequence[Quote] = ()) -> list[Quote]:
    """Find the direct quotations and the reported statements of one paragraph.

    Args:
        paragraph: one paragraph of cleaned body text.
        dictionary: the actor dictionary that gives speakers their side (default: the
            project's actors.yml).
        context: quotes found earlier in the same article, so that "officials" or "the
            source" can take the side of the speaker they refer back to.

    Returns:
        Quotes in paragraph order (by ``start``); a quoted phrase inside a reported clause
        yields a direct quote and the indirect one.
    """
    quoted = _quoted_spans(paragraph)
    masked = _mask(paragraph, quoted)
    found: list[Quote] = []
    previous: tuple[Quote, int] | None = None  # the last attributed direct quote, its window
    for number, window in enumerate(_sentence_windows(paragraph, quoted)):
        offset = window[0]
        sentence = masked[offset:window[1]]
        anchors = _find_anchors(sentence, dictionary)
        for anchor in anchors:
            if anchor.content is None:
                continue
            start, end = anchor.content[0] + offset, anchor.content[1] + offset
            speaker = paragraph[offset + anchor.speaker[0]:offset + anchor.speaker[1]]
            found.append(Quote(paragraph[start:end], speaker, "", "indirect", False,
                               anchor.verb, start, end))
        for q in (q for q in quoted if window[0] <= q.open < window[1]):
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
            quote = Quote(paragraph[q.start:q.end], speaker, "", "direct", not speaker, verb,
                          q.start, q.end)
            found.append(quote)
            if speaker:
                previous = (quote, number)
    found.sort(key=lambda quote: (quote.start, quote.kind))
    return _resolve_sides(found, dictionary, context)
