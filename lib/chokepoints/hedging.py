"""Find hedges and uncertainty cues in a sentence, from the cue lexicon in hedges.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from chokepoints import config
from chokepoints.errors import ChokepointsError
from chokepoints.files import cached_by_path, read_yaml
from chokepoints.patterns import PatternIndex, compile_pattern, words_in


@dataclass(frozen=True)
class HedgeCue:
    """One cue of the lexicon."""

    cue: str
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class HedgeMatch:
    """A cue found in a sentence: the words as written, the cue's kind and their offsets."""

    cue: str
    kind: str
    start: int
    end: int


@cached_by_path
def load_hedges(path: Path = config.HEDGES_FILE) -> tuple[HedgeCue, ...]:
    """Read and compile the hedge lexicon.

    Args:
        path: the lexicon file (default: the project's data/lexicons/hedges.yml).

    Returns:
        The cues, in file order.

    Raises:
        ChokepointsError: a cue lacks ``cue`` or ``kind``, names an unknown kind, or its pattern
            is not a valid regular expression.
    """
    spec = read_yaml(path) or {}
    kinds = dict(spec.get("kinds") or {})
    cues = []
    for number, entry in enumerate(spec.get("cues") or [], start=1):
        missing = {"cue", "kind"} - set(entry)
        if missing:
            raise ChokepointsError(f"{path}: cue {number} lacks {', '.join(sorted(missing))}")
        if entry["kind"] not in kinds:
            raise ChokepointsError(f"{path}: cue {entry['cue']!r} has unknown kind "
                                   f"{entry['kind']!r}; kinds: {', '.join(kinds)}")
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        source = entry.get("pattern") or re.escape(entry["cue"])
        pattern = compile_pattern(path, f"cue {entry['cue']!r}", source, flags)
        cues.append(HedgeCue(entry["cue"], entry["kind"], pattern))
    return tuple(cues)


def find_hedges(sentence: str, cues: tuple[HedgeCue, ...] | None = None) -> list[HedgeMatch]:
    """Every hedge in a sentence; of overlapping matches the longest wins.

    Args:
        sentence: one sentence (any text works; offsets are into it).
        cues: the lexicon (default: `load_hedges()`).

    Returns:
        Matches in text order, none overlapping; empty when the sentence has no hedge.
    """
    cues = load_hedges() if cues is None else cues
    # Only the cues whose words the sentence has can match (see `chokepoints.patterns`).
    index = _index(cues)
    found = [HedgeMatch(match.group(0), cues[number].kind, match.start(), match.end())
             for number in index.select(words_in(sentence))
             for match in index.patterns[number].finditer(sentence)]
    if len(found) < 2:
        return found
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[HedgeMatch] = []
    for match in found:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


#: The lexicon last searched and its pattern index (identity is the key: hashing every cue per
#: sentence would cost more than the search).
_indexed: tuple[tuple[HedgeCue, ...], PatternIndex] | None = None


def _index(cues: tuple[HedgeCue, ...]) -> PatternIndex:
    global _indexed
    entry = _indexed
    if entry is None or entry[0] is not cues:
        entry = _indexed = (cues, PatternIndex(cue.pattern for cue in cues))
    return entry[1]
