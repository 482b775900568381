"""Split paragraphs into sentences offline (pySBD rules: abbreviations, decimals, quotes)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Span:
    """A sentence and its character offsets in the paragraph it came from."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


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
    for piece in _segmenter().segment(paragraph):
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
