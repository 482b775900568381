"""chokepoints.sentences segments exactly as stock pySBD (en, clean=False) on every text.

`segment` runs pySBD's rules its own faster way, so it is compared with pySBD itself on every
paragraph of the seeds, of the generated 1k corpus and of TimeBank, on crafted edge cases and on
random texts made of the things pySBD treats specially. A pySBD upgrade that changes how it
segments fails these tests.
"""

from __future__ import annotations

import random
import re

import pysbd
import pytest
from bench.scale import generate_corpus
from pysbd.lang.english import English
from pysbd.punctuation_replacer import replace_punctuation

from chokepoints import config
from chokepoints.clean import clean_text, load_overrides
from chokepoints.corpus import load_corpus
from chokepoints.sentences import (
    _SENTENCE_BOUNDARY,
    Span,
    _hide_punctuation,
    segment,
    split_sentences,
)
from tests.corpora import timebank_bodies


@pytest.fixture(scope="module")
def stock() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def differences(texts: list[str], stock: pysbd.Segmenter) -> list[tuple[str, list, list]]:
    found = []
    for text in texts:
        expected = stock.segment(text)
        got = segment(text)
        if got != expected:
            found.append((text, expected, got))
    return found[:5]


def stock_split(paragraph: str, stock: pysbd.Segmenter) -> list[Span]:
    """`split_sentences` as it was written on stock pySBD."""
    spans, cursor = [], 0
    for piece in stock.segment(paragraph):
        text = piece.strip()
        if not text:
            continue
        start = paragraph.find(text, cursor)
        if start < 0:
            start = cursor
        spans.append(Span(text, start, start + len(text)))
        cursor = start + len(text)
    return spans


# --- real text ---------------------------------------------------------------------------------


def test_seed_paragraphs_and_sentences(seed_cleaned, stock):
    paragraphs = [p.text for cleaned in seed_cleaned.values() for p in cleaned.paragraphs]
    assert len(paragraphs) > 50
    assert differences(paragraphs, stock) == []
    for paragraph in paragraphs:
        assert split_sentences(paragraph) == stock_split(paragraph, stock)


def test_whole_seed_articles_with_their_line_breaks(seed_articles, stock):
    assert differences([article.text for article in seed_articles.values()], stock) == []


def test_every_paragraph_of_the_1k_corpus(seed_tables, tmp_path, stock):
    sentences = [str(text) for text in seed_tables.sentences["text"]]
    generate_corpus(tmp_path, 1000, sentences)
    overrides = load_overrides(tmp_path)
    paragraphs = [paragraph.text for article in load_corpus(tmp_path).articles
                  for paragraph in clean_text(article.text, article.meta.id, overrides).paragraphs]
    assert len(paragraphs) > 7000
    assert differences(paragraphs, stock) == []


def timebank_texts() -> list[str]:
    """TimeBank documents (tags stripped): whole, and paragraph by paragraph."""
    bodies = timebank_bodies()
    if not bodies:
        pytest.skip(f"TimeBank not found in {config.TIMEBANK_DIR}")
    texts = []
    for text in bodies:
        texts.append(text)
        texts += [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return texts


def test_every_timebank_document_and_paragraph(stock):
    texts = timebank_texts()
    assert len(texts) > 1000
    assert differences(texts, stock) == []


# --- crafted edge cases ------------------------------------------------------------------------

CRAFTED = [
    "", " ", "\n", ".", "..", "...", "a", "A.", "Hi", "Hi.", "?", "!", "!!", "?!", "!?", "??",
    "Officials in the U.S. said so. Others did not.",
    "The U.S. Treasury said so. The U.S. It is. In the U.S.A. The E.U. The U.K. What now?",
    "He met Mr. Smith and Dr. Jones at St. Paul's. Gen. Lee left. Prof. X and Sen. Y spoke.",
    "Mr Smith left. MR. SMITH LEFT. mr. smith left. Mrs. A, Ms. B and Messrs. C and D came.",
    "See e.g. the report, i.e. the one from Jan. 6. Cf. p. 5 and pp. 10-12. No. 5 is art. 3.",
    "It was at 3 p.m. Markets fell. At 9 a.m. on Tuesday they rose. At 5 P.M. He left. A.M. Yes.",
    "Prices rose 3.8 per cent to US$57.7 billion. The rate is 0.25%. Version 2.0.1 is out.",
    "The company, Apple Inc. announced it. Acme Corp. Ltd. and Co. KG are firms. Foo Co. KG said.",
    "He said, “We will respond.” Then he left. “No!” she cried. “Why?” he asked.",
    "“Until now, China has avoided steps,” the source said. “By causing it.” Next.",
    "She said \"stop.\" He said \"go!\" They said \"what?\" And 'single quotes.' Also ‘these.’",
    "He paused... Then he spoke. Wait . . . what? The end. . . . Really.... Yes.",
    "Items: 1. apples 2. pears 3. plums. Next: a. one b. two c. three. Then (i) x (ii) y (iii) z.",
    "1) first 2) second 3) third. a) one b) two. (a) alpha (b) beta (c) gamma.",
    "1. Start here.\n2. Go on.\n3. Stop.\n\nNew paragraph. A - dash. B -- dashes -- here.",
    "The result (see Table 1.) is clear. Japan (the country) acted. (He left.) She stayed.",
    "“The ban” (he said) “is final.” It was [sic.] wrong. See [1]. Also [2, 3-5].",
    "It rose.2 Then it fell.[3] Next sentence.12 Another one.",
    "Yahoo! is a company. The !Kung people live there. \u01c3Kung too. Wow!!! Really??? Yes?!",
    "Download file.pdf or image .jpg now. Coordinates 45\u00b0.5 north. Email a.b@c.d now.",
    "He's at St.\u00a0Paul. Tab\there. Form\x0cfeed. Line\u2028separator. Ideographic\u3000space.",
    "Full-width\u3002 stops\uff0e and \uff01 and \uff1f marks. Japanese\u3002Text\uff01",
    "Symbols pySBD uses: \u222f \u0238 \u0239 \u2668 \u261d & \u1473 & \u2609 \u262f \u01aa.",
    "{mr} X. {mr} Mr. X. The word is {e.g} e.g. here. Go to {ave} Main. Park Ave. Then left.",
    "\u0130stanbul Dr. visits. DR\u0131. \u017ft. Mo. \u212a. Ind. Is. NO. 5 and P. 7.",
    "The U.S.-China talks. The U.S.' role. It's the U.S.'s turn. U.S., Japan and E.U. agree.",
    "Ph.D. students. D.Phil. thesis. Dr.Phil. Smith. M.D. Jones. B.A. degree.",
    "I. II. III. IV. Part I. Chapter V. Vol. 2. Fig. 3 shows it. Eq. 4 holds.",
    "   Leading and trailing spaces.   ",
    "No final punctuation here",
    "ALL CAPS SENTENCE. ANOTHER ONE! lower case start. next one? Yes.",
    "A sentence with a “quote in the middle.” and more text.",
    "“Quoted sentence one. Quoted sentence two.” Unquoted three.",
    "He said: “This.” — and left. She—who knew—stayed.",
]


@pytest.mark.parametrize("text", CRAFTED)
def test_crafted_edge_case(text, stock):
    assert segment(text) == stock.segment(text)


# --- random texts ------------------------------------------------------------------------------

PIECES = [
    "the", "The", "said", "Japan", "China", "rose", "fell", "a", "I", "it", "is", "in", "no",
    "U.S.", "U.S", "U.K.", "E.U.", "U.S.A.", "Mr.", "Mrs.", "Dr.", "Prof.", "St.", "Gen.",
    "Jan.", "Dec.", "Inc.", "Ltd.", "Co.", "KG", "etc.", "e.g.", "i.e.", "vs.", "v.", "p.",
    "pp.", "No.", "art.", "fig.", "Ph.D.", "a.m.", "p.m.", "A.M.", "P.M.", "3.8", "57.7",
    "1.", "2.", "10.", "a.", "b.", "c.", "i.", "ii.", "1)", "2)", "a)", "b)", "(a)", "(b)",
    "(i)", "(ii)", "(iv)", "(2024)", "[1]", "[2,3]", ".", "..", "...", ". . .", "!", "?",
    "!!", "?!", "!!!", "???", ",", ";", ":", "-", "--", "\u2014", "\u201c", "\u201d", "\"",
    "'", "\u2018", "\u2019", "(", ")", "[", "]", "\u00ab", "\u00bb", "\u3002", "\uff0e",
    "\uff01", "\uff1f", "Yahoo!", "!Kung", "\u01c3Kung", "file.pdf", ".jpg", "45\u00b0.5",
    "a@b.c", "\n", "\n\n", "\r", "\t", "\u00a0", "\u2028", "\u222f", "\u0238", "\u2668",
    "\u261d", "&\u1473&", "&\u2388&", "{mr}", "\u0130", "\u0131", "\u017f", "\u212a", "x.y",
    "5.", "0.", "9.", "12.", "It", "He", "We", "The.", "Millions", "However",
]


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words = rng.choices(PIECES, k=rng.randint(1, 30))
        texts.append("".join(word + rng.choice(["", " ", " ", " ", "  ", "\n"])
                             for word in words))
    return texts


def test_random_texts_of_tricky_pieces(stock):
    assert differences(random_texts(4000, seed=8), stock) == []


def test_hiding_punctuation_is_pysbds_replace_punctuation():
    for text in [*random_texts(500, seed=3), "a\\(b", "\\-x-(y)", "x'y'!?."]:
        match = re.match(r"(?s).*", text)
        assert _hide_punctuation(match) == replace_punctuation(match)
        assert _hide_punctuation(match, single=True) == replace_punctuation(match, "single")


def test_sentence_boundary_matches_pysbds():
    stock_boundary = re.compile(English.SENTENCE_BOUNDARY_REGEX)
    pieces = [*PIECES, "\u0238", "\u0239", "\u2609", "\u2608", "\u2607", "\u2604", "\uff08",
              "\uff09", "\u300c", "\u300d", "A", "x"]
    rng = random.Random(11)
    texts = [*CRAFTED, *random_texts(2000, seed=9),
             *("".join(rng.choices(pieces, k=rng.randint(1, 20))) for _ in range(3000))]
    for text in texts:
        assert ([m.span() for m in _SENTENCE_BOUNDARY.finditer(text)]
                == [m.span() for m in stock_boundary.finditer(text)])
