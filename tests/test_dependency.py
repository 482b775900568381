"""Dependency series, concentration, reconciliation of cited figures, and the scenario."""

from __future__ import annotations

import pandas as pd
import pytest

from chokepoints.dependency import (
    annual_series,
    china_mining_share,
    concentration,
    load_references,
    production_by_country,
    reconcile,
    scenario_grid,
    shortfall_months,
)


@pytest.fixture(scope="module")
def refs() -> dict[str, pd.DataFrame]:
    return load_references()


def _production(rows: list[tuple[int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"reference_year": y, "country": c, "mine_production_tonnes": t,
                          "is_preferred": True, "is_excluded": False} for y, c, t in rows])


def test_annual_series_keeps_gaps_as_missing_years(refs):
    series = annual_series(refs["japan_import_shares"], "china_share_pct")
    years = series["reference_year"].tolist()
    assert years == list(range(years[0], years[-1] + 1))
    assert series.loc[series["reference_year"] == 2010, "value"].item() == pytest.approx(81.61)
    assert series.loc[series["reference_year"] == 2013, "value"].isna().all()


def test_annual_series_uses_whole_years_only(refs):
    series = annual_series(refs["japan_import_shares"], "china_share_pct")
    assert 79.6 not in series["value"].tolist()  # H1 2024 is a half-year figure


def test_china_mining_share_is_china_over_world(refs):
    share = china_mining_share(refs["mine_production"]).set_index("reference_year")
    row = share.loc[2024]
    assert row["china_share_pct"] == pytest.approx(100 * row["china_tonnes"] / row["world_tonnes"])


def test_concentration_of_a_known_market():
    production = _production([(2020, "A", 50), (2020, "B", 50), (2020, "World", 100),
                              (2021, "A", 96), (2021, "World", 100),
                              (2022, "A", 10), (2022, "World", 100)])
    hhi = concentration(production).set_index("reference_year")
    assert hhi.loc[2020, "hhi_low"] == pytest.approx(5000)
    assert hhi.loc[2020, "hhi_high"] == pytest.approx(5000)
    assert hhi.loc[2021, "hhi_low"] == pytest.approx(9216)
    assert hhi.loc[2021, "hhi_high"] == pytest.approx(9232)  # the unlisted 4% as one producer
    assert 2022 not in hhi.index  # 10% listed: too little to score


def test_concentration_of_the_reference_data_is_high(refs):
    hhi = concentration(refs["mine_production"])
    assert (hhi["hhi_low"] > 2500).all()
    assert (hhi["coverage_pct"] >= 95).all()


def test_production_by_country_adds_up_to_the_cited_world_total(refs):
    production = production_by_country(refs["mine_production"])
    world = china_mining_share(refs["mine_production"]).set_index("reference_year")
    totals = production.groupby("reference_year")["mine_production_tonnes"].sum()
    for year, total in totals.items():
        if year in world.index:
            assert total == pytest.approx(world.loc[year, "world_tonnes"])


def test_reconcile_covers_every_import_share_claim_with_a_reason(seed_tables, refs):
    reconciled = reconcile(seed_tables.claims, seed_tables.articles, seed_tables.sentences,
                           refs, seed_tables.quotes)
    shares = reconciled[reconciled["metric"] == "japan_re_import_share_china"]
    cited = seed_tables.claims[seed_tables.claims["metric"] == "japan_re_import_share_china"]
    assert len(shares) == len(cited) == 7
    assert shares["likely_reason"].str.len().gt(20).all()
    assert set(shares["article_id"]) == set(seed_tables.articles["id"])


def test_reconcile_explains_the_2010_conflict(seed_tables, refs):
    reconciled = reconcile(seed_tables.claims, seed_tables.articles, seed_tables.sentences, refs)
    row = reconciled[reconciled["claim"] == "90 percent"].iloc[0]
    assert row["reference_year"] == 2010
    assert "disagree" in row["likely_reason"] and "81.61" in row["likely_reason"]


def test_reconcile_never_checks_an_article_against_itself(seed_tables, refs):
    reconciled = reconcile(seed_tables.claims, seed_tables.articles, seed_tables.sentences, refs)
    assert not reconciled["reference_id"].astype(str).str.contains("seed").any()


def test_reconcile_names_the_source_an_article_cites(seed_tables, refs):
    reconciled = reconcile(seed_tables.claims, seed_tables.articles, seed_tables.sentences,
                           refs, seed_tables.quotes)
    row = reconciled[reconciled["claim"] == "around 60 per cent"].iloc[0]
    assert "Capital Economics" in row["likely_reason"]


@pytest.mark.parametrize(("share", "months", "inventory", "expected"), [
    (0.6, 6, 2, 6 - 2 / 0.6),
    (1.0, 3, 2, 1.0),
    (0.5, 3, 2, 0.0),  # stock lasts 4 months
    (0.0, 12, 0, 0.0),
])
def test_shortfall_months(share, months, inventory, expected):
    assert shortfall_months(share, months, inventory) == pytest.approx(expected)


def test_shortfall_refuses_an_impossible_share():
    with pytest.raises(ValueError, match="between 0 and 1"):
        shortfall_months(1.5, 3, 2)


def test_scenario_grid_is_every_combination():
    grid = scenario_grid([0.3, 0.9], [1, 6, 12], 2)
    assert len(grid) == 6
    assert not grid["shortfall_months"].isna().any()
    assert grid.loc[(grid["cut_share_pct"] == 90) & (grid["cut_months"] == 12),
                    "shortfall_months"].item() == pytest.approx(12 - 2 / 0.9)

