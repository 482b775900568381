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


def _register_template() -> None:
    template = go.layout.Template(pio.templates["plotly_white"])
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
           height: int = 420, legend: str = "top") -> go.Figure:
    """Apply the house layout: title, axis titles, legend place and a source note under the plot.

    Args:
        fig: the figure to finish.
        title: chart title (plain text).
        source: where the data come from; wrapped onto lines of `SOURCE_WIDTH` characters.
        x_title: x-axis title, with unit.
        y_title: y-axis title, with unit.
        height: figure height in pixels.
        legend: ``top`` (a row above the plot) or ``right`` (a column beside it).
    """
    lines = textwrap.wrap(source, SOURCE_WIDTH)
    fig.update_layout(template=TEMPLATE_NAME, title={"text": title}, height=height,
                      legend=LEGENDS[legend],
                      margin={"b": 80 + 14 * len(lines)})
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0,
                       yshift=-62, xanchor="left", yanchor="top", showarrow=False,
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
