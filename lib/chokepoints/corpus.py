"""Read and validate a corpus folder: `manifest.csv` plus the untouched articles in `raw/`."""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
#: Largest raw file accepted, in bytes (10 MB). An article is tens of kilobytes and a saved page
#: a few megabytes; a bigger file is a dump or a page with inlined media, and reading or
#: analysing it would take minutes, so it is refused before it is read.
MAX_RAW_BYTES = 10_000_000
#: Raw files with these suffixes (or whose content starts like an HTML page) are saved web
#: pages: their main text is extracted with trafilatura whenever they are read.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Left in ``raw/`` by `chokepoints add` while it runs (see `chokepoints.ingest`); a journal still
#: there afterwards means an add was interrupted, and the next add rolls it back.
ADD_JOURNAL_NAME = ".add-journal.json"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HTML_START = re.compile(rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*"
                         rb"<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_MHTML_START = re.compile(rb"\A(?:From: [^\n]*\n)?MIME-Version:", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                           re.IGNORECASE)
#: Declared HTML charsets that browsers read as a superset (WHATWG Encoding Standard).
_HTML_CHARSET_ALIASES = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254",
                         "shift_jis": "cp932", "gb2312": "gb18030", "gbk": "gb18030",
                         "euc_kr": "cp949", "tis-620": "cp874", "iso8859-11": "cp874"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


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
    """Hex sha256 of a file's bytes (read in blocks: raw files can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_date(value: str) -> date:
    """Parse a strict ISO date ``YYYY-MM-DD``.

    Raises:
        ValueError: another form ("07/01/2026", "20260107") or an impossible day ("2026-13-45").
    """
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return date.fromisoformat(value)


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like an HTML page (after a BOM, white space and comments)."""
    head = data[:4096]
    for bom, _ in _BOMS:
        head = head.removeprefix(bom)
    return bool(_HTML_START.match(head))


def is_html_file(path: Path, data: bytes) -> bool:
    """True for a saved web page: HTML content whatever the suffix, or an HTML suffix on a file
    with markup in it (a plain text saved as ``.html`` stays a text)."""
    if looks_like_html(data):
        return True
    return path.suffix.lower() in HTML_SUFFIXES and b"<" in data[:4096]


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag, as a Python codec name.

    Labels are read as browsers read them (``iso-8859-1`` is windows-1252, ``shift_jis`` is
    Windows-31J); an unknown label gives None.
    """
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _HTML_CHARSET_ALIASES.get(name, name)


def decode_bytes(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode raw article bytes to text.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-8 is tried; then the encoding
    an HTML page declares, when the bytes are valid in it. Any other encoding is accepted only
    when charset-normalizer is confident: every plausible reading of the bytes gives the same
    text. Western single-byte code pages (cp1252, cp1250, cp1257...) read mostly-ASCII English
    alike and differ only on accents, so such files are refused rather than silently misread.

    Args:
        data: the file's bytes.
        path: the file, for messages.
        declared: the encoding the file declares (see `declared_charset`), if any.

    Returns:
        The text and the name of the encoding used.

    Raises:
        CorpusError: binary content, or an encoding that cannot be told with confidence (the
            message names the candidates).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                raise CorpusError(path, f"starts with a {encoding} byte-order mark but is not "
                                  f"valid {encoding}", "re-save the file as UTF-8") from None
    if b"\x00" in data or data.startswith(b"%PDF"):
        raise CorpusError(path, "looks binary (NUL bytes or a PDF), not an article text",
                          "save the article as plain text or HTML")
    if _MHTML_START.match(data):
        raise CorpusError(path, "is a web archive (MHTML), not a web page or a text",
                          "save the page as 'Web Page, HTML only' or copy its text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
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


@dataclass(frozen=True)
class Page:
    """What trafilatura finds in a saved web page: the main text and the page's metadata.

    Empty strings stand for what the page does not carry; ``published`` is ISO ``YYYY-MM-DD``.
    """

    text: str
    title: str = ""
    published: str = ""
    outlet: str = ""
    url: str = ""
    author: str = ""


def extract_page(html: str, path: Path) -> Page:
    """Extract the main text and metadata of a saved web page with trafilatura.

    Navigation, comments, sidebars and footers are left out; headings, paragraphs and list
    items come out one per line. Nothing is fetched: trafilatura works on the given HTML only.
    The publication date is read from the page's markup and address (htmldate without its
    guesses from the text), and must not be later than today.

    Raises:
        CorpusError: the page holds no article text trafilatura can find.
    """
    import trafilatura  # imported here: `chokepoints check` on a text-only corpus stays fast

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = normalize_text(document.text or "") if document is not None else ""
    if not text.strip():
        raise CorpusError(path, "is an HTML page with no article text that can be extracted",
                          "save the page once it has fully loaded, or save the article as text")

    def value(name: str) -> str:
        return " ".join(str(getattr(document, name, None) or "").split())

    return Page(text=text, title=value("title"), published=value("date"), outlet=value("sitename"),
                url=value("url"), author=value("author"))


def _too_large(size: int) -> str:
    return (f"is {size / 1e6:.1f} MB, more than the {MAX_RAW_BYTES / 1e6:.0f} MB allowed for "
            "one article")


def check_raw_size(path: Path) -> None:
    """Refuse a file larger than `MAX_RAW_BYTES` before reading it.

    Raises:
        CorpusError: the file is too large.
    """
    size = path.stat().st_size
    if size > MAX_RAW_BYTES:
        raise CorpusError(path, _too_large(size), "split it, or save only the article")


def read_article_text(path: Path) -> tuple[str, str]:
    """Read and decode one raw article file (never modifying it).

    A saved web page (see `is_html_file`) gives its main text, extracted with trafilatura.

    Returns:
        The text, line ends normalised, and the encoding of the file.

    Raises:
        CorpusError: a missing, too large, binary, undecodable, empty or text-less file.
    """
    if not path.is_file():
        raise CorpusError(path, "file not found")
    check_raw_size(path)
    data = path.read_bytes()
    html = is_html_file(path, data)
    text, encoding = decode_bytes(data, path, declared_charset(data) if html else None)
    if html and text.strip():
        text = extract_page(text, path).text
    text = normalize_text(text)  # before the check: zero-width spaces are not white space
    if not text.strip():
        raise CorpusError(path, "is empty or holds only white space")
    return text, encoding


def read_manifest_rows(manifest: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Read a manifest as it is: its rows as text and its column names.

    Raises:
        CorpusError: the manifest is missing, not UTF-8 or not a CSV file.
    """
    with open_manifest(manifest) as (columns, rows):
        return list(rows), columns


@contextmanager
def open_manifest(manifest: Path) -> Iterator[tuple[list[str], Iterator[dict[str, str]]]]:
    """A manifest's column names and its rows as text, read as they are iterated (a large
    corpus's manifest is not held in memory).

    Raises:
        CorpusError: the manifest is missing, not UTF-8 or not a CSV file (when opened or when
            the rows are read).
    """
    if not manifest.is_file():
        raise CorpusError(manifest, "manifest not found", f"a corpus folder needs "
                          f"{config.MANIFEST_NAME} and {config.RAW_DIR_NAME}/")
    with manifest.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        with _read_errors(manifest):
            columns = list(reader.fieldnames or [])
        yield columns, _read_rows(manifest, reader)


def _read_rows(manifest: Path, reader: csv.DictReader) -> Iterator[dict[str, str]]:
    with _read_errors(manifest):
        yield from reader


@contextmanager
def _read_errors(manifest: Path) -> Iterator[None]:
    """A manifest that cannot be read as UTF-8 CSV text as a `CorpusError`."""
    try:
        yield
    except UnicodeDecodeError:
        raise CorpusError(manifest, "is not UTF-8 text", "re-save it as a UTF-8 CSV") from None
    except csv.Error as error:
        raise CorpusError(manifest, f"is not a readable CSV file ({error})",
                          "re-save it as a UTF-8 CSV") from None


def _interrupted_add(raw_dir: Path) -> list[str]:
    """Raw file names an interrupted `chokepoints add` may have left, from its journal."""
    journal = raw_dir / ADD_JOURNAL_NAME
    if not journal.is_file():
        return []
    try:
        return [entry["file"] for entry in json.loads(journal.read_text(encoding="utf-8"))["files"]]
    except (ValueError, KeyError, TypeError):
        return []


def _check_row(row: dict[str, str], number: int, manifest: Path, raw_dir: Path,
               perspectives: dict[str, str], as_of: date | None
               ) -> tuple[list[Problem], Path | None]:
    """Problems of one manifest row's values; the raw file's path when it is inside ``raw/``."""
    problems = []
    published = (row.get("published") or "").strip()
    if published:
        try:
            day = parse_date(published)
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
        return problems, None
    return problems, path


def _check_file(path: Path, name: str, expected_sha256: str, number: int, manifest: Path,
                raw_dir: Path, texts: dict[str, tuple[str, str]] | None) -> list[Problem]:
    """Problems of one listed raw file: missing, too large, changed, unreadable."""
    if not path.is_file():
        return [Problem(manifest, f"file {name!r} not found in {raw_dir}", number)]
    size = path.stat().st_size
    if size > MAX_RAW_BYTES:
        return [Problem(path, f"{_too_large(size)} (split it, or save only the article)", number)]
    problems = []
    if expected_sha256 and expected_sha256 != sha256_file(path):
        problems.append(Problem(path, "content does not match the manifest's sha256: raw files "
                                "must never change (add a new article instead)", number))
    elif not expected_sha256:
        problems.append(Problem(manifest, f"no sha256 recorded for {name!r}", number,
                                fatal=False))
    if texts is not None:
        try:
            texts[name] = read_article_text(path)
        except CorpusError as error:
            hint = f" ({error.hint})" if error.hint else ""
            problems.append(Problem(path, error.problem + hint, number))
    return problems


def _inspect_corpus(corpus_dir: Path, as_of: date | None = None, read_texts: bool = True
                    ) -> tuple[list[Problem], dict[str, tuple[str, str]]]:
    """Every problem with a corpus, and the decoded text of each readable listed file."""
    manifest = corpus_dir / config.MANIFEST_NAME
    raw_dir = corpus_dir / config.RAW_DIR_NAME
    texts: dict[str, tuple[str, str]] = {}
    try:
        with open_manifest(manifest) as (columns, rows):
            return _inspect_rows(manifest, raw_dir, columns, rows, as_of,
                                 texts if read_texts else None), texts
    except CorpusError as error:
        message = error.problem + (f" ({error.hint})" if error.hint else "")
        return [Problem(error.path, message)], texts


def _inspect_rows(manifest: Path, raw_dir: Path, columns: list[str],
                  rows: Iterable[dict[str, str]], as_of: date | None,
                  texts: dict[str, tuple[str, str]] | None) -> list[Problem]:
    """Every problem with a manifest's rows (read once, in order) and their files; with
    ``texts``, the decoded text of each readable listed file is put there."""
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [Problem(manifest, f"missing required column(s): {', '.join(missing)}")]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problems.append(Problem(manifest, f"column(s) named twice: {', '.join(repeated)}"))
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    if unknown:
        problems.append(Problem(manifest, f"unknown column(s) ignored: {', '.join(unknown)}",
                                fatal=False))
    perspectives = load_perspectives()
    seen_ids: dict[str, int] = {}
    listed_files: dict[str, int] = {}
    hashes: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if None in row:
            problems.append(Problem(manifest, f"has {len(columns) + len(row[None])} values for "
                                    f"{len(columns)} columns (a comma in an unquoted value?)",
                                    number))
        article_id = (row.get("id") or "").strip()
        if not article_id:
            problems.append(Problem(manifest, "empty id", number))
        elif article_id in seen_ids:
            problems.append(Problem(manifest, f"duplicate id {article_id!r} (first on row "
                                    f"{seen_ids[article_id]})", number))
        else:
            seen_ids[article_id] = number
        row_problems, path = _check_row(row, number, manifest, raw_dir, perspectives, as_of)
        problems += row_problems
        if path is None:
            continue
        name = (row.get("file") or "").strip()
        if name in listed_files:
            problems.append(Problem(manifest, f"file {name!r} is already listed on row "
                                    f"{listed_files[name]}", number))
            continue
        listed_files[name] = number
        expected = (row.get("sha256") or "").strip()
        if expected in hashes:
            problems.append(Problem(manifest, f"same sha256 as row {hashes[expected]}: the same "
                                    "article twice?", number, fatal=False))
        elif expected:
            hashes[expected] = number
        problems += _check_file(path, name, expected, number, manifest, raw_dir, texts)
    if raw_dir.is_dir():
        left_over = set(_interrupted_add(raw_dir))
        for orphan in sorted(p.name for p in raw_dir.iterdir() if p.is_file()):
            if orphan in listed_files or orphan.startswith("."):
                continue  # dot files: the system's, or an add's temporaries
            message = ("left by an interrupted add; the next `chokepoints add` removes it"
                       if orphan in left_over else "raw file not listed in the manifest")
            problems.append(Problem(raw_dir / orphan, message, fatal=False))
    else:
        problems.append(Problem(raw_dir, "raw folder not found"))
    return problems


def validate_corpus(corpus_dir: Path = config.DEFAULT_CORPUS_DIR,
                    as_of: date | None = None) -> list[Problem]:
    """List every problem with a corpus folder, fatal or not.

    Checks the manifest (readable UTF-8 CSV, required columns, unique ids, strict ISO dates,
    known perspectives, each file inside ``raw/``, present, at most `MAX_RAW_BYTES`, unchanged
    since its sha256 was recorded, readable as an article) and ``raw/`` (files no row lists are
    reported; dot files are ignored).

    Args:
        corpus_dir: folder holding ``manifest.csv`` and ``raw/``.
        as_of: optional build date; a later publication date is reported (not fatal).

    Returns:
        The problems, each with its file and manifest row; ``fatal`` ones stop analysis.
    """
    return _inspect_corpus(Path(corpus_dir), as_of)[0]


def _raise_fatal(corpus_dir: Path, problems: list[Problem]) -> list[Problem]:
    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise CorpusError(corpus_dir, "invalid corpus:\n  " + "\n  ".join(map(str, fatal)))
    return problems


def check_corpus(corpus_dir: Path = config.DEFAULT_CORPUS_DIR,
                 as_of: date | None = None) -> list[Problem]:
    """Validate a corpus and raise when any problem is fatal.

    Returns:
        The non-fatal problems (warnings).

    Raises:
        CorpusError: listing every fatal problem.
    """
    return _raise_fatal(Path(corpus_dir), validate_corpus(corpus_dir, as_of))


def read_manifest(corpus_dir: Path = config.DEFAULT_CORPUS_DIR) -> list[ManifestRow]:
    """Read the manifest into typed rows (validate first with `check_corpus`)."""
    return list(iter_manifest(corpus_dir))


def iter_manifest(corpus_dir: Path = config.DEFAULT_CORPUS_DIR) -> Iterator[ManifestRow]:
    """The manifest's typed rows, read as they are iterated (validate first with
    `check_corpus`)."""
    with open_manifest(corpus_dir / config.MANIFEST_NAME) as (_, rows):
        for row in rows:
            values = {c: (row.get(c) or "").strip() for c in MANIFEST_COLUMNS}
            published_text = values.pop("published")
            published = parse_date(published_text) if published_text else None
            yield ManifestRow(published=published, **values)


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


@dataclass(frozen=True)
class CorpusScan:
    """A corpus validated without holding its texts or its manifest (`scan_corpus`): what the
    analysis needs to know before it streams the articles."""

    directory: Path
    as_of: date | None
    #: articles to analyse (published on or before ``as_of``, or undated)
    n_articles: int
    #: every listed article's id, ``as_of`` or not (cleaning overrides may name any)
    ids: list[str]
    #: the latest publication date of the articles to analyse
    latest: date | None

    def chunks(self, size: int) -> Iterator[list[ManifestRow]]:
        """The manifest rows to analyse, ``size`` at a time, read from the manifest as they are
        needed (at least one chunk, empty for no article)."""
        chunk: list[ManifestRow] = []
        for row in iter_manifest(self.directory):
            if not _is_later(row, self.as_of):
                chunk.append(row)
                if len(chunk) == size:
                    yield chunk
                    chunk = []
        if chunk or not self.n_articles:
            yield chunk


def _is_later(row: ManifestRow, as_of: date | None) -> bool:
    return bool(as_of and row.published and row.published > as_of)


def scan_corpus(corpus_dir: Path, as_of: date | None = None) -> CorpusScan:
    """Validate a corpus without holding its texts or its manifest: every file is checked
    (listed, present, size, sha256) but decoded only when `read_article` reads it, and the
    manifest is read again as the analysis needs its rows (`CorpusScan.chunks`), so memory does
    not grow with the corpus (beyond the articles' ids).

    Raises:
        CorpusError: the corpus has a fatal problem (every one is listed, with file and row).
    """
    corpus_dir = Path(corpus_dir)
    _raise_fatal(corpus_dir, _inspect_corpus(corpus_dir, as_of, read_texts=False)[0])
    ids, n_articles, latest = [], 0, None
    for row in iter_manifest(corpus_dir):
        ids.append(row.id)
        if not _is_later(row, as_of):
            n_articles += 1
            if row.published and (latest is None or row.published > latest):
                latest = row.published
    return CorpusScan(corpus_dir, as_of, n_articles, ids, latest)


def read_article(corpus_dir: Path, row: ManifestRow) -> Article:
    """Read and decode one article of a corpus checked by `scan_corpus`.

    Raises:
        CorpusError: the file cannot be read as an article (binary, undecodable, empty).
    """
    path = Path(corpus_dir) / config.RAW_DIR_NAME / row.file
    text, encoding = read_article_text(path)
    return Article(meta=row, path=path, text=text, encoding=encoding)


def load_corpus(corpus_dir: Path = config.DEFAULT_CORPUS_DIR, as_of: date | None = None) -> Corpus:
    """Validate a corpus and read every article published on or before ``as_of``.

    Articles with no known publication date are kept whatever the as-of date. Saved web pages
    give their main text (see `extract_page`); raw files are never modified.

    Raises:
        CorpusError: the corpus has a fatal problem (every one is listed, with file and row).
    """
    corpus_dir = Path(corpus_dir)
    problems, texts = _inspect_corpus(corpus_dir, as_of)
    _raise_fatal(corpus_dir, problems)
    corpus = Corpus(directory=corpus_dir, content_hash=content_hash(corpus_dir))
    for row in iter_manifest(corpus_dir):
        if _is_later(row, as_of):
            corpus.excluded.append(row)
            continue
        text, encoding = texts[row.file]
        path = corpus_dir / config.RAW_DIR_NAME / row.file
        corpus.articles.append(Article(meta=row, path=path, text=text, encoding=encoding))
    return corpus
