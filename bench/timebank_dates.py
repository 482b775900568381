"""Benchmark the date tagger against the DATE expressions of TimeBank 1.2.

Each document's TimeML tags are stripped to give its text, the tagger runs over the text anchored
to the document's creation time (DCT), and its DATE expressions are compared with the gold
TIMEX3 elements of type DATE (the DCT itself sits outside the text and is not counted):

* span precision, recall and F1, strict (same offsets) and relaxed (overlapping, one to one);
* value accuracy: the share of relaxed-matched gold expressions given the gold value;
* value F1: a prediction counts only when it overlaps a gold DATE and has its value.

A predicted DATE that overlaps a gold TIME, DURATION or SET expression is a typing disagreement,
not a spurious date: the main figures leave it out and a second line counts it as a false
positive. Periods the tagger returns as DURATION are not scored.

The documents are split by sorted file name, alternately, into a development half (looked at
while writing rules) and a test half (scored only). Run from the project root:

    .venv/bin/python bench/timebank_dates.py [--corpus DIR] [--errors] [--development-only]

``--errors`` lists the development half's misses, spurious dates, wrong values and dates found
inside gold expressions of another type.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chokepoints import config
from chokepoints.dates import TimeExpression, extract

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Gold:
    """One gold TIMEX3 in a document's text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    """A TimeBank document: its name, creation date, text and gold expressions."""

    name: str
    anchor: date
    text: str
    gold: tuple[Gold, ...]


def load_document(path: Path) -> Document:
    """Read a TimeML file: strip the tags inside <TEXT>, keeping the TIMEX3 offsets.

    Args:
        path: a .tml file.

    Returns:
        The document, anchored to the date part of its DCT.
    """
    source = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT><TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})', source).group(1)
    body = source[source.index("<TEXT>") + len("<TEXT>"):source.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    position = 0
    opened: tuple[int, dict[str, str]] | None = None
    spans = []
    for tag in _TAG.finditer(body):
        pieces.append(body[position:tag.start()])
        length += tag.start() - position
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if not tag.group(1):
            opened = (length, dict(_ATTRIBUTE.findall(tag.group(3))))
        elif opened is not None:
            spans.append((opened[0], length, opened[1]))
            opened = None
    pieces.append(body[position:])
    text = "".join(pieces)
    gold = tuple(Gold(start, end, text[start:end], attributes.get("type", ""),
                      attributes.get("value", ""))
                 for start, end, attributes in spans)
    return Document(path.stem, date.fromisoformat(dct), text, gold)


def split_halves(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Development and test halves: sorted file names, alternately (first file to dev)."""
    ordered = sorted(paths, key=lambda path: path.name)
    return ordered[0::2], ordered[1::2]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class Score:
    """Counts over a set of documents."""

    gold: int = 0
    predicted: int = 0
    predicted_with_typing: int = 0
    strict: int = 0
    relaxed: int = 0
    value_right: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_document(document: Document, found: list[TimeExpression],
                   errors: list[str] | None = None) -> Score:
    """Compare the tagger's DATE expressions with a document's gold DATE expressions.

    Args:
        document: the gold document.
        found: what the tagger returned for its text.
        errors: if given, lines describing misses, spurious dates and wrong values are added.

    Returns:
        The document's counts.
    """
    gold = [item for item in document.gold if item.type == "DATE"]
    other = [item for item in document.gold if item.type != "DATE"]
    predicted = [item for item in found if item.type == "DATE"]
    score = Score(gold=len(gold))
    matched: dict[int, TimeExpression] = {}
    used: set[int] = set()
    # One to one: exact matches first, then the largest overlaps.
    pairs = []
    for gold_index, item in enumerate(gold):
        for predicted_index, guess in enumerate(predicted):
            if _overlaps(item.start, item.end, guess.start, guess.end):
                exact = (item.start, item.end) == (guess.start, guess.end)
                overlap = min(item.end, guess.end) - max(item.start, guess.start)
                pairs.append((not exact, -overlap, gold_index, predicted_index))
    for _, _, gold_index, predicted_index in sorted(pairs):
        if gold_index in matched or predicted_index in used:
            continue
        matched[gold_index] = predicted[predicted_index]
        used.add(predicted_index)
    for gold_index, guess in matched.items():
        item = gold[gold_index]
        score.relaxed += 1
        score.strict += (item.start, item.end) == (guess.start, guess.end)
        if guess.value == item.value:
            score.value_right += 1
        elif errors is not None:
            errors.append(f"VALUE  {document.name} {document.anchor} {item.text!r} gold "
                          f"{item.value} got {guess.text!r} {guess.value}")
        if errors is not None and (item.start, item.end) != (guess.start, guess.end):
            errors.append(f"SPAN   {document.name} gold {item.text!r} got {guess.text!r}")
    for predicted_index, guess in enumerate(predicted):
        if predicted_index in used:
            continue
        typed = [item for item in other
                 if _overlaps(guess.start, guess.end, item.start, item.end)]
        score.predicted_with_typing += 1
        if typed and errors is not None:
            errors.append(f"TYPED  {document.name} {guess.text!r} {guess.value} inside gold "
                          f"{typed[0].type} {typed[0].text!r} {typed[0].value}")
        if not typed:
            score.predicted += 1
            if errors is not None:
                context = document.text[max(0, guess.start - 50):guess.end + 30]
                errors.append(f"EXTRA  {document.name} {guess.text!r} {guess.value} | "
                              f"{context!r}")
    score.predicted += len(used)
    score.predicted_with_typing += len(used)
    if errors is not None:
        for gold_index, item in enumerate(gold):
            if gold_index not in matched:
                context = document.text[max(0, item.start - 50):item.end + 30]
                errors.append(f"MISS   {document.name} {item.text!r} {item.value} | "
                              f"{context!r}")
    return score


def report(label: str, score: Score, n_documents: int) -> None:
    """Print one half's figures."""
    strict = _prf(score.strict, score.predicted, score.gold)
    relaxed = _prf(score.relaxed, score.predicted, score.gold)
    typed = _prf(score.relaxed, score.predicted_with_typing, score.gold)
    value_f1 = _prf(score.value_right, score.predicted, score.gold)
    accuracy = score.value_right / score.relaxed if score.relaxed else 0.0
    print(f"{label}: {n_documents} documents, {score.gold} gold DATE, "
          f"{score.predicted} predicted DATE")
    print(f"  strict   P {strict[0]:.3f}  R {strict[1]:.3f}  F1 {strict[2]:.3f}")
    print(f"  relaxed  P {relaxed[0]:.3f}  R {relaxed[1]:.3f}  F1 {relaxed[2]:.3f}")
    print(f"  value    accuracy {accuracy:.3f} (of relaxed matches)   "
          f"P {value_f1[0]:.3f}  R {value_f1[1]:.3f}  F1 {value_f1[2]:.3f}")
    print(f"  relaxed, dates inside gold TIME/DURATION/SET counted as false positives: "
          f"P {typed[0]:.3f}  R {typed[1]:.3f}  F1 {typed[2]:.3f}")


def main(argv: list[str] | None = None) -> int:
    """Score both halves (and all documents) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=config.TIMEBANK_DIR,
                        help="folder of TimeBank .tml files")
    parser.add_argument("--errors", action="store_true",
                        help="list the development half's errors")
    parser.add_argument("--development-only", action="store_true",
                        help="score only the development half (while writing rules)")
    arguments = parser.parse_args(argv)
    paths = sorted(arguments.corpus.glob("*.tml"))
    if not paths:
        print(f"no .tml files in {arguments.corpus}", file=sys.stderr)
        return 1
    development, test = split_halves(paths)
    began = time.perf_counter()
    totals = {"development": Score(), "test": Score()}
    errors: list[str] = []
    halves = [("development", development)]
    if not arguments.development_only:
        halves.append(("test", test))
    for half, members in halves:
        for path in members:
            document = load_document(path)
            found = extract(document.text, document.anchor)
            wanted = errors if arguments.errors and half == "development" else None
            totals[half].add(score_document(document, found, wanted))
    everything = Score()
    everything.add(totals["development"])
    everything.add(totals["test"])
    report("development half", totals["development"], len(development))
    if not arguments.development_only:
        report("test half (held out)", totals["test"], len(test))
        report("all documents", everything, len(paths))
    print(f"({time.perf_counter() - began:.1f} s)")
    for line in errors:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
