"""Rare-earth dependency: series from the reference data, concentration, claim reconciliation,
and the supply-cut scenario.

Every figure here is computed from a cited reference row or an article sentence; nothing is
filled in. Missing years stay missing, so charts show the gap.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from chokepoints import config

#: How far (percentage points) a cited share may sit from a reference figure and still be
#: read as the same figure rounded ("about 60%" for 58%, "over 70%" for 72%).
ROUNDING_TOLERANCE_PCT = 3.0
#: A year's listed countries must cover this share of the world total for an HHI to be shown.
MIN_HHI_COVERAGE = 0.95

METRIC_REFERENCE = {
    # claim metric -> (reference dataset, value column, description of the reference)
    "japan_re_import_share_china": ("japan_import_shares", "china_share_pct",
                                    "China's share of Japan's rare-earth imports"),
    "china_processing_share": ("china_supply_chain_shares", "china_share_pct",
                               "China's share of world rare-earth refining"),
    "china_re_mining_share": ("china_supply_chain_shares", "china_share_pct",
                              "China's share of world rare-earth mining"),
    "china_re_exports_to_japan": ("china_exports_to_japan", "volume_tonnes",
                                  "China's rare-earth exports to Japan"),
}


def _usable(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows not excluded by the reference checks."""
    if "is_excluded" in frame:
        return frame[~frame["is_excluded"].fillna(False).astype(bool)]
    return frame


def annual_series(frame: pd.DataFrame, value: str, years: range | None = None) -> pd.DataFrame:
    """One preferred value per year, with every year of the span present (gaps as NaN).

    Args:
        frame: a reference dataset with ``reference_year``, ``is_preferred`` and ``value``.
        value: the value column.
        years: the years to show (default: first to last year with a value).

    Returns:
        Columns ``reference_year``, ``value``, ``value_bound``, ``id`` (the reference row),
        ``source_org``; missing years have NaN values and no id.
    """
    rows = _usable(frame)
    rows = rows[rows["is_preferred"].fillna(False).astype(bool)]
    if "reference_period" in rows:  # whole years only: half-year figures are not annual
        rows = rows[rows["reference_period"].astype(str) == rows["reference_year"].astype(str)]
    rows = rows.dropna(subset=[value]).sort_values("reference_year")
    rows = rows.drop_duplicates("reference_year", keep="first")
    if years is None:
        if rows.empty:
            return pd.DataFrame(columns=["reference_year", "value", "value_bound", "id",
                                         "source_org"])
        years = range(int(rows["reference_year"].min()), int(rows["reference_year"].max()) + 1)
    spine = pd.DataFrame({"reference_year": list(years)})
    keep = rows[["reference_year", value, "value_bound", "id", "source_org"]].rename(
        columns={value: "value"})
    keep = keep.assign(reference_year=keep["reference_year"].astype(int))
    return spine.merge(keep, on="reference_year", how="left")


def china_mining_share(production: pd.DataFrame) -> pd.DataFrame:
    """China's share of world mine production (%) for every year with both figures."""
    rows = _usable(production)
    rows = rows[rows["is_preferred"].fillna(False).astype(bool)]
    china = rows[rows["country"] == "China"].set_index("reference_year")["mine_production_tonnes"]
    world = rows[rows["country"] == "World"].set_index("reference_year")["mine_production_tonnes"]
    both = pd.concat({"china_tonnes": china, "world_tonnes": world}, axis=1).dropna()
    both = both.assign(china_share_pct=100 * both["china_tonnes"] / both["world_tonnes"])
    return both.reset_index().astype({"reference_year": int})


def concentration(production: pd.DataFrame,
                  min_coverage: float = MIN_HHI_COVERAGE) -> pd.DataFrame:
    """Herfindahl-Hirschman index of world mine production by year (0-10,000).

    Only years whose listed countries cover ``min_coverage`` of the world total are scored.
    The unlisted remainder ("Other countries" and any gap) is unknown in its split, so the
    index is given as a range: ``hhi_low`` treats it as many tiny producers (adding nothing),
    ``hhi_high`` as one producer.
    """
    rows = _usable(production)
    rows = rows[rows["is_preferred"].fillna(False).astype(bool)]
    out = []
    for year, group in rows.groupby("reference_year", sort=True):
        world = group.loc[group["country"] == "World", "mine_production_tonnes"]
        if world.empty or not world.iloc[0]:
            continue
        total = float(world.iloc[0])
        named = group[~group["country"].isin(["World", "Other countries"])]
        shares = 100 * named["mine_production_tonnes"].astype(float) / total
        coverage = shares.sum() / 100
        if coverage < min_coverage:
            continue
        rest = max(0.0, 100 - shares.sum())
        low = float((shares ** 2).sum())
        out.append({"reference_year": int(year), "countries": len(named),
                    "coverage_pct": 100 * coverage, "hhi_low": low, "hhi_high": low + rest ** 2,
                    "top_share_pct": float(shares.max())})
    return pd.DataFrame(out, columns=["reference_year", "countries", "coverage_pct", "hhi_low",
                                      "hhi_high", "top_share_pct"])


def production_by_country(production: pd.DataFrame, top: int = 6) -> pd.DataFrame:
    """Mine production per year for the largest producers, the rest as 'Rest of world'.

    Only years with a world total are kept; 'Rest of world' is the world total minus the
    countries shown, so each year's bars add up to the cited world figure.
    """
    rows = _usable(production)
    rows = rows[rows["is_preferred"].fillna(False).astype(bool)]
    world = rows[rows["country"] == "World"].set_index("reference_year")["mine_production_tonnes"]
    countries = rows[~rows["country"].isin(["World", "Other countries"])]
    ranking = (countries.groupby("country")["mine_production_tonnes"].max()
               .sort_values(ascending=False))
    shown = list(ranking.head(top).index)
    out = []
    for year, total in world.items():
        group = countries[countries["reference_year"] == year]
        listed = 0.0
        for country in shown:
            value = group.loc[group["country"] == country, "mine_production_tonnes"]
            if len(value):
                out.append({"reference_year": int(year), "country": country,
                            "mine_production_tonnes": float(value.iloc[0])})
                listed += float(value.iloc[0])
        out.append({"reference_year": int(year), "country": "Rest of world",
                    "mine_production_tonnes": max(0.0, float(total) - listed)})
    return pd.DataFrame(out, columns=["reference_year", "country", "mine_production_tonnes"])


RECONCILED_COLUMNS = ("metric", "outlet", "article_id", "sentence_id", "claim", "value", "low",
                      "high", "qualifier", "refers_to_year", "vintage_year", "sentence",
                      "reference_id", "reference_value", "reference_year", "reference_source",
                      "likely_reason")


def reconcile(claims: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame,
              references: dict[str, pd.DataFrame],
              quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each cited figure of a metric cited by two or more articles, beside the reference data.

    Args:
        claims: the claims table.
        articles: the articles table (for outlet labels and publication dates).
        sentences: the sentences table (for the sentence behind each claim).
        references: reference datasets by name (see `METRIC_REFERENCE`).
        quotes: the quotes table, to say whom an article quotes for a figure.

    Returns:
        One row per claim: outlet, figure, year it refers to (else the publication year), the
        closest reference row (value, year, source, definition) and ``likely_reason``, a
        sentence saying why the figures differ or agree.
    """
    cited = claims[claims["metric"].isin(METRIC_REFERENCE)]
    counts = cited.groupby("metric")["article_id"].nunique()
    cited = cited[cited["metric"].isin(counts[counts >= 2].index)]
    labels = articles.set_index("id")["label"]
    published = articles.set_index("id")["published"]
    texts = sentences.set_index("sentence_id")["text"]
    rows = []
    checks: dict[str, pd.DataFrame] = {}  # per reference dataset, the rows that can check
    for claim in cited.itertuples(index=False):
        name, column, _ = METRIC_REFERENCE[claim.metric]
        if name not in checks:
            checks[name] = _independent(_usable(references[name])).dropna(subset=[column])
        reference = checks[name]
        year = claim.refers_to_year
        when = published.get(claim.article_id)
        vintage = int(year) if not pd.isna(year) else (when.year if not pd.isna(when) else None)
        match = _closest(reference, column, claim, vintage)
        rows.append({
            "metric": claim.metric, "outlet": labels.get(claim.article_id, claim.article_id),
            "article_id": claim.article_id, "sentence_id": claim.sentence_id,
            "claim": claim.text, "value": claim.value, "low": claim.low, "high": claim.high,
            "qualifier": claim.qualifier, "refers_to_year": year, "vintage_year": vintage,
            "sentence": texts.get(claim.sentence_id, ""),
            "reference_id": match["id"] if match is not None else pd.NA,
            "reference_value": match[column] if match is not None else float("nan"),
            "reference_year": match["reference_year"] if match is not None else pd.NA,
            "reference_source": match["source_org"] if match is not None else pd.NA,
            "likely_reason": _reason(claim, match, column, vintage, reference)
            + _attribution(quotes, claim.sentence_id),
        })
    return pd.DataFrame(rows, columns=RECONCILED_COLUMNS)


def _independent(reference: pd.DataFrame) -> pd.DataFrame:
    """Rows that can check an article: not unverified, not taken from the corpus itself."""
    quality = reference.get("quality", pd.Series("", index=reference.index)).fillna("")
    return reference[~quality.str.contains("unverified") & ~reference["id"].str.contains("seed")]


def _attribution(quotes: pd.DataFrame | None, sentence_id: str) -> str:
    if quotes is None:
        return ""
    cited = quotes[(quotes["sentence_id"] == sentence_id) & (quotes["verb"] == "according to")]
    speakers = cited["speaker"].dropna()
    return f" The article cites {speakers.iloc[0]}." if len(speakers) else ""


def _point(claim) -> float:
    if not pd.isna(claim.value):
        return float(claim.value)
    return float(claim.low if not pd.isna(claim.low) else claim.high)


def _consistent(claim, value: float, tolerance: float) -> bool:
    low = -math.inf if pd.isna(claim.low) else float(claim.low)
    high = math.inf if pd.isna(claim.high) else float(claim.high)
    return low - tolerance <= value <= high + tolerance


def _closest(reference: pd.DataFrame, column: str, claim, vintage: int | None):
    """The reference row nearest the claim: consistent figures first, then nearest year."""
    if reference.empty:
        return None
    point = _point(claim)
    scored = reference.assign(
        _consistent=[_consistent(claim, float(v), ROUNDING_TOLERANCE_PCT)
                     for v in reference[column]],
        _years=(reference["reference_year"] - vintage).abs() if vintage else 0,
        _gap=(reference[column].astype(float) - point).abs())
    scored = scored.sort_values(["_consistent", "_years", "_gap"],
                                ascending=[False, True, True], kind="stable")
    return scored.iloc[0]


def _reason(claim, match, column: str, vintage: int | None,
            reference: pd.DataFrame | None = None) -> str:
    if match is None:
        return "No reference figure for this metric."
    value = float(match[column])
    year = int(match["reference_year"])
    source = f"{match['source_org']} ({year})"
    definition = str(match.get("definition", "") or "")
    if _consistent(claim, value, 0.0):
        text = f"Matches {value:g} from {source}"
    elif _consistent(claim, value, ROUNDING_TOLERANCE_PCT):
        text = f"Matches, within rounding, {value:g} from {source}"
    else:
        text = (f"No reference figure within rounding: nearest is {value:g} from {source}; the "
                "article may quote another source, another definition or an older vintage")
    if pd.isna(claim.refers_to_year):
        when = f"published {vintage}" if vintage else "undated"
        text += f"; the article states no year ({when})"
    elif year != vintage:
        text += f"; the article's figure is for {vintage}"
    if "magnet" in definition.lower():
        text += "; the reference counts permanent magnets, not all rare earths"
    if reference is not None:
        same_year = reference[(reference["reference_year"] == year)
                              & (reference["id"] != match["id"])]
        others = [f"{float(row[column]):g} ({row['source_org']})"
                  for _, row in same_year.iterrows()
                  if not _consistent(claim, float(row[column]), ROUNDING_TOLERANCE_PCT)]
        if others:
            text += f"; other sources for {year} disagree: {', '.join(others)}"
    return text + "."


def shortfall_months(cut_share: float, cut_months: float, inventory_months: float) -> float:
    """Months of unmet demand in a supply cut, after inventory runs out.

    A cut removes ``cut_share`` of monthly supply (0-1) for ``cut_months``; inventory of
    ``inventory_months`` of normal consumption covers the missing share for
    ``inventory_months / cut_share`` months. Shortfall = max(0, cut_months - that).
    """
    if not 0 <= cut_share <= 1:
        raise ValueError("cut_share must be between 0 and 1")
    if cut_share == 0:
        return 0.0
    return max(0.0, cut_months - inventory_months / cut_share)


def scenario_grid(cut_shares: list[float], cut_months: list[float],
                  inventory_months: float) -> pd.DataFrame:
    """`shortfall_months` for every combination of cut share and duration."""
    return pd.DataFrame([
        {"cut_share_pct": 100 * share, "cut_months": months,
         "inventory_months": inventory_months,
         "shortfall_months": shortfall_months(share, months, inventory_months)}
        for share in cut_shares for months in cut_months])


REFERENCE_DATASETS = ("japan_import_shares", "china_supply_chain_shares", "mine_production",
                      "china_exports_to_japan", "cutoff_cost_estimates")


def load_references(tables_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Every reference dataset the dependency briefing uses, typed.

    Args:
        tables_dir: a build's tables folder: its ``reference/`` copies are read as they are
            (`chokepoints.reference.publish_references` validated them when it wrote them).
            None, or a folder without copies: the project's datasets, validated.
    """
    from chokepoints.reference import load_reference

    if tables_dir:
        from chokepoints.analyze import wait_for_tables

        wait_for_tables(tables_dir)
    copies = Path(tables_dir) / config.REFERENCE_TABLES_DIR_NAME if tables_dir else None
    if copies is not None and copies.is_dir():
        return {name: load_reference(name, copies, validate=False)
                for name in REFERENCE_DATASETS}
    return {name: load_reference(name) for name in REFERENCE_DATASETS}


def cited_stages(shares: pd.DataFrame) -> pd.DataFrame:
    """China's refining, magnet and cited mining shares, as published (not excluded)."""
    return _usable(shares).sort_values(["stage", "reference_year"]).reset_index(drop=True)


def usable(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of a reference dataset that the checks did not exclude."""
    return _usable(frame).reset_index(drop=True)
