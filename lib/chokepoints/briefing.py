"""Computed narrative for the briefings: headers, one-sentence summaries and provenance.

Every number in these sentences comes from the analysis tables; article text is escaped.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pandas as pd

from chokepoints import __version__, config
from chokepoints.corpus import content_hash, load_perspectives


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def format_date(day: date | pd.Timestamp | None) -> str:
    """'6 January 2026' (no leading zero), or 'unknown'."""
    if day is None or pd.isna(day):
        return "unknown"
    return f"{day.day} {day:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def describe_corpus(articles: pd.DataFrame) -> str:
    """One sentence saying what the corpus holds (plain text)."""
    if articles.empty:
        return "The corpus holds no article on or before the as-of date."
    perspectives = articles["perspective"].value_counts()
    mix = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in perspectives.items())
    dated = articles["published"].dropna()
    if dated.empty:
        when = "none of them dated"
    else:
        first, last = format_date(dated.min()), format_date(dated.max())
        when = f"published {first}" if first == last else f"published {first} to {last}"
        undated = len(articles) - len(dated)
        if undated:
            when += f" ({undated} undated)"
    outlets = articles["outlet"].dropna().nunique()
    return (f"{_plural(len(articles), 'article')} ({mix}) from {_plural(outlets, 'named outlet')}, "
            f"{when}: {int(articles['n_words'].sum()):,} words in "
            f"{int(articles['n_sentences'].sum()):,} sentences after cleaning removed "
            f"{_plural(int(articles['n_furniture_lines_removed'].sum()), 'line')} of page "
            "furniture.")


def header(title: str, articles: pd.DataFrame, as_of: date | str | None) -> str:
    """HTML opening of a briefing: title, as-of date and the corpus in one sentence."""
    if as_of:
        day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
        when = f"As of {format_date(day)}"
    else:
        latest = articles["published"].dropna().max() if not articles.empty else None
        when = f"As of the latest article ({format_date(latest)})"
    return (f'<div class="cp-header"><h1>{_escape(title)}</h1>'
            f'<p class="cp-asof"><strong>{_escape(when)}.</strong> '
            f"{_escape(describe_corpus(articles))}</p></div>")


def articles_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """The corpus as a reader-facing table: one row per article."""
    table = pd.DataFrame({
        "Article": articles["label"],
        "Outlet": articles["outlet"].fillna("not stated"),
        "Published": articles["published"].map(format_date),
        "Perspective": articles["perspective"].str.replace("_", " "),
        "Paragraphs": articles["n_paragraphs"],
        "Sentences": articles["n_sentences"],
        "Words": articles["n_words"],
        "Furniture lines removed": articles["n_furniture_lines_removed"],
        "Polarity": articles["polarity"].round(3),
        "Subjectivity": articles["subjectivity"].round(3),
    })
    return table.set_index("Article")


def perspectives_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Perspective vocabulary with how many articles use each value."""
    counts = articles["perspective"].value_counts()
    rows = [{"Perspective": name, "Articles": int(counts.get(name, 0)), "Meaning": meaning}
            for name, meaning in load_perspectives().items()]
    return pd.DataFrame(rows).set_index("Perspective")


def cleaning_summary(cleaning: pd.DataFrame) -> pd.DataFrame:
    """Furniture removed across the corpus, by kind, with an example line."""
    removed = cleaning[cleaning["role"].isin(["furniture", "inline_furniture"])]
    if removed.empty:
        return pd.DataFrame(columns=["Lines or pieces", "Example"])
    grouped = removed.groupby("kind", sort=True)
    return pd.DataFrame({
        "Lines or pieces": grouped.size(),
        "Example": grouped["text"].first().map(lambda t: t if len(t) <= 80 else t[:77] + "…"),
    }).sort_values("Lines or pieces", ascending=False, kind="stable")


def sentiment_summary(articles: pd.DataFrame, sentences: pd.DataFrame) -> str:
    """Plain-text sentences on overall tone: range of article means, extremes with evidence."""
    if articles.empty or sentences.empty:
        return "No sentences to score."
    ranked = articles.sort_values("polarity", kind="stable")
    low, high = ranked.iloc[0], ranked.iloc[-1]
    share_negative = (sentences["polarity"] < 0).mean()
    neutral = (sentences["polarity"] == 0).mean()
    most_negative = sentences.sort_values("polarity", kind="stable").iloc[0]
    spread = "all close to neutral" if max(abs(low["polarity"]), abs(high["polarity"])) < 0.1 \
        else "a visible spread"
    return (f"Article tone ranges from {low['polarity']:+.3f} ({low['label']}) to "
            f"{high['polarity']:+.3f} ({high['label']}) on a scale of -1 to +1: {spread}. "
            f"Of {len(sentences):,} sentences, {share_negative:.0%} score negative and "
            f"{neutral:.0%} exactly zero (no sentiment word in the lexicon). The most negative "
            f"sentence ({most_negative['polarity']:+.2f}, {most_negative['sentence_id']}): "
            f"“{most_negative['text']}”")


def as_paragraph(text: str) -> str:
    """Escape plain text and wrap it in an HTML paragraph."""
    return f"<p>{_escape(text)}</p>"


def provenance(corpus_dir: Path | str | None, parameters: dict) -> str:
    """HTML block: package version, corpus and its content hash, parameters."""
    corpus_dir = Path(corpus_dir) if corpus_dir else config.DEFAULT_CORPUS_DIR
    try:
        shown = corpus_dir.resolve().relative_to(config.PROJECT_DIR).as_posix()
    except ValueError:
        shown = corpus_dir.name
    params = ", ".join(f"{k}={v!r}" for k, v in sorted(parameters.items())) or "defaults"
    return ('<div class="cp-provenance"><p><strong>Provenance.</strong> '
            f"chokepoints {_escape(__version__)}; corpus <code>{_escape(shown)}</code> "
            f"(content sha256 {content_hash(corpus_dir)[:16]}); parameters: "
            f"{_escape(params)}.</p></div>")


def _name(value: object) -> str:
    return str(value).replace("_", " ")


def tone_contrast(summary: pd.DataFrame, by: str) -> str:
    """Plain text: which groups read most and least positive, with intervals and counts."""
    if summary.empty:
        return "No sentences to compare."
    ranked = summary.sort_values("mean", kind="stable")
    low, high = ranked.iloc[0], ranked.iloc[-1]
    if len(summary) == 1:
        return (f"Only one {by} is selected: {_name(low[by])}, mean polarity "
                f"{low['mean']:+.3f} over {low['n_sentences']} sentences.")
    overlap = low["high"] >= high["low"]
    verdict = ("the intervals overlap, so the difference is within what the sentences' spread "
               "allows" if overlap else "the intervals do not overlap")
    return (f"By {by}, tone runs from {_name(low[by])} ({low['mean']:+.3f}, 90% interval "
            f"{low['low']:+.3f} to {low['high']:+.3f}, {low['n_sentences']} sentences) to "
            f"{_name(high[by])} ({high['mean']:+.3f}, {high['low']:+.3f} to {high['high']:+.3f}, "
            f"{high['n_sentences']} sentences): {verdict}.")


def frame_findings(contrasts: dict, by: str = "perspective") -> str:
    """Plain text: the frame each group leans on most, and the widest gap between groups."""
    leans = contrasts["leans"]
    if leans.empty:
        return "No framed sentences."
    parts = [f"{_name(group)} leans most on {row['label'].lower()} ({row['share_pct']:.0f}% of "
             f"its sentences)" for group, row in leans.iterrows()]
    text = "By " + by + ": " + "; ".join(parts) + "."
    widest = contrasts["widest"]
    if widest:
        text += (f" The widest difference is in the {widest['label'].lower()} frame: "
                 f"{widest['high_pct']:.0f}% of {_name(widest['high_group'])} sentences against "
                 f"{widest['low_pct']:.0f}% of {_name(widest['low_group'])} sentences.")
    return text


def voice_findings(voices: pd.DataFrame) -> str:
    """Plain text: per outlet, the side that gets the largest share of quotes."""
    if voices.empty:
        return "No attributed quotes in the selected articles."
    top = (voices.sort_values("share_pct", ascending=False, kind="stable")
           .groupby("outlet", sort=True).head(1))
    parts = [f"{row['outlet']}: {row['side_label']} ({row['share_pct']:.0f}% of "
             f"{int(voices[voices['outlet'] == row['outlet']]['n_quotes'].sum())} quotes)"
             for _, row in top.iterrows()]
    return "The side quoted most in each outlet — " + "; ".join(parts) + "."


def agreement_findings(agreement: pd.DataFrame, disagreements: pd.DataFrame) -> str:
    """Plain text: how far the two lexicons agree, and how many sentences they split on."""
    if agreement.empty:
        return "No sentences scored."
    low = agreement.sort_values("sign_agreement", kind="stable").iloc[0]
    return (f"TextBlob and VADER give the same sign (positive, negative or neutral) to "
            f"{agreement['sign_agreement'].min():.0%} to {agreement['sign_agreement'].max():.0%} "
            f"of an article's sentences (lowest: {low['article']}); rank correlation per article "
            f"ranges from {agreement['correlation'].min():.2f} to "
            f"{agreement['correlation'].max():.2f}. They disagree strongly on "
            f"{len(disagreements)} sentences (listed in the framing briefing): read those before "
            "trusting a tone difference.")


def dependency_findings(series: pd.DataFrame, mining: pd.DataFrame, hhi: pd.DataFrame) -> str:
    """Plain text: the import-share trend, China's mining share and concentration, as cited."""
    known = series.dropna(subset=["value"])
    if known.empty:
        return "No reference figures for Japan's import share."
    first, last = known.iloc[0], known.iloc[-1]
    peak = known.sort_values("value", ascending=False, kind="stable").iloc[0]
    gaps = int(series["value"].isna().sum())
    text = (f"China's share of Japan's rare-earth imports was {_bound(first)}"
            f"{first['value']:g}% in {first['reference_year']} ({first['source_org']}) and "
            f"{_bound(last)}{last['value']:g}% in {last['reference_year']} "
            f"({last['source_org']}); the highest cited figure is {peak['value']:g}% "
            f"({peak['reference_year']}). {gaps} of {len(series)} years have no cited figure.")
    if not mining.empty:
        latest = mining.iloc[-1]
        text += (f" China mined {latest['china_share_pct']:.0f}% of world output in "
                 f"{int(latest['reference_year'])} ({latest['china_tonnes']:,.0f} of "
                 f"{latest['world_tonnes']:,.0f} t).")
    if not hhi.empty:
        latest = hhi.iloc[-1]
        text += (f" Production concentration (HHI) was {latest['hhi_low']:,.0f} to "
                 f"{latest['hhi_high']:,.0f} in {int(latest['reference_year'])}, far above the "
                 "2,500 "
                 "that competition authorities call highly concentrated.")
    return text


def _bound(row: pd.Series) -> str:
    return {"lower_bound": "over ", "approximate": "about ", "upper_bound": "under "}.get(
        str(row.get("value_bound", "")), "")


def claims_spread(reconciled: pd.DataFrame) -> str:
    """Plain text: how far the articles' figures for one metric spread, and why."""
    if reconciled.empty:
        return "No metric is cited by two or more articles."
    parts = []
    for metric, group in reconciled.groupby("metric", sort=True):
        figures = ", ".join(f"{row['claim']} ({row['outlet']})" for _, row in group.iterrows())
        parts.append(f"{metric.replace('_', ' ')}: {len(group)} figures from "
                     f"{group['article_id'].nunique()} articles: {figures}")
    return "; ".join(parts) + "."


def scenario_sentence(cut_share: float, cut_months: float, inventory_months: float) -> str:
    """Plain text: the scenario of this briefing's parameters, worked through the formula."""
    from chokepoints.dependency import shortfall_months

    months = shortfall_months(cut_share, cut_months, inventory_months)
    cover = inventory_months / cut_share if cut_share else float("inf")
    return (f"With {cut_share:.0%} of supply cut for {cut_months:g} months and "
            f"{inventory_months:g} months of stock, the stock lasts {cover:.1f} months, leaving "
            f"{months:.1f} months of shortfall.")


FRAMING = "01_source_framing_sentiment.html"
DEPENDENCY = "02_rare_earth_dependency.html"
CHRONOLOGY = "03_escalation_chronology.html"


def section_anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading ("What it holds" -> "What-it-holds")."""
    return heading.strip().replace(" ", "-")


def _link(page: str, heading: str) -> str:
    return f"{page}#{section_anchor(heading)}"


def executive_findings(tables, references: dict[str, pd.DataFrame]) -> list[dict[str, str]]:
    """The findings that matter, each a sentence computed from the analyses with a link to the
    briefing section that shows the evidence.

    Args:
        tables: the analysis tables (`chokepoints.analyze.Tables`).
        references: the reference datasets (`chokepoints.dependency.load_references`).

    Returns:
        A list of ``{"text": ..., "href": ...}``; a finding whose data are missing is left out.
    """
    from chokepoints import dependency, summaries
    from chokepoints.actors import load_actors

    found: list[dict[str, str]] = []
    if tables.articles.empty:
        return found
    shares = summaries.frame_shares(tables, "perspective")
    contrasts = summaries.frame_contrasts(shares, "perspective")
    if contrasts["widest"]:
        found.append({"text": frame_findings(contrasts, "perspective"),
                      "href": _link(FRAMING, "How each outlet frames the story")})
    by_outlet = summaries.sentiment_by(tables, "outlet")
    if len(by_outlet) > 1:
        found.append({"text": tone_contrast(by_outlet, "outlet"),
                      "href": _link(FRAMING, "How it feels: tone by outlet and perspective")})
    quotes = tables.quotes[~tables.quotes["is_scare_quote"].fillna(False).astype(bool)]
    if len(quotes):
        sides = load_actors().sides
        counts = quotes["side"].value_counts()
        top = counts.index[0]
        found.append({"text": f"Of {len(quotes)} attributed quotes, {counts.iloc[0]} "
                              f"({counts.iloc[0] / len(quotes):.0%}) give voice to: "
                              f"{sides.get(top, top)}; then "
                              + "; ".join(f"{sides.get(s, s)}: {n}"
                                          for s, n in counts.iloc[1:].items()) + ".",
                      "href": _link(FRAMING, "Who gets a voice")})
    agreement, disagreements = summaries.scorer_agreement_by_article(tables)
    if len(agreement):
        found.append({"text": agreement_findings(agreement, disagreements),
                      "href": _link(FRAMING, "Does a second lexicon agree?")})
    series = dependency.annual_series(references["japan_import_shares"], "china_share_pct")
    mining = dependency.china_mining_share(references["mine_production"])
    hhi = dependency.concentration(references["mine_production"])
    if series["value"].notna().any():
        found.append({"text": dependency_findings(series, mining, hhi),
                      "href": _link(DEPENDENCY, "Trends")})
    if hasattr(tables, "events") and tables.events["date_start"].notna().any():
        found.append({"text": chronology_findings(tables.events),
                      "href": _link(CHRONOLOGY, "Timeline")})
    reconciled = dependency.reconcile(tables.claims, tables.articles, tables.sentences,
                                      references, tables.quotes)
    from chokepoints.claims import load_metrics

    described = {m.id: m.description for m in load_metrics().metrics}
    for metric, group in reconciled.groupby("metric", sort=True):
        figures = sorted(group["claim"], key=str.lower)
        what = described.get(metric, metric.replace("_", " "))
        found.append({"text": f"The articles cite {len(group)} figures from "
                              f"{group['article_id'].nunique()} articles for one quantity "
                              f"({what}): "
                              f"{'; '.join(figures)}. Each is "
                              "checked against the reference data, with the likely reason for "
                              "the differences (vintage, definition, rounding, source quoted).",
                      "href": _link(DEPENDENCY, "What the articles claim, and whether their "
                                                "figures agree")})
    return found


def findings_html(findings: list[dict[str, str]]) -> str:
    """An ordered list of findings, each linking to its evidence (text escaped)."""
    if not findings:
        return "<p>No findings: the corpus holds no article on or before the as-of date.</p>"
    items = "".join(f'<li>{_escape(f["text"])} <a href="{_escape(f["href"])}">Evidence →</a>'
                    "</li>" for f in findings)
    return f'<ol class="cp-findings">{items}</ol>'


def chronology_findings(events: pd.DataFrame, recent_days: int = 90) -> str:
    """Plain text: span of the chronology, the sharpest recent step, the latest steps."""
    dated = events.dropna(subset=["date_start"]).sort_values("date_start", kind="stable")
    if dated.empty:
        return "No dated events in the selected articles."
    first, last = dated.iloc[0], dated.iloc[-1]
    starts = pd.to_datetime(dated["date_start"])
    recent = dated[starts >= starts.max() - pd.Timedelta(days=recent_days)]
    worst = recent.sort_values(["intensity", "date_start"], ascending=[True, False],
                               kind="stable").iloc[0]
    latest = dated.tail(3).iloc[::-1]
    steps = "; ".join(f"{row['summary']} ({row['date_value']}, {row['origin']})"
                      for _, row in latest.iterrows())
    multi = int((dated["n_sources"] >= 2).sum())
    return (f"{len(dated)} dated events from {first['date_value']} to {last['date_value']}; "
            f"{multi} are told by two or more articles. The sharpest step of the last "
            f"{recent_days} days (Goldstein {worst['intensity']:+.1f}): {worst['summary']} "
            f"({worst['date_value']}). Latest steps: {steps}.")


def format_figure(value: object) -> str:
    """A figure as a reader writes it: thousands separated, no exponent, no trailing zeros
    ("" when missing)."""
    if value is None or pd.isna(value):
        return ""
    text = f"{float(value):,f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def claims_table(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The claims table as readers see it, by article: the figure as written, its value (or
    range) in plain numbers, unit, qualifier, kind, metric and year; empty cells where there is
    none."""
    labels = articles.set_index("id")["label"]
    ranges = [f"{low}–{high}" if low and high and low != high else ""
              for low, high in zip(map(format_figure, claims["low"]),
                                   map(format_figure, claims["high"]), strict=True)]
    return pd.DataFrame({
        "Article": claims["article_id"].map(labels).fillna(claims["article_id"]),
        "Figure as written": claims["text"],
        "Value": [format_figure(value) for value in claims["value"]], "Range": ranges,
        "Unit": claims["unit"], "Qualifier": claims["qualifier"],
        "Kind": claims["kind"], "Metric": claims["metric"],
        "Year": claims["refers_to_year"].astype("string"),
    }).fillna("").set_index("Article")


def _year(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def reconciliation_table(reconciled: pd.DataFrame) -> pd.DataFrame:
    """The table of `chokepoints.dependency.reconcile` as readers see it, by metric: each
    figure as written beside the reference value it is checked against."""
    return reader_table(reconciled, {
        "metric": "Metric", "outlet": "Article", "claim": "Figure as written",
        "refers_to_year": "Year it is for", "vintage_year": "Vintage",
        "reference_value": "Reference value", "reference_year": "Reference year",
        "likely_reason": "Likely reason"},
        years=("refers_to_year", "vintage_year", "reference_year"))


def reader_table(frame: pd.DataFrame, columns: dict[str, str],
                 years: tuple[str, ...] = ()) -> pd.DataFrame:
    """Some columns of a table as readers see them: renamed (``columns`` maps each to its
    heading; the first becomes the index), numbers in plain figures (``years`` as years, with
    no thousands separator), empty cells for missing values."""
    table = frame[list(columns)].copy()
    for name in list(columns)[1:]:
        column = table[name]
        if name in years:
            table[name] = column.map(_year)
        elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            table[name] = column.map(format_figure)
    table = table.rename(columns=columns).astype(object).fillna("")
    return table.set_index(columns[next(iter(columns))])
