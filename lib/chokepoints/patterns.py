"""Compile the regular expressions of the project's lexicons (cues, aliases, rules) one way."""

from __future__ import annotations

import re
from pathlib import Path

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
