"""Tests for chokepoints.tablecsv: its CSV text equals pandas' ``to_csv`` byte for byte, on
crafted columns of every dtype the tables use and on real tables (the seed corpus, a corpus
recombined as bench/scale.py builds them, TimeBank's text). Should a pandas (or Python) upgrade
change what ``to_csv`` writes, these fail."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bench.scale import generate_corpus

from chokepoints import config, tablecsv
from chokepoints.analyze import TABLE_NAMES, analyze_articles, finish_tables, latest_published
from chokepoints.clean import load_overrides
from chokepoints.corpus import load_corpus
from tests.corpora import CRAFTED, timebank

#: Text cells that the CSV writer has to quote, or must not: separators, quotes, line ends,
#: spaces, the words pandas reads as missing, non-ASCII, control characters.
TEXTS = (
    "", "plain", "a,b", ",", ",,", 'say "no"', '"', '""', '"quoted"', 'a "b", c', "line\nbreak",
    "\n", "\n\n", "cr\ronly", "\r", "crlf\r\n", "trailing newline\n", " leading", "trailing ",
    " ", "\t", "tab\tin", "NA", "N/A", "nan", "NaN", "None", "null", "#N/A", "-nan", "True",
    "1.5", "0", "-0.0", "1e16", "2026-01-07", "é ü ß 日本語 “curly” ‘single’ — – …", "emoji 🎉🇯🇵",
    "\u2028 line separator \u2029", "\x85 next line", "\x0b\x0c vertical", "\0 nul", "\x1b esc",
    "\ufeff bom", "ſ İ ı K", "a" * 5000, "x,\"y\"\n" * 50, "semi;colon", "pipe|bar", "back\\slash",
    "'single'", "=1+2", "@sum", *CRAFTED,
)

FLOATS = (
    np.nan, 0.0, -0.0, 1.0, -1.0, 0.5, 1 / 3, 2 / 3, 0.1 + 0.2, 1e-4, np.nextafter(1e-4, 0),
    1e-5, 1e16, np.nextafter(1e16, 0), np.nextafter(1e16, 1e17), 1e15, 123456789012345.6,
    9007199254740993.0, 1e22, 1e23, -1e-300, 5e-324, 1e-320, 2.2250738585072014e-308,
    1.7976931348623157e308, np.inf, -np.inf, 0.30000000000000004, 100.0, 1e100, -2.5e-7,
)


def pandas_bytes(frame: pd.DataFrame, path: Path, append: bool = False) -> bytes:
    """What the tables were written with before `chokepoints.tablecsv`."""
    frame.to_csv(path, mode="a" if append else "w", header=not append, index=False,
                 date_format="%Y-%m-%d", lineterminator="\n")
    return path.read_bytes()


def our_bytes(frame: pd.DataFrame, path: Path, append: bool = False) -> bytes:
    tablecsv.write_csv(frame, path, append)
    return path.read_bytes()


def assert_same_csv(frame: pd.DataFrame, tmp_path: Path, name: str = "table") -> None:
    expected = pandas_bytes(frame, tmp_path / f"{name}.pandas.csv")
    assert our_bytes(frame, tmp_path / f"{name}.ours.csv") == expected, name


def random_floats(n: int, seed: int = 8) -> np.ndarray:
    """Floats of every magnitude (random bit patterns, NaNs left as they come) and decimals."""
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2**64, size=n, dtype=np.uint64).view(np.float64)
    decimals = rng.integers(-10**6, 10**6, size=n) / rng.choice([1, 3, 7, 10, 1e3, 1e6], size=n)
    return np.concatenate([bits, decimals, np.array(FLOATS)])


# --- crafted columns ----------------------------------------------------------------------------


def test_text_with_separators_quotes_line_ends_and_non_ascii(tmp_path):
    texts = [*TEXTS, pd.NA]
    frame = pd.DataFrame({"text": pd.array(texts, dtype="string"),
                          "other": pd.array(texts[::-1], dtype="string")})
    assert_same_csv(frame, tmp_path)


def test_every_character_alone_in_a_cell(tmp_path):
    """The quoting rule, character by character: the Basic Multilingual Plane and a sample of
    the astral planes (surrogates cannot be written as UTF-8)."""
    codes = [c for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF] + list(
        range(0x10000, 0x110000, 997))
    chars = [chr(code) for code in codes]
    frame = pd.DataFrame({"char": pd.array(chars, dtype="string"),
                          "in_text": pd.array([f"a{c}b" for c in chars], dtype="string")})
    assert_same_csv(frame, tmp_path)


def test_empty_text_and_missing_text_are_both_an_empty_cell(tmp_path):
    frame = pd.DataFrame({"a": pd.array(["", pd.NA, "x"], dtype="string"),
                          "b": pd.array([pd.NA, "", ""], dtype="string")})
    assert_same_csv(frame, tmp_path)
    assert (tmp_path / "table.ours.csv").read_text(encoding="utf-8") == "a,b\n,\n,\nx,\n"


def test_floats_as_pandas_writes_them(tmp_path):
    values = random_floats(100_000)
    assert np.isnan(values).any() and np.signbit(values[values == 0]).any()
    assert_same_csv(pd.DataFrame({"x": values, "y": values[::-1]}), tmp_path)


def test_integers_with_missing_values(tmp_path):
    ints = [0, 1, -1, 7, 2026, 2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1, -(2**63), pd.NA]
    frame = pd.DataFrame({"n": pd.array(ints, dtype="Int64"),
                          "m": pd.array(ints[::-1], dtype="Int64"),
                          "none": pd.array([pd.NA] * len(ints), dtype="Int64")})
    assert_same_csv(frame, tmp_path)


def test_booleans_with_missing_values(tmp_path):
    flags = [True, False, pd.NA, True]
    frame = pd.DataFrame({"flag": pd.array(flags, dtype="boolean"),
                          "all_missing": pd.array([pd.NA] * 4, dtype="boolean"),
                          "plain": pd.array([False] * 4, dtype="boolean")})
    assert_same_csv(frame, tmp_path)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_dates_as_iso_days(tmp_path, unit):
    days = ["2026-01-07", None, "1970-01-01", "2000-02-29", "1999-12-31", "2262-04-11",
            "1678-01-01"]
    if unit != "ns":  # beyond the nanosecond range
        days += ["0001-01-01", "0999-12-31", "9999-12-31"]
    stamps = pd.to_datetime(pd.Series(days, dtype=object), format="%Y-%m-%d")
    frame = pd.DataFrame({"day": stamps.astype(f"datetime64[{unit}]"),
                          "with_time": (stamps + pd.Timedelta("13:45:07")).astype(
                              f"datetime64[{unit}]"),
                          "missing": pd.Series([pd.NaT] * len(days), dtype=f"datetime64[{unit}]")})
    assert_same_csv(frame, tmp_path)


def test_every_dtype_together_in_a_filtered_frame(tmp_path):
    """A frame whose index is not 0..n-1 (written in its row order, without the index), with
    column names the writer has to quote."""
    n = len(TEXTS)
    floats = random_floats(n)[:n]
    frame = pd.DataFrame({
        "text": pd.array(list(TEXTS), dtype="string"),
        "a,b": pd.array(list(range(n)), dtype="Int64"),
        'say "x"': floats,
        "flag": pd.array([i % 3 == 0 if i % 5 else pd.NA for i in range(n)], dtype="boolean"),
        "day": pd.Series(pd.date_range("2025-12-30", periods=n, freq="D")).astype(
            "datetime64[s]").where(np.arange(n) % 4 != 0),
        "line\nname": pd.array([None if i % 2 else "é" for i in range(n)], dtype="string"),
    }, index=pd.Index(np.arange(n)[::-1] * 7))
    assert_same_csv(frame.iloc[::2], tmp_path)


@pytest.mark.parametrize("cells", [["", "a", ""], [pd.NA, pd.NA], ["x"]])
def test_a_single_column_writes_an_empty_cell_as_two_quotes(tmp_path, cells):
    assert_same_csv(pd.DataFrame({"only": pd.array(cells, dtype="string")}), tmp_path)
    assert_same_csv(pd.DataFrame({"": pd.array(cells, dtype="string")}), tmp_path, "unnamed")
    assert_same_csv(pd.DataFrame({"n": pd.array([None, 1], dtype="Int64")}), tmp_path, "int")


def test_an_empty_frame_writes_its_header_and_appends_nothing(tmp_path):
    frame = pd.DataFrame({"a": pd.array([], dtype="string"), "b": np.array([], dtype=float)})
    assert_same_csv(frame, tmp_path)
    (tmp_path / "ours.csv").write_bytes(b"a,b\n")
    (tmp_path / "pandas.csv").write_bytes(b"a,b\n")
    assert (our_bytes(frame, tmp_path / "ours.csv", append=True)
            == pandas_bytes(frame, tmp_path / "pandas.csv", append=True) == b"a,b\n")
    assert not our_bytes(frame, tmp_path / "new.csv", append=True)  # created, empty


def test_appending_rows_without_the_header(tmp_path):
    first = pd.DataFrame({"text": pd.array(["a,b", "c"], dtype="string"), "x": [1.5, np.nan]})
    second = pd.DataFrame({"text": pd.array(["d\ne", pd.NA], dtype="string"), "x": [-0.0, 2.0]})
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    our_bytes(first, ours)
    pandas_bytes(first, theirs)
    assert our_bytes(second, ours, append=True) == pandas_bytes(second, theirs, append=True)


def test_large_frames_are_written_block_by_block(tmp_path, monkeypatch):
    monkeypatch.setattr(tablecsv, "ROWS_PER_BLOCK", 7)
    n = 100
    frame = pd.DataFrame({"text": pd.array([TEXTS[i % len(TEXTS)] for i in range(n)],
                                           dtype="string"),
                          "x": random_floats(n)[:n],
                          "n": pd.array([i if i % 9 else None for i in range(n)], dtype="Int64")})
    assert_same_csv(frame, tmp_path)


@pytest.mark.parametrize("column", [
    pd.Series(["a", None, 3, 1.5], dtype=object),
    pd.Series(["a", "b,c", "a", None], dtype="category"),
    pd.Series([1.5, None, 0.1, 2], dtype="Float64"),
    pd.Series([1.5, np.nan, 0.1, 2], dtype="float32"),
    pd.Series([1, 2, -3, 4], dtype="int64"),
    pd.Series([True, False, True, True], dtype="bool"),
    pd.Series(pd.to_datetime(["2026-01-07", None, "2026-01-08", "2026-01-09"]), dtype=object),
    pd.Series(pd.to_datetime(["2026-01-07", None, "2026-01-08", "2026-01-09"])).dt.tz_localize(
        "Asia/Tokyo"),
    pd.Series(["a", None, "b,c", ""], dtype="str"),
])
def test_other_dtypes_are_left_to_pandas(tmp_path, column):
    frame = pd.DataFrame({"other": column, "text": pd.array(["x", "y,", "", None],
                                                             dtype="string")})
    assert_same_csv(frame, tmp_path)


def test_text_that_cannot_be_utf8_is_refused_like_pandas(tmp_path):
    frame = pd.DataFrame({"text": pd.array(["ok", "lone \udc80 surrogate"], dtype="string"),
                          "n": pd.array([1, 2], dtype="Int64")})
    with pytest.raises(UnicodeEncodeError):
        pandas_bytes(frame, tmp_path / "pandas.csv")
    with pytest.raises(UnicodeEncodeError):
        tablecsv.write_csv(frame, tmp_path / "ours.csv")


# --- real tables --------------------------------------------------------------------------------


def test_the_seed_tables(seed_tables, tmp_path):
    for name, frame in seed_tables.items():
        assert_same_csv(frame, tmp_path, name)


def test_the_tables_of_a_recombined_corpus_chunk_by_chunk_and_whole(seed_tables, tmp_path):
    """As `chokepoints analyze` writes them (a chunk at a time, appended) and as
    `write_tables` does (the whole corpus)."""
    sentences = [str(text) for text in seed_tables.sentences["text"]]
    corpus_dir = tmp_path / "corpus"
    generate_corpus(corpus_dir, 2 * config.CHUNK_ARTICLES, sentences)
    articles = load_corpus(corpus_dir).articles
    overrides = load_overrides(corpus_dir, [article.meta.id for article in articles])
    anchor = latest_published([article.meta for article in articles])
    parts = [analyze_articles(articles[i:i + config.CHUNK_ARTICLES], overrides, anchor=anchor)
             for i in range(0, len(articles), config.CHUNK_ARTICLES)]
    tables = finish_tables(parts)
    assert len(tables.sentences) > 5000
    for name in TABLE_NAMES:
        frames = [getattr(part, name) for part in parts] if name != "events" else []
        ours, theirs = tmp_path / f"{name}.ours.csv", tmp_path / f"{name}.pandas.csv"
        for number, frame in enumerate(frames):
            tablecsv.write_csv(frame, ours, append=number > 0)
            pandas_bytes(frame, theirs, append=number > 0)
        if frames:
            assert ours.read_bytes() == theirs.read_bytes(), name
        assert_same_csv(getattr(tables, name), tmp_path, name)


def test_timebank_text(tmp_path):
    texts = timebank()
    if not texts:
        pytest.skip(f"TimeBank not found in {config.TIMEBANK_DIR}")
    frame = pd.DataFrame({"text": pd.array(list(texts), dtype="string"),
                          "n_chars": pd.array([len(text) for text in texts], dtype="Int64")})
    assert_same_csv(frame, tmp_path)

