"""Typed records shared by the stages: manifest rows, cleaned lines, paragraphs, sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class ManifestRow:
    """One article's metadata, as the corpus manifest records it."""

    id: str
    file: str
    title: str = ""
    outlet: str = ""
    published: date | None = None
    url: str = ""
    perspective: str = "other"
    sha256: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Article:
    """A raw article decoded to text, with its manifest row."""

    meta: ManifestRow
    path: Path
    text: str
    encoding: str


@dataclass(frozen=True)
class Line:
    """One non-empty raw line and what cleaning decided about it.

    ``role`` is ``title``, ``heading``, ``body`` or ``furniture``; for furniture ``kind`` says what
    sort (``navigation``, ``subscribe``, ``comments``...) and ``rule`` names the rule that matched.
    """

    line_no: int
    text: str
    role: str
    kind: str = ""
    rule: str = ""
    is_bullet: bool = False


@dataclass(frozen=True)
class InlineRemoval:
    """Furniture cut out of a kept line (a dateline, "(opens in a new tab)")."""

    line_no: int
    text: str
    kind: str
    rule: str


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (or bullet item) after cleaning, numbered from 1 within its article."""

    number: int
    line_no: int
    text: str
    heading: str = ""
    is_bullet: bool = False


@dataclass
class CleanArticle:
    """The result of cleaning one article: every line's fate and the kept body."""

    lines: list[Line] = field(default_factory=list)
    inline_removals: list[InlineRemoval] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The headline found in the text, or an empty string."""
        return next((line.text for line in self.lines if line.role == "title"), "")

    @property
    def furniture_line_count(self) -> int:
        """Number of whole lines removed as page furniture."""
        return sum(line.role == "furniture" for line in self.lines)
