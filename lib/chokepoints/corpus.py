"""Read and validate a corpus folder: `manifest.csv` plus the untouched articles in `raw/`."""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from chokepoints import config
from chokepoints.errors import CorpusError
from chokepoints.models import Article, ManifestRow

MANIFEST_COLUMNS = ("id", "file", "title", "outlet", "published", "url", "perspective", "sha256",
                    "notes")
REQUIRED_COLUMNS = ("id", "file", "perspective")
#: Highest charset-normalizer "chaos" (share of mess in the decoded text) of a plausible reading.
MAX_CHAOS = 0.1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus; ``fatal`` problems stop analysis and builds."""

    path: Path
    message: str
    row: int | None = None
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.path}" + (f", row {self.row}" if self.row is not None else "")
        level = "error" if self.fatal else "warning"
        return f"{level}: {where}: {self.message}"


@dataclass
class Corpus:
    """A validated corpus: its articles, and those left out by the as-of date."""

    directory: Path
    articles: list[Article] = field(default_factory=list)
    excluded: list[ManifestRow] = field(default_factory=list)
    content_hash: str = ""


def load_perspectives(path: Path = config.PERSPECTIVES_FILE) -> dict[str, str]:
    """Return the allowed perspective values with their descriptions.

    Args:
        path: CSV with columns ``perspective`` and ``description``.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["perspective"]: row["description"] for row in csv.DictReader(handle)}


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode raw article bytes to text.

    UTF-8 (with or without BOM) is taken as is; another encoding is accepted only when
    charset-normalizer is confident: every plausible reading of the bytes gives the same text.
    Western single-byte code pages (cp1252, cp1250, cp1257...) read mostly-ASCII English alike
    and differ only on accents, so such files are refused rather than silently misread.

    Returns:
        The text and the name of the encoding used.

    Raises:
        CorpusError: binary content, or an encoding that cannot be told with confidence.
    """
    if b"\x00" in data or data.startswith(b"%PDF"):
        raise CorpusError(path, "looks binary (NUL bytes or a PDF), not an article text",
                          "save the article as plain text or HTML")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    readings = [match for match in from_bytes(data) if match.chaos <= MAX_CHAOS]
    if not readings:
        raise CorpusError(path, "is not UTF-8 and its encoding cannot be detected with confidence",
                          "re-save the file as UTF-8")
    if len({str(match) for match in readings}) > 1:
        raise CorpusError(path, "is not UTF-8 and reads differently as "
                          f"{', '.join(match.encoding for match in readings)}",
                          "re-save the file as UTF-8")
    return str(readings[0]), readings[0].encoding


def normalize_text(text: str) -> str:
    """Normalise line ends and invisible or look-alike characters; quotes and dashes are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    replacements = {
        "\u00a0": " ",  # no-break space
        "\u2011": "-",  # non-breaking hyphen
        "\u2010": "-",
        "\u200b": "",  # zero-width space
        "\ufeff": "",
    }
    for old, new in replacements.items():
        text = text.replace(old, new)
    return unicodedata.normalize("NFC", text)


def read_article_text(path: Path) -> tuple[str, str]:
    """Read and decode one raw article file (never modifying it)."""
    if not path.is_file():
        raise CorpusError(path, "file not found")
    text, encoding = decode_bytes(path.read_bytes(), path)
    text = normalize_text(text)  # before the check: zero-width spaces are not white space
    if not text.strip():
        raise CorpusError(path, "is empty or holds only white space")
    return text, encoding


def _parse_date(value: str) -> date:
    return date.fromisoformat(value)


def _read_manifest_rows(manifest: Path) -> tuple[list[dict[str, str]], list[str]]:
    if not manifest.is_file():
        raise CorpusError(manifest, "manifest not found", f"a corpus folder needs "
                          f"{config.MANIFEST_NAME} and {config.RAW_DIR_NAME}/")
    with manifest.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return rows, list(reader.fieldnames or [])


def validate_corpus(corpus_dir: Path = config.DEFAULT_CORPUS_DIR,
                    as_of: date | None = None) -> list[Problem]:
    """List every problem with a corpus folder, fatal or not.

    Args:
        corpus_dir: folder holding ``manifest.csv`` and ``raw/``.
        as_of: optional build date; a later publication date is reported (not fatal).
    """
    manifest = corpus_dir / config.MANIFEST_NAME
    raw_dir = corpus_dir / config.RAW_DIR_NAME
    try:
        rows, columns = _read_manifest_rows(manifest)
    except CorpusError as error:
        return [Problem(error.path, error.problem)]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [Problem(manifest, f"missing required column(s): {', '.join(missing)}")]
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    if unknown:
        problems.append(Problem(manifest, f"unknown column(s) ignored: {', '.join(unknown)}",
                                fatal=False))
    perspectives = load_perspectives()
    seen_ids: dict[str, int] = {}
    listed_files: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        article_id = (row.get("id") or "").strip()
        if not article_id:
            problems.append(Problem(manifest, "empty id", number))
        elif article_id in seen_ids:
            problems.append(Problem(manifest, f"duplicate id {article_id!r} (first on row "
                                    f"{seen_ids[article_id]})", number))
        else:
            seen_ids[article_id] = number
        published = (row.get("published") or "").strip()
        if published:
            try:
                day = _parse_date(published)
            except ValueError:
                problems.append(Problem(manifest, f"published {published!r} is not an ISO date "
                                        "(YYYY-MM-DD)", number))
            else:
                if as_of and day > as_of:
                    problems.append(Problem(manifest, f"published {published} is after the as-of "
                                            f"date {as_of}; the article is left out", number,
                                            fatal=False))
        perspective = (row.get("perspective") or "").strip()
        if perspective not in perspectives:
            problems.append(Problem(manifest, f"unknown perspective {perspective!r}; allowed: "
                                    f"{', '.join(perspectives)} (extend "
                                    f"{config.PERSPECTIVES_FILE.name})", number))
        name = (row.get("file") or "").strip()
        path = (raw_dir / name).resolve()
        if not name or raw_dir.resolve() not in path.parents:
            problems.append(Problem(manifest, f"file {name!r} is not inside {raw_dir}", number))
            continue
        listed_files.add(name)
        if not path.is_file():
            problems.append(Problem(manifest, f"file {name!r} not found in {raw_dir}", number))
            continue
        expected = (row.get("sha256") or "").strip()
        if expected and expected != sha256_file(path):
            problems.append(Problem(path, "content does not match the manifest's sha256: raw files "
                                    "must never change (add a new article instead)", number))
        elif not expected:
            problems.append(Problem(manifest, f"no sha256 recorded for {name!r}", number,
                                    fatal=False))
    if raw_dir.is_dir():
        for orphan in sorted(p.name for p in raw_dir.iterdir() if p.is_file()):
            if orphan not in listed_files and not orphan.startswith("."):
                problems.append(Problem(raw_dir / orphan, "raw file not listed in the manifest",
                                        fatal=False))
    else:
        problems.append(Problem(raw_dir, "raw folder not found"))
    return problems


def check_corpus(corpus_dir: Path = config.DEFAULT_CORPUS_DIR,
                 as_of: date | None = None) -> list[Problem]:
    """Validate a corpus and raise on the first fatal problem.

    Returns:
        The non-fatal problems (warnings).

    Raises:
        CorpusError: listing every fatal problem.
    """
    problems = validate_corpus(corpus_dir, as_of)
    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise CorpusError(corpus_dir, "invalid corpus:\n  " + "\n  ".join(map(str, fatal)))
    return problems


def read_manifest(corpus_dir: Path = config.DEFAULT_CORPUS_DIR) -> list[ManifestRow]:
    """Read the manifest into typed rows (validate first with `check_corpus`)."""
    rows, _ = _read_manifest_rows(corpus_dir / config.MANIFEST_NAME)
    result = []
    for row in rows:
        values = {c: (row.get(c) or "").strip() for c in MANIFEST_COLUMNS}
        published_text = values.pop("published")
        published = _parse_date(published_text) if published_text else None
        result.append(ManifestRow(published=published, **values))
    return result


def content_hash(corpus_dir: Path = config.DEFAULT_CORPUS_DIR) -> str:
    """sha256 over the manifest, the cleaning overrides and every raw file listed, in order."""
    digest = hashlib.sha256((corpus_dir / config.MANIFEST_NAME).read_bytes())
    overrides = corpus_dir / config.CLEANING_OVERRIDES_NAME
    if overrides.is_file():
        digest.update(overrides.read_bytes())
    for row in read_manifest(corpus_dir):
        digest.update(row.file.encode())
        digest.update((corpus_dir / config.RAW_DIR_NAME / row.file).read_bytes())
    return digest.hexdigest()


def load_corpus(corpus_dir: Path = config.DEFAULT_CORPUS_DIR, as_of: date | None = None) -> Corpus:
    """Validate a corpus and read every article published on or before ``as_of``.

    Articles with no known publication date are kept whatever the as-of date.

    Raises:
        CorpusError: the corpus has a fatal problem or a file cannot be decoded.
    """
    corpus_dir = Path(corpus_dir)
    check_corpus(corpus_dir, as_of)
    corpus = Corpus(directory=corpus_dir, content_hash=content_hash(corpus_dir))
    for row in read_manifest(corpus_dir):
        if as_of and row.published and row.published > as_of:
            corpus.excluded.append(row)
            continue
        path = corpus_dir / config.RAW_DIR_NAME / row.file
        text, encoding = read_article_text(path)
        corpus.articles.append(Article(meta=row, path=path, text=text, encoding=encoding))
    return corpus
