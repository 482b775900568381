"""Grow a corpus: add plain-text files and saved web pages, refuse what is wrong, lose nothing.

`add_articles` judges each file on its own: it is read and decoded with the functions that read
raw files (`chokepoints.corpus`), a saved page's main text and metadata come from trafilatura,
and a file that is unreadable, empty, too large, the same bytes as an article already in the
corpus, or a near-duplicate of one (the same wire story from another outlet) is refused with the
reason and what to do. The files that pass are added in one step, under a lock on the corpus
folder that keeps two adds apart:

1. each is written to a dot-prefixed temporary file in ``raw/`` (ignored by validation);
2. a journal (``raw/.add-journal.json``) records the raw files about to appear;
3. the temporaries are renamed to their final names (``<id>.txt`` or ``<id>.html``);
4. the manifest, with the new rows appended, replaces the old one in one rename;
5. the journal is removed.

The manifest's rename is the commit point. A run killed before it leaves the manifest as it was;
the next `add_articles` (or `recover_interrupted_add`) removes the temporaries and any raw file the
journal names that the manifest does not list, so the corpus is exactly as before. An exception
(Ctrl-C included) rolls back at once. Raw files already in the corpus are never opened for
writing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

from chokepoints import config
from chokepoints.clean import clean_text
from chokepoints.corpus import (
    ADD_JOURNAL_NAME,
    HTML_SUFFIXES,
    MANIFEST_COLUMNS,
    Page,
    check_raw_size,
    declared_charset,
    decode_bytes,
    extract_page,
    is_html_file,
    load_corpus,
    load_perspectives,
    normalize_text,
    read_manifest_rows,
    sha256_file,
)
from chokepoints.errors import CorpusError
from chokepoints.files import write_atomic, write_text_atomic
from chokepoints.models import ManifestRow

#: Suffixes taken from a folder besides `HTML_SUFFIXES`; other files in a folder are skipped
#: (a page saved "complete" comes with a ``<name>_files/`` folder of scripts and images).
TEXT_SUFFIXES = (".txt", ".text")
#: Near-duplicates are found on shingles: runs of this many consecutive words (single
#: characters in Chinese, Japanese and Korean script) of the cleaned body text.
SHINGLE_WORDS = 5
#: Jaccard similarity (shared shingles / all shingles of the two texts) from which a new article
#: is a near-duplicate. Distinct articles on the same event share almost none: under 0.01 between
#: any two of the default corpus. A syndicated wire story with its own headline, furniture and a
#: shortened end shares 0.6 or more; a copy cut to its first half about 0.5.
SYNDICATED_JACCARD = 0.3
#: A publication date more than this many days after today is refused as a typing mistake
#: (one day of slack: a page dated in Tokyo can be a day ahead).
FUTURE_DAYS_ALLOWED = 1
#: Prefix of the temporary copies `add_articles` makes in ``raw/``.
STAGING_PREFIX = ".add-"
ID_NUMBER = re.compile(r"^(\d+)_")
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?。！？]")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


@dataclass(frozen=True)
class Added:
    """One article added: its manifest row and the file it came from."""

    row: ManifestRow
    source: Path


@dataclass
class AddResult:
    """What `add_articles` did: articles added, files refused (with why), warnings."""

    added: list[Added] = field(default_factory=list)
    refused: list[CorpusError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Files in the given folders that are not ``.txt`` or ``.html`` (page assets and the like).
    skipped: list[Path] = field(default_factory=list)
    #: Leftovers of an earlier interrupted add that were removed first.
    recovered: list[Path] = field(default_factory=list)


@dataclass
class _Candidate:
    """A file read, decoded and described, not yet added."""

    source: Path
    data: bytes
    sha256: str
    suffix: str
    text: str
    meta: dict[str, str]
    notes: list[str]
    warnings: list[str]
    shingles: frozenset[tuple[str, ...]]
    row: ManifestRow | None = None


# --- similarity ------------------------------------------------------------------------------


def body_text(text: str) -> str:
    """The body paragraphs of an article text after cleaning (page furniture and headings out)."""
    return "\n".join(p.text for p in clean_text(text).paragraphs)


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """The set of runs of ``size`` consecutive words of ``text``, case-folded.

    Chinese, Japanese and Korean characters count as one word each; a text shorter than ``size``
    words gives one shingle of all its words.
    """
    words = _TOKEN.findall(text.casefold())
    if len(words) < size:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def jaccard(first: frozenset, second: frozenset) -> float:
    """Shared elements over all elements of two sets (0 when both are empty)."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


# --- metadata of a saved page ----------------------------------------------------------------


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _json_ld_values(node: object, found: dict[str, list[str]]) -> None:
    """Collect headline, datePublished, author and publisher names from JSON-LD, recursively."""
    if isinstance(node, list):
        for item in node:
            _json_ld_values(item, found)
        return
    if not isinstance(node, dict):
        return
    for key in ("headline", "datePublished"):
        if isinstance(node.get(key), str):
            found[key].append(node[key])
    for key in ("author", "publisher"):
        for person in node.get(key) if isinstance(node.get(key), list) else [node.get(key)]:
            if isinstance(person, dict) and isinstance(person.get("name"), str):
                found[key].append(person["name"])
            elif isinstance(person, str):
                found[key].append(person)
    for value in node.values():
        if isinstance(value, dict | list):
            _json_ld_values(value, found)


def page_sources(html: str) -> dict[str, list[tuple[str, str]]]:
    """Where a page states each field: ``{field: [(source, value), ...]}`` in trafilatura's order.

    Only used to say in the manifest's notes where trafilatura's values came from; the values
    themselves are trafilatura's.
    """
    import lxml.html  # trafilatura's own parser

    sources: dict[str, list[tuple[str, str]]] = {
        "title": [], "published": [], "outlet": [], "url": [], "author": []}
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return sources

    metas = [(element.get("property", "").lower(), element.get("name", "").lower(),
              element.get("content")) for element in tree.xpath("//meta[@content]")]

    def meta(attribute: str, names: Iterable[str], field_name: str) -> None:
        for name in names:
            label = name if attribute == "property" else f"meta {name}"
            sources[field_name] += [(label, content) for prop, meta_name, content in metas
                                    if (prop if attribute == "property" else meta_name) == name]

    found: dict[str, list[str]] = {"headline": [], "datePublished": [], "author": [],
                                   "publisher": []}
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            _json_ld_values(json.loads(script.text or ""), found)
        except ValueError:
            continue
    meta("property", ["og:title"], "title")
    meta("name", ["twitter:title", "title", "headline"], "title")
    sources["title"] += [("JSON-LD headline", v) for v in found["headline"]]
    sources["title"] += [("the page's h1", h.text_content()) for h in tree.xpath("//h1")[:1]]
    sources["title"] += [("the page's <title>", t.text_content()) for t in tree.xpath("//title")]
    sources["published"] += [("JSON-LD datePublished", v) for v in found["datePublished"]]
    meta("property", ["article:published_time", "og:published_time"], "published")
    meta("name", ["date", "pubdate", "publishdate", "publish-date", "dc.date", "dcterms.created",
                  "citation_publication_date", "sailthru.date", "parsely-pub-date"], "published")
    sources["published"] += [("a <time> element", t.get("datetime"))
                             for t in tree.xpath("//time[@datetime]")]
    meta("property", ["og:site_name"], "outlet")
    sources["outlet"] += [("JSON-LD publisher", v) for v in found["publisher"]]
    meta("name", ["application-name", "publisher", "dc.publisher"], "outlet")
    sources["outlet"] += [("the page's <title>", t.text_content()) for t in tree.xpath("//title")]
    meta("property", ["og:url"], "url")
    sources["url"] += [("link rel=canonical", link.get("href"))
                       for link in tree.xpath("//link[@rel='canonical'][@href]")]
    meta("name", ["twitter:url"], "url")
    meta("name", ["author", "byl", "dc.creator", "parsely-author"], "author")
    meta("property", ["article:author"], "author")
    sources["author"] += [("JSON-LD author", v) for v in found["author"]]
    sources["author"] += [("the byline", b.text_content()) for b in tree.xpath(
        "//*[contains(@class, 'byline') or contains(@class, 'author') or @rel='author']")]
    sources["published"] += [("the address", u) for _, u in sources["url"]]
    return {name: [(where, _squash(value)) for where, value in values if _squash(value)]
            for name, values in sources.items()}


def _date_in(text: str) -> str:
    match = re.search(r"(\d{4})[-/](\d{2})[-/](\d{2})", text)
    return "-".join(match.groups()) if match else ""


def _source_of(field_name: str, value: str, sources: dict[str, list[tuple[str, str]]]) -> str:
    """The first place in the page that states ``value`` for ``field_name``."""
    wanted = value.casefold().rstrip("/")
    for where, stated in sources[field_name]:
        stated = stated.casefold().rstrip("/")
        if field_name == "published":
            if _date_in(stated) == value:
                return where
        elif stated == wanted or (field_name != "title" and wanted in stated):
            return where
    return "the page (trafilatura)"


def describe_page(page: Page, html: str) -> tuple[dict[str, str], list[str]]:
    """The manifest values a saved page gives, and a note saying where each came from.

    trafilatura's values are taken, with one correction: when its site name is the page's own
    title (a JSON-LD ``WebPage`` name), the page's declared site name or publisher is used.
    """
    sources = page_sources(html)
    values = {"title": page.title, "published": page.published, "outlet": page.outlet,
              "url": page.url}
    found = {name: f"{name} from {_source_of(name, value, sources)}"
             for name, value in values.items() if value}
    if page.outlet and page.title and page.title.casefold() in page.outlet.casefold():
        better = next((v for where, v in sources["outlet"] if page.title.casefold()
                       not in v.casefold() and where != "the page's <title>"), "")
        if better:
            values["outlet"] = better
            found["outlet"] = (f"outlet from {_source_of('outlet', better, sources)} "
                               "(trafilatura's site name was the page title)")
    if page.author:
        found["author"] = f"author {page.author} from {_source_of('author', page.author, sources)}"
    return values, list(found.values())


# --- reading one file ------------------------------------------------------------------------


def _refuse(path: Path, problem: str, hint: str = "") -> CorpusError:
    return CorpusError(path, problem, hint)


def _read_candidate(source: Path, today: date) -> _Candidate:
    """Read, decode and describe one file to add.

    Raises:
        CorpusError: the file is too large, binary, undecodable, empty or has no article body.
    """
    check_raw_size(source)
    data = source.read_bytes()
    html = is_html_file(source, data)
    text, encoding = decode_bytes(data, source, declared_charset(data) if html else None)
    declared = html and declared_charset(data) == encoding
    kind = "saved web page" if html else "plain text"
    how = f"{encoding}{', as the page declares' if declared and encoding != 'utf-8' else ''}"
    notes = [f"Added from {source.name!r} ({kind}, {how})."]
    warnings = []
    if encoding not in ("utf-8", "ascii"):
        how_known = "declared by the page" if declared else "detected with confidence"
        warnings.append(f"{source}: decoded as {encoding} ({how_known}); the raw copy keeps the "
                        "original bytes")
    if html and source.suffix.lower() not in HTML_SUFFIXES:
        notes.append("It holds an HTML page, so it is stored as .html and read as one.")
        warnings.append(f"{source}: holds an HTML page, not plain text: its main text is "
                        "extracted and it is stored as .html")
    meta: dict[str, str] = {}
    if html and text.strip():
        page = extract_page(text, source)
        meta, found = describe_page(page, text)
        if meta.get("published") and date.fromisoformat(meta["published"]) > today:
            found = [note for note in found if not note.startswith("published from")]
            found.append(f"the page's date {meta['published']} is after today and was dropped")
            meta["published"] = ""
        notes.append(f"Extracted with trafilatura {version('trafilatura')}: "
                     + ("; ".join(found) if found else "no title, date, outlet or address found")
                     + ".")
        text = page.text
    text = normalize_text(text)
    if not text.strip():
        raise _refuse(source, "is empty or holds only white space",
                      "save the article's text into it, or leave it out")
    body = body_text(text)
    if not body:
        raise _refuse(source, "has no article body: every line reads as a heading or page "
                      "furniture (short lines without sentence punctuation)",
                      "check that it holds the article, with its paragraphs")
    if not SENTENCE_END.search(body):
        notes.append("The text has no sentence punctuation: each paragraph is one sentence.")
        warnings.append(f"{source}: has no sentence punctuation; each paragraph will be "
                        "analysed as one sentence")
    return _Candidate(source=source, data=data, sha256=hashlib.sha256(data).hexdigest(),
                      suffix=".html" if html else ".txt", text=text, meta=meta, notes=notes,
                      warnings=warnings, shingles=shingles(body))


# --- the inputs ------------------------------------------------------------------------------


def _is_inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def collect_inputs(paths: Iterable[Path], raw_dir: Path
                   ) -> tuple[list[Path], list[Path], list[CorpusError]]:
    """Expand files and folders into the files to add.

    Folders are walked recursively in name order; hidden files and folders, ``*_files`` asset
    folders of saved pages and files that are not ``.txt`` or ``.html`` are skipped. A file
    named twice is taken once.

    Returns:
        The files to add, the files skipped, and refusals (missing paths, files in ``raw/``).
    """
    files: list[Path] = []
    skipped: list[Path] = []
    refused: list[CorpusError] = []
    seen: set[Path] = set()

    def take(path: Path) -> None:
        if path.resolve() in seen:
            return
        seen.add(path.resolve())
        if _is_inside(path, raw_dir):
            refused.append(_refuse(path, "is already inside the corpus's raw/ folder",
                                   "raw/ holds only files the manifest lists: move it out of raw/ "
                                   "and add it from there"))
        else:
            files.append(path)

    for path in map(Path, paths):
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if not child.is_file() or any(p.startswith(".") or p.endswith("_files")
                                              for p in parts):
                    continue
                if child.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES:
                    found = True
                    take(child)
                else:
                    skipped.append(child)
            if not found:
                refused.append(_refuse(path, "is a folder with no .txt or .html file in it"))
        elif path.is_file():
            take(path)
        else:
            refused.append(_refuse(path, "not found", "check the path"))
    return files, skipped, refused


# --- committing ------------------------------------------------------------------------------


def _stage(raw_dir: Path, data: bytes) -> Path:
    """Write ``data`` to a new dot-prefixed temporary file in ``raw/`` and flush it to disk."""
    handle, name = tempfile.mkstemp(prefix=STAGING_PREFIX, suffix=".tmp", dir=raw_dir)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def _publish(temporary: Path, final: Path) -> None:
    """Give a staged raw file its final name."""
    os.replace(temporary, final)


def _write_manifest(manifest: Path, data: bytes) -> None:
    """Replace the manifest in one rename (the commit point of an add)."""
    write_atomic(manifest, lambda path: path.write_bytes(data))


def _manifest_bytes(manifest: Path, rows: list[ManifestRow]) -> tuple[bytes, list[str]]:
    """The manifest with ``rows`` appended; existing rows are kept byte for byte.

    Returns:
        The new manifest and the columns it had to gain (the file is then rewritten).
    """
    def values(row: ManifestRow) -> dict[str, str]:
        return {"id": row.id, "file": row.file, "title": row.title, "outlet": row.outlet,
                "published": row.published.isoformat() if row.published else "", "url": row.url,
                "perspective": row.perspective, "sha256": row.sha256, "notes": row.notes}

    if not manifest.is_file():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(values(row) for row in rows)
        return out.getvalue().encode("utf-8"), []
    text = manifest.read_bytes().decode("utf-8")
    old_rows, columns = read_manifest_rows(manifest)
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    gained = [c for c in MANIFEST_COLUMNS if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns + gained, lineterminator=newline,
                            extrasaction="ignore", restval="")
    if gained:  # rewrite: every row gets the new columns
        text = "\ufeff" if text.startswith("\ufeff") else ""
        writer.writeheader()
        writer.writerows(old_rows)
    elif text and not text.endswith(("\n", "\r")):
        text += newline
    writer.writerows(values(row) for row in rows)
    return (text + out.getvalue()).encode("utf-8"), gained


def recover_interrupted_add(corpus_dir: Path = config.DEFAULT_CORPUS_DIR) -> list[Path]:
    """Undo what an interrupted `add_articles` left, so the corpus is exactly as before it.

    Removes the add's temporary files and, when the manifest does not list them, the raw files
    its journal names (only when their bytes are the ones the journal recorded). An add that
    had already replaced the manifest is complete: only its journal is removed.

    Returns:
        The files removed.
    """
    corpus_dir = Path(corpus_dir)
    raw_dir = corpus_dir / config.RAW_DIR_NAME
    removed: list[Path] = []
    journal = raw_dir / ADD_JOURNAL_NAME
    if journal.is_file():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError):
            entries = []
        try:
            listed = {(row.get("file") or "").strip()
                      for row in read_manifest_rows(corpus_dir / config.MANIFEST_NAME)[0]}
        except CorpusError:
            listed = set()
        for entry in entries:
            path = raw_dir / entry["file"]
            if (entry["file"] not in listed and path.is_file()
                    and sha256_file(path) == entry["sha256"]):
                path.unlink()
                removed.append(path)
        journal.unlink()
        removed.append(journal)
    leftovers = [*raw_dir.glob(f"{STAGING_PREFIX}*.tmp"),
                 *raw_dir.glob(f".{ADD_JOURNAL_NAME}.*.tmp"),
                 *corpus_dir.glob(f".{config.MANIFEST_NAME}.*.tmp")]
    for path in leftovers:
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _commit(corpus_dir: Path, candidates: list[_Candidate], manifest_data: bytes,
            manifest_before: bytes | None) -> None:
    """Add the raw files and the manifest rows in one step (see the module docstring).

    Raises:
        CorpusError: the manifest changed while the add ran (edited by hand?); nothing is added.
    """
    raw_dir = corpus_dir / config.RAW_DIR_NAME
    raw_dir.mkdir(parents=True, exist_ok=True)
    manifest = corpus_dir / config.MANIFEST_NAME
    journal = raw_dir / ADD_JOURNAL_NAME
    staged: list[tuple[Path, Path]] = []
    try:
        for candidate in candidates:
            staged.append((_stage(raw_dir, candidate.data), raw_dir / candidate.row.file))
        write_text_atomic(journal, json.dumps(
            {"files": [{"file": c.row.file, "sha256": c.sha256} for c in candidates]}, indent=1))
        for temporary, final in staged:
            _publish(temporary, final)
        if (manifest.read_bytes() if manifest.is_file() else None) != manifest_before:
            raise CorpusError(manifest, "changed while this add ran; nothing was added",
                              "run the add again")
        _write_manifest(manifest, manifest_data)
    except BaseException:
        recover_interrupted_add(corpus_dir)  # also on Ctrl-C: the corpus is left as it was
        raise
    journal.unlink()


# --- adding ----------------------------------------------------------------------------------


def _existing_corpus(corpus_dir: Path) -> tuple[list[ManifestRow], dict[str, str], dict[str, str]]:
    """The rows of a valid corpus, their cleaned body texts and their raw files' sha256 by id."""
    try:
        corpus = load_corpus(corpus_dir)
    except CorpusError as error:
        raise CorpusError(corpus_dir, "cannot add to a corpus with fatal problems; fix them "
                          f"first:\n{error}") from None
    rows = [article.meta for article in corpus.articles]
    bodies = {article.meta.id: body_text(article.text) for article in corpus.articles}
    hashes = {article.meta.id: article.meta.sha256 or sha256_file(article.path)
              for article in corpus.articles}
    return rows, bodies, hashes


def _numbers(ids: Iterable[str]) -> Iterator[int]:
    for article_id in ids:
        match = ID_NUMBER.match(article_id)
        if match:
            yield int(match.group(1))


def make_article_id(number: int, sha256: str) -> str:
    """An id in the default corpus's form: ``NNN_`` and the first 16 hex digits of the sha256."""
    return f"{number:03d}_{sha256[:16]}"


def _check_options(title: str | None, url: str | None, perspective: str | None,
                   published: date | None, n_files: int, today: date) -> None:
    if n_files > 1 and (title or url):
        raise CorpusError(Path("--title/--url"), f"describe one article, but {n_files} files "
                          "were given", "add that file on its own")
    if url and not URL.match(url):
        raise CorpusError(Path("--url"), f"{url!r} is not an http(s) address")
    perspectives = load_perspectives()
    if perspective is not None and perspective not in perspectives:
        raise CorpusError(Path("--perspective"), f"unknown perspective {perspective!r}; allowed: "
                          f"{', '.join(perspectives)}",
                          f"extend {config.PERSPECTIVES_FILE.name} for a new one")
    if published and published > today + timedelta(days=FUTURE_DAYS_ALLOWED):
        raise CorpusError(Path("--published"), f"{published} is after today ({today})",
                          "check the date: an article cannot be published in the future")


def add_articles(paths: Iterable[Path], corpus_dir: Path = config.DEFAULT_CORPUS_DIR, *,
                 title: str | None = None, outlet: str | None = None,
                 published: date | None = None, url: str | None = None,
                 perspective: str | None = None, allow_syndicated: bool = False,
                 today: date | None = None) -> AddResult:
    """Add plain-text files, saved web pages and folders of them to a corpus.

    Each file is read like a raw file (see `chokepoints.corpus.read_article_text`); a saved
    page's title, publication date, site name, address and author come from trafilatura, and
    the options override them. A file is refused, with the reason and what to do, when it is
    unreadable, too large, empty, has no body, is the same bytes as an article already there
    (or given twice) or is a near-duplicate of one (Jaccard similarity of `SHINGLE_WORDS`-word
    shingles of the cleaned body at least `SYNDICATED_JACCARD`). The other files are added in one
    atomic step: raw file copied unchanged to ``raw/<id><.txt|.html>``, a manifest row with its
    sha256 and notes saying what was found where. A missing or empty ``corpus_dir`` becomes a
    new corpus.

    Args:
        paths: files and folders (folders are walked; see `collect_inputs`).
        corpus_dir: the corpus folder.
        title: headline (one file only); overrides the page's.
        outlet: publisher; overrides the page's site name.
        published: publication date; overrides the page's.
        url: address of the article (one file only); overrides the page's.
        perspective: one of ``data/vocabularies/perspectives.csv``; ``other`` when not given.
        allow_syndicated: add near-duplicates anyway, marked in their notes as syndicated
            copies of the article they repeat.
        today: the date after which publication dates are refused (default: today).

    Returns:
        What was added, refused, skipped and warned about.

    Raises:
        CorpusError: the corpus has fatal problems, the folder is not a corpus, an option is
            invalid, another add is running on the corpus, or the manifest changed while this
            one ran; nothing is changed then.
    """
    corpus_dir = Path(corpus_dir)
    today = today or date.today()
    manifest = corpus_dir / config.MANIFEST_NAME
    if corpus_dir.exists() and not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, "is not a folder")
    if corpus_dir.is_dir() and not manifest.is_file() and any(
            p.name != config.RAW_DIR_NAME or any(p.iterdir()) for p in corpus_dir.iterdir()):
        raise CorpusError(manifest, "manifest not found", "give the folder of an existing corpus, "
                          "or a new or empty folder to start one")
    files, skipped, refused = collect_inputs(paths, corpus_dir / config.RAW_DIR_NAME)
    _check_options(title, url, perspective, published, len(files), today)
    options = _Options(title, outlet, published, url, perspective, allow_syndicated)
    created = not corpus_dir.exists()
    corpus_dir.mkdir(parents=True, exist_ok=True)
    try:
        with _corpus_lock(corpus_dir):
            result = _add_locked(files, corpus_dir, options, today)
    finally:
        if created and not any(corpus_dir.iterdir()):
            corpus_dir.rmdir()  # nothing was added to a corpus that did not exist
    result.skipped = skipped
    result.refused = refused + result.refused
    return result


@dataclass(frozen=True)
class _Options:
    """What the user said about the articles (None: not said)."""

    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    perspective: str | None
    allow_syndicated: bool


@contextmanager
def _corpus_lock(corpus_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the corpus folder while an add runs.

    Two adds at once would take the same article numbers and undo each other's work; the lock
    is the kernel's (flock), released when the process ends, even killed. Systems without flock
    (Windows) get no lock.

    Raises:
        CorpusError: another add holds the lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    handle = os.open(corpus_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CorpusError(corpus_dir, "another `chokepoints add` is changing this corpus",
                              "run this one again when it has finished") from None
        yield
    finally:
        os.close(handle)  # releases the lock


def _judge(candidate: _Candidate, by_hash: dict[str, str],
           existing_shingles: dict[str, frozenset], options: _Options) -> CorpusError | None:
    """Refuse a duplicate or an unmarked near-duplicate; mark an allowed syndicated copy."""
    source = candidate.source
    if candidate.sha256 in by_hash:
        return _refuse(source, f"has the same bytes as {by_hash[candidate.sha256]}",
                       "nothing to add")
    similarity, similar_id = max(((jaccard(candidate.shingles, theirs), article_id)
                                  for article_id, theirs in existing_shingles.items()),
                                 default=(0.0, ""))
    if similarity < SYNDICATED_JACCARD:
        return None
    described = (f"a near-duplicate of article {similar_id}: Jaccard similarity "
                 f"{similarity:.2f} of their {SHINGLE_WORDS}-word shingles (from "
                 f"{SYNDICATED_JACCARD} on, the same story, e.g. a wire story syndicated by "
                 "another outlet)")
    if not options.allow_syndicated:
        return _refuse(source, f"is {described}",
                       "add it anyway as a marked syndicated copy with --allow-syndicated")
    candidate.notes.append(f"Syndicated copy of {similar_id} (Jaccard similarity "
                           f"{similarity:.2f} of {SHINGLE_WORDS}-word shingles), added with "
                           "--allow-syndicated.")
    candidate.warnings.append(f"{source}: is {described}; added as a syndicated copy")
    return None


def _add_locked(files: list[Path], corpus_dir: Path, options: _Options,
                today: date) -> AddResult:
    """The add itself, under the corpus lock: recover, read, judge, commit."""
    raw_dir = corpus_dir / config.RAW_DIR_NAME
    manifest = corpus_dir / config.MANIFEST_NAME
    result = AddResult(recovered=recover_interrupted_add(corpus_dir))
    manifest_before = manifest.read_bytes() if manifest.is_file() else None
    rows, bodies, hashes = _existing_corpus(corpus_dir) if manifest_before is not None else (
        [], {}, {})
    existing_shingles = {article_id: shingles(body) for article_id, body in bodies.items()}
    by_hash = {sha: f"article {article_id}" for article_id, sha in hashes.items()}
    number = max(_numbers(row.id for row in rows), default=-1) + 1
    accepted: list[_Candidate] = []
    for source in files:
        try:
            candidate = _read_candidate(source, today)
        except CorpusError as error:
            result.refused.append(error)
            continue
        refusal = _judge(candidate, by_hash, existing_shingles, options)
        article_id = make_article_id(number, candidate.sha256)
        file_name = article_id + candidate.suffix
        if refusal is None and (raw_dir / file_name).exists():
            refusal = _refuse(source, f"would be stored as {raw_dir / file_name}, which exists "
                              "but is not in the manifest", "move that file out of raw/ first")
        if refusal is not None:
            result.refused.append(refusal)
            continue
        candidate.row = _row(candidate, article_id, file_name, options)
        if options.perspective is None:
            candidate.warnings.append(f"{source}: no --perspective given; recorded as 'other' "
                                      f"(edit the manifest row of {article_id})")
        accepted.append(candidate)
        by_hash[candidate.sha256] = f"{source}, added as {article_id} in this run"
        existing_shingles[article_id] = candidate.shingles
        number += 1
    if accepted:
        manifest_data, gained = _manifest_bytes(manifest, [c.row for c in accepted])
        if gained:
            result.warnings.append(f"{manifest}: gained the column(s) {', '.join(gained)}")
        _commit(corpus_dir, accepted, manifest_data, manifest_before)
    for candidate in accepted:
        result.added.append(Added(candidate.row, candidate.source))
        result.warnings += candidate.warnings
    return result


def _row(candidate: _Candidate, article_id: str, file_name: str,
         options: _Options) -> ManifestRow:
    """The manifest row of a candidate: options first, then what the page carries."""
    meta = candidate.meta
    notes = list(candidate.notes)
    given = [name for name in ("title", "outlet", "published", "url", "perspective")
             if getattr(options, name)]
    if given:
        notes.append(f"Given with --{', --'.join(given)}.")
    if options.perspective is None:
        notes.append("Perspective not given: 'other' until someone sets it.")
    page_date = meta.get("published", "")
    return ManifestRow(
        id=article_id, file=file_name, title=options.title or meta.get("title", ""),
        outlet=options.outlet or meta.get("outlet", ""),
        published=options.published or (date.fromisoformat(page_date) if page_date else None),
        url=options.url or meta.get("url", ""), perspective=options.perspective or "other",
        sha256=candidate.sha256, notes=" ".join(notes))
