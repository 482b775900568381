"""Plotly figures built from the analysis tables, in one house style."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "chokepoints"
FONT = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif"
#: One colour per perspective, stable across every chart and notebook.
PERSPECTIVE_COLORS = {
    "china_state": "#c0392b",
    "japan": "#2c6fbb",
    "western_media": "#6c5b7b",
    "think_tank": "#2a9d8f",
    "trade_press": "#e9a23b",
    "newsletter": "#8a8a8a",
    "other": "#b5b5b5",
}
ROLE_COLORS = {"body": "#2a9d8f", "title": "#264653", "heading": "#6c8ead",
               "furniture": "#e76f51", "inline_furniture": "#f4a261"}
SENTIMENT_SOURCE = "Sentiment: TextBlob pattern lexicon, per sentence."


#: The trace types the charts draw. The house template styles only these: plotly copies the
#: whole template into every figure, and plotly_white's styles for its 24 trace types cost
#: time in every chart and bytes in every page.
TRACE_TYPES = ("bar", "box", "heatmap", "scatter")


def _register_template() -> None:
    white = pio.templates["plotly_white"]
    styles = white.data.to_plotly_json()
    template = go.layout.Template(layout=white.layout, data={
        kind: styles[kind] for kind in TRACE_TYPES if kind in styles})
    template.layout.font = {"family": FONT, "size": 13, "color": "#222"}
    template.layout.title = {"x": 0.0, "xanchor": "left", "font": {"size": 17}}
    template.layout.margin = {"l": 70, "r": 30, "t": 90, "b": 110}
    template.layout.colorway = list(PERSPECTIVE_COLORS.values())
    pio.templates[TEMPLATE_NAME] = template


_register_template()


def setup_notebook() -> None:
    """Use the house template and emit figures as plotly JSON only.

    JupyterLab draws that JSON, nbval compares it exactly, and the HTML export
    (`chokepoints.build`) turns it into a drawn chart with plotly.js inlined once.
    """
    pio.templates.default = TEMPLATE_NAME
    pio.renderers.default = "plotly_mimetype"
    pd.set_option("display.max_colwidth", 200)  # show whole cells in reader-facing tables


LEGENDS = {
    # A row above the plot, right-aligned: for a few entries.
    "top": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
    # A column right of the plot: for many entries.
    "right": {"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.02},
}
SOURCE_WIDTH = 120  # characters per line of the source note


def finish(fig: go.Figure, title: str, source: str, x_title: str = "", y_title: str = "",
           height: int = 420, legend: str = "top", tick_lines: int = 1) -> go.Figure:
    """Apply the house layout: title, axis titles, legend place and a source note under the plot.

    Args:
        fig: the figure to finish.
        title: chart title (plain text).
        source: where the data come from; wrapped onto lines of `SOURCE_WIDTH` characters.
        x_title: x-axis title, with unit.
        y_title: y-axis title, with unit.
        height: figure height in pixels.
        legend: ``top`` (a row above the plot) or ``right`` (a column beside it).
        tick_lines: lines of text in the x-axis tick labels (the note goes below them).
    """
    lines = textwrap.wrap(source, SOURCE_WIDTH)
    below = 16 * (tick_lines - 1)
    # A figure made after `setup_notebook` has the house template already: setting it again
    # copies and validates the whole template (about 4 ms a chart).
    template = {} if pio.templates.default == TEMPLATE_NAME else {"template": TEMPLATE_NAME}
    fig.update_layout(**template, title={"text": title}, height=height + below,
                      legend=LEGENDS[legend],
                      margin={"b": 80 + below + 14 * len(lines)})
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0,
                       yshift=-62 - below, xanchor="left", yanchor="top", showarrow=False,
                       font={"size": 11, "color": "#666"}, align="left")
    return fig


def _padded(values: pd.Series, share: float) -> list[float]:
    """Axis range around ``values`` with ``share`` of their span added on each side."""
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * share or 0.05
    return [low - pad, high + pad]


def _escaped(articles: pd.DataFrame) -> pd.DataFrame:
    """Copy with labels escaped: plotly reads tags in text, and article text is untrusted."""
    out = articles.copy()
    out["label"] = out["label"].map(lambda text: html.escape(str(text), quote=False))
    return out


def _source(articles: pd.DataFrame, table: str, extra: str = "") -> str:
    text = f"Source: chokepoints analysis of {len(articles)} articles; data: {table}."
    return f"{text} {extra}".strip()


def corpus_timeline(articles: pd.DataFrame) -> go.Figure:
    """Articles by publication date, coloured by perspective, sized by words kept.

    Undated articles are listed in a note rather than placed on a guessed date.
    """
    articles = _escaped(articles)
    fig = go.Figure()
    dated = articles.dropna(subset=["published"])
    for perspective, group in dated.groupby("perspective", sort=True):
        fig.add_trace(go.Scatter(
            x=group["published"], y=group["label"], mode="markers", name=str(perspective),
            marker={"size": (group["n_words"] / 40 + 8).round(1).tolist(),
                    "color": PERSPECTIVE_COLORS.get(str(perspective), "#999"),
                    "line": {"width": 1, "color": "#fff"}},
            customdata=group[["n_words", "n_sentences"]].to_numpy(),
            hovertemplate="%{y}<br>%{x|%d %b %Y}<br>%{customdata[0]} words, "
                          "%{customdata[1]} sentences<extra>" + str(perspective) + "</extra>",
        ))
    undated = articles[articles["published"].isna()]
    note = ""
    if len(undated):
        note = f" Undated, not shown: {len(undated)} ({', '.join(undated['label'])})."
    fig.update_xaxes(tickformat="%d %b %Y", dtick=86400000)
    return finish(fig, "When the articles were published", _source(articles, "articles.csv", note),
                  "Publication date", "", height=360)


def article_lengths(articles: pd.DataFrame) -> go.Figure:
    """Words kept in each article after cleaning, coloured by perspective."""
    articles = _escaped(articles)
    fig = go.Figure()
    for perspective, group in articles.groupby("perspective", sort=True):
        fig.add_trace(go.Bar(
            x=group["n_words"], y=group["label"], orientation="h", name=str(perspective),
            marker_color=PERSPECTIVE_COLORS.get(str(perspective), "#999"),
            customdata=group[["n_sentences", "n_paragraphs"]].to_numpy(),
            hovertemplate="%{y}<br>%{x} words, %{customdata[0]} sentences, "
                          "%{customdata[1]} paragraphs<extra></extra>",
        ))
    fig.update_yaxes(categoryorder="array", categoryarray=list(articles["label"])[::-1])
    return finish(fig, "How long each article is once cleaned",
                  _source(articles, "articles.csv", "Words of body text, headings and furniture "
                          "excluded."), "Words", "", height=360)


def cleaning_breakdown(cleaning: pd.DataFrame, articles: pd.DataFrame) -> go.Figure:
    """Raw lines per article by what cleaning did with them (kept, heading, furniture kind)."""
    articles = _escaped(articles)
    lines = cleaning[cleaning["role"] != "inline_furniture"].copy()
    lines["what"] = lines["role"].where(lines["role"] != "furniture",
                                        "furniture: " + lines["kind"].fillna("other"))
    counts = (lines.groupby(["article_id", "what"]).size().rename("lines").reset_index()
              .merge(articles[["id", "label"]], left_on="article_id", right_on="id"))
    order = ["body", "title", "heading",
             *sorted(w for w in counts["what"].unique() if w.startswith("furniture"))]
    palette = ["#e76f51", "#f4a261", "#e9c46a", "#d62828", "#9d0208", "#ff8fa3", "#b5838d",
               "#6d597a", "#e5989b", "#ffb4a2"]
    fig = go.Figure()
    furniture_index = 0
    for what in order:
        group = counts[counts["what"] == what]
        if group.empty:
            continue
        if what.startswith("furniture"):
            color = palette[furniture_index % len(palette)]
            furniture_index += 1
        else:
            color = ROLE_COLORS[what]
        fig.add_trace(go.Bar(y=group["label"], x=group["lines"], name=what, orientation="h",
                             marker_color=color,
                             hovertemplate="%{y}<br>%{x} line(s): " + what + "<extra></extra>"))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(categoryorder="array", categoryarray=list(articles["label"])[::-1])
    return finish(fig, "What cleaning kept and removed, line by line",
                  _source(articles, "cleaning.csv", "Each non-empty raw line counts once."),
                  "Raw lines", "", height=500, legend="right")


def sentiment_by_article(articles: pd.DataFrame, sentences: pd.DataFrame) -> go.Figure:
    """Sentence polarity per article (box and points) with the length-weighted article mean."""
    articles = _escaped(articles)
    merged = sentences.merge(articles[["id", "label", "perspective"]], left_on="article_id",
                             right_on="id")
    fig = go.Figure()
    for _, article in articles.iterrows():
        group = merged[merged["article_id"] == article["id"]]
        fig.add_trace(go.Box(
            x=group["polarity"], y=group["label"], name=article["label"], orientation="h",
            boxpoints="all", jitter=0.4, pointpos=0, showlegend=False,
            marker={"color": PERSPECTIVE_COLORS.get(article["perspective"], "#999"), "size": 5,
                    "opacity": 0.6},
            line={"width": 1}, customdata=group[["sentence_id"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>polarity %{x:.2f}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=articles["polarity"], y=articles["label"], mode="markers", name="article mean",
        marker={"symbol": "diamond", "size": 12, "color": "#111"},
        hovertemplate="%{y}<br>length-weighted mean %{x:.3f}<extra></extra>",
    ))
    fig.add_vline(x=0, line={"color": "#999", "dash": "dot"})
    fig.update_xaxes(range=[-1, 1])
    return finish(fig, "Sentence sentiment in each article",
                  _source(articles, "sentences.csv", SENTIMENT_SOURCE + " Diamond: article mean "
                          "weighted by sentence length."),
                  "Polarity (-1 negative, +1 positive)", "", height=440)


def polarity_subjectivity(articles: pd.DataFrame) -> go.Figure:
    """Each article's mean polarity against mean subjectivity, coloured by perspective."""
    articles = _escaped(articles)
    fig = go.Figure()
    for perspective, group in articles.groupby("perspective", sort=True):
        fig.add_trace(go.Scatter(
            x=group["subjectivity"], y=group["polarity"], mode="markers+text",
            text=group["label"], textposition="top center", name=str(perspective),
            marker={"size": 13, "color": PERSPECTIVE_COLORS.get(str(perspective), "#999")},
            hovertemplate="%{text}<br>subjectivity %{x:.3f}<br>polarity %{y:.3f}<extra></extra>",
        ))
    fig.add_hline(y=0, line={"color": "#999", "dash": "dot"})
    fig.update_traces(cliponaxis=False)
    fig.update_xaxes(range=_padded(articles["subjectivity"], 0.25))
    fig.update_yaxes(range=_padded(pd.concat([articles["polarity"], pd.Series([0.0])]), 0.15))
    return finish(fig, "Tone and opinion: article means",
                  _source(articles, "articles.csv", SENTIMENT_SOURCE),
                  "Subjectivity (0 factual, 1 opinionated)", "Polarity", height=440)


SIDE_COLORS = {"china_government": "#c0392b", "japan_government": "#2c6fbb",
               "industry_analysts": "#e9a23b", "united_states": "#6c5b7b", "other": "#9a9a9a"}
ACTOR_COLORS = {"china": "#c0392b", "japan": "#2c6fbb", "united_states": "#6c5b7b",
                "taiwan": "#2a9d8f"}
HOVER_WIDTH = 70


def hover_text(text: object, width: int = HOVER_WIDTH) -> str:
    """Article text made safe and readable in a hover label: escaped, wrapped with <br>."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return "<br>".join(textwrap.wrap(html.escape(str(text), quote=False), width))


def group_sentiment(summary: pd.DataFrame, by: str, scorer: str = "TextBlob") -> go.Figure:
    """Length-weighted mean polarity per group with its bootstrap interval."""
    summary = summary.assign(name=summary[by].map(lambda t: html.escape(str(t), quote=False)))
    fig = go.Figure(go.Scatter(
        x=summary["mean"], y=summary["name"], mode="markers",
        marker={"size": 11, "color": "#264653"},
        error_x={"type": "data", "symmetric": False,
                 "array": (summary["high"] - summary["mean"]).tolist(),
                 "arrayminus": (summary["mean"] - summary["low"]).tolist(),
                 "color": "#264653", "thickness": 1.5},
        customdata=summary[["n_sentences", "low", "high", "sd"]].to_numpy(),
        hovertemplate="%{y}<br>mean %{x:.3f} (90% interval %{customdata[1]:.3f} to "
                      "%{customdata[2]:.3f})<br>%{customdata[0]} sentences, sd "
                      "%{customdata[3]:.3f}<extra></extra>",
        showlegend=False,
    ))
    fig.add_vline(x=0, line={"color": "#999", "dash": "dot"})
    fig.update_yaxes(categoryorder="array", categoryarray=list(summary["name"])[::-1])
    return finish(fig, f"Tone by {by}: mean polarity with a 90% bootstrap interval",
                  f"Source: chokepoints analysis; data: sentences.csv. {scorer} polarity per "
                  "sentence, mean weighted by sentence length; interval from 2,000 resamples "
                  "of the group's sentences.", "Polarity (-1 negative, +1 positive)", "",
                  height=120 + 45 * len(summary))


def scorer_scatter(sentences: pd.DataFrame, articles: pd.DataFrame) -> go.Figure:
    """Each sentence's TextBlob polarity against its VADER compound score."""
    labels = articles.set_index("id")["label"]
    fig = go.Figure()
    for article_id, group in sentences.groupby("article_id", sort=True):
        fig.add_trace(go.Scatter(
            x=group["polarity"], y=group["vader_compound"], mode="markers",
            name=html.escape(str(labels.get(article_id, article_id)), quote=False),
            marker={"size": 7, "opacity": 0.75},
            customdata=list(zip(group["sentence_id"], group["text"].map(hover_text),
                                strict=True)),
            hovertemplate="%{customdata[0]}<br>TextBlob %{x:.2f}, VADER %{y:.2f}<br>"
                          "%{customdata[1]}<extra></extra>",
        ))
    fig.add_shape(type="line", x0=-1, y0=-1, x1=1, y1=1, line={"color": "#bbb", "dash": "dot"})
    fig.update_xaxes(range=[-1.05, 1.05])
    fig.update_yaxes(range=[-1.05, 1.05])
    return finish(fig, "Two lexicons, one sentence at a time: TextBlob against VADER",
                  "Source: chokepoints analysis; data: sentences.csv (polarity, vader_compound). "
                  "Points on the dotted diagonal are sentences the two lexicons score alike.",
                  "TextBlob polarity", "VADER compound", height=520, legend="right")


def actor_sentiment_chart(summary: pd.DataFrame) -> go.Figure:
    """Per outlet, mean polarity of the sentences that speak of each actor."""
    fig = go.Figure()
    for actor, group in summary.groupby("actor", sort=False):
        fig.add_trace(go.Scatter(
            x=group["polarity"], y=group["outlet"].map(lambda t: html.escape(str(t), quote=False)),
            mode="markers", name=str(group["actor_label"].iloc[0]),
            marker={"size": (group["n_sentences"] * 1.5 + 6).clip(upper=30).tolist(),
                    "color": ACTOR_COLORS.get(str(actor), "#999"), "opacity": 0.85,
                    "line": {"width": 1, "color": "#fff"}},
            customdata=list(zip(group["n_sentences"],
                                group["most_negative"].map(hover_text),
                                group["most_negative_polarity"],
                                group["most_positive"].map(hover_text),
                                group["most_positive_polarity"], strict=True)),
            hovertemplate="%{y}: sentences about " + html.escape(str(actor)) + "<br>"
                          "mean polarity %{x:.3f} over %{customdata[0]} sentences<br>"
                          "<b>most negative</b> (%{customdata[2]:.2f}): %{customdata[1]}<br>"
                          "<b>most positive</b> (%{customdata[4]:.2f}): %{customdata[3]}"
                          "<extra></extra>",
        ))
    fig.add_vline(x=0, line={"color": "#999", "dash": "dot"})
    outlets = list(dict.fromkeys(summary["outlet"]))
    return finish(fig, "How each outlet's sentences about each actor feel",
                  "Source: chokepoints analysis; data: actor_sentiment.csv. Actors and their "
                  "aliases: data/reference/actors.yml. Marker size: number of sentences. "
                  "TextBlob polarity, length-weighted.", "Polarity of sentences naming the "
                  "actor", "", height=160 + 55 * len(outlets))


def frame_heatmap(shares: pd.DataFrame, by: str, title: str) -> go.Figure:
    """Share of each group's sentences carrying each frame, with an example on hover.

    Frames no group uses are left out (named in the source note).
    """
    groups = list(dict.fromkeys(shares[by]))
    used = shares.groupby("label", sort=False)["n_framed"].sum()
    frames = [f for f in dict.fromkeys(shares["label"]) if used[f] > 0]
    unused = [f for f in dict.fromkeys(shares["label"]) if used[f] == 0]
    pivot = shares.pivot(index="label", columns=by, values="share_pct").loc[frames, groups]
    cells = {(group, label): (n_framed, n_sentences, example) for group, label, n_framed,
             n_sentences, example in shares[[by, "label", "n_framed", "n_sentences", "example"]]
             .itertuples(index=False, name=None)}
    hover = [[f"{cells[g, f][0]} of {cells[g, f][1]} sentences<br>e.g. "
              f"{hover_text(cells[g, f][2])}" for g in groups] for f in frames]
    ticks = ["<br>".join(textwrap.wrap(html.escape(str(g), quote=False), 18)) for g in groups]
    fig = go.Figure(go.Heatmap(
        z=pivot.to_numpy().round(1), x=ticks, y=frames,
        colorscale="Blues", zmin=0, colorbar={"title": {"text": "% of<br>sentences"}},
        text=pivot.to_numpy().round(0), texttemplate="%{text:.0f}", customdata=hover,
        hovertemplate="%{x}<br><b>%{y}</b>: %{z:.1f}% of sentences<br>%{customdata}"
                      "<extra></extra>",
    ))
    fig.update_xaxes(tickangle=0, side="bottom")
    fig.update_yaxes(autorange="reversed")
    note = f" Not used by any {by}: {', '.join(unused).lower()}." if unused else ""
    return finish(fig, title, "Source: chokepoints analysis; data: frames.csv, sentences.csv. "
                  "Frames after the Policy Frames Codebook (Boydstun et al. 2014), cue lexicon "
                  "data/lexicons/frames.yml; a sentence may carry several frames." + note, "", "",
                  height=180 + 30 * len(frames),
                  tick_lines=max((t.count("<br>") + 1 for t in ticks), default=1))


def voice_chart(voices: pd.DataFrame) -> go.Figure:
    """Per outlet, the share of attributed quotes each side gets."""
    fig = go.Figure()
    for side, group in voices.groupby("side", sort=False):
        fig.add_trace(go.Bar(
            x=group["share_pct"], y=group["outlet"].map(lambda t: html.escape(str(t),
                                                                            quote=False)),
            orientation="h", name=str(group["side_label"].iloc[0]),
            marker_color=SIDE_COLORS.get(str(side), "#999"),
            customdata=list(zip(group["n_quotes"], group["speakers"].map(hover_text),
                                strict=True)),
            hovertemplate="%{y}<br>%{x:.0f}% of quotes (%{customdata[0]})<br>"
                          "speakers: %{customdata[1]}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(range=[0, 100])
    outlets = voices["outlet"].nunique()
    return finish(fig, "Who gets a voice: share of quotes by side",
                  "Source: chokepoints analysis; data: quotes.csv. Direct quotes and indirect "
                  "attributions with a speaker; scare quotes left out. Sides: "
                  "data/reference/actors.yml.", "% of the outlet's attributed quotes", "",
                  height=200 + 50 * outlets, legend="right")


def hedging_chart(hedges: pd.DataFrame, by: str = "outlet") -> go.Figure:
    """Share of sentences with a hedge or modal uncertainty cue, per group."""
    fig = go.Figure(go.Bar(
        x=hedges["share_pct"], y=hedges[by].map(lambda t: html.escape(str(t), quote=False)),
        orientation="h", marker_color="#6c8ead",
        customdata=list(zip(hedges["n_hedged"], hedges["n_sentences"],
                            hedges["top_cues"].map(hover_text),
                            hedges["example"].map(hover_text), strict=True)),
        hovertemplate="%{y}<br>%{x:.0f}% hedged (%{customdata[0]} of %{customdata[1]})<br>"
                      "cues: %{customdata[2]}<br>e.g. %{customdata[3]}<extra></extra>",
        showlegend=False,
    ))
    return finish(fig, "Hedging and uncertainty: share of sentences",
                  "Source: chokepoints analysis; data: sentences.csv (is_hedged, hedge_cues). "
                  "Cues: data/lexicons/hedges.yml (modal verbs, epistemic adverbs, "
                  "reported-speech distance, stated uncertainty).", "% of sentences", "",
                  height=160 + 45 * len(hedges))


COUNTRY_COLORS = {"China": "#c0392b", "United States": "#6c5b7b", "Australia": "#e9a23b",
                  "Burma (Myanmar)": "#2a9d8f", "Thailand": "#8ab17d", "Nigeria": "#f4a261",
                  "India": "#264653", "Rest of world": "#b5b5b5"}


def _ref_hover(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    return ["<br>".join(hover_text(f"{c}: {row[c]}") for c in columns if not pd.isna(row[c]))
            for _, row in frame.iterrows()]


def import_share_chart(series: pd.DataFrame, reconciled: pd.DataFrame,
                       episode_year: int = 2010) -> go.Figure:
    """Japan's import share from China over time, with the articles' figures beside it."""
    fig = go.Figure(go.Scatter(
        x=series["reference_year"], y=series["value"], mode="lines+markers",
        name="Reference series (preferred row per year)", connectgaps=False,
        line={"color": "#264653"}, marker={"size": 8},
        customdata=_ref_hover(series, ["id", "source_org", "value_bound"]),
        hovertemplate="%{x}: %{y:.1f}%<br>%{customdata}<extra></extra>"))
    _add_claims(fig, reconciled)
    fig.add_vrect(x0=episode_year - 0.5, x1=episode_year + 0.5, fillcolor="#e76f51",
                  opacity=0.12, line_width=0, annotation_text=f"{episode_year} cut-off",
                  annotation_position="top left")
    fig.update_yaxes(range=[0, 100])
    return finish(fig, "Japan's rare-earth imports: share from China",
                  "Sources: data/reference/japan_import_shares.csv (one cited row per year; "
                  "gaps are years with no figure) and claims.csv (the articles' figures, at the "
                  "year they state, else their publication year; undated articles at the last "
                  "year shown). Bars: ranges and open bounds.", "Year", "% of imports (volume "
                  "where stated)", height=460, legend="right")


def _add_claims(fig: go.Figure, reconciled: pd.DataFrame) -> None:
    if reconciled.empty:
        return
    last = int(max(reconciled["vintage_year"].dropna().max(), 2024)) \
        if reconciled["vintage_year"].notna().any() else 2026
    for outlet, group in reconciled.groupby("outlet", sort=True):
        x = group["vintage_year"].fillna(last).astype(float)
        y = group["value"].fillna(group["low"]).fillna(group["high"]).astype(float)
        high = (group["high"].fillna(100.0) - y).clip(lower=0)
        low = (y - group["low"].fillna(y)).clip(lower=0)
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="markers", name=html.escape(str(outlet), quote=False),
            marker={"size": 11, "symbol": "diamond", "line": {"width": 1, "color": "#fff"}},
            error_y={"type": "data", "symmetric": False, "array": high.tolist(),
                     "arrayminus": low.tolist(), "thickness": 1.2},
            customdata=list(zip(group["claim"].map(hover_text), group["sentence"].map(hover_text),
                                group["likely_reason"].map(hover_text), strict=True)),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br><i>%{customdata[2]}"
                          "</i><extra></extra>"))


def china_share_chart(mining: pd.DataFrame, stages: pd.DataFrame) -> go.Figure:
    """China's share of world mining (computed from production) and of refining and magnets."""
    fig = go.Figure(go.Scatter(
        x=mining["reference_year"], y=mining["china_share_pct"], mode="lines+markers",
        name="Mining (China ÷ world mine production)", line={"color": "#c0392b"},
        customdata=mining[["china_tonnes", "world_tonnes"]].to_numpy(),
        hovertemplate="%{x}: %{y:.1f}%<br>China %{customdata[0]:,.0f} t of world "
                      "%{customdata[1]:,.0f} t REO<extra></extra>"))
    symbols = {"mining": "circle-open", "refining": "square", "magnet_manufacturing": "diamond"}
    for stage, group in stages.groupby("stage", sort=True):
        fig.add_trace(go.Scatter(
            x=group["reference_year"], y=group["china_share_pct"], mode="markers",
            name=f"{str(stage).replace('_', ' ').capitalize()} (cited share)",
            marker={"size": 10, "symbol": symbols.get(str(stage), "circle")},
            customdata=_ref_hover(group, ["id", "source_org", "quality"]),
            hovertemplate="%{x}: %{y:.0f}%<br>%{customdata}<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    return finish(fig, "China's share of rare-earth mining, refining and magnets",
                  "Sources: data/reference/mine_production.csv (USGS figures as cited; share "
                  "computed) and china_supply_chain_shares.csv (shares as published; "
                  "projections marked in quality).", "Year", "% of world", height=440,
                  legend="right")


def production_chart(production: pd.DataFrame) -> go.Figure:
    """World mine production by country, stacked, for years with a cited world total."""
    fig = go.Figure()
    for country in dict.fromkeys(production["country"]):
        group = production[production["country"] == country]
        fig.add_trace(go.Bar(
            x=group["reference_year"], y=group["mine_production_tonnes"], name=country,
            marker_color=COUNTRY_COLORS.get(country, "#999"),
            hovertemplate="%{x} " + html.escape(country) + ": %{y:,.0f} t REO<extra></extra>"))
    fig.update_layout(barmode="stack")
    return finish(fig, "World rare-earth mine production by country",
                  "Source: data/reference/mine_production.csv (USGS Mineral Commodity Summaries "
                  "as cited). Rest of world = cited world total minus the countries shown; "
                  "years without a world total are left out.", "Year",
                  "Tonnes of rare-earth oxide", height=440, legend="right")


def concentration_chart(hhi: pd.DataFrame) -> go.Figure:
    """HHI of world mine production, as a range where the remainder's split is unknown."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=hhi["reference_year"], y=hhi["hhi_high"], mode="lines", line={"width": 0},
        showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=hhi["reference_year"], y=hhi["hhi_low"], mode="lines+markers", fill="tonexty",
        fillcolor="rgba(192,57,43,0.2)", line={"color": "#c0392b"}, name="HHI",
        customdata=hhi[["hhi_high", "countries", "coverage_pct", "top_share_pct"]].to_numpy(),
        hovertemplate="%{x}: HHI %{y:,.0f} to %{customdata[0]:,.0f}<br>%{customdata[1]} "
                      "countries, %{customdata[2]:.0f}% of world output listed; top producer "
                      "%{customdata[3]:.0f}%<extra></extra>"))
    fig.add_hline(y=2500, line={"color": "#999", "dash": "dot"},
                  annotation_text="2,500: highly concentrated (US merger guidelines)",
                  annotation_position="bottom right")
    return finish(fig, "How concentrated is world mine production? (Herfindahl-Hirschman index)",
                  "Source: data/reference/mine_production.csv. HHI = sum of squared country "
                  "shares (%), 0-10,000; shaded band: unlisted output treated as many small "
                  "producers (low) or one (high). Only years listing 95% of world output.",
                  "Year", "HHI", height=400)


def exports_chart(exports: pd.DataFrame) -> go.Figure:
    """China's exports to Japan as cited: one panel per product scope, periods in order.

    Only each period's preferred row is drawn; conflicting figures are in the table.
    """
    from plotly.subplots import make_subplots

    if "is_preferred" in exports:
        exports = exports[exports["is_preferred"].fillna(False).astype(bool)]
    scopes = sorted(exports["product_scope"].dropna().unique())
    fig = make_subplots(rows=1, cols=max(1, len(scopes)), horizontal_spacing=0.08,
                        subplot_titles=[str(s).replace("_", " ") for s in scopes])
    for index, scope in enumerate(scopes, start=1):
        group = exports[exports["product_scope"] == scope].sort_values("reference_period")
        fig.add_trace(go.Bar(
            x=group["reference_period"].astype(str), y=group["volume_tonnes"],
            name=str(scope).replace("_", " "), marker_color="#6c8ead", showlegend=False,
            customdata=_ref_hover(group, ["id", "source_org", "quality"]),
            hovertemplate="%{x}: %{y:,.0f} t<br>%{customdata}<extra></extra>"),
            row=1, col=index)
        fig.update_xaxes(type="category", row=1, col=index)
    return finish(fig, "China's rare-earth exports to Japan, where figures exist",
                  "Source: data/reference/china_exports_to_japan.csv (customs figures as "
                  "reported; the preferred figure per period). Each panel is one product scope; "
                  "annual and monthly figures are not comparable with each other, nor across "
                  "panels.", "Period", "Tonnes",
                  height=420)


def scenario_chart(grid: pd.DataFrame) -> go.Figure:
    """Months of shortfall by length of cut, one line per share of supply cut."""
    fig = go.Figure()
    for share, group in grid.groupby("cut_share_pct", sort=True):
        fig.add_trace(go.Scatter(
            x=group["cut_months"], y=group["shortfall_months"], mode="lines+markers",
            name=f"{share:.0f}% of supply cut",
            hovertemplate="cut of %{x} months: %{y:.1f} months of shortfall<extra>"
                          + f"{share:.0f}%</extra>"))
    inventory = grid["inventory_months"].iloc[0] if len(grid) else 0
    return finish(fig, "What a cut would mean: months without enough rare earths",
                  f"Model: shortfall = max(0, cut months - inventory / cut share), with "
                  f"{inventory:g} months of normal use in stock. Not a forecast: a worked "
                  "formula whose inputs are the briefing's parameters.",
                  "Length of the cut (months)", "Months of shortfall", height=420)


def cost_estimates_chart(estimates: pd.DataFrame) -> go.Figure:
    """Published estimates of what a cut-off would cost Japan, as cited (not modelled here)."""
    fig = go.Figure(go.Scatter(
        x=estimates["duration_months"], y=estimates["loss_jpy"] / 1e12, mode="markers+text",
        text=[html.escape(str(a), quote=False) for a in estimates["author"].fillna("")],
        textposition="middle right", marker={"size": 13, "symbol": "x", "color": "#111"},
        customdata=list(zip(estimates["scenario"].map(hover_text),
                            estimates["gdp_change_pct"],
                            estimates["primary_source"].map(hover_text),
                            estimates["source_org"].map(hover_text), strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>loss ¥%{y:.2f} trillion, GDP "
                      "%{customdata[1]:+.2f}%<br>by %{customdata[2]}<br>as reported by "
                      "%{customdata[3]}<extra></extra>",
        showlegend=False))
    fig.update_xaxes(range=[0, 15])
    fig.update_yaxes(rangemode="tozero")
    return finish(fig, "Published estimates of a cut-off's cost to Japan",
                  "Source: data/reference/cutoff_cost_estimates.csv: each point is its "
                  "author's own model estimate as published and reported; chokepoints does "
                  "not model costs.", "Length of the cut-off (months)",
                  "Estimated loss (trillion yen)", height=400)


EVENT_COLORS = ("#c0392b", "#2c6fbb", "#e9a23b", "#2a9d8f", "#6c5b7b", "#8a8a8a", "#f4a261",
                "#264653", "#b5838d", "#8ab17d", "#e76f51", "#6c8ead")


def event_timeline(events: pd.DataFrame, actor_labels: dict[str, str]) -> go.Figure:
    """Every dated event: date on x (bars span month- or year-precise dates), one lane per
    actor, marker size by the number of articles telling it, colour by type, the sentence on
    hover."""
    fig = go.Figure()
    dated = events.dropna(subset=["date_start"]).copy()
    if not dated.empty:
        start = pd.to_datetime(dated["date_start"])
        end = pd.to_datetime(dated["date_end"].fillna(dated["date_start"]))
        dated["mid"] = start + (end - start) / 2
        dated["lane"] = dated["actor"].map(lambda a: actor_labels.get(a, a)).fillna("unknown")
        dated["half"] = (end - start) / 2
    types = sorted(dated["event_type"].dropna().unique()) if not dated.empty else []
    for index, event_type in enumerate(types):
        group = dated[dated["event_type"] == event_type]
        fig.add_trace(go.Scatter(
            x=group["mid"], y=group["lane"], mode="markers", name=str(event_type),
            marker={"size": (9 + 5 * group["n_sources"].clip(upper=5)).tolist(),
                    "color": EVENT_COLORS[index % len(EVENT_COLORS)], "opacity": 0.85,
                    "line": {"width": 1, "color": "#fff"}},
            error_x={"type": "data", "array": (group["half"].dt.total_seconds() * 1000).tolist(),
                     "thickness": 2, "width": 0, "color": EVENT_COLORS[index % len(EVENT_COLORS)]},
            customdata=list(zip(
                group["date_value"].fillna(""), group["granularity"].fillna(""),
                group["target"].map(lambda t: actor_labels.get(t, t)).fillna("—"),
                group["intensity"], group["n_sources"], group["origin"],
                group["summary"].map(hover_text), group["sentence_text"].map(hover_text),
                strict=True)),
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]}) %{y} → %{customdata[2]}"
                          "<br>" + html.escape(str(event_type)) + ", intensity "
                          "%{customdata[3]:+.1f}; %{customdata[4]} article(s), %{customdata[5]}"
                          "<br>%{customdata[6]}<br><i>%{customdata[7]}</i><extra></extra>"))
    note = _focus(fig, pd.to_datetime(dated["date_start"]) if not dated.empty else None)
    return finish(fig, "Escalation chronology: who did what, when",
                  "Source: chokepoints analysis; data: events.csv (events found in the articles "
                  "merged with the curated chronology data/reference/events.csv). Horizontal "
                  "bars: the span of a month- or year-precise date. Marker size: articles." + note,
                  "Date", "Actor", height=520, legend="right")


FOCUS_DAYS = 120


def _focus(fig: go.Figure, dates: pd.Series | None) -> str:
    """Open the chart on the last `FOCUS_DAYS` days; double-clicking shows every date."""
    if dates is None or dates.empty:
        return ""
    latest = dates.max()
    start = max(dates.min(), latest - pd.Timedelta(days=FOCUS_DAYS))
    earlier = int((dates < start).sum())
    fig.update_xaxes(range=[start - pd.Timedelta(days=7), latest + pd.Timedelta(days=7)])
    if not earlier:
        return ""
    return (f" The chart opens on the last {FOCUS_DAYS} days; {earlier} earlier event(s) appear "
            "when you double-click it, and are in the table.")


def escalation_chart(index: pd.DataFrame) -> go.Figure:
    """Goldstein intensity per month by actor pair (bars) and its running total (lines)."""
    fig = go.Figure()
    for number, (pair, group) in enumerate(index.groupby("pair", sort=True)):
        color = EVENT_COLORS[number % len(EVENT_COLORS)]
        name = html.escape(str(pair), quote=False)
        fig.add_trace(go.Bar(
            x=group["month"], y=group["intensity"], name=f"{name} (month)",
            marker_color=color, opacity=0.55, legendgroup=name,
            customdata=list(zip(group["n_events"], group["events"].map(hover_text),
                                strict=True)),
            hovertemplate="%{x|%b %Y}: %{y:+.1f} from %{customdata[0]} event(s)<br>"
                          "%{customdata[1]}<extra>" + name + "</extra>"))
        fig.add_trace(go.Scatter(
            x=group["month"], y=group["cumulative"], mode="lines+markers",
            name=f"{name} (running total)", line={"color": color}, legendgroup=name,
            hovertemplate="%{x|%b %Y}: running total %{y:+.1f}<extra>" + name + "</extra>"))
    fig.add_hline(y=0, line={"color": "#999", "dash": "dot"})
    fig.update_layout(barmode="relative")
    note = _focus(fig, pd.to_datetime(index["month"]) if not index.empty else None)
    return finish(fig, "Escalation index: conflict (negative) and cooperation (positive)",
                  "Source: events.csv. Goldstein (1992) conflict-cooperation scale per event "
                  "type, mapping in data/lexicons/event_types.yml; summed by actor pair and "
                  "month of the event's start." + note, "Month", "Goldstein intensity",
                  height=500, legend="right")
