"""Tests for chokepoints.reference: the reference datasets, their dictionary and their checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from chokepoints import config, reference
from chokepoints.errors import ChokepointsError, ReferenceDataError
from chokepoints.reference import DATASETS, FIELDS, QUALITY_TAGS

FRICTIONLESS_TYPES = {"string", "integer", "number", "boolean", "date"}
#: The tags the researcher's README uses (WEAK, DERIVED, ...), as the quality column spells them.
README_TAGS = {"weak", "derived", "projection", "secondary", "unofficial", "unverified"}
SHARE_COLUMNS = [(name, column) for name, spec in DATASETS.items() for column in spec.columns
                 if column.endswith("_pct") and column != "gdp_change_pct"]
SEED_72_ID = "2024-seed-002"

#: Provenance of a made-up row, valid on its own.
SOURCE = {"source_org": "Test Org", "source_title": "A title", "primary_source": pd.NA,
          "source_url": "https://example.org/a", "source_document": pd.NA,
          "edition_year": 2025, "published": "2025-01", "retrieval_note": "Made up.",
          "quality": pd.NA, "conflicts_with": pd.NA, "is_excluded": False,
          "exclusion_reason": pd.NA, "notes": pd.NA, "check_note": "Checked."}


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {name: reference.load_reference(name, validate=False) for name in DATASETS}


def production_row(row_id: str, country: str, tonnes: int, **values) -> dict:
    """One mine_production row of edition 2025 for 2024; keyword arguments replace values."""
    row = {"id": row_id, "reference_year": 2024, "country": country,
           "mine_production_tonnes": tonnes, "is_estimate": True, "definition": "t REO",
           "is_preferred": True, **SOURCE}
    row.update(values)
    return row


def production(*rows: dict) -> pd.DataFrame:
    return reference.coerce_reference("mine_production", pd.DataFrame(list(rows)))


def share_row(row_id: str, year: int, share: float, **values) -> dict:
    """One japan_import_shares row; keyword arguments replace values."""
    row = {"id": row_id, "reference_year": year, "reference_period": str(year),
           "china_share_pct": share, "value_bound": "point", "basis": "volume",
           "definition": "share", "is_preferred": False, **SOURCE}
    row.update(values)
    return row


def shares(*rows: dict) -> pd.DataFrame:
    return reference.coerce_reference("japan_import_shares", pd.DataFrame(list(rows)))


# --- the dictionary ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_column_of_every_dataset_is_defined_in_fields(name):
    assert [c for c in DATASETS[name].columns if c not in FIELDS] == []


def test_every_field_is_used_by_some_dataset():
    used = {column for spec in DATASETS.values() for column in spec.columns}
    assert set(FIELDS) - used == set()


def test_every_field_has_a_frictionless_type_and_a_description():
    for name, definition in FIELDS.items():
        assert definition.type in FRICTIONLESS_TYPES, name
        assert definition.description.strip(), name


def test_every_dataset_ends_with_the_same_provenance_columns():
    for spec in DATASETS.values():
        assert spec.columns[0] == "id"
        assert spec.columns[-len(reference.PROVENANCE):] == reference.PROVENANCE, spec.name


def test_keys_name_real_columns():
    for spec in DATASETS.values():
        assert set(spec.unique_key) <= set(spec.columns), spec.name
        assert set(spec.preferred_key) <= set(spec.columns), spec.name
        assert ("is_preferred" in spec.columns) == bool(spec.preferred_key), spec.name


def test_names_carry_their_kind():
    for column, definition in FIELDS.items():
        if definition.type == "boolean":
            assert column.startswith("is_"), column
        if column.endswith("_pct"):
            assert definition.unit == "percent", column
        if column.endswith("_tonnes"):
            assert definition.unit.startswith("tonnes"), column


def test_the_reference_folder_comes_from_the_config():
    assert reference.REFERENCE_DIR == config.DATA_DIR / "reference"
    assert reference.REFERENCE_DATAPACKAGE_FILE == reference.REFERENCE_DIR / "datapackage.json"


def test_actors_yml_is_not_a_reference_dataset():
    package = reference.reference_datapackage()
    assert "actors.yml" not in {r["path"] for r in package["resources"]}


# --- every file against the dictionary ------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_reference_file_validates(name, data):
    assert reference.validate_reference(name, data[name]) == []


@pytest.mark.parametrize("name", list(DATASETS))
def test_load_reference_types_the_columns(name, data):
    frame = data[name]
    assert tuple(frame.columns) == DATASETS[name].columns
    for column in frame.columns:
        expected = {"string": "string", "integer": "Int64", "number": "float64",
                    "boolean": "boolean", "date": "datetime64[s]"}[FIELDS[column].type]
        assert str(frame[column].dtype) == expected, column


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_row_carries_its_provenance(name, data):
    frame = data[name]
    for column in ("source_org", "source_title", "retrieval_note", "check_note"):
        assert frame[column].str.strip().ne("").all(), column
    assert (frame["source_url"].notna() | frame["source_document"].notna()).all()
    undated = frame["retrieval_note"].str.contains("undated", case=False)
    assert (frame["edition_year"].notna() | frame["published"].notna() | undated).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_source_documents_in_the_project_exist(name, data):
    documents = data[name]["source_document"].dropna()
    for document in documents[documents.str.startswith("data/")]:
        assert (config.PROJECT_DIR / document).is_file(), document


@pytest.mark.parametrize(("name", "column"), SHARE_COLUMNS)
def test_shares_are_between_0_and_100(name, column, data):
    assert data[name][column].between(0, 100).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_no_duplicate_ids_or_keys(name, data):
    frame = data[name]
    assert not frame["id"].duplicated().any()
    assert not frame.duplicated(list(DATASETS[name].unique_key)).any()


@pytest.mark.parametrize("name", [n for n, s in DATASETS.items() if s.preferred_key])
def test_at_most_one_preferred_row_per_key_and_none_excluded(name, data):
    preferred = reference.select_preferred(data[name])
    assert not preferred.duplicated(list(DATASETS[name].preferred_key)).any()
    assert not data[name].loc[data[name]["is_excluded"], "is_preferred"].any()


def test_every_readme_tag_is_carried_into_the_quality_column(data):
    used = {tag for frame in data.values() for value in frame["quality"]
            for tag in reference.split_list(value)}
    assert README_TAGS <= used <= set(QUALITY_TAGS)


def test_excluded_rows_stay_visible_with_a_reason(data):
    excluded = pd.concat([frame.loc[frame["is_excluded"], ["id", "exclusion_reason"]]
                          for frame in data.values()])
    assert set(excluded["id"]) == {"2025-globalspark", "2025-12-globalspark"}
    assert excluded["exclusion_reason"].str.len().gt(50).all()


# --- mine production: world totals ------------------------------------------------------------


def test_world_totals_match_the_sum_of_countries_in_every_edition(data):
    assert reference.check_world_totals(data["mine_production"]) == []


def test_full_usgs_tables_sum_to_their_world_totals_within_rounding(data):
    frame = data["mine_production"]
    for year, edition, world in ((2023, 2025, 376_000), (2024, 2025, 390_000),
                                 (2024, 2026, 380_000), (2025, 2026, 390_000)):
        table = frame[(frame["reference_year"] == year) & (frame["edition_year"] == edition)]
        assert (table["country"] == "Other countries").any()
        assert table.loc[table["country"] == "World", "mine_production_tonnes"].item() == world
        countries = table.loc[table["country"] != "World", "mine_production_tonnes"].sum()
        assert abs(countries - world) <= 5_000, (year, edition, countries)


def test_world_total_tolerance_is_half_a_unit_of_the_second_significant_figure():
    assert reference.world_total_tolerance(380_000) == 5_000
    assert reference.world_total_tolerance(132_000) == 5_000
    assert reference.world_total_tolerance(90_000) == 500


def test_check_world_totals_catches_countries_above_the_world_total():
    frame = production(production_row("a", "China", 300_000),
                       production_row("b", "United States", 100_000),
                       production_row("w", "World", 380_000))
    assert reference.check_world_totals(frame) == [
        "mine_production 2024 (edition 2025): countries sum to 400,000 t, above the world "
        "total 380,000 t",
        "mine_production 2024 (preferred rows): countries sum to 400,000 t, above the world "
        "total 380,000 t"]


def test_check_world_totals_catches_a_full_table_short_of_the_world_total():
    frame = production(production_row("a", "China", 270_000),
                       production_row("o", "Other countries", 1_000),
                       production_row("w", "World", 380_000))
    assert reference.check_world_totals(frame) == [
        "mine_production 2024 (edition 2025): the full table sums to 271,000 t, below the "
        "world total 380,000 t"]


def test_check_world_totals_allows_a_partial_list_and_usgs_rounding():
    frame = production(production_row("a", "China", 270_000),
                       production_row("b", "United States", 114_000),
                       production_row("w", "World", 380_000))
    assert reference.check_world_totals(frame) == []
    assert reference.check_world_totals(frame.iloc[[0, 2]]) == []


def test_check_world_totals_leaves_excluded_rows_out():
    frame = production(production_row("a", "China", 270_000),
                       production_row("x", "Nigeria", 200_000, is_excluded=True,
                                      is_preferred=False, exclusion_reason="A typo."),
                       production_row("w", "World", 380_000))
    assert reference.check_world_totals(frame) == []


def test_mine_production_matches_published_usgs_orders_of_magnitude(data):
    preferred = reference.select_preferred(data["mine_production"]).set_index(
        ["reference_year", "country"])["mine_production_tonnes"]
    for year in (2023, 2024):
        assert 240_000 <= preferred[(year, "China")] <= 270_000
        assert 350_000 <= preferred[(year, "World")] <= 390_000


def test_edition_revisions_are_separate_rows_and_the_latest_is_preferred(data):
    frame = data["mine_production"]
    australia = frame[(frame["reference_year"] == 2024) & (frame["country"] == "Australia")]
    assert dict(zip(australia["edition_year"], australia["mine_production_tonnes"],
                    strict=True)) == {2025: 13_000, 2026: 29_000}
    assert australia.loc[australia["is_preferred"], "edition_year"].item() == 2026
    older = australia[australia["edition_year"] == 2025].iloc[0]
    assert {"superseded", "conflict"} <= set(reference.split_list(older["quality"]))


def test_usgs_derived_mining_shares_reproduce_from_mine_production(data):
    production_2025 = data["mine_production"]
    production_2025 = production_2025[production_2025["edition_year"] == 2025].set_index(
        ["reference_year", "country"])["mine_production_tonnes"]
    derived = data["china_supply_chain_shares"]
    derived = derived[derived["quality"].str.contains("derived", na=False)]
    assert len(derived) == 2
    for _, row in derived.iterrows():
        year = row["reference_year"]
        share = 100 * production_2025[(year, "China")] / production_2025[(year, "World")]
        assert row["china_share_pct"] == pytest.approx(share, abs=0.05)


# --- Japan's import share from China ----------------------------------------------------------


def test_import_share_series_has_the_2010_figure_and_a_recent_one(data):
    series = reference.select_preferred(data["japan_import_shares"]).set_index(
        "reference_year")["china_share_pct"]
    assert series[2010] == pytest.approx(81.61)
    assert series.index.max() >= 2024
    assert 50 <= series[series.index.max()] <= 80


def test_import_share_falls_from_about_90_to_about_60_percent(data):
    series = reference.select_preferred(data["japan_import_shares"]).set_index(
        "reference_year")["china_share_pct"]
    assert series[2008] >= 90
    assert series[2014] == pytest.approx(59.64)


@pytest.mark.parametrize(("year", "mof_share", "other_id"),
                         [(2009, 85.49, "2009-zfgwy"), (2010, 81.61, "2010-nyt"),
                          (2011, 68.37, "2011-japantimes")])
def test_readme_conflicts_are_kept_as_separate_rows(data, year, mof_share, other_id):
    frame = data["japan_import_shares"].set_index("id")
    mof = frame.loc[f"{year}-mof"]
    other = frame.loc[other_id]
    assert mof["china_share_pct"] == pytest.approx(mof_share)
    assert other["china_share_pct"] == 90
    assert other_id in reference.split_list(mof["conflicts_with"])
    assert f"{year}-mof" in reference.split_list(other["conflicts_with"])
    assert mof["is_preferred"] and not other["is_preferred"]


def test_no_figure_is_averaged(data):
    frame = data["japan_import_shares"]
    for year in (2009, 2010, 2011):
        values = set(frame.loc[frame["reference_year"] == year, "china_share_pct"])
        assert len(values) == 2, year


def test_the_72_percent_for_2024_is_marked_unsourced_and_secondary(data):
    row = data["japan_import_shares"].set_index("id").loc[SEED_72_ID]
    assert (row["reference_year"], row["china_share_pct"]) == (2024, 72)
    assert {"unverified", "secondary"} <= set(reference.split_list(row["quality"]))
    assert pd.isna(row["source_url"])
    assert row["source_document"] == "data/corpus/raw/002_ec0eb8afd3915a85.txt"
    assert not row["is_preferred"]
    assert "UNSOURCED" in row["check_note"]


def test_part_year_import_shares_are_never_preferred(data):
    frame = data["japan_import_shares"]
    partial = frame[frame["reference_period"] != frame["reference_year"].astype("string")]
    assert set(partial["id"]) == {"2012-06-zfgwy", "2023-h1-metalnomist", "2024-h1-metalnomist"}
    assert not partial["is_preferred"].any()


# --- exports, cost estimates, chronology ------------------------------------------------------


def test_magnet_exports_and_mirror_data_are_told_apart(data):
    frame = data["china_exports_to_japan"]
    mirror = frame[frame["reporter"] == "japan_mof"]
    assert set(mirror["product_scope"]) == {"rare_earths_all_forms"}
    assert set(mirror["reference_year"]) == {2009, 2010}
    preferred = reference.select_preferred(frame).set_index(
        ["reference_period", "product_scope"])["volume_tonnes"]
    assert preferred[("2025-11", "permanent_magnets")] == 305
    assert preferred[("2025-10", "magnets_and_semi_finished")] == 538


def test_cost_estimates_are_losses(data):
    frame = data["cutoff_cost_estimates"]
    assert (frame["gdp_change_pct"] < 0).all()
    implied_gdp = frame["loss_jpy"] / (-frame["gdp_change_pct"] / 100)
    assert implied_gdp.between(500e12, 650e12).all()


def test_chronology_dates_are_iso_days_in_order(data):
    frame = data["export_controls"]
    assert frame["event_date"].is_monotonic_increasing
    assert set(frame["date_granularity"]) == {"day"}
    assert frame["event_date"].min() == pd.Timestamp("2010-09-21")
    assert frame["event_date"].max() == pd.Timestamp("2026-01-09")


def test_chronology_has_the_readme_dates(data):
    dates = set(data["export_controls"]["event_date"].dt.strftime("%Y-%m-%d"))
    assert {"2010-09-21", "2010-11-20", "2023-07-03", "2023-08-01", "2023-10-20",
            "2023-12-01", "2023-12-21", "2024-08-15", "2024-09-15", "2024-12-03",
            "2025-02-04", "2025-04-04", "2025-10-09", "2025-10-30", "2025-11-07",
            "2025-11-09", "2026-01-06", "2026-01-09"} == dates


def test_de_facto_measures_are_unofficial(data):
    frame = data["export_controls"].set_index("id")
    for row_id in ("2010-09-21-japan-rare-earth-halt",
                   "2026-01-09-japan-rare-earth-curbs-reported"):
        assert not frame.loc[row_id, "is_official"]
        assert "unofficial" in reference.split_list(frame.loc[row_id, "quality"])


def test_suspensions_say_until_when(data):
    frame = data["export_controls"].set_index("id")
    assert frame.loc["2025-11-07-october-package-suspended", "in_force_until"] == pd.Timestamp(
        "2026-11-10")
    assert frame.loc["2025-11-09-us-ban-suspended", "in_force_until"] == pd.Timestamp(
        "2026-11-27")


# --- validation catches -----------------------------------------------------------------------


def test_a_valid_made_up_frame_has_no_problem():
    assert reference.validate_reference("japan_import_shares",
                                        shares(share_row("a", 2010, 81.61))) == []


def test_validate_catches_a_share_above_100():
    frame = shares(share_row("a", 2010, 181.61))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares.china_share_pct: values above 100"]


def test_validate_catches_a_duplicate_id():
    frame = shares(share_row("a", 2010, 81.61), share_row("a", 2011, 68.37))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: duplicate id(s) ['a']"]


def test_validate_catches_a_row_without_url_or_document():
    frame = shares(share_row("a", 2010, 81.61, source_url=pd.NA))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: rows without source_url or source_document ['a']"]


def test_validate_catches_an_excluded_row_without_reason():
    frame = shares(share_row("a", 2010, 81.61, is_excluded=True))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: excluded rows without exclusion_reason ['a']"]


def test_validate_catches_a_one_way_conflict():
    frame = shares(share_row("a", 2010, 81.61, conflicts_with="b", quality="conflict"),
                   share_row("b", 2010, 90, source_url="https://example.org/b"))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: a conflicts_with b but not the reverse"]


def test_validate_catches_a_conflict_with_a_row_that_does_not_exist():
    frame = shares(share_row("a", 2010, 81.61, conflicts_with="zz", quality="conflict"))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: a conflicts_with unknown row 'zz'"]


def test_validate_catches_a_conflict_without_the_conflict_tag():
    frame = shares(share_row("a", 2010, 81.61, conflicts_with="b", quality="conflict"),
                   share_row("b", 2010, 90, conflicts_with="a",
                             source_url="https://example.org/b"))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: b has conflicts_with but no 'conflict' tag"]


def test_validate_catches_two_preferred_rows_for_one_year():
    frame = shares(share_row("a", 2010, 81.61, is_preferred=True),
                   share_row("b", 2010, 90, is_preferred=True,
                             source_url="https://example.org/b"))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: more than one preferred row per ['reference_year'] in rows "
        "['a', 'b']"]


def test_validate_catches_a_preferred_half_year():
    frame = shares(share_row("a", 2024, 79.6, reference_period="2024-H1", is_preferred=True))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: part-year rows marked preferred ['a']"]


def test_validate_catches_an_unknown_quality_tag():
    frame = shares(share_row("a", 2010, 81.61, quality="secondary; dubious"))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares.quality: values ['secondary; dubious'] do not match the pattern"]


def test_validate_catches_a_period_outside_its_year():
    frame = shares(share_row("a", 2010, 81.61, reference_period="2011"))
    assert reference.validate_reference("japan_import_shares", frame) == [
        "japan_import_shares: reference_period outside reference_year in rows ['a']"]


def test_validate_catches_columns_out_of_order():
    frame = shares(share_row("a", 2010, 81.61))
    [problem] = reference.validate_reference("japan_import_shares", frame.iloc[:, ::-1])
    assert problem.startswith("japan_import_shares: columns")


# --- loading and the descriptor -------------------------------------------------------------------


def test_load_reference_refuses_an_unknown_dataset():
    with pytest.raises(ChokepointsError, match="unknown reference dataset 'reserves'"):
        reference.load_reference("reserves")


def test_load_reference_names_a_missing_file(tmp_path):
    with pytest.raises(ReferenceDataError, match="no such reference file"):
        reference.load_reference("mine_production", tmp_path)


def test_load_reference_raises_on_an_invalid_file(tmp_path):
    reference.coerce_reference("japan_import_shares", shares(share_row("a", 2010, 181.61))
                               ).to_csv(tmp_path / "japan_import_shares.csv", index=False)
    with pytest.raises(ReferenceDataError, match="values above 100"):
        reference.load_reference("japan_import_shares", tmp_path)
    assert len(reference.load_reference("japan_import_shares", tmp_path, validate=False)) == 1


def test_committed_datapackage_is_the_generated_one():
    committed = json.loads(reference.REFERENCE_DATAPACKAGE_FILE.read_text(encoding="utf-8"))
    assert committed == reference.reference_datapackage(), (
        "data/reference/datapackage.json is stale: run "
        "`python -c 'from chokepoints.reference import write_reference_datapackage as w; w()'`")


def test_datapackage_has_one_resource_per_dataset_with_its_schema():
    package = reference.reference_datapackage()
    assert [r["name"] for r in package["resources"]] == list(DATASETS)
    for resource in package["resources"]:
        spec = DATASETS[resource["name"]]
        assert resource["path"] == spec.file_name
        assert resource["hash"].startswith("sha256:")
        assert resource["sources"], spec.name
        assert resource["schema"]["primaryKey"] == ["id"]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(spec.columns)
        for item in fields:
            definition = FIELDS[item["name"]]
            constraints = item.get("constraints", {})
            assert item["type"] == definition.type
            assert constraints.get("required", False) == definition.required
            assert tuple(constraints.get("enum", ())) == definition.enum
            assert constraints.get("pattern", "") == definition.pattern


def test_write_reference_datapackage_writes_the_descriptor(tmp_path):
    for spec in DATASETS.values():
        shutil.copy(reference.REFERENCE_DIR / spec.file_name, tmp_path / spec.file_name)
    path = reference.write_reference_datapackage(tmp_path)
    assert path == tmp_path / "datapackage.json"
    assert json.loads(path.read_text(encoding="utf-8")) == reference.reference_datapackage(
        tmp_path)


def test_the_readme_documents_every_dataset():
    readme = Path(reference.REFERENCE_README_FILE).read_text(encoding="utf-8")
    for spec in DATASETS.values():
        assert f"`{spec.file_name}`" in readme, spec.name


def test_publish_references_copies_every_dataset_with_its_package_and_readme(tmp_path):
    written = reference.publish_references(tmp_path / "out")
    names = {path.name for path in written}
    assert names == {spec.file_name for spec in DATASETS.values()} | {"datapackage.json",
                                                                     "README.md"}
    for path in written:
        assert path.read_bytes() == (reference.REFERENCE_DIR / path.name).read_bytes()


def test_publish_references_refuses_an_invalid_dataset_and_copies_nothing(tmp_path):
    source = tmp_path / "reference"
    shutil.copytree(reference.REFERENCE_DIR, source)
    table = pd.read_csv(source / "mine_production.csv", dtype=str, keep_default_na=False)
    table.loc[0, "source_org"] = ""  # a row without its source
    table.to_csv(source / "mine_production.csv", index=False)
    with pytest.raises(ReferenceDataError, match="mine_production"):
        reference.publish_references(tmp_path / "out", source)
    assert not (tmp_path / "out").exists()


def test_briefings_read_the_published_copies(tmp_path):
    from chokepoints.dependency import REFERENCE_DATASETS, load_references

    reference.publish_references(tmp_path / config.REFERENCE_TABLES_DIR_NAME)
    copies, originals = load_references(tmp_path), load_references()
    assert set(copies) == set(REFERENCE_DATASETS)
    for name in REFERENCE_DATASETS:
        pd.testing.assert_frame_equal(copies[name], originals[name])
    # A tables folder without copies (an older `chokepoints analyze`): the project's own.
    pd.testing.assert_frame_equal(load_references(tmp_path / "elsewhere")["mine_production"],
                                  originals["mine_production"])
