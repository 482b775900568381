"""Fast, exact re-implementations of TextBlob's (pattern's) and VADER's sentence scores.

``pattern_sentiment(text)`` equals ``textblob.en.sentiment(text)`` (so ``TextBlob(text).sentiment``)
and ``vader_compound(text)`` equals ``SentimentIntensityAnalyzer().polarity_scores(text)
["compound"]``, bit for bit, for every string. Both read the libraries' own lexicons and constants
and do the same float operations in the same order; what they save is the Python work per
character and per word around the lexicon look-ups:

* pattern tokenises with a dozen passes over the text, a Python loop over every token's
  punctuation and a sentence splitter, then scores every token in a Python loop. Here marks are
  split off by a few passes of ``str.replace`` and regular expressions over the whole sentence
  (Python code only for a token ending with a period), the tokens are lower-cased in one call,
  and the scoring loop visits only the tokens that can change the score. Texts where pattern's
  sentence splitting changes the tokens (paragraph breaks, sarcasm marks ``(!)``, emoticons) are
  scored by pattern itself.
* VADER walks the text character by character to replace emoji, lower-cases the whole word list
  again for every modifier it checks, and scores every word. Here emoji are looked for with one
  regular expression, words are lower-cased and stripped of punctuation once (mostly by one
  regular expression), and only lexicon words are scored, with VADER's rules (negation, boosters,
  capitals, "no", "least", idioms, "but", punctuation emphasis) applied to their neighbours.

``tests/test_lexicon_sentiment.py`` compares both with the libraries.
"""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

# --- TextBlob (pattern) ---------------------------------------------------------------------

#: textblob.en's arguments to pattern's ``Sentiment`` (a test checks them against textblob.en).
NEGATIONS = ("no", "not", "n't", "never")
MODIFIERS = ("RB",)


@dataclass(frozen=True)
class _Pattern:
    """pattern's lexicon and tokeniser constants, as the scorer needs them."""

    words: dict[str, tuple[float, float, float, bool]]  # word -> (p, s, i, is a modifier)
    negations: frozenset[str]
    emoticons: dict[str, float]  # emoticons pattern recognises in a lower-cased token
    relevant: frozenset[str]  # tokens that are more than a word of some length to the scorer
    stateful: frozenset[str]  # modifiers and negations, which act on the next words
    contractions: tuple[tuple[str, str], ...]
    lead: re.Pattern[str]  # leading marks of a token
    end_mark: re.Pattern[str]  # a mark other than a period ending a token longer than it
    trail_marks: str  # the marks pattern splits off the end of a token
    abbreviations: frozenset[str]
    abbreviation: re.Pattern[str]  # pattern's other tests of a token ending with a period
    inner_period: re.Pattern[str]  # a token ending with a period, followed by another token
    period_token: re.Pattern[str]  # a token ending with a period, with the space before it
    rare: bytes  # translates emoticon characters to "r" (rare) or "e" (ending), others to "a"
    rare_beyond_ascii: tuple[str, ...]  # their rare characters beyond ASCII
    emoticon_ends: tuple[str, ...]  # letters that end the other emoticons, then a space
    emoticon: re.Pattern[str]  # pattern's emoticon expression
    sarcasm: re.Pattern[str]

    def split_trail(self, token: str) -> str:
        """pattern's loop over the trailing punctuation of a token that ends with no mark but a
        period, given after a space: its tokens, separated by spaces after a space."""
        token, tail, lead = token[1:], [], tuple(self.trail_marks[:-1])
        while token.endswith(lead) or token.endswith("."):
            if token.endswith(lead):
                tail.append(token[-1])
                token = token[:-1]
            if token.endswith("..."):
                tail.append("...")
                token = token[:-3].rstrip(".")
            if token.endswith("."):
                if token in self.abbreviations or self.abbreviation.match(token):
                    break
                tail.append(".")
                token = token[:-1]
        tail.reverse()
        return " " + " ".join([token, *tail] if token else tail)

    def split_trail_match(self, match: re.Match[str]) -> str:
        return self.split_trail(match.group())


def _pattern_module() -> tuple[ModuleType, Path]:
    """textblob's ``_text`` module (pattern's code) and textblob's folder.

    ``_text`` needs only the standard library, but importing it through textblob imports NLTK,
    a fifth of a second: it is loaded from its file instead, unless textblob is loaded already.
    """
    spec = importlib.util.find_spec("textblob")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(spec.submodule_search_locations[0])
    module = sys.modules.get("textblob._text")
    if module is None:
        spec = importlib.util.spec_from_file_location("chokepoints._pattern_text",
                                                      folder / "_text.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module, folder


def pattern_lexicon() -> dict[str, dict]:
    """pattern's English lexicon as ``textblob.en.sentiment`` loads it: word -> {POS: (p, s, i)}.

    That is pattern's ``Sentiment.load`` of ``en-sentiment.xml``, then textblob.en's addition of
    an adverb for each adjective ("terrible" -> "terribly").
    """
    module, folder = _pattern_module()
    lexicon = module.Sentiment(path=str(folder / "en" / "en-sentiment.xml"),
                               synset="wordnet_id", negations=NEGATIONS, modifiers=MODIFIERS,
                               language="en")
    module.Sentiment.load(lexicon)
    for w, pos in list(dict.items(lexicon)):  # textblob.en.Sentiment.load, verbatim
        if "JJ" in pos:
            if w.endswith("y"):
                w = w[:-1] + "i"
            if w.endswith("le"):
                w = w[:-2]
            p, s, i = pos["JJ"]
            lexicon.annotate(w + "ly", "RB", p, s, i)
    return dict(dict.items(lexicon))


def _load_pattern() -> _Pattern:
    global _PATTERN
    text, _ = _pattern_module()
    lexicon = pattern_lexicon()
    words = {word: (*senses[None], any(pos in senses for pos in MODIFIERS))
             for word, senses in lexicon.items() if None in senses}
    negations = frozenset(NEGATIONS)
    assert negations.isdisjoint(words)  # the scoring loop relies on it
    emoticons: dict[str, float] = {}
    faces = [face for group in text.EMOTICONS.values() for face in group]
    for (_, polarity), group in text.EMOTICONS.items():
        for face in group:
            face = face.lower()  # pattern's test on unknown tokens, once for all:
            if not face.isalpha() and len(face) <= 5 and face not in text.PUNCTUATION:
                emoticons.setdefault(face, polarity)
    for old, _ in text.replacements.items():
        assert re.escape(old) == old  # literal patterns: str.replace does what re.sub does
    lead_marks = text.PUNCTUATION.replace(".", "")
    lead = re.escape(lead_marks)
    # Each emoticon holds a mark seldom seen in prose, or ends a token with one of ``ends``.
    rare = {c for face in faces for c in face if not c.isalnum() and c not in "().-'"}
    ends = {face[-1] for face in faces if rare.isdisjoint(face)}
    assert rare.isdisjoint(" ,.") and ends - {")"} <= set(string.ascii_letters)
    _PATTERN = _Pattern(
        words=words, negations=negations, emoticons=emoticons,
        relevant=frozenset(words) | negations | set(emoticons) | {"!"},
        stateful=frozenset(word for word, known in words.items() if known[3]) | negations,
        contractions=tuple(text.replacements.items()),
        lead=re.compile(rf" ([{lead}]+)(?! )"),
        end_mark=re.compile(rf"[{lead}](?<=[^ ][{lead}])(?= )"),
        trail_marks=lead_marks + ".",
        abbreviations=frozenset(text.ABBREVIATIONS),
        abbreviation=re.compile("|".join(
            f"(?:{p.pattern})" for p in (text.RE_ABBR1, text.RE_ABBR2, text.RE_ABBR3))),
        inner_period=re.compile(r"\.(?<=[^ ]\.) (?=.)"),
        period_token=re.compile(r" [^ ]+\.(?= )"),
        rare=_rare_bytes({c for c in rare | {")"} if c.isascii()}, ends - {")"}),
        rare_beyond_ascii=tuple(sorted(c for c in rare if not c.isascii())),
        emoticon_ends=tuple(sorted(f"{c} " for c in ends - {")"})),
        emoticon=text.RE_EMOTICONS, sarcasm=text.RE_SARCASM)
    return _PATTERN


_PATTERN: _Pattern | None = None


def _rare_bytes(rare: set[str], ends: set[str]) -> bytes:
    """A ``bytes.translate`` table: the bytes of ASCII ``rare`` characters to "r", of ``ends``
    to "e", others to "a"."""
    table = bytearray(b"a" * 256)
    for chars, kind in ((rare, b"r"), (ends, b"e")):
        for char in chars:
            table[ord(char)] = kind[0]
    return bytes(table)


def _split_lead(match: re.Match[str]) -> str:
    return f" {' '.join(match.group(1))} "


def pattern_tokens(text: str) -> list[str] | None:
    """pattern's lower-cased tokens of ``text``; None where its sentence splitting matters."""
    table = _PATTERN or _load_pattern()
    if "'" in text:
        for old, new in table.contractions:
            text = text.replace(old, new)
        text = text.replace("'", " ' ")
    if not text.isascii():
        text = (text.replace("“", " “ ").replace("”", " ” ").replace("‘", " ‘ ")
                .replace("’", " ’ "))
    if '"' in text:
        text = text.replace('"', ' " ')
    if not text.isprintable():  # holds white space other than " " (or control characters)
        if "\n\n" in text.replace("\r\n", "\n"):
            return None  # a paragraph break: pattern ends a sentence there
        text = " ".join(text.split())
    # Tokens separated by spaces, with a space before the first and after the last.
    text = f" {text} "
    if table.lead.search(text):
        text = table.lead.sub(_split_lead, text)
    # Split off the marks (but periods) ending a token, each its own token: pattern's loop does
    # it one mark at a time from the end, and goes on as with a token ending with the rest.
    text = text.replace(", ", " , ")  # the commonest
    marks = table.end_mark.findall(text)
    while marks:
        for mark in set(marks):
            text = text.replace(mark + " ", f" {mark} ")
        marks = table.end_mark.findall(text)
    if text.endswith(". "):  # the last token ends with a period
        start = text.rfind(" ", 0, -2)
        word = text[start + 1:-2]
        if (len(word) > 1 and "." not in word and word[-1] not in table.trail_marks
                and not "A" <= word[0] <= "Z" and word + "." not in table.abbreviations):
            text = text[:-2] + " . "  # no abbreviation (by pattern's tests): split the period
        else:
            text = text[:start] + table.split_trail(text[start:-1]) + " "
    if table.inner_period.search(text):
        text = table.period_token.sub(table.split_trail_match, text)
    # Each of pattern's emoticons holds a character that prose seldom has ("r" in the
    # translation by ``rare``, or one of ``rare_beyond_ascii``), or ends a token with a letter
    # of ``emoticon_ends`` ("e" in the translation).
    kinds = text.encode("utf-8", "surrogatepass").translate(table.rare)
    if ((b"r" in kinds or (b"e" in kinds and any(end in text for end in table.emoticon_ends))
         or (not text.isascii() and any(char in text for char in table.rare_beyond_ascii)))
            and table.emoticon.search(f" {' '.join(text.split())} ")):
        return None
    if "!" in text and "(" in text and table.sarcasm.search(" ".join(text.split())):
        return None
    return text.lower().split()


def pattern_sentiment(text: str) -> tuple[float, float]:
    """``textblob.en.sentiment(text)``: (polarity, subjectivity), bit for bit."""
    table = _PATTERN or _load_pattern()
    tokens = pattern_tokens(text)
    if tokens is None:
        from textblob.en import sentiment

        return tuple(sentiment(text))
    relevant = table.relevant
    sequence = [token for token in tokens if token in relevant]
    if not sequence:
        return 0.0, 0.0
    if not table.stateful.isdisjoint(sequence):  # a modifier or a negation
        return _pattern_scores(tokens, sequence, table)
    words, polarities, subjectivities = table.words, [], []
    for token in sequence:
        known = words.get(token)
        if known is not None:
            polarities.append(known[0])
            subjectivities.append(known[1])
        elif token != "!":  # an emoticon
            polarities.append(table.emoticons[token])
            subjectivities.append(1.0)
        elif polarities:
            polarities[-1] = max(-1.0, min(polarities[-1] * 1.25, +1.0))
    polarity = subjectivity = 0
    for p in polarities:
        polarity += p
    for s in subjectivities:
        subjectivity += s
    count = float(len(polarities) or 1)
    return polarity / count, subjectivity / count


def _pattern_scores(tokens: list[str], sequence: list[str], table: _Pattern
                    ) -> tuple[float, float]:
    """pattern's ``assessments`` loop over the tokens (``sequence``: those that are not words
    of no account), and its averages."""
    words, negations, emoticons = table.words, table.negations, table.emoticons
    scores: list[list] = []  # [polarity, subjectivity, intensity, negated]
    modifier = negation = None
    previous = -1
    for word in sequence:
        k = tokens.index(word, previous + 1)
        if (modifier is not None or negation is not None) and k > previous + 1:
            # The tokens in between are unknown words: a word longer than one character ends
            # a negation's reach, longer than two a modifier's. (A token holding "'" is "'".)
            longest = max(map(len, tokens[previous + 1:k]))
            if longest > 1:
                negation = None
            if longest > 2:
                modifier = None
        previous = k
        known = words.get(word)
        if known is not None:
            p, s, i, is_modifier = known
            if modifier is None:
                scores.append([p, s, i, False])
            else:
                last = scores[-1]
                last[0] = max(-1.0, min(p * last[2], +1.0))
                last[1] = max(-1.0, min(s * last[2], +1.0))
                last[2] = i
            if negation is not None:
                last = scores[-1]
                last[2] = 1.0 / last[2]
                last[3] = True
            modifier = word if is_modifier else None
            negation = None  # no negation is in the lexicon
            continue
        if word in negations:
            negation = word
        elif negation and len(word) > 1:
            negation = None
        if negation is not None and modifier is not None and modifier.endswith("ly"):
            scores[-1][3] = True
            negation = None
        elif modifier and len(word) > 2:
            modifier = None
        if word == "!":
            if scores:
                scores[-1][0] = max(-1.0, min(scores[-1][0] * 1.25, +1.0))
        elif word in emoticons:
            scores.append([emoticons[word], 1.0, 1.0, False])
    polarity = subjectivity = 0
    for p, s, _, negated in scores:
        polarity += p * -0.5 if negated else p
        subjectivity += s
    count = float(len(scores) or 1)
    return polarity / count, subjectivity / count


# --- VADER ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vader:
    """VADER's lexicon and constants."""

    lexicon: dict[str, float]
    scored: frozenset[str]  # lexicon words that are not boosters
    boosters: dict[str, float]
    negate: frozenset[str]
    context: frozenset[str]  # the words some rule looks for before a lexicon word
    special: dict[str, float]
    idiom_starts: frozenset[str]  # first words of the idioms and boosters of several words
    idiom_pairs: frozenset[str]  # their first two words, "w1 w2"
    emojis: dict[str, str]
    may_have_emoji: re.Pattern[str]  # a necessary condition for an emoji
    strip: re.Pattern[str]  # marks VADER strips off a word, in most cases: see vader_words
    unstripped: re.Pattern[str]  # a word still starting or ending with a mark
    unusual_mark: re.Pattern[str]  # a mark ending or starting a word, but for "," or "."
                                   # ending one after three characters that are no marks
    n_scalar: float
    c_incr: float
    normalize: Callable[[float], float]


def _load_vader() -> _Vader:
    global _VADER
    from vaderSentiment import vaderSentiment as v

    analyzer = v.SentimentIntensityAnalyzer()
    codes = sorted(ord(e) for e in analyzer.emojis if len(e) == 1)
    latin = [c for c in codes if c < 0x100]
    bmp = [c for c in codes if 0x100 <= c < 0x10000]
    astral = [c for c in codes if c >= 0x10000]
    emoji_class = "".join(re.escape(chr(c)) for c in latin) + "".join(
        f"{re.escape(chr(span[0]))}-{re.escape(chr(span[-1]))}" for span in (bmp, astral) if span)
    phrases = [key.split() for key in (*v.SPECIAL_CASES, *v.BOOSTER_DICT) if " " in key]
    p = re.escape(string.punctuation)
    boosters = v.BOOSTER_DICT
    assert boosters.keys().isdisjoint(analyzer.lexicon)  # VADER scores them 0 anyway
    assert analyzer.emojis.keys().isdisjoint(_TYPOGRAPHY)
    _VADER = _Vader(
        lexicon=analyzer.lexicon, scored=frozenset(analyzer.lexicon) - set(boosters),
        boosters=boosters, negate=frozenset(v.NEGATE),
        context=frozenset(boosters) | set(v.NEGATE) | {"no", "this", "least"},
        special=v.SPECIAL_CASES, idiom_starts=frozenset(words[0] for words in phrases),
        idiom_pairs=frozenset(f"{words[0]} {words[1]}" for words in phrases),
        emojis=analyzer.emojis, may_have_emoji=re.compile(f"[{emoji_class}]"),
        strip=re.compile(
            rf"[{p}](?:(?<= [{p}])[{p}]*(?=[^ {p}][^ ]+?[^ {p}])"
            rf"|(?:(?<=[^ {p}][^ ][^ {p}][{p}])|(?<=[^ {p}][^ ][^ ][^ {p}][{p}]))[{p}]*(?= ))"),
        unstripped=re.compile(rf"[{p}](?:(?<= [{p}])|(?= ))"),
        unusual_mark=re.compile(rf"[{p}](?:(?<= [{p}])|(?= )(?<![^ {p}][^ {p}][^ {p}][,.]))"),
        n_scalar=v.N_SCALAR, c_incr=v.C_INCR, normalize=v.normalize)
    return _VADER


_VADER: _Vader | None = None
#: Quotes and dashes, the commonest characters beyond ASCII in news text (none is an emoji).
_TYPOGRAPHY = ("’", "“", "”", "—", "–", "‘", "…")


def _strip_punctuation(word: str) -> str:
    """VADER's ``_strip_punc_if_word``."""
    stripped = word.strip(string.punctuation)
    return word if len(stripped) <= 2 else stripped


def _replace_emoji(text: str, emojis: dict[str, str]) -> str:
    """VADER's emoji replacement, character by character as VADER does it."""
    out, prev_space = [], True
    for char in text:
        if char in emojis:
            if not prev_space:
                out.append(" ")
            out.append(emojis[char])
            prev_space = False
        else:
            out.append(char)
            prev_space = char == " "
    return "".join(out)


def vader_words(text: str) -> list[str]:
    """VADER's words of ``text`` (emoji replaced, stripped), stripped of marks and lower-cased.

    VADER strips the marks off both ends of a word unless that leaves two characters or fewer.
    Most often the only marks at the ends of words are commas and periods after three other
    characters: those are simply deleted. Else one substitution strips a leading run when three
    characters or more follow it up to the last non-mark, and a trailing run when the third or
    fourth character before it is no mark; when a word still starts or ends with a mark after
    that, each word is stripped alone.
    """
    table = _VADER or _load_vader()
    if not text.isascii() and "İ" in text:  # the one character whose lower case is longer
        return [_strip_punctuation(word).lower() for word in text.split()]
    if text.isprintable() and "  " not in text:  # words separated by single spaces
        lowered = f" {text.lower()} "
    else:
        lowered = f" {' '.join(text.lower().split())} "
    if not table.unusual_mark.search(lowered):
        return lowered.replace(", ", " ").replace(". ", " ").split()
    stripped = table.strip.sub("", lowered)
    if table.unstripped.search(stripped):  # e.g. "70%", which VADER keeps
        return [*map(_strip_punctuation, lowered.split())]
    return stripped.split()


def vader_compound(text: str) -> float:
    """``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``, bit for bit."""
    table = _VADER or _load_vader()
    if not text.isascii():
        rest = text  # without the commonest characters beyond ASCII, which are no emoji
        for char in _TYPOGRAPHY:
            rest = rest.replace(char, "")
        if not rest.isascii() and table.may_have_emoji.search(rest):
            text = _replace_emoji(text, table.emojis)
    text = text.strip()
    lows = vader_words(text)
    scored = table.scored
    hits = [i for i, word in enumerate(lows) if word in scored]
    if not hits:
        return 0.0
    lexicon, context, starts, last = table.lexicon, table.context, table.idiom_starts, len(lows) - 1
    apostrophe = "'" in text  # else no word holds "n't"
    # A word written in capitals is its lower-case form upper-cased, as the only character
    # outside ASCII whose lower case is in ASCII is the Kelvin sign.
    kelvin = not text.isascii() and "\u212a" in text
    sentiments, positions = [], []
    words: list[str] | None = None  # VADER's words as written, split on first need
    for i in hits:
        word = lows[i]
        if word == "kind" and i < last and lows[i + 1] == "of":
            continue
        before = lows[i - 3:i] if i > 2 else lows[:i]
        if (word != "no" and context.isdisjoint(before)
                and not (apostrophe and "n't" in " ".join(before))
                and word.isascii() and not kelvin
                and (word[-1].upper() not in text or word.upper() not in text)):
            # No rule applies but the idioms (and the word is not written in capitals).
            valence = lexicon[word]
            if i > 2 and before[0] not in lexicon and (
                    before[0] in starts or before[1] in starts or before[2] in starts
                    or (i < last and word in starts)):
                valence = _idioms_check(valence, lows, i, table)
        else:
            if words is None:
                words = text.split()
            valence = _valence(i, lows, words, table)
        sentiments.append(valence)
        positions.append(i)
    if "but" in lows:
        _but_check(sentiments, positions, lows.index("but"))
    total = float(sum(sentiments))
    if total:
        emphasis = _punctuation_emphasis(text)
        total = total + emphasis if total > 0 else total - emphasis
    return round(table.normalize(total), 4)


def _cap_differential(words: list[str]) -> bool:
    """VADER's ``allcap_differential`` (punctuation has no case: stripped or not is the same)."""
    capitals = sum(map(str.isupper, words))
    return 0 < len(words) - capitals < len(words)


def _valence(i: int, lows: list[str], words: list[str], table: _Vader) -> float:
    """VADER's ``sentiment_valence`` of the lexicon word at ``i`` (``words`` as written)."""
    lexicon, n_scalar = table.lexicon, table.n_scalar
    word = lows[i]
    valence = lexicon[word]
    if word == "no" and i != len(lows) - 1 and lows[i + 1] in lexicon:
        valence = 0.0
    if ((i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no")
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))):
        valence = lexicon[word] * n_scalar
    if words[i].isupper() and _cap_differential(words):
        valence = valence + table.c_incr if valence > 0 else valence - table.c_incr
    for start in range(3):
        if i <= start:
            break
        before = lows[i - start - 1]
        if before in lexicon:
            continue
        scalar = 0.0  # VADER's scalar_inc_dec
        if before in table.boosters:
            scalar = table.boosters[before]
            if valence < 0:
                scalar *= -1
            if words[i - start - 1].isupper() and _cap_differential(words):
                scalar = scalar + table.c_incr if valence > 0 else scalar - table.c_incr
            if start == 1:
                scalar = scalar * 0.95
            elif start == 2:
                scalar = scalar * 0.9
        valence = valence + scalar
        valence = _negation_check(valence, lows, start, i, table)
        if start == 2:
            valence = _idioms_check(valence, lows, i, table)
    if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
        if lows[i - 2] != "at" and lows[i - 2] != "very":
            valence = valence * n_scalar
    elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
        valence = valence * n_scalar
    return valence


def _negated(word: str, table: _Vader) -> bool:
    """VADER's ``negated`` of one lower-case word."""
    return word in table.negate or "n't" in word


def _negation_check(valence: float, lows: list[str], start: int, i: int,
                    table: _Vader) -> float:
    """VADER's ``_negation_check``."""
    if start == 0:
        if _negated(lows[i - 1], table):
            valence = valence * table.n_scalar
    elif start == 1:
        if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
            pass
        elif _negated(lows[i - 2], table):
            valence = valence * table.n_scalar
    elif ((lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this"))
          or (lows[i - 1] == "so" or lows[i - 1] == "this")):
        valence = valence * 1.25
    elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
        pass
    elif _negated(lows[i - 3], table):
        valence = valence * table.n_scalar
    return valence


def _idioms_check(valence: float, lows: list[str], i: int, table: _Vader) -> float:
    """VADER's ``_special_idioms_check`` (for ``i`` >= 3).

    Every phrase it looks up has two words or more: none matches unless two neighbouring words
    among ``lows[i - 3:i + 2]`` start one.
    """
    starts, pairs, last = table.idiom_starts, table.idiom_pairs, len(lows) - 1
    for j in range(i - 3, min(i + 1, last)):
        if lows[j] in starts and f"{lows[j]} {lows[j + 1]}" in pairs:
            break
    else:
        return valence
    special, boosters = table.special, table.boosters
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in special:
            valence = special[sequence]
            break
    if last > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if last > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _but_check(sentiments: list[float], positions: list[int], but: int) -> None:
    """VADER's "but" rule with its quirk: each score rescales the first score equal to it.

    The words left out here all score 0, and a 0 only ever rescales another 0, so leaving them
    out changes no sum.
    """
    for value in list(sentiments):
        first = sentiments.index(value)
        if positions[first] < but:
            sentiments[first] = value * 0.5
        elif positions[first] > but:
            sentiments[first] = value * 1.5


def _punctuation_emphasis(text: str) -> float:
    """VADER's ``_punctuation_emphasis``."""
    exclamations = min(text.count("!"), 4)
    questions = text.count("?")
    question_emphasis = 0
    if questions > 1:
        question_emphasis = questions * 0.18 if questions <= 3 else 0.96
    return exclamations * 0.292 + question_emphasis
