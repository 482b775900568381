"""Tests for chokepoints.schema: column dictionary, descriptor, validation, CSV round trips."""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from bench.scale import generate_corpus

from chokepoints import clean, schema
from chokepoints.analyze import run_analysis
from chokepoints.errors import ChokepointsError
from chokepoints.schema import FIELDS, TABLES

FRICTIONLESS_TYPES = {"string", "integer", "number", "boolean", "date"}


def article_row(**values) -> dict:
    """One valid articles row; keyword arguments replace values."""
    row = {"id": "a1", "label": "Outlet", "title": "A title", "outlet": "Outlet",
           "published": date(2026, 1, 7), "perspective": "western_media", "url": pd.NA,
           "file": "a1.txt", "n_paragraphs": 2, "n_sentences": 3, "n_words": 40,
           "n_headings": 1, "n_furniture_lines_removed": 0, "polarity": 0.1,
           "subjectivity": 0.4}
    row.update(values)
    return row


def articles(*rows: dict) -> pd.DataFrame:
    return schema.coerce(pd.DataFrame(list(rows) or [article_row()]), "articles")


def sentences(*rows: dict) -> pd.DataFrame:
    base = {"sentence_id": "a1-p01-s01", "article_id": "a1", "paragraph": 1, "sentence": 1,
            "heading": pd.NA, "is_bullet": False, "text": "Japan protested.", "n_chars": 16,
            "polarity": 0.0, "subjectivity": 0.0, "vader_compound": 0.0, "is_hedged": False,
            "hedge_cues": pd.NA}
    return schema.coerce(pd.DataFrame([{**base, **row} for row in rows] or [base]), "sentences")


# --- the dictionary -------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_of_every_table_is_defined_in_fields(table):
    assert [c for c in TABLES[table].columns if c not in FIELDS] == []


def test_every_field_is_used_by_some_table():
    used = {column for table in TABLES.values() for column in table.columns}
    assert set(FIELDS) - used == set()


def test_every_field_has_a_frictionless_type_and_a_description():
    for name, definition in FIELDS.items():
        assert definition.type in FRICTIONLESS_TYPES, name
        assert definition.description.strip(), name


def test_primary_and_foreign_keys_name_real_columns():
    for table in TABLES.values():
        assert set(table.primary_key) <= set(table.columns), table.name
        for column, target in table.foreign_keys.items():
            target_table, target_column = target.split(".")
            assert column in table.columns
            assert target_column in TABLES[target_table].columns


def test_role_values_are_the_cleaning_roles_plus_inline_furniture():
    assert FIELDS["role"].enum == (*clean.ROLES, "inline_furniture")


def test_score_ranges_are_declared():
    assert (FIELDS["polarity"].minimum, FIELDS["polarity"].maximum) == (-1, 1)
    assert (FIELDS["subjectivity"].minimum, FIELDS["subjectivity"].maximum) == (0, 1)


# --- the Frictionless descriptor ------------------------------------------------------------


def test_datapackage_has_one_resource_per_table_in_order():
    package = schema.datapackage(list(TABLES))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    assert [r["path"] for r in package["resources"]] == [f"{t}.csv" for t in TABLES]


@pytest.mark.parametrize("table", list(TABLES))
def test_datapackage_fields_match_the_dictionary(table):
    [resource] = schema.datapackage([table])["resources"]
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == list(TABLES[table].columns)
    for item in fields:
        definition = FIELDS[item["name"]]
        assert item["type"] == definition.type
        assert item["description"] == definition.description
        assert item.get("unit", "") == definition.unit
        constraints = item.get("constraints", {})
        assert constraints.get("required", False) == definition.required
        assert tuple(constraints.get("enum", ())) == definition.enum
        assert constraints.get("minimum") == definition.minimum
        assert constraints.get("maximum") == definition.maximum


def test_datapackage_records_keys():
    resources = {r["name"]: r for r in schema.datapackage(list(TABLES))["resources"]}
    assert resources["articles"]["schema"]["primaryKey"] == ["id"]
    assert resources["sentences"]["schema"]["foreignKeys"] == [
        {"fields": "article_id", "reference": {"resource": "articles", "fields": "id"}}]
    assert "primaryKey" not in resources["cleaning"]["schema"]


def test_write_datapackage_writes_the_descriptor_as_json(tmp_path):
    path = schema.write_datapackage(list(TABLES), tmp_path)
    assert path == tmp_path / "datapackage.json"
    assert json.loads(path.read_text(encoding="utf-8")) == schema.datapackage(list(TABLES))


# --- coerce and validate --------------------------------------------------------------------


def test_coerce_orders_columns_and_sets_dictionary_dtypes():
    frame = articles()
    assert tuple(frame.columns) == TABLES["articles"].columns
    assert str(frame["id"].dtype) == "string"
    assert str(frame["n_sentences"].dtype) == "Int64"
    assert str(frame["polarity"].dtype) == "float64"
    assert str(frame["published"].dtype) == "datetime64[s]"
    assert str(sentences()["is_bullet"].dtype) == "boolean"


def test_coerce_refuses_a_frame_lacking_a_column():
    frame = pd.DataFrame([article_row()]).drop(columns=["perspective"])
    with pytest.raises(ChokepointsError, match="lacks column"):
        schema.coerce(frame, "articles")


def test_valid_table_has_no_problem():
    assert schema.validate(articles(), "articles") == []


def test_validate_catches_a_wrong_enum_value():
    frame = schema.coerce(pd.DataFrame([{"article_id": "a1", "line_no": 1, "role": "footer",
                                         "kind": pd.NA, "rule": pd.NA, "text": "x"}]),
                          "cleaning")
    assert schema.validate(frame, "cleaning") == [
        "cleaning.role: values ['footer'] not in "
        "['title', 'heading', 'body', 'furniture', 'inline_furniture']"]


def test_validate_catches_polarity_above_one():
    assert schema.validate(articles(article_row(polarity=1.5)), "articles") == [
        "articles.polarity: values above 1"]


def test_validate_catches_subjectivity_below_zero():
    assert schema.validate(articles(article_row(subjectivity=-0.1)), "articles") == [
        "articles.subjectivity: values below 0"]


def test_validate_catches_a_negative_count():
    assert schema.validate(articles(article_row(n_words=-1)), "articles") == [
        "articles.n_words: values below 0"]


def test_validate_catches_a_duplicate_primary_key():
    frame = sentences({}, {"text": "Another."})
    assert schema.validate(frame, "sentences") == [
        "sentences: duplicate primary key ['sentence_id']"]


def test_validate_catches_a_missing_required_value():
    frame = articles(article_row(perspective=pd.NA))
    assert schema.validate(frame, "articles") == ["articles.perspective: 1 missing value(s)"]


def test_validate_allows_missing_optional_values():
    frame = articles(article_row(title=pd.NA, outlet=pd.NA, published=pd.NaT, polarity=None))
    assert schema.validate(frame, "articles") == []


def test_validate_catches_columns_out_of_order():
    frame = articles()
    frame = frame[list(reversed(frame.columns))]
    [problem] = schema.validate(frame, "articles")
    assert problem.startswith("articles: columns")


# --- CSV round trips ------------------------------------------------------------------------


def test_articles_round_trip_exactly(tmp_path):
    frame = articles(article_row(),
                     article_row(id="a2", title="NA", outlet=pd.NA, published=pd.NaT,
                                 polarity=1 / 3, subjectivity=0.1 + 0.2))
    path = tmp_path / "articles.csv"
    schema.write_table(frame, path)
    pd.testing.assert_frame_equal(schema.read_table(path, "articles"), frame, check_exact=True)


@pytest.mark.parametrize("text", ["NA", "null", "N/A", "nan", "None", "#N/A", "-nan",
                                  "Japan said: \u201cno\u201d, then left.", "line one\nline two",
                                  " leading and trailing "])
def test_sentence_text_round_trips_unchanged(tmp_path, text):
    frame = sentences({"text": text, "heading": "NA", "n_chars": len(text)})
    path = tmp_path / "sentences.csv"
    schema.write_table(frame, path)
    back = schema.read_table(path, "sentences")
    assert back.loc[0, "text"] == text
    assert back.loc[0, "heading"] == "NA"
    pd.testing.assert_frame_equal(back, frame, check_exact=True)


def test_missing_heading_reads_back_as_missing(tmp_path):
    path = tmp_path / "sentences.csv"
    schema.write_table(sentences(), path)
    assert pd.isna(schema.read_table(path, "sentences").loc[0, "heading"])


def test_dates_are_written_as_iso_days(tmp_path):
    path = tmp_path / "articles.csv"
    schema.write_table(articles(), path)
    assert ",2026-01-07," in path.read_text(encoding="utf-8")


def test_write_table_uses_unix_line_ends_and_no_index(tmp_path):
    path = tmp_path / "articles.csv"
    schema.write_table(articles(), path)
    data = path.read_bytes()
    assert b"\r\n" not in data
    assert data.startswith(b"id,label,title,")


# --- building tables fast: from_rows and coerce equal pandas' plain way ----------------------


def plain_coerce(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """`schema.coerce` as it was first written: a copy, one ``astype`` per column."""
    spec = TABLES[table]
    out = frame.loc[:, list(spec.columns)].copy()
    for column in spec.columns:
        kind = FIELDS[column].type
        if kind == "date":
            out[column] = pd.to_datetime(out[column], format="%Y-%m-%d").astype("datetime64[s]")
        else:
            out[column] = out[column].astype({"string": "string", "integer": "Int64",
                                              "number": "float64", "boolean": "boolean"}[kind])
    return out.reset_index(drop=True)


def assert_identical(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_exact=True)
    assert list(left.dtypes) == list(right.dtypes)
    assert left.columns.dtype == right.columns.dtype
    assert isinstance(left.index, pd.RangeIndex) and isinstance(right.index, pd.RangeIndex)


def outcome(build):
    """What ``build()`` returns, or the name of the error it raises."""
    try:
        return build()
    except (TypeError, ValueError) as error:
        return type(error).__name__


#: Values of each Frictionless type's columns as rows may hold them: missing in every
#: spelling, numpy scalars, values of a neighbouring type, strings to parse.
ROW_VALUES = {
    "string": ["x", "", None, pd.NA, np.nan, "NA", "é “q”, said\n", 5, 1.5, True],
    "integer": [0, -1, 2**62, None, pd.NA, np.int64(3), 3.0, np.nan, True],
    "number": [0.1, -0.0, np.nan, None, np.inf, 1, np.float64(2.5), np.float32(0.1), 2**63 + 1,
               True, pd.NA, "1.5", 1 / 3],
    "boolean": [True, False, None, pd.NA, np.bool_(True), np.nan, 1, 0],
    "date": [date(2026, 1, 7), None, pd.NaT, "2026-01-08", pd.Timestamp("2026-01-09"),
             datetime(2026, 1, 10, 12), np.nan, np.datetime64("2026-01-11")],
}
#: A column of each type and its table.
TYPED_COLUMNS = {"string": ("cleaning", "text"), "integer": ("cleaning", "line_no"),
                 "number": ("claims", "value"), "boolean": ("sentences", "is_bullet"),
                 "date": ("articles", "published")}


@pytest.mark.parametrize("kind", list(ROW_VALUES))
def test_from_rows_equals_coerce_of_a_dataframe_on_every_sort_of_value(kind):
    table, column = TYPED_COLUMNS[kind]
    columns = TABLES[table].columns
    blank = dict.fromkeys(columns)
    typical = ROW_VALUES[kind][0]
    for value in ROW_VALUES[kind]:
        for values in ([value], [value, typical], [typical, value, value]):
            rows = [{**blank, column: item} for item in values]
            expected = outcome(lambda rows=rows: plain_coerce(pd.DataFrame(rows, columns=columns),
                                                              table))
            got = outcome(lambda rows=rows: schema.from_rows(rows, table))
            if isinstance(expected, str) or isinstance(got, str):
                assert got == expected, (kind, value)
            else:
                assert_identical(got, expected)


@pytest.mark.parametrize("table", list(TABLES))
def test_from_rows_of_no_rows_and_of_rows_missing_everything(table):
    columns = TABLES[table].columns
    assert_identical(schema.from_rows([], table),
                     plain_coerce(pd.DataFrame([], columns=columns), table))
    rows = [dict.fromkeys(columns)] * 3
    assert_identical(schema.from_rows(rows, table),
                     plain_coerce(pd.DataFrame(rows, columns=columns), table))


def test_coerce_leaves_its_input_alone():
    frame = sentences()
    out = schema.coerce(frame, "sentences")
    out.loc[0, "text"], out.loc[0, "polarity"], out.loc[0, "n_chars"] = "changed", 0.5, 99
    assert_identical(frame, sentences())


def test_the_tables_of_real_corpora_are_built_as_the_plain_way_builds_them(monkeypatch, tmp_path,
                                                                           seed_tables):
    """Every `from_rows` and `coerce` call of the seed corpus's analysis and of a recombined
    200-article corpus's (as bench/scale.py builds them) against the plain way."""
    calls = {"from_rows": 0, "coerce": 0}
    fast_from_rows, fast_coerce = schema.from_rows, schema.coerce

    def from_rows(rows, table):
        built = fast_from_rows(rows, table)
        columns = TABLES[table].columns
        assert_identical(built, plain_coerce(pd.DataFrame(rows, columns=columns), table))
        calls["from_rows"] += 1
        return built

    def coerce(frame, table):
        built = fast_coerce(frame, table)
        assert_identical(built, plain_coerce(frame, table))
        calls["coerce"] += 1
        return built

    monkeypatch.setattr(schema, "from_rows", from_rows)
    monkeypatch.setattr(schema, "coerce", coerce)
    generate_corpus(tmp_path, 200, [str(text) for text in seed_tables.sentences["text"]])
    for corpus_dir in (None, tmp_path):
        tables = run_analysis(corpus_dir) if corpus_dir else run_analysis()
        assert len(tables.sentences) > 100
    assert calls["from_rows"] >= 10 and calls["coerce"] >= 20
