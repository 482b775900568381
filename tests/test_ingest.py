"""Tests for chokepoints.ingest: adding texts and saved pages, refusing bad input, losing none."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from chokepoints import config
from chokepoints.analyze import run_analysis
from chokepoints.corpus import (
    ADD_JOURNAL_NAME,
    MAX_RAW_BYTES,
    load_corpus,
    read_manifest,
    validate_corpus,
)
from chokepoints.errors import CorpusError
from chokepoints.ingest import (
    SHINGLE_WORDS,
    SYNDICATED_JACCARD,
    AddResult,
    add_articles,
    body_text,
    jaccard,
    make_article_id,
    recover_interrupted_add,
    shingles,
)
from tests.seeds import (
    ARTICLE_TEXT,
    SEED_CORPUS_DIR,
    SEED_IDS,
    TEST_DATA_DIR,
    sha256_hex,
)

PAGES_DIR = TEST_DATA_DIR / "pages"
#: A news page: navigation, og:/article: meta tags, a byline, JSON-LD datePublished, comments.
PACIFIC_PAGE = PAGES_DIR / "pacific_ledger_wto.html"
#: A second outlet's copy of the same wire story: own headline and furniture, shortened end.
HARBOUR_PAGE = PAGES_DIR / "harbour_times_wto_syndicated.html"
PACIFIC_URL = ("https://www.pacificledger.example.com/business/2026/01/08/"
               "japan-wto-china-dual-use-ban")
PACIFIC_TITLE = "Japan to Seek WTO Consultations Over China’s Dual-Use Export Ban"
TODAY = date(2026, 1, 31)
#: Fictional Japanese report (for the Shift_JIS cases).
JAPANESE_TEXT = ("日本政府は中国による軍民両用品の輸出禁止について、世界貿易機関での協議を求める"
                 "方針を明らかにした。経済産業省の報道官は「措置は中国の義務に反する」と述べた。\n")
SMART_QUOTES_TEXT = ("\u201cChina\u2019s ban is unacceptable,\u201d the minister said \u2014 "
                     "again. Officials in Tokyo said the measure was \u201cdeeply "
                     "regrettable\u201d.\n")
LONG_UNPUNCTUATED_LINE = ("Japan protested on Tuesday against the ban on exports of dual use "
                          "items and officials in Tokyo called the measure unacceptable and "
                          "regrettable")


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the default corpus to grow."""
    return Path(shutil.copytree(SEED_CORPUS_DIR, tmp_path / "corpus"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (dot files included) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items()
            if not any(part.startswith(".") for part in Path(name).parts)}


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def add(paths: list[Path] | Path, corpus: Path, **options) -> AddResult:
    options.setdefault("perspective", "western_media")
    options.setdefault("today", TODAY)
    return add_articles([paths] if isinstance(paths, Path) else paths, corpus, **options)


def only_added(result: AddResult):
    assert result.refused == [], [str(e) for e in result.refused]
    [added] = result.added
    return added.row


def only_refusal(result: AddResult) -> CorpusError:
    assert result.added == []
    [error] = result.refused
    return error


def manifest_dicts(corpus: Path) -> list[dict[str, str]]:
    with (corpus / config.MANIFEST_NAME).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    """A small saved page with navigation around an article."""
    return (f"<!DOCTYPE html><html><head>{head}<title>Export ban</title></head><body>"
            '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
            f"<article><h1>Export ban</h1>{body}</article>"
            "<footer>Copyright 2026</footer></body></html>")


ARTICLE_PARAGRAPHS = "".join(
    f"<p>{sentence}</p>" for sentence in (
        "Japan protested on Tuesday against China’s ban on exports of dual-use items.",
        "Officials in Tokyo called the measure “unacceptable” and asked Beijing to withdraw it.",
        "China’s commerce ministry said the controls were lawful and served national security.",
        "Analysts said the ban could hit supplies of rare-earth magnets within weeks."))


# --- adding a saved news page ----------------------------------------------------------------


def test_page_metadata_is_extracted_into_the_manifest_row(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir))
    assert (row.title, row.outlet, row.published, row.url) == (
        PACIFIC_TITLE, "The Pacific Ledger", date(2026, 1, 8), PACIFIC_URL)
    assert row.perspective == "western_media"


def test_notes_say_what_was_extracted_from_where(corpus_dir):
    notes = only_added(add(PACIFIC_PAGE, corpus_dir)).notes
    assert "Added from 'pacific_ledger_wto.html' (saved web page, utf-8)." in notes
    assert "Extracted with trafilatura 2.3.1:" in notes
    for found in ("title from og:title", "published from JSON-LD datePublished",
                  "outlet from og:site_name", "url from og:url",
                  "author Hana Sato from meta author", "Given with --perspective."):
        assert found in notes


def test_raw_file_is_copied_unchanged_under_its_id_with_its_sha256(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir))
    raw = corpus_dir / config.RAW_DIR_NAME / row.file
    assert raw.read_bytes() == PACIFIC_PAGE.read_bytes()
    assert row.file == f"{row.id}.html"
    assert row.sha256 == sha256_hex(PACIFIC_PAGE.read_bytes())


def test_new_id_is_the_next_number_and_16_hex_digits_of_the_sha256(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir))
    sha = sha256_hex(PACIFIC_PAGE.read_bytes())
    assert row.id == f"005_{sha[:16]}" == make_article_id(5, sha)


def test_ids_keep_counting_across_adds(corpus_dir):
    add(PACIFIC_PAGE, corpus_dir)
    second = only_added(add(write(corpus_dir.parent, "a.txt", ARTICLE_TEXT), corpus_dir))
    assert second.id.startswith("006_")


def test_existing_manifest_rows_and_raw_files_are_kept_byte_for_byte(corpus_dir):
    before = snapshot(corpus_dir)
    add(PACIFIC_PAGE, corpus_dir)
    after = snapshot(corpus_dir)
    assert after["manifest.csv"].startswith(before["manifest.csv"])
    assert {name: after[name] for name in before if name != "manifest.csv"} == {
        name: data for name, data in before.items() if name != "manifest.csv"}


def test_grown_corpus_validates_cleanly(corpus_dir):
    add(PACIFIC_PAGE, corpus_dir)
    assert [str(p) for p in validate_corpus(corpus_dir)] == []


def test_loaded_page_is_its_main_text_without_navigation_or_comments(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir))
    article = next(a for a in load_corpus(corpus_dir).articles if a.meta.id == row.id)
    assert "Japan will ask China for consultations at the World Trade Organization" in (
        article.text)
    for furniture in ("Sign in", "Most read", "Saw this coming", "All rights reserved",
                      "Share on LinkedIn", "Get the Asia Trade Brief"):
        assert furniture not in article.text


def test_grown_default_corpus_is_analysed_with_the_new_article(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir))
    tables = run_analysis(corpus_dir)
    assert list(tables.articles["id"]) == [*SEED_IDS, row.id]
    new = tables.articles.set_index("id").loc[row.id]
    assert (new["title"], new["outlet"], new["file"]) == (PACIFIC_TITLE, "The Pacific Ledger",
                                                          row.file)
    assert new["n_sentences"] >= 9


def test_options_override_what_the_page_carries(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir, title="WTO move", outlet="Ledger",
                         published=date(2026, 1, 9), url="https://example.org/a",
                         perspective="japan"))
    assert (row.title, row.outlet, row.published, row.url, row.perspective) == (
        "WTO move", "Ledger", date(2026, 1, 9), "https://example.org/a", "japan")
    assert "Given with --title, --outlet, --published, --url, --perspective." in row.notes


def test_missing_perspective_is_recorded_as_other_with_a_warning(corpus_dir):
    result = add(PACIFIC_PAGE, corpus_dir, perspective=None)
    assert only_added(result).perspective == "other"
    assert any("no --perspective given" in w for w in result.warnings)


def test_outlet_is_the_publisher_when_trafilatura_takes_the_page_title_for_the_site(tmp_path):
    corpus = tmp_path / "new"
    notes = only_added(add(HARBOUR_PAGE, corpus)).notes
    row = read_manifest(corpus)[0]
    assert (row.title, row.outlet, row.published) == (
        "Japan Plans WTO Challenge to China Export Curbs", "Harbour Times", date(2026, 1, 9))
    assert "outlet from JSON-LD publisher (trafilatura's site name was the page title)" in notes
    assert "url from link rel=canonical" in notes


def test_plain_text_file_is_stored_as_txt_with_no_invented_metadata(corpus_dir, tmp_path):
    source = write(tmp_path, "report.txt", ARTICLE_TEXT)
    row = only_added(add(source, corpus_dir))
    assert row.file == f"{row.id}.txt"
    assert (row.title, row.outlet, row.published, row.url) == ("", "", None, "")
    assert row.notes.startswith("Added from 'report.txt' (plain text, utf-8).")


def test_a_new_folder_becomes_a_new_corpus(tmp_path):
    corpus = tmp_path / "episode"
    row = only_added(add(PACIFIC_PAGE, corpus))
    assert row.id.startswith("000_")
    assert validate_corpus(corpus) == []
    assert (corpus / config.MANIFEST_NAME).read_text(encoding="utf-8").startswith(
        "id,file,title,outlet,published,url,perspective,sha256,notes\n")


def test_folder_adds_its_texts_and_pages_and_skips_page_assets(corpus_dir, tmp_path):
    folder = tmp_path / "saved"
    write(folder, "one.txt", ARTICLE_TEXT)
    shutil.copy(PACIFIC_PAGE, folder / "ledger.html")
    write(folder, "ledger_files/frame.html", page(ARTICLE_PARAGRAPHS))
    write(folder, "ledger_files/site.js", "var x = 1;")
    write(folder, ".DS_Store", b"\x00\x01")
    write(folder, "photo.jpg", b"\xff\xd8\xff\xe0")
    result = add(folder, corpus_dir)
    assert [a.source.name for a in result.added] == ["ledger.html", "one.txt"]
    assert result.skipped == [folder / "photo.jpg"]
    assert result.refused == []


def test_manifest_with_crlf_line_ends_gets_crlf_rows(make_corpus, tmp_path):
    corpus = make_corpus()
    manifest = corpus / config.MANIFEST_NAME
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r\n"))
    before = manifest.read_bytes()
    add(PACIFIC_PAGE, corpus)
    after = manifest.read_bytes()
    assert after.startswith(before)
    assert after.count(b"\r\n") == after.count(b"\n")


def test_manifest_without_sha256_and_notes_columns_gains_them(make_corpus):
    corpus = make_corpus(columns=("id", "file", "perspective"))
    result = add(PACIFIC_PAGE, corpus)
    assert any("gained the column(s) title, outlet, published, url, sha256, notes" in w
               for w in result.warnings)
    rows = manifest_dicts(corpus)
    assert rows[0]["id"] == "a1" and rows[0]["sha256"] == ""
    assert rows[1]["sha256"] == sha256_hex(PACIFIC_PAGE.read_bytes())


# --- duplicates ------------------------------------------------------------------------------


def test_same_bytes_as_an_article_in_the_corpus_is_refused_with_its_id(corpus_dir):
    seed = corpus_dir / config.RAW_DIR_NAME / f"{SEED_IDS[1]}.txt"
    copy = shutil.copy(seed, corpus_dir.parent / "copy.txt")
    error = only_refusal(add(Path(copy), corpus_dir))
    assert error.path == Path(copy)
    assert error.problem == f"has the same bytes as article {SEED_IDS[1]}"


def test_adding_the_same_page_twice_refuses_the_second_time(corpus_dir):
    first = only_added(add(PACIFIC_PAGE, corpus_dir))
    before = snapshot(corpus_dir)
    error = only_refusal(add(PACIFIC_PAGE, corpus_dir))
    assert error.problem == f"has the same bytes as article {first.id}"
    assert snapshot(corpus_dir) == before


def test_same_bytes_twice_in_one_add_are_added_once(corpus_dir, tmp_path):
    first = Path(shutil.copy(PACIFIC_PAGE, tmp_path / "a.html"))
    second = Path(shutil.copy(PACIFIC_PAGE, tmp_path / "b.html"))
    result = add([first, second], corpus_dir)
    assert [a.source for a in result.added] == [first]
    [error] = result.refused
    assert error.path == second
    assert error.problem.startswith(f"has the same bytes as {first}, added as 005_")


def test_syndicated_copy_is_refused_naming_the_article_and_the_similarity(corpus_dir):
    original = only_added(add(PACIFIC_PAGE, corpus_dir))
    error = only_refusal(add(HARBOUR_PAGE, corpus_dir))
    assert error.problem.startswith(f"is a near-duplicate of article {original.id}: Jaccard "
                                    "similarity 0.65 of their 5-word shingles")
    assert "--allow-syndicated" in error.hint


def test_allow_syndicated_adds_the_copy_marked_in_its_notes(corpus_dir):
    original = only_added(add(PACIFIC_PAGE, corpus_dir))
    result = add(HARBOUR_PAGE, corpus_dir, allow_syndicated=True)
    row = only_added(result)
    assert (f"Syndicated copy of {original.id} (Jaccard similarity 0.65 of 5-word shingles), "
            "added with --allow-syndicated.") in row.notes
    assert any("added as a syndicated copy" in w for w in result.warnings)


def test_syndicated_pair_in_one_add_keeps_the_first_and_refuses_the_second(tmp_path):
    result = add([PACIFIC_PAGE, HARBOUR_PAGE], tmp_path / "new")
    assert [a.source for a in result.added] == [PACIFIC_PAGE]
    [error] = result.refused
    assert "is a near-duplicate of article 000_" in error.problem


def test_text_copy_of_an_added_page_is_a_near_duplicate(corpus_dir, tmp_path):
    add(PACIFIC_PAGE, corpus_dir)
    text = next(a.text for a in load_corpus(corpus_dir).articles if a.path.suffix == ".html")
    error = only_refusal(add(write(tmp_path, "pasted.txt", text), corpus_dir))
    assert "Jaccard similarity 1.00" in error.problem


def test_articles_on_the_same_event_are_far_below_the_threshold(seed_articles):
    sets = [shingles(body_text(a.text)) for a in seed_articles.values()]
    similarities = [jaccard(a, b) for i, a in enumerate(sets) for b in sets[i + 1:]]
    assert max(similarities) < 0.05 < SYNDICATED_JACCARD


def test_shingles_are_runs_of_words_case_folded():
    assert SHINGLE_WORDS == 5
    assert shingles("Japan protested the ban on Tuesday", 5) == {
        ("japan", "protested", "the", "ban", "on"), ("protested", "the", "ban", "on", "tuesday")}
    assert shingles("Two words", 5) == {("two", "words")}
    assert shingles("", 5) == frozenset()


def test_japanese_text_is_shingled_by_character():
    assert ("日", "本", "政", "府", "は") in shingles(JAPANESE_TEXT)


# --- bad input, each refused with the file named, or handled ---------------------------------


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n  \n"], ids=["empty", "white_space_only"])
def test_empty_or_blank_file_is_refused_naming_it(corpus_dir, tmp_path, data):
    source = write(tmp_path, "blank.txt", data)
    error = only_refusal(add(source, corpus_dir))
    assert error.path == source
    assert error.problem == "is empty or holds only white space"


@pytest.mark.parametrize(("name", "data"), [("scan.txt", b"Japan\x00protested\x00"),
                                            ("report.pdf", b"%PDF-1.7\n1 0 obj\n<< >>\n")],
                         ids=["nul_bytes", "pdf"])
def test_binary_file_is_refused_naming_it(corpus_dir, tmp_path, name, data):
    source = write(tmp_path, name, data)
    error = only_refusal(add(source, corpus_dir))
    assert error.path == source
    assert error.problem.startswith("looks binary")
    assert error.hint == "save the article as plain text or HTML"


def test_cp1252_smart_quotes_are_refused_listing_the_candidate_encodings(corpus_dir, tmp_path):
    source = write(tmp_path, "quotes.txt", SMART_QUOTES_TEXT.encode("cp1252"))
    error = only_refusal(add(source, corpus_dir))
    assert error.problem.startswith("is not UTF-8 and reads differently as cp1250, ")
    assert error.hint == "re-save the file as UTF-8"


def test_cp1252_page_that_declares_its_charset_is_decoded(corpus_dir, tmp_path):
    html = page(f"<p>{SMART_QUOTES_TEXT}</p>{ARTICLE_PARAGRAPHS}",
                head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    source = write(tmp_path, "quotes.html", html.encode("cp1252"))
    result = add(source, corpus_dir)
    row = only_added(result)
    assert "(saved web page, cp1252, as the page declares)" in row.notes
    assert any("decoded as cp1252 (declared by the page)" in w for w in result.warnings)
    text = next(a.text for a in load_corpus(corpus_dir).articles if a.meta.id == row.id)
    assert SMART_QUOTES_TEXT.strip() in text
    assert (corpus_dir / config.RAW_DIR_NAME / row.file).read_bytes() == source.read_bytes()


def test_shift_jis_text_is_decoded_when_certain(corpus_dir, tmp_path):
    source = write(tmp_path, "nikkei.txt", JAPANESE_TEXT.encode("shift_jis"))
    result = add(source, corpus_dir, perspective="japan")
    row = only_added(result)
    assert "(plain text, cp932)" in row.notes
    article = next(a for a in load_corpus(corpus_dir).articles if a.meta.id == row.id)
    assert (article.text, article.encoding) == (JAPANESE_TEXT, "cp932")


def test_shift_jis_page_is_decoded_with_its_declared_charset(corpus_dir, tmp_path):
    html = page(f"<p>{JAPANESE_TEXT}</p>" * 3, head='<meta charset="Shift_JIS">')
    source = write(tmp_path, "nikkei.html", html.encode("shift_jis"))
    row = only_added(add(source, corpus_dir, perspective="japan"))
    assert "cp932, as the page declares" in row.notes


def test_utf8_bom_is_kept_in_raw_and_dropped_from_the_text(corpus_dir, tmp_path):
    data = b"\xef\xbb\xbf" + ARTICLE_TEXT.encode("utf-8")
    row = only_added(add(write(tmp_path, "bom.txt", data), corpus_dir))
    assert (corpus_dir / config.RAW_DIR_NAME / row.file).read_bytes() == data
    article = next(a for a in load_corpus(corpus_dir).articles if a.meta.id == row.id)
    assert article.text == ARTICLE_TEXT


def test_utf16_with_bom_is_decoded(corpus_dir, tmp_path):
    row = only_added(add(write(tmp_path, "notepad.txt", ARTICLE_TEXT.encode("utf-16")),
                         corpus_dir))
    assert "(plain text, utf-16)" in row.notes


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "lone_cr"])
def test_crlf_and_lone_cr_are_kept_in_raw_and_normalised_in_the_text(corpus_dir, tmp_path,
                                                                     newline):
    data = ARTICLE_TEXT.encode("utf-8").replace(b"\n", newline)
    row = only_added(add(write(tmp_path, "ends.txt", data), corpus_dir))
    assert (corpus_dir / config.RAW_DIR_NAME / row.file).read_bytes() == data
    article = next(a for a in load_corpus(corpus_dir).articles if a.meta.id == row.id)
    assert article.text == ARTICLE_TEXT


def test_50_mb_text_is_refused_at_once_with_the_size_limit(corpus_dir, tmp_path):
    source = tmp_path / "dump.txt"
    megabyte = (ARTICLE_TEXT.encode("utf-8") * 10_000)[:1_000_000]
    with source.open("wb") as out:
        for _ in range(50):
            out.write(megabyte)
    started = time.perf_counter()
    error = only_refusal(add(source, corpus_dir))
    assert time.perf_counter() - started < 5
    assert error.problem == (f"is 50.0 MB, more than the {MAX_RAW_BYTES // 1_000_000} MB "
                             "allowed for one article")


def test_text_without_sentence_punctuation_is_added_with_a_warning_and_analysed(corpus_dir,
                                                                                tmp_path):
    source = write(tmp_path, "transcript.txt", f"{LONG_UNPUNCTUATED_LINE}\n\n"
                   f"{LONG_UNPUNCTUATED_LINE} again\n")
    result = add(source, corpus_dir)
    row = only_added(result)
    assert "no sentence punctuation" in row.notes
    assert any("has no sentence punctuation" in w for w in result.warnings)
    sentences = run_analysis(corpus_dir).sentences
    assert (sentences["article_id"] == row.id).sum() == 2


def test_text_of_short_unpunctuated_lines_is_refused_as_having_no_body(corpus_dir, tmp_path):
    source = write(tmp_path, "menu.txt", "Home\nWorld News\nbusiness\nsign in\n")
    error = only_refusal(add(source, corpus_dir))
    assert error.problem.startswith("has no article body")


def test_html_handed_over_as_text_is_read_and_stored_as_html(corpus_dir, tmp_path):
    source = Path(shutil.copy(PACIFIC_PAGE, tmp_path / "ledger.txt"))
    result = add(source, corpus_dir)
    row = only_added(result)
    assert row.file.endswith(".html")
    assert row.title == PACIFIC_TITLE
    assert "It holds an HTML page, so it is stored as .html" in row.notes
    assert any("holds an HTML page, not plain text" in w for w in result.warnings)


def test_page_without_article_text_is_refused(corpus_dir, tmp_path):
    source = write(tmp_path, "blank.html", "<!DOCTYPE html><html><head><title>x</title></head>"
                   "<body></body></html>")
    error = only_refusal(add(source, corpus_dir))
    assert error.problem == "is an HTML page with no article text that can be extracted"


def test_page_of_navigation_only_is_refused_as_having_no_body(corpus_dir, tmp_path):
    source = write(tmp_path, "menu.html", page(""))
    error = only_refusal(add(source, corpus_dir))
    assert error.problem.startswith("has no article body")


def test_web_archive_is_refused(corpus_dir, tmp_path):
    source = write(tmp_path, "page.mhtml", "From: <Saved by Blink>\nMIME-Version: 1.0\n"
                   'Content-Type: multipart/related; boundary="x"\n\n--x\n')
    error = only_refusal(add(source, corpus_dir))
    assert error.problem.startswith("is a web archive (MHTML)")


def test_file_name_with_spaces_and_non_ascii_characters_is_added(corpus_dir, tmp_path):
    source = Path(shutil.copy(PACIFIC_PAGE, tmp_path / "Pacific Ledger – 輸出 (1).html"))
    row = only_added(add(source, corpus_dir))
    assert row.notes.startswith("Added from 'Pacific Ledger – 輸出 (1).html'")
    assert row.file.isascii() and " " not in row.file
    assert validate_corpus(corpus_dir) == []


def test_missing_path_is_refused(corpus_dir, tmp_path):
    error = only_refusal(add(tmp_path / "nowhere.html", corpus_dir))
    assert (error.path, error.problem) == (tmp_path / "nowhere.html", "not found")


def test_file_inside_raw_is_refused(corpus_dir):
    stray = write(corpus_dir / config.RAW_DIR_NAME, "stray.txt", ARTICLE_TEXT)
    error = only_refusal(add(stray, corpus_dir))
    assert error.problem == "is already inside the corpus's raw/ folder"
    assert "move it out of raw/" in error.hint


def test_folder_without_texts_or_pages_is_refused(corpus_dir, tmp_path):
    folder = tmp_path / "images"
    write(folder, "photo.jpg", b"\xff\xd8")
    result = add(folder, corpus_dir)
    assert [e.problem for e in result.refused] == ["is a folder with no .txt or .html file in it"]


def test_good_files_are_added_and_bad_ones_refused_in_the_same_run(corpus_dir, tmp_path):
    good = write(tmp_path, "good.txt", ARTICLE_TEXT)
    bad = write(tmp_path, "bad.txt", b"")
    result = add([bad, good], corpus_dir)
    assert [a.source for a in result.added] == [good]
    assert [e.path for e in result.refused] == [bad]


def test_unknown_perspective_is_refused_listing_the_allowed_values(corpus_dir):
    before = snapshot(corpus_dir)
    with pytest.raises(CorpusError, match="unknown perspective 'tabloid'; allowed: china_state"):
        add(PACIFIC_PAGE, corpus_dir, perspective="tabloid")
    assert snapshot(corpus_dir) == before


def test_publication_date_after_today_is_refused(corpus_dir):
    with pytest.raises(CorpusError, match=r"2026-03-01 is after today \(2026-01-31\)"):
        add(PACIFIC_PAGE, corpus_dir, published=date(2026, 3, 1))


def test_title_for_several_files_is_refused(corpus_dir, tmp_path):
    with pytest.raises(CorpusError, match="describe one article, but 2 files were given"):
        add([PACIFIC_PAGE, write(tmp_path, "a.txt", ARTICLE_TEXT)], corpus_dir, title="T")


def test_url_that_is_not_an_address_is_refused(corpus_dir):
    with pytest.raises(CorpusError, match=r"'www\.example\.org' is not an http"):
        add(PACIFIC_PAGE, corpus_dir, url="www.example.org")


def test_folder_with_files_but_no_manifest_is_refused(tmp_path):
    write(tmp_path / "notes", "todo.txt", "x")
    with pytest.raises(CorpusError, match="manifest not found") as caught:
        add(PACIFIC_PAGE, tmp_path / "notes")
    assert "a new or empty folder to start one" in caught.value.hint


@pytest.mark.parametrize("breakage", ["missing_file", "duplicate_id", "impossible_date"])
def test_corpus_with_fatal_problems_is_not_added_to(make_corpus, breakage):
    rows = {"missing_file": [{"id": "a1"}, {"id": "a2"}],
            "duplicate_id": [{"id": "a1"}, {"id": "a1", "file": "a1b.txt"}],
            "impossible_date": [{"id": "a1", "published": "2026-13-45"}]}[breakage]
    corpus = make_corpus(rows=rows, files={"a1.txt": ARTICLE_TEXT, "a1b.txt": "Other text.\n"})
    before = snapshot(corpus)
    with pytest.raises(CorpusError, match="cannot add to a corpus with fatal problems") as caught:
        add(PACIFIC_PAGE, corpus)
    assert "row 3" in str(caught.value) or "row 2" in str(caught.value)
    assert snapshot(corpus) == before


# --- nothing lost ----------------------------------------------------------------------------


def test_failure_while_writing_the_manifest_leaves_the_corpus_as_it_was(corpus_dir,
                                                                         monkeypatch):
    before = snapshot(corpus_dir)

    def fail(manifest, data):
        raise OSError("disk full")

    monkeypatch.setattr("chokepoints.ingest._write_manifest", fail)
    with pytest.raises(OSError, match="disk full"):
        add(PACIFIC_PAGE, corpus_dir)
    assert snapshot(corpus_dir) == before


def test_ctrl_c_after_a_raw_file_is_in_place_leaves_the_corpus_as_it_was(corpus_dir, tmp_path,
                                                                         monkeypatch):
    before = snapshot(corpus_dir)
    from chokepoints import ingest

    real = ingest._publish
    calls = []

    def interrupt(temporary, final):
        real(temporary, final)
        calls.append(final)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("chokepoints.ingest._publish", interrupt)
    with pytest.raises(KeyboardInterrupt):
        add([PACIFIC_PAGE, write(tmp_path, "a.txt", ARTICLE_TEXT)], corpus_dir)
    assert snapshot(corpus_dir) == before


def test_manifest_edited_while_adding_is_kept_and_nothing_added(corpus_dir, monkeypatch):
    manifest = corpus_dir / config.MANIFEST_NAME
    from chokepoints import ingest

    real = ingest._publish

    def publish_while_someone_edits(temporary, final):
        real(temporary, final)
        manifest.write_bytes(manifest.read_bytes() + b"# edited\n")

    monkeypatch.setattr("chokepoints.ingest._publish", publish_while_someone_edits)
    with pytest.raises(CorpusError, match="changed while this add ran; nothing was added"):
        add(PACIFIC_PAGE, corpus_dir)
    assert manifest.read_bytes().endswith(b"# edited\n")
    assert sorted(p.name for p in (corpus_dir / config.RAW_DIR_NAME).iterdir()) == [
        f"{article_id}.txt" for article_id in SEED_IDS]


def test_a_second_add_at_the_same_time_is_refused(corpus_dir):
    import fcntl

    before = snapshot(corpus_dir)
    handle = os.open(corpus_dir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(CorpusError, match="another `chokepoints add` is changing"):
            add(PACIFIC_PAGE, corpus_dir)
    finally:
        os.close(handle)
    assert snapshot(corpus_dir) == before


def test_refused_add_to_a_new_folder_leaves_no_folder(tmp_path):
    result = add(write(tmp_path, "empty.txt", b""), tmp_path / "new")
    assert len(result.refused) == 1
    assert not (tmp_path / "new").exists()


def _journal(corpus: Path, files: list[tuple[str, bytes]]) -> None:
    (corpus / config.RAW_DIR_NAME / ADD_JOURNAL_NAME).write_text(json.dumps(
        {"files": [{"file": name, "sha256": sha256_hex(data)} for name, data in files]}))


def test_recovery_removes_unlisted_files_of_the_journal_and_temporaries(corpus_dir):
    before = snapshot(corpus_dir)
    raw = corpus_dir / config.RAW_DIR_NAME
    write(raw, "005_aaaa.txt", ARTICLE_TEXT)
    write(raw, ".add-x1y2.tmp", "partial")
    write(corpus_dir, ".manifest.csv.abc.tmp", "id,file\n")
    _journal(corpus_dir, [("005_aaaa.txt", ARTICLE_TEXT.encode())])
    removed = recover_interrupted_add(corpus_dir)
    assert {p.name for p in removed} == {"005_aaaa.txt", ".add-x1y2.tmp",
                                         ".manifest.csv.abc.tmp", ADD_JOURNAL_NAME}
    assert snapshot(corpus_dir) == before


def test_recovery_keeps_the_files_of_an_add_whose_manifest_was_written(corpus_dir):
    row = only_added(add(PACIFIC_PAGE, corpus_dir))
    _journal(corpus_dir, [(row.file, PACIFIC_PAGE.read_bytes())])
    assert [p.name for p in recover_interrupted_add(corpus_dir)] == [ADD_JOURNAL_NAME]
    assert (corpus_dir / config.RAW_DIR_NAME / row.file).is_file()


def test_recovery_never_removes_a_file_whose_bytes_differ_from_the_journal(corpus_dir):
    raw = corpus_dir / config.RAW_DIR_NAME
    write(raw, "005_aaaa.txt", "Someone's own file.\n")
    _journal(corpus_dir, [("005_aaaa.txt", ARTICLE_TEXT.encode())])
    recover_interrupted_add(corpus_dir)
    assert (raw / "005_aaaa.txt").is_file()


def test_check_names_what_an_interrupted_add_left(corpus_dir):
    write(corpus_dir / config.RAW_DIR_NAME, "005_aaaa.txt", ARTICLE_TEXT)
    write(corpus_dir / config.RAW_DIR_NAME, ".add-x1y2.tmp", "partial")
    _journal(corpus_dir, [("005_aaaa.txt", ARTICLE_TEXT.encode())])
    assert [(p.fatal, p.path.name, p.message) for p in validate_corpus(corpus_dir)] == [
        (False, "005_aaaa.txt",
         "left by an interrupted add; the next `chokepoints add` removes it")]


#: Installed in the child process with sitecustomize: where `chokepoints add` is killed.
KILL_HOOK = textwrap.dedent("""
    import os, signal, time
    from pathlib import Path

    point = os.environ["CHOKEPOINTS_TEST_KILL_AT"]
    from chokepoints import files, ingest

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "copying":  # a slow copy, killed from outside halfway through
        def stage(raw_dir, data):
            path = Path(raw_dir) / ".add-slowcopy.tmp"
            with open(path, "wb") as out:
                out.write(data[: len(data) // 2])
                out.flush()
                Path(os.environ["CHOKEPOINTS_TEST_READY"]).touch()
                time.sleep(60)
        ingest._stage = stage
    elif point == "renamed":  # the first raw file in place, the manifest not yet replaced
        real_publish = ingest._publish
        def publish(temporary, final):
            real_publish(temporary, final)
            die()
        ingest._publish = publish
    elif point == "manifest":  # the new manifest written beside the old one, not yet renamed
        def write_manifest(manifest, data):
            with files.atomic_path(manifest) as temporary:
                temporary.write_bytes(data)
                die()
        ingest._write_manifest = write_manifest
""")


@pytest.mark.parametrize("point", ["copying", "renamed", "manifest"])
def test_add_killed_midway_leaves_the_corpus_as_it_was(corpus_dir, tmp_path, point):
    hook_dir = tmp_path / "hook"
    write(hook_dir, "sitecustomize.py", KILL_HOOK)
    ready = tmp_path / "ready"
    extra = write(tmp_path / "in", "b.txt", ARTICLE_TEXT)
    before = snapshot(corpus_dir)
    env = {**os.environ, "PYTHONPATH": str(hook_dir), "CHOKEPOINTS_TEST_KILL_AT": point,
           "CHOKEPOINTS_TEST_READY": str(ready)}
    child = subprocess.Popen(
        [sys.executable, "-m", "chokepoints", "add", str(PACIFIC_PAGE), str(extra),
         "--corpus", str(corpus_dir), "--perspective", "western_media"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if point == "copying":
        deadline = time.monotonic() + 60
        while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), child.communicate()
        child.send_signal(signal.SIGKILL)
    child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL
    after = snapshot(corpus_dir)
    assert after["manifest.csv"] == before["manifest.csv"]
    if point == "copying":  # killed before any raw file got its name: nothing visible changed
        assert visible(after) == before
    assert [p for p in validate_corpus(corpus_dir) if p.fatal] == []
    assert [a.meta.id for a in load_corpus(corpus_dir).articles] == list(SEED_IDS)
    recover_interrupted_add(corpus_dir)  # what the next add does first
    assert snapshot(corpus_dir) == before
    rerun = subprocess.run(
        [sys.executable, "-m", "chokepoints", "add", str(PACIFIC_PAGE), str(extra),
         "--corpus", str(corpus_dir), "--perspective", "western_media"],
        capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert len(read_manifest(corpus_dir)) == len(SEED_IDS) + 2
    assert [str(p) for p in validate_corpus(corpus_dir)] == []


def test_sha256_in_the_manifest_is_the_hash_of_every_added_raw_file(corpus_dir, tmp_path):
    add([PACIFIC_PAGE, write(tmp_path, "a.txt", ARTICLE_TEXT)], corpus_dir)
    for row in manifest_dicts(corpus_dir):
        data = (corpus_dir / config.RAW_DIR_NAME / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]


@pytest.mark.slow
def test_new_user_grows_the_default_corpus_with_a_saved_page_and_rebuilds(corpus_dir, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "chokepoints", *args], capture_output=True,
                              text=True)

    added = run("add", str(PACIFIC_PAGE), "--corpus", str(corpus_dir), "--perspective",
                "western_media")
    assert added.returncode == 0, added.stderr
    reports = tmp_path / "reports"
    built = run("build", "--corpus", str(corpus_dir), "--out", str(reports), "--as-of",
                "2026-01-31")
    assert built.returncode == 0, built.stderr
    tables = {p.resolve() for p in reports.rglob("articles.csv")}
    assert tables
    for table in tables:
        ids = [row["id"] for row in csv.DictReader(table.open(encoding="utf-8"))]
        assert ids == [*SEED_IDS, read_manifest(corpus_dir)[-1].id]
    overview = {p.resolve() for p in reports.rglob("00_overview.html")}
    assert overview
    assert all("The Pacific Ledger" in p.read_text(encoding="utf-8") for p in overview)
