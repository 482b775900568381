"""The straightforward lexicon searches: every pattern on every text, rows built one dict at a
time. The fast paths (word index, quick twins, column lists) must give exactly these results."""

from __future__ import annotations

import pandas as pd

from chokepoints.actors import ACTOR_SENTIMENT_COLUMNS, ActorDictionary, Mention
from chokepoints.frames import FRAME_COLUMNS, FrameLexicon, FrameMatch
from chokepoints.hedging import HedgeCue, HedgeMatch


def _longest_first(found: list) -> list:
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list = []
    for match in found:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def find_hedges(sentence: str, cues: tuple[HedgeCue, ...]) -> list[HedgeMatch]:
    return _longest_first([HedgeMatch(match.group(0), cue.kind, match.start(), match.end())
                           for cue in cues for match in cue.pattern.finditer(sentence)])


def find_mentions(text: str, dictionary: ActorDictionary,
                  actors_only: bool = True) -> list[Mention]:
    return _longest_first([Mention(alias.actor, alias.side, match.group(0), match.start(),
                                   match.end())
                           for alias in dictionary.aliases
                           if alias.actor or not actors_only
                           for match in alias.pattern.finditer(text)])


def detect_frames(sentence: str, lexicon: FrameLexicon) -> list[FrameMatch]:
    found: dict[str, list[str]] = {}
    for frame in lexicon.frames:
        cues = [m.group(0) for pattern in frame.cues for m in pattern.finditer(sentence)]
        if cues:
            found[frame.id] = list(dict.fromkeys(cues))
    for frame in lexicon.frames:
        if frame.level == "subframe" and frame.id in found:
            found.setdefault(frame.dimension, found[frame.id])
    return [FrameMatch(f.id, f.level, f.dimension, tuple(found[f.id]))
            for f in lexicon.frames if f.id in found]


def frames_table(sentences: pd.DataFrame, lexicon: FrameLexicon) -> pd.DataFrame:
    rows = [
        {"article_id": row.article_id, "sentence_id": row.sentence_id, "frame": match.frame,
         "level": match.level, "dimension": match.dimension, "cues": "; ".join(match.cues)}
        for row in sentences.itertuples(index=False)
        for match in detect_frames(row.text, lexicon)
    ]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def actor_sentiment_table(sentences: pd.DataFrame, dictionary: ActorDictionary) -> pd.DataFrame:
    rows = []
    for row in sentences.itertuples(index=False):
        by_actor: dict[str, list[str]] = {}
        for mention in find_mentions(row.text, dictionary):
            by_actor.setdefault(mention.actor, []).append(mention.text)
        for actor in dictionary.labels:
            if actor in by_actor:
                rows.append({"article_id": row.article_id, "sentence_id": row.sentence_id,
                             "actor": actor, "mentions": "; ".join(by_actor[actor]),
                             "n_mentions": len(by_actor[actor]), "polarity": row.polarity,
                             "subjectivity": row.subjectivity,
                             "vader_compound": row.vader_compound})
    return pd.DataFrame(rows, columns=ACTOR_SENTIMENT_COLUMNS)
