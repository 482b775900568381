"""Find the actors a sentence speaks of, and the side a speaker speaks for (from actors.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from chokepoints import config
from chokepoints.errors import ChokepointsError
from chokepoints.files import cached_by_path, read_yaml
from chokepoints.patterns import PatternIndex, compile_pattern, words_in

DEFAULT_SIDE = "other"


@dataclass(frozen=True)
class Alias:
    """One way of naming an actor or a speaker group."""

    actor: str  # empty for speaker groups that are not actors
    group: str
    side: str
    pattern: re.Pattern[str]


class Mention(NamedTuple):
    """Where an alias matched in a text."""

    actor: str
    side: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ActorDictionary:
    """The sides vocabulary, the actors' labels and every alias."""

    sides: dict[str, str]
    labels: dict[str, str]
    aliases: tuple[Alias, ...]

    @cached_property
    def alias_index(self) -> PatternIndex:
        """The aliases' patterns, indexed by the words they need."""
        return PatternIndex(alias.pattern for alias in self.aliases)


def _compile(pattern: str, path: Path, owner: str) -> re.Pattern[str]:
    # Aliases are names: case-sensitive ("US" the country, not "us").
    return compile_pattern(path, f"alias of {owner}", pattern, flags=0)


@cached_by_path
def load_actors(path: Path = config.ACTORS_FILE) -> ActorDictionary:
    """Read the actor dictionary.

    Raises:
        ChokepointsError: an alias is not a valid regular expression or names an unknown side.
    """
    spec = read_yaml(path)
    sides = dict(spec["sides"])
    labels: dict[str, str] = {}
    aliases: list[Alias] = []
    entries = [(e["actor"], e) for e in spec.get("actors", [])]
    entries += [("", e) for e in spec.get("speakers", [])]
    for actor, entry in entries:
        group = actor or entry["group"]
        if actor:
            labels[actor] = entry.get("label", actor)
        for alias in entry["aliases"]:
            side = alias.get("side", entry["side"])
            if side not in sides:
                raise ChokepointsError(f"{path}: {group}: unknown side {side!r}; sides: "
                                       f"{', '.join(sides)}")
            aliases.append(Alias(actor, group, side, _compile(alias["pattern"], path, group)))
    return ActorDictionary(sides, labels, tuple(aliases))


def find_mentions(text: str, dictionary: ActorDictionary | None = None,
                  actors_only: bool = True) -> list[Mention]:
    """Every alias match in ``text``; of overlapping matches the longest wins.

    Args:
        text: a sentence or a speaker phrase.
        dictionary: the actor dictionary (default: the project's actors.yml).
        actors_only: leave out speaker groups that are not actors.

    Returns:
        Mentions in text order.
    """
    return list(map(Mention._make, _mentions(text, dictionary or load_actors(), actors_only)))


def _mentions(text: str, dictionary: ActorDictionary,
              actors_only: bool) -> list[tuple[str, str, str, int, int]]:
    """`find_mentions` as tuples of a `Mention`'s fields."""
    index = dictionary.alias_index
    found = []
    # Only the aliases whose words the text has can match (see `chokepoints.patterns`).
    for number in index.select(words_in(text)):
        alias = dictionary.aliases[number]
        if actors_only and not alias.actor:
            continue
        for match in index.patterns[number].finditer(text):
            found.append((alias.actor, alias.side, match.group(0), match.start(), match.end()))
    if len(found) < 2:
        return found
    found.sort(key=lambda m: (m[3] - m[4], m[3]))  # the longest first, then the first
    kept: list[tuple[str, str, str, int, int]] = []
    for mention in found:
        if all(mention[4] <= k[3] or mention[3] >= k[4] for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m[3])


def side_of(speaker: str, dictionary: ActorDictionary | None = None) -> str:
    """The side a speaker phrase speaks for: that of its longest alias match, else ``other``."""
    mentions = find_mentions(speaker, dictionary, actors_only=False)
    if not mentions:
        return DEFAULT_SIDE
    return max(mentions, key=lambda m: (m.end - m.start, -m.start)).side


ACTOR_SENTIMENT_COLUMNS = ("article_id", "sentence_id", "actor", "mentions", "n_mentions",
                           "polarity", "subjectivity", "vader_compound")


def actor_sentiment_table(sentences: pd.DataFrame,
                          dictionary: ActorDictionary | None = None) -> pd.DataFrame:
    """One row per (sentence, actor it speaks of) with the sentence's sentiment scores."""
    dictionary = dictionary or load_actors()
    rows = []
    for article_id, sentence_id, text, polarity, subjectivity, compound in zip(
            *(sentences[name].tolist() for name in ("article_id", "sentence_id", "text",
                                                    "polarity", "subjectivity",
                                                    "vader_compound")), strict=True):
        mentions = _mentions(text, dictionary, True)
        if not mentions:
            continue
        by_actor: dict[str, list[str]] = {}
        for actor, _, mention, _, _ in mentions:
            by_actor.setdefault(actor, []).append(mention)
        rows += [(article_id, sentence_id, actor, "; ".join(by_actor[actor]),
                  len(by_actor[actor]), polarity, subjectivity, compound)
                 for actor in dictionary.labels if actor in by_actor]
    return pd.DataFrame(rows, columns=ACTOR_SENTIMENT_COLUMNS)
