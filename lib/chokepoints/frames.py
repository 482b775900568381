"""Frame detection: Policy Frames Codebook dimensions and sub-frames from a cue lexicon."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from chokepoints import config
from chokepoints.errors import ChokepointsError
from chokepoints.files import cached_by_path, read_yaml
from chokepoints.patterns import PatternIndex, compile_pattern, needed_words, words_in

LEVELS = ("dimension", "subframe")


@dataclass(frozen=True)
class Frame:
    """One frame of the lexicon."""

    id: str
    label: str
    level: str
    dimension: str  # the frame itself for a dimension, its parent for a sub-frame
    description: str
    cues: tuple[re.Pattern[str], ...]
    #: Try a cue only on sentences that have the words its matches need (`needed_words`,
    #: worked out when the lexicon is first used); None: try every cue on every sentence.
    prefilter: bool | None = field(default=True, compare=False, repr=False)


@dataclass(frozen=True)
class FrameMatch:
    """A frame found in a sentence, with the cue words that matched."""

    frame: str
    level: str
    dimension: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class FrameLexicon:
    """Every frame in lexicon order."""

    frames: tuple[Frame, ...]

    @property
    def dimensions(self) -> list[str]:
        """Dimension ids in order."""
        return [f.id for f in self.frames if f.level == "dimension"]

    @property
    def subframes(self) -> list[str]:
        """Sub-frame ids in order."""
        return [f.id for f in self.frames if f.level == "subframe"]

    def label(self, frame: str) -> str:
        """Display label of a frame id."""
        return next(f.label for f in self.frames if f.id == frame)

    @cached_property
    def cue_index(self) -> tuple[PatternIndex, tuple[int, ...], tuple[int | None, ...]]:
        """Every cue in lexicon order, indexed; the number of the frame of each; per frame, the
        number of its parent dimension (None for a dimension)."""
        index = PatternIndex((cue for frame in self.frames for cue in frame.cues),
                             (needed_words(cue) if frame.prefilter else None
                              for frame in self.frames for cue in frame.cues))
        numbers = {frame.id: number for number, frame in reversed(list(enumerate(self.frames)))}
        return (index, tuple(number for number, frame in enumerate(self.frames)
                             for _ in frame.cues),
                tuple(numbers.get(frame.dimension) if frame.level == "subframe" else None
                      for frame in self.frames))


@cached_by_path
def load_frames(path: Path = config.FRAMES_FILE) -> FrameLexicon:
    """Read and compile a frame lexicon.

    Raises:
        ChokepointsError: a cue is not a valid regular expression, a sub-frame names an
            unknown parent, or a frame id is listed twice.
    """
    path = Path(path)
    spec = read_yaml(path) or {}
    frames: list[Frame] = []
    dimension_ids = {item["id"] for item in spec.get("dimensions", [])}
    for level, key in (("dimension", "dimensions"), ("subframe", "subframes")):
        for item in spec.get(key, []):
            parent = item["id"] if level == "dimension" else item.get("parent", "")
            if parent not in dimension_ids:
                raise ChokepointsError(f"{path}: sub-frame {item['id']!r} has unknown parent "
                                       f"{parent!r}")
            if item["id"] in {frame.id for frame in frames}:
                raise ChokepointsError(f"{path}: frame {item['id']!r} is listed twice")
            cues = tuple(compile_pattern(path, f"frame {item['id']!r}, cue {cue!r}", cue)
                         for cue in item.get("cues") or [])
            frames.append(Frame(item["id"], item.get("label", item["id"]), level, parent,
                                item.get("description", ""), cues))
    return FrameLexicon(tuple(frames))


def detect_frames(sentence: str, lexicon: FrameLexicon | None = None) -> list[FrameMatch]:
    """Frames a sentence carries, each with the cue words that matched.

    A sub-frame also gives its parent dimension (with the sub-frame's cues as evidence when the
    dimension has none of its own).

    Args:
        sentence: one sentence.
        lexicon: the frame lexicon (default: the project's frames.yml).

    Returns:
        Matches in lexicon order: dimensions first, then sub-frames.
    """
    return [FrameMatch(frame.id, frame.level, frame.dimension, tuple(cues))
            for frame, cues in _frames_of(sentence, lexicon or load_frames())]


def _frames_of(sentence: str, lexicon: FrameLexicon,
               words: Sequence[str] | None = None) -> list[tuple[Frame, list[str]]]:
    """`detect_frames` as (frame, cue words) pairs (``words``: the sentence's `words_in`, when
    already found)."""
    index, frame_of, parent_of = lexicon.cue_index
    patterns = index.patterns
    # Only the cues whose words the sentence has can match (see `chokepoints.patterns`).
    # Cues come in lexicon order, so frames are found in lexicon order.
    matched: dict[int, list[str]] = {}
    for number in index.select(words_in(sentence) if words is None else words):
        pattern = patterns[number]
        texts = (pattern.findall(sentence) if not pattern.groups  # the matches' texts
                 else [match.group(0) for match in pattern.finditer(sentence)])
        if texts:
            frame = frame_of[number]
            if frame in matched:
                matched[frame] += texts
            else:
                matched[frame] = texts
    if not matched:
        return []
    parents = False
    for number in tuple(matched):  # a sub-frame's cues stand for its parent when it has none
        parent = parent_of[number]
        if parent is not None and parent not in matched:
            matched[parent] = matched[number]
            parents = True
    frames = lexicon.frames
    return [(frames[number], texts if len(texts) == 1 else list(dict.fromkeys(texts)))
            for number, texts in (sorted(matched.items()) if parents else matched.items())]


FRAME_COLUMNS = ("article_id", "sentence_id", "frame", "level", "dimension", "cues")


def frames_table(sentences: pd.DataFrame, lexicon: FrameLexicon | None = None,
                 words: Sequence[Sequence[str]] | None = None) -> pd.DataFrame:
    """One row per (sentence, frame) for every sentence of a sentences table (``words``: each
    sentence's `words_in`, when already found)."""
    lexicon = lexicon or load_frames()
    texts = sentences["text"].tolist()
    rows = [(article_id, sentence_id, frame.id, frame.level, frame.dimension, "; ".join(cues))
            for article_id, sentence_id, text, text_words in zip(
                sentences["article_id"].tolist(), sentences["sentence_id"].tolist(), texts,
                [None] * len(texts) if words is None else words, strict=True)
            for frame, cues in _frames_of(text, lexicon, text_words)]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def read_gold(path: Path = config.FRAMES_GOLD_FILE) -> pd.DataFrame:
    """Hand labels: one row per sentence with ';'-separated ``dimensions`` and ``subframes``."""
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    return gold


def _label_sets(values: pd.Series) -> list[set[str]]:
    return [{v for v in str(text).split(";") if v.strip()} for text in values]


def evaluate(gold: pd.DataFrame, frames: pd.DataFrame, level: str = "dimension",
             lexicon: FrameLexicon | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per frame, plus micro and macro averages.

    Args:
        gold: hand labels (`read_gold`); only its sentences are scored.
        frames: detector output (`frames_table`).
        level: ``dimension`` or ``subframe``.
        lexicon: gives the frame ids and labels.

    Returns:
        One row per frame (``support`` = gold sentences carrying it) and rows ``micro`` and
        ``macro`` (macro averages over frames with support).
    """
    if level not in LEVELS:
        raise ChokepointsError(f"level must be one of {LEVELS}")
    lexicon = lexicon or load_frames()
    column = "dimensions" if level == "dimension" else "subframes"
    truth = dict(zip(gold["sentence_id"], _label_sets(gold[column]), strict=True))
    predicted: dict[str, set[str]] = {sid: set() for sid in truth}
    for row in frames[frames["level"] == level].itertuples(index=False):
        if row.sentence_id in predicted:
            predicted[row.sentence_id].add(row.frame)
    ids = lexicon.dimensions if level == "dimension" else lexicon.subframes
    rows = []
    totals = {"tp": 0, "fp": 0, "fn": 0}
    for frame in ids:
        tp = sum(frame in truth[s] and frame in predicted[s] for s in truth)
        fp = sum(frame not in truth[s] and frame in predicted[s] for s in truth)
        fn = sum(frame in truth[s] and frame not in predicted[s] for s in truth)
        totals = {"tp": totals["tp"] + tp, "fp": totals["fp"] + fp, "fn": totals["fn"] + fn}
        rows.append({"frame": frame, "label": lexicon.label(frame), **_scores(tp, fp, fn),
                     "support": tp + fn})
    table = pd.DataFrame(rows)
    supported = table[table["support"] > 0]
    micro = {"frame": "micro", "label": "Micro average", **_scores(**totals),
             "support": int(table["support"].sum())}
    macro = {"frame": "macro", "label": "Macro average (frames with support)",
             "precision": supported["precision"].mean(), "recall": supported["recall"].mean(),
             "f1": supported["f1"].mean(), "tp": pd.NA, "fp": pd.NA, "fn": pd.NA,
             "support": int(supported["support"].sum())}
    return pd.concat([table, pd.DataFrame([micro, macro])], ignore_index=True)


def _scores(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = (2 * precision * recall / (precision + recall)
          if tp and precision + recall else (0.0 if tp + fp + fn else float("nan")))
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def evaluation_summary(frames: pd.DataFrame, sentence_ids: pd.Series,
                       gold: pd.DataFrame | None = None,
                       lexicon: FrameLexicon | None = None) -> pd.DataFrame:
    """Micro-averaged precision, recall and F1 per gold split and level.

    Only gold sentences of the analysed corpus are scored; with none (another corpus), the
    result is empty.

    Args:
        frames: detector output for the sentences (`frames_table`).
        sentence_ids: every sentence id of the analysed corpus.
        gold: hand labels with a ``split`` column (default: `read_gold`).
        lexicon: the frame lexicon used.
    """
    gold = read_gold() if gold is None else gold
    rows = []
    for split in ("tuning", "held_out", "all"):
        subset = gold if split == "all" else gold[gold["split"] == split]
        subset = subset[subset["sentence_id"].isin(set(sentence_ids))]
        if subset.empty:
            continue
        for level in LEVELS:
            micro = evaluate(subset, frames, level, lexicon).set_index("frame").loc["micro"]
            rows.append({"split": split, "level": level, "sentences": len(subset),
                         "labels": int(micro["support"]), "precision": micro["precision"],
                         "recall": micro["recall"], "f1": micro["f1"]})
    return pd.DataFrame(rows, columns=["split", "level", "sentences", "labels", "precision",
                                       "recall", "f1"])
