"""Tests for chokepoints.corpus: manifest, raw-file integrity, validation, decoding, loading."""

from __future__ import annotations

import csv
import hashlib
import socket
import time
from datetime import date
from pathlib import Path

import pytest

from chokepoints import config
from chokepoints.analyze import run_analysis
from chokepoints.corpus import (
    MAX_RAW_BYTES,
    check_corpus,
    content_hash,
    declared_charset,
    decode_bytes,
    extract_page,
    is_html_file,
    load_corpus,
    looks_like_html,
    normalize_text,
    read_article_text,
    read_manifest,
    scan_corpus,
    validate_corpus,
)
from chokepoints.errors import CorpusError
from tests.seeds import (
    ARTICLE_TEXT,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    SEED_CORPUS_DIR,
    SEED_IDS,
    SEED_RAW_DIR,
    SHARED_SEEDS_DIR,
    TEST_DATA_DIR,
)


def manifest_rows(corpus_dir: Path = SEED_CORPUS_DIR) -> list[dict[str, str]]:
    with (corpus_dir / config.MANIFEST_NAME).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fatal_messages(corpus_dir: Path, as_of: date | None = None) -> list[str]:
    return [p.message for p in validate_corpus(corpus_dir, as_of) if p.fatal]


def warning_messages(corpus_dir: Path, as_of: date | None = None) -> list[str]:
    return [p.message for p in validate_corpus(corpus_dir, as_of) if not p.fatal]


# --- the seed corpus ------------------------------------------------------------------------


def test_manifest_sha256_equals_recomputed_hash_of_every_raw_file():
    for row in manifest_rows():
        data = (SEED_RAW_DIR / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]


def test_manifest_lists_exactly_the_raw_files():
    listed = {row["file"] for row in manifest_rows()}
    assert listed == {path.name for path in SEED_RAW_DIR.iterdir() if path.is_file()}


def test_manifest_ids_are_the_five_seeds_in_order():
    assert tuple(row["id"] for row in manifest_rows()) == SEED_IDS


@pytest.mark.skipif(not SHARED_SEEDS_DIR.is_dir(), reason="../shared/seeds is not present")
@pytest.mark.parametrize("article_id", SEED_IDS)
def test_raw_file_is_byte_identical_to_shared_seed(article_id):
    name = f"{article_id}.txt"
    assert (SEED_RAW_DIR / name).read_bytes() == (SHARED_SEEDS_DIR / name).read_bytes()


def test_default_corpus_has_no_problem():
    assert [str(p) for p in validate_corpus(SEED_CORPUS_DIR)] == []


def test_read_manifest_parses_dates_and_leaves_unknown_ones_empty():
    rows = {row.id: row for row in read_manifest(SEED_CORPUS_DIR)}
    assert rows[SEED_001].published == date(2026, 1, 6)
    assert rows[SEED_002].published == date(2026, 1, 12)
    assert rows[SEED_003].published == date(2026, 1, 7)
    assert rows[SEED_000].published is None
    assert rows[SEED_004].published is None


def test_load_corpus_reads_every_seed_as_utf8_in_manifest_order(seed_corpus):
    assert [a.meta.id for a in seed_corpus.articles] == list(SEED_IDS)
    assert {a.encoding for a in seed_corpus.articles} == {"utf-8"}
    assert seed_corpus.excluded == []


def test_load_corpus_normalises_non_breaking_hyphens_of_seed_003(seed_articles):
    raw = (SEED_RAW_DIR / f"{SEED_003}.txt").read_text(encoding="utf-8")
    assert "dual\u2011use" in raw
    assert "\u2011" not in seed_articles[SEED_003].text
    assert "dual-use items" in seed_articles[SEED_003].text


def test_raw_files_are_not_modified_by_load_corpus_or_run_analysis():
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in SEED_RAW_DIR.iterdir()}
    load_corpus(SEED_CORPUS_DIR)
    run_analysis(SEED_CORPUS_DIR)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in SEED_RAW_DIR.iterdir()}
    assert after == before


# --- validate_corpus on crafted corpora -----------------------------------------------------


def test_crafted_valid_corpus_has_no_problem(make_corpus):
    assert validate_corpus(make_corpus()) == []


def test_missing_manifest_is_fatal(make_corpus):
    corpus_dir = make_corpus()
    (corpus_dir / config.MANIFEST_NAME).unlink()
    problems = validate_corpus(corpus_dir)
    assert [(p.fatal, p.message) for p in problems] == [
        (True, "manifest not found (a corpus folder needs manifest.csv and raw/)")]
    assert problems[0].path == corpus_dir / config.MANIFEST_NAME


def test_missing_required_column_is_fatal_and_named(make_corpus):
    corpus_dir = make_corpus(columns=("id", "file", "sha256"))
    assert fatal_messages(corpus_dir) == ["missing required column(s): perspective"]


def test_unknown_manifest_column_is_a_warning(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "author": "X"}],
                             columns=("id", "file", "perspective", "sha256", "author"))
    assert fatal_messages(corpus_dir) == []
    assert warning_messages(corpus_dir) == ["unknown column(s) ignored: author"]


def test_duplicate_id_is_fatal_and_names_both_rows(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}, {"id": "a1", "file": "a2.txt"}],
                             files={"a1.txt": ARTICLE_TEXT, "a2.txt": ARTICLE_TEXT})
    problems = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert [(p.row, p.message) for p in problems] == [(3, "duplicate id 'a1' (first on row 2)")]


def test_empty_id_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "", "file": "a1.txt"}], files={"a1.txt": ARTICLE_TEXT})
    assert fatal_messages(corpus_dir) == ["empty id"]


def test_impossible_date_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "2026-13-45"}])
    assert fatal_messages(corpus_dir) == [
        "published '2026-13-45' is not an ISO date (YYYY-MM-DD)"]


def test_non_iso_date_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "07/01/2026"}])
    assert len(fatal_messages(corpus_dir)) == 1


def test_date_after_as_of_is_a_warning_not_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "2026-01-12"}])
    assert fatal_messages(corpus_dir, as_of=date(2026, 1, 7)) == []
    assert warning_messages(corpus_dir, as_of=date(2026, 1, 7)) == [
        "published 2026-01-12 is after the as-of date 2026-01-07; the article is left out"]


def test_unknown_perspective_is_fatal_and_lists_allowed_values(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "perspective": "tabloid"}])
    [message] = fatal_messages(corpus_dir)
    assert message.startswith("unknown perspective 'tabloid'; allowed: china_state, japan,")
    assert "perspectives.csv" in message


def test_empty_perspective_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "perspective": ""}])
    [message] = fatal_messages(corpus_dir)
    assert message.startswith("unknown perspective ''")


def test_listed_file_missing_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}, {"id": "a2"}], files={"a1.txt": ARTICLE_TEXT})
    problems = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert [(p.row, p.message) for p in problems] == [
        (3, f"file 'a2.txt' not found in {corpus_dir / config.RAW_DIR_NAME}")]


def test_file_path_outside_the_raw_folder_is_fatal_even_when_it_exists(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "file": "../x.txt"}], files={})
    (corpus_dir / "x.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert fatal_messages(corpus_dir) == [
        f"file '../x.txt' is not inside {corpus_dir / config.RAW_DIR_NAME}"]


def test_absolute_file_path_is_fatal(make_corpus, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(ARTICLE_TEXT, encoding="utf-8")
    corpus_dir = make_corpus(rows=[{"id": "a1", "file": str(outside)}], files={})
    [message] = fatal_messages(corpus_dir)
    assert "is not inside" in message


def test_empty_file_name_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "file": ""}], files={})
    [message] = fatal_messages(corpus_dir)
    assert message.startswith("file '' is not inside")


def test_orphan_raw_file_is_a_warning_not_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}],
                             files={"a1.txt": ARTICLE_TEXT, "stray.txt": ARTICLE_TEXT})
    problems = validate_corpus(corpus_dir)
    assert [(p.fatal, p.path.name, p.message) for p in problems] == [
        (False, "stray.txt", "raw file not listed in the manifest")]


def test_hidden_raw_file_is_not_an_orphan(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}],
                             files={"a1.txt": ARTICLE_TEXT, ".DS_Store": b"junk"})
    assert validate_corpus(corpus_dir) == []


def test_sha256_mismatch_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "sha256": "0" * 64}])
    problems = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert len(problems) == 1
    assert problems[0].path == corpus_dir / config.RAW_DIR_NAME / "a1.txt"
    assert problems[0].message.startswith("content does not match the manifest's sha256")


def test_raw_file_edited_after_recording_is_caught(make_corpus):
    corpus_dir = make_corpus()
    (corpus_dir / config.RAW_DIR_NAME / "a1.txt").write_text(ARTICLE_TEXT + "Edited.\n",
                                                             encoding="utf-8")
    assert fatal_messages(corpus_dir)[0].startswith("content does not match")


def test_missing_sha256_is_a_warning(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "sha256": ""}])
    assert fatal_messages(corpus_dir) == []
    assert warning_messages(corpus_dir) == ["no sha256 recorded for 'a1.txt'"]


def test_missing_raw_folder_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}], files={})
    (corpus_dir / config.RAW_DIR_NAME).rmdir()
    assert "raw folder not found" in fatal_messages(corpus_dir)


def test_check_corpus_raises_listing_every_fatal_problem(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "perspective": "tabloid"},
                                   {"id": "a1", "file": "a2.txt"}],
                             files={"a1.txt": ARTICLE_TEXT})
    with pytest.raises(CorpusError) as caught:
        check_corpus(corpus_dir)
    message = str(caught.value)
    assert "unknown perspective 'tabloid'" in message
    assert "duplicate id 'a1'" in message
    assert "file 'a2.txt' not found" in message


def test_check_corpus_returns_the_warnings(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}],
                             files={"a1.txt": ARTICLE_TEXT, "stray.txt": ARTICLE_TEXT})
    assert [p.message for p in check_corpus(corpus_dir)] == ["raw file not listed in the manifest"]


def test_load_corpus_refuses_a_corpus_with_a_fatal_problem(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "2026-13-45"}])
    with pytest.raises(CorpusError, match="2026-13-45"):
        load_corpus(corpus_dir)


# --- decoding and normalisation -------------------------------------------------------------

PATH = Path("raw/article.txt")


def test_decode_bytes_strips_utf8_bom():
    assert decode_bytes(b"\xef\xbb\xbfJapan protested.\n", PATH) == ("Japan protested.\n", "utf-8")


def test_decode_bytes_reads_utf8_curly_quotes():
    text = "\u201cChina\u2019s ban,\u201d he said \u2014 unacceptable."
    assert decode_bytes(text.encode("utf-8"), PATH) == (text, "utf-8")


def test_cp1252_smart_quotes_are_decoded_exactly_or_refused_naming_the_file():
    text = "\u201cChina\u2019s ban is unacceptable,\u201d the minister said \u2014 again.\n"
    try:
        decoded, _ = decode_bytes(text.encode("cp1252"), PATH)
    except CorpusError as error:
        assert error.path == PATH
        assert "not UTF-8" in str(error)
    else:
        assert decoded == text


def test_cp1252_seed_with_accents_is_never_misread(seed_articles):
    # Seed 002 has "Déjà Vu", "™", en and em dashes: code pages that agree on the quotes
    # disagree on these, and a wrong guess would put "Déjŕ Vu" into the evidence.
    text = seed_articles[SEED_002].text
    try:
        decoded, _ = decode_bytes(text.encode("cp1252"), PATH)
    except CorpusError as error:
        assert "re-save the file as UTF-8" in str(error)
    else:
        assert decoded == text


def test_short_latin1_text_with_accents_is_refused_not_guessed():
    data = "Un d\u00e9j\u00e0 vu tr\u00e8s na\u00eff \u00e0 P\u00e9kin.".encode("latin-1")
    with pytest.raises(CorpusError, match="is not UTF-8"):
        decode_bytes(data, PATH)


def test_unambiguous_gb18030_chinese_text_is_decoded():
    # A crafted Chinese notice (UTF-8 in tests/data), saved the way a Chinese site serves it.
    text = (TEST_DATA_DIR / "mofcom_notice_zh.txt").read_text(encoding="utf-8")
    assert decode_bytes(text.encode("gb18030"), PATH) == (text, "gb18030")


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(CorpusError, match="looks binary") as caught:
        decode_bytes(b"Japan\x00protested.", PATH)
    assert caught.value.path == PATH


def test_pdf_is_refused_as_binary():
    with pytest.raises(CorpusError, match="looks binary"):
        decode_bytes(b"%PDF-1.7\n...", PATH)


def test_undecodable_bytes_are_refused():
    with pytest.raises(CorpusError, match="is not UTF-8"):
        decode_bytes(bytes(range(128, 256)), PATH)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n\n",
                                  "\u200b\u200b\n".encode(), "\u00a0\n".encode()],
                         ids=["empty", "white_space", "bom_only", "zero_width_spaces", "nbsp"])
def test_empty_or_blank_file_is_refused_naming_the_file(tmp_path, data):
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError, match="is empty or holds only white space") as caught:
        read_article_text(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)


def test_read_article_text_of_missing_file_names_it(tmp_path):
    path = tmp_path / "gone.txt"
    with pytest.raises(CorpusError, match="file not found") as caught:
        read_article_text(path)
    assert caught.value.path == path


def test_crlf_line_ends_are_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title\r\n\r\nJapan protested.\r\nChina replied.\r\n")
    assert read_article_text(path) == ("Title\n\nJapan protested.\nChina replied.\n", "utf-8")


def test_lone_cr_line_ends_are_normalised(tmp_path):
    path = tmp_path / "cr.txt"
    path.write_bytes(b"Japan protested.\rChina replied.\r")
    assert read_article_text(path) == ("Japan protested.\nChina replied.\n", "utf-8")


def test_read_article_text_does_not_modify_the_file(tmp_path):
    path = tmp_path / "crlf.txt"
    data = b"\xef\xbb\xbfJapan\xc2\xa0protested.\r\n"
    path.write_bytes(data)
    read_article_text(path)
    assert path.read_bytes() == data


def test_normalize_text_replaces_invisible_and_look_alike_characters():
    assert normalize_text("dual\u2011use\u00a0items\u200b, non\u2010proliferation") == (
        "dual-use items, non-proliferation")


def test_normalize_text_keeps_curly_quotes_and_dashes():
    text = "\u201cJapan\u2019s\u201d \u2014 China\u2013Japan"
    assert normalize_text(text) == text


def test_normalize_text_composes_to_nfc():
    assert normalize_text("De\u0301ja\u0300 vu") == "D\u00e9j\u00e0 vu"


# --- loading with an as-of date -------------------------------------------------------------


def test_load_corpus_as_of_leaves_out_later_articles_and_keeps_undated_ones():
    corpus = load_corpus(SEED_CORPUS_DIR, as_of=date(2026, 1, 6))
    assert [a.meta.id for a in corpus.articles] == [SEED_000, SEED_001, SEED_004]
    assert [row.id for row in corpus.excluded] == [SEED_002, SEED_003]


def test_load_corpus_as_of_keeps_an_article_published_that_day(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "2026-01-07"},
                                   {"id": "a2", "published": "2026-01-08"},
                                   {"id": "a3"}])
    corpus = load_corpus(corpus_dir, as_of=date(2026, 1, 7))
    assert [a.meta.id for a in corpus.articles] == ["a1", "a3"]
    assert [row.id for row in corpus.excluded] == ["a2"]


def test_load_corpus_decodes_a_bom_and_crlf_article(make_corpus):
    data = b"\xef\xbb\xbfJapan protested.\r\nChina replied.\r\n"
    corpus_dir = make_corpus(files={"a1.txt": data})
    [article] = load_corpus(corpus_dir).articles
    assert article.text == "Japan protested.\nChina replied.\n"


def test_load_corpus_refuses_an_empty_article_naming_it(make_corpus):
    corpus_dir = make_corpus(files={"a1.txt": b"  \n"})
    with pytest.raises(CorpusError, match=r"a1\.txt, row 2: is empty"):
        load_corpus(corpus_dir)


def test_content_hash_is_recorded_on_the_loaded_corpus(seed_corpus):
    assert seed_corpus.content_hash == content_hash(SEED_CORPUS_DIR)
    assert len(seed_corpus.content_hash) == 64


def test_content_hash_changes_when_a_raw_file_changes(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "sha256": ""}])
    before = content_hash(corpus_dir)
    (corpus_dir / config.RAW_DIR_NAME / "a1.txt").write_text(ARTICLE_TEXT + "More.\n",
                                                             encoding="utf-8")
    assert content_hash(corpus_dir) != before


# --- validation reads every listed file -------------------------------------------------------


def test_check_reports_an_empty_raw_file_with_its_row(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}, {"id": "a2"}],
                             files={"a1.txt": ARTICLE_TEXT, "a2.txt": b"\n \n"})
    [problem] = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert (problem.path.name, problem.row, problem.message) == (
        "a2.txt", 3, "is empty or holds only white space")


def test_check_reports_a_binary_raw_file_with_its_row(make_corpus):
    corpus_dir = make_corpus(files={"a1.txt": b"%PDF-1.4\n"})
    [problem] = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert problem.row == 2
    assert problem.message.startswith("looks binary (NUL bytes or a PDF)")


def test_check_reports_an_undecodable_raw_file_listing_the_candidates(make_corpus):
    text = "\u201cChina\u2019s ban is unacceptable,\u201d the minister said \u2014 again.\n"
    corpus_dir = make_corpus(files={"a1.txt": text.encode("cp1252")})
    [message] = fatal_messages(corpus_dir)
    assert message.startswith("is not UTF-8 and reads differently as cp1250, ")
    assert message.endswith("(re-save the file as UTF-8)")


def test_raw_file_over_the_size_limit_is_fatal_and_checked_quickly(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "sha256": ""}], files={})
    megabyte = (ARTICLE_TEXT.encode("utf-8") * 10_000)[:1_000_000]
    with (corpus_dir / config.RAW_DIR_NAME / "a1.txt").open("wb") as out:
        for _ in range(50):
            out.write(megabyte)
    started = time.perf_counter()
    messages = fatal_messages(corpus_dir)
    assert time.perf_counter() - started < 5
    assert messages == [f"is 50.0 MB, more than the {MAX_RAW_BYTES // 1_000_000} MB allowed "
                        "for one article (split it, or save only the article)"]


def test_iso_date_must_be_written_in_full(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "20260107"}])
    assert fatal_messages(corpus_dir) == ["published '20260107' is not an ISO date (YYYY-MM-DD)"]


def test_manifest_that_is_not_utf8_is_fatal_not_a_traceback(make_corpus):
    corpus_dir = make_corpus()
    manifest = corpus_dir / config.MANIFEST_NAME
    manifest.write_bytes(manifest.read_bytes() + "a2,a2.txt,Caf\u00e9\n".encode("cp1252"))
    assert fatal_messages(corpus_dir) == ["is not UTF-8 text (re-save it as a UTF-8 CSV)"]


def test_manifest_not_utf8_far_down_is_fatal_too(make_corpus):
    """The manifest is read as it is checked: a bad byte past the first block read still
    gives the problem, not a traceback, and no article is analysed."""
    corpus_dir = make_corpus(rows=[{"id": f"a{n:03d}", "title": "A title " * 10}
                                   for n in range(300)])
    manifest = corpus_dir / config.MANIFEST_NAME
    assert manifest.stat().st_size > 32_000
    manifest.write_bytes(manifest.read_bytes() + "a999,a999.txt,Caf\u00e9\n".encode("cp1252"))
    assert fatal_messages(corpus_dir) == ["is not UTF-8 text (re-save it as a UTF-8 CSV)"]
    with pytest.raises(CorpusError, match="is not UTF-8 text"):
        scan_corpus(corpus_dir)


def test_a_scan_counts_the_articles_and_reads_their_rows_chunk_by_chunk():
    scan = scan_corpus(SEED_CORPUS_DIR)
    rows = read_manifest(SEED_CORPUS_DIR)
    assert (scan.n_articles, scan.ids) == (5, list(SEED_IDS))
    assert scan.latest == max(row.published for row in rows if row.published)
    assert [tuple(row.id for row in chunk) for chunk in scan.chunks(2)] == [
        SEED_IDS[:2], SEED_IDS[2:4], SEED_IDS[4:]]
    assert [chunk for chunk in scan.chunks(5)] == [rows]
    first = min(row.published for row in rows if row.published)
    kept = [row for row in rows if row.published is None or row.published <= first]
    back_dated = scan_corpus(SEED_CORPUS_DIR, as_of=first)
    assert back_dated.ids == list(SEED_IDS)  # the overrides may name any article listed
    assert back_dated.n_articles == len(kept) < 5
    assert [row for chunk in back_dated.chunks(1) for row in chunk] == kept
    assert back_dated.latest == max(row.published for row in kept if row.published)
    undated = [row for row in rows if row.published is None]  # kept whatever the date
    assert list(scan_corpus(SEED_CORPUS_DIR, as_of=date(2000, 1, 1)).chunks(3)) == [undated]


def test_a_scan_of_no_article_gives_one_empty_chunk(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1", "published": "2026-01-07"}])
    scan = scan_corpus(corpus_dir, as_of=date(2026, 1, 6))
    assert (scan.n_articles, scan.ids, scan.latest) == (0, ["a1"], None)
    assert list(scan.chunks(10)) == [[]]


def test_manifest_row_with_more_values_than_columns_is_fatal(make_corpus):
    corpus_dir = make_corpus(columns=("id", "file", "perspective", "sha256"))
    manifest = corpus_dir / config.MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8").rstrip("\n") + ",Tokyo, Japan\n",
                        encoding="utf-8")
    assert fatal_messages(corpus_dir) == [
        "has 6 values for 4 columns (a comma in an unquoted value?)"]


def test_column_named_twice_is_fatal(make_corpus):
    corpus_dir = make_corpus(columns=("id", "file", "perspective", "sha256", "id"))
    assert "column(s) named twice: id" in fatal_messages(corpus_dir)


def test_file_listed_on_two_rows_is_fatal(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}, {"id": "a2", "file": "a1.txt"}])
    problems = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert [(p.row, p.message) for p in problems] == [
        (3, "file 'a1.txt' is already listed on row 2")]


def test_same_content_on_two_rows_is_a_warning(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "a1"}, {"id": "a2"}])
    assert warning_messages(corpus_dir) == ["same sha256 as row 2: the same article twice?"]


def test_symlink_in_raw_pointing_outside_the_corpus_is_fatal(make_corpus, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(ARTICLE_TEXT, encoding="utf-8")
    corpus_dir = make_corpus(rows=[{"id": "a1", "sha256": ""}], files={})
    (corpus_dir / config.RAW_DIR_NAME / "a1.txt").symlink_to(outside)
    [message] = fatal_messages(corpus_dir)
    assert message.startswith("file 'a1.txt' is not inside")


def test_file_names_with_spaces_and_non_ascii_characters_are_fine(make_corpus):
    name = "Nikkei 記事 – 1.txt"
    corpus_dir = make_corpus(rows=[{"id": "a1", "file": name}], files={name: ARTICLE_TEXT})
    assert validate_corpus(corpus_dir) == []
    assert load_corpus(corpus_dir).articles[0].text == ARTICLE_TEXT


def test_add_temporaries_in_raw_are_not_orphans(make_corpus):
    corpus_dir = make_corpus(files={"a1.txt": ARTICLE_TEXT, ".add-k2j4.tmp": b"partial",
                                    ".add-journal.json.x.tmp": b"{"})
    assert validate_corpus(corpus_dir) == []


# --- saved web pages as raw files -----------------------------------------------------------

PAGE_PATH = TEST_DATA_DIR / "pages" / "pacific_ledger_wto.html"


def test_html_raw_file_is_read_as_its_main_text(make_corpus):
    data = PAGE_PATH.read_bytes()
    corpus_dir = make_corpus(rows=[{"id": "p1", "file": "p1.html"}], files={"p1.html": data})
    [article] = load_corpus(corpus_dir).articles
    assert article.text.startswith("Japan to Seek WTO Consultations Over China’s Dual-Use "
                                   "Export Ban\n")
    assert "<p>" not in article.text and "Sign in" not in article.text
    assert (corpus_dir / config.RAW_DIR_NAME / "p1.html").read_bytes() == data


def test_html_in_a_txt_raw_file_is_read_as_a_page(make_corpus):
    corpus_dir = make_corpus(files={"a1.txt": PAGE_PATH.read_bytes()})
    [article] = load_corpus(corpus_dir).articles
    assert "<html" not in article.text
    assert "Japan will ask China for consultations" in article.text


def test_html_raw_file_without_article_text_is_fatal_with_its_row(make_corpus):
    corpus_dir = make_corpus(rows=[{"id": "p1", "file": "p1.html"}],
                             files={"p1.html": "<html><body></body></html>"})
    [problem] = [p for p in validate_corpus(corpus_dir) if p.fatal]
    assert problem.row == 2
    assert problem.message.startswith("is an HTML page with no article text")


def test_extract_page_reads_metadata_without_touching_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = extract_page(PAGE_PATH.read_text(encoding="utf-8"), PAGE_PATH)
    assert (page.title, page.published, page.outlet, page.author) == (
        "Japan to Seek WTO Consultations Over China’s Dual-Use Export Ban", "2026-01-08",
        "The Pacific Ledger", "Hana Sato")
    assert page.url.endswith("/business/2026/01/08/japan-wto-china-dual-use-ban")


@pytest.mark.parametrize(("data", "expected"), [
    (b'<meta charset="windows-1252">', "cp1252"),
    (b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>", "cp932"),
    (b'<META CHARSET="ISO-8859-1">', "cp1252"),
    (b'<meta charset="no-such-thing">', None),
    (b"<p>no declaration</p>", None)])
def test_declared_charset_reads_labels_as_browsers_do(data, expected):
    assert declared_charset(b"<html><head>" + data) == expected


def test_declared_encoding_decodes_a_page_that_is_not_utf8():
    data = "<p>\u201cNo,\u201d he said.</p>".encode("cp1252")
    assert decode_bytes(data, PATH, declared="cp1252") == ("<p>\u201cNo,\u201d he said.</p>",
                                                           "cp1252")


def test_utf16_with_bom_is_decoded():
    assert decode_bytes("Japan protested.\n".encode("utf-16"), PATH) == (
        "Japan protested.\n", "utf-16")


def test_shift_jis_japanese_text_is_decoded_when_certain():
    text = ("日本政府は中国による軍民両用品の輸出禁止について、世界貿易機関での協議を求める"
            "方針を明らかにした。\n")
    assert decode_bytes(text.encode("shift_jis"), PATH) == (text, "cp932")


def test_web_archive_is_refused_naming_what_to_save_instead():
    with pytest.raises(CorpusError, match="web archive") as caught:
        decode_bytes(b"MIME-Version: 1.0\nContent-Type: multipart/related\n", PATH)
    assert "HTML only" in caught.value.hint


@pytest.mark.parametrize(("data", "is_html"), [
    (b"<!DOCTYPE html><html>", True), (b"\xef\xbb\xbf  <!-- saved -->\n<html lang='en'>", True),
    (b"<meta charset='utf-8'><title>x</title>", True),
    (b"Japan protested. The <html> tag is not news.", False), (b"", False)])
def test_looks_like_html_only_at_the_start(data, is_html):
    assert looks_like_html(data) is is_html


@pytest.mark.parametrize(("name", "data", "is_html"), [
    ("page.html", b"<p>A fragment of a page.</p>", True),
    ("page.HTM", b"<!doctype html><p>x</p>", True),
    ("page.txt", b"<!DOCTYPE html><html><body>", True),
    ("notes.html", b"Plain text saved under the wrong suffix.", False),
    ("notes.txt", b"Plain text.", False)])
def test_is_html_file_goes_by_content_first(name, data, is_html):
    assert is_html_file(Path(name), data) is is_html
