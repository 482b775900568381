"""Charts: house style (title, axis titles, source note), evidence on hover, escaped text."""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go
import pytest

from chokepoints import charts
from chokepoints.actors import load_actors
from chokepoints.summaries import (
    actor_sentiment_by,
    escalation_index,
    frame_shares,
    hedging_by,
    select_events,
    sentiment_by,
    voice_shares,
)


def _figures(tables) -> dict[str, go.Figure]:
    return {
        "timeline": charts.corpus_timeline(tables.articles),
        "lengths": charts.article_lengths(tables.articles),
        "cleaning": charts.cleaning_breakdown(tables.cleaning, tables.articles),
        "sentiment": charts.sentiment_by_article(tables.articles, tables.sentences),
        "tone": charts.polarity_subjectivity(tables.articles),
        "group": charts.group_sentiment(sentiment_by(tables, "outlet"), "outlet"),
        "scatter": charts.scorer_scatter(tables.sentences, tables.articles),
        "actors": charts.actor_sentiment_chart(actor_sentiment_by(tables,
                                                                  load_actors().labels)),
        "frames": charts.frame_heatmap(frame_shares(tables, "outlet"), "outlet", "Frames"),
        "voices": charts.voice_chart(voice_shares(tables, load_actors().sides)),
        "hedges": charts.hedging_chart(hedging_by(tables)),
        "events": charts.event_timeline(select_events(tables), load_actors().labels),
        "escalation": charts.escalation_chart(escalation_index(tables.events)),
    }


@pytest.fixture(scope="module")
def figures(seed_tables) -> dict[str, go.Figure]:
    return _figures(seed_tables)


@pytest.mark.parametrize("name", ["timeline", "lengths", "cleaning", "sentiment", "tone",
                                  "group", "scatter", "actors", "frames", "voices", "hedges",
                                  "events", "escalation"])
def test_every_chart_has_a_title_and_a_source_note(figures, name):
    figure = figures[name]
    assert figure.layout.title.text
    notes = [a.text for a in figure.layout.annotations if a.text.startswith("Source:")]
    assert len(notes) == 1
    assert ".csv" in notes[0]
    assert figure.data


@pytest.mark.parametrize("name", ["sentiment", "tone", "group", "scatter", "actors", "voices",
                                  "hedges", "lengths", "cleaning", "timeline"])
def test_charts_with_a_value_axis_name_it(figures, name):
    layout = figures[name].layout
    assert layout.xaxis.title.text or layout.yaxis.title.text


def test_scatter_shows_each_sentence_on_hover(figures, seed_tables):
    points = sum(len(trace.x) for trace in figures["scatter"].data)
    assert points == len(seed_tables.sentences)
    sample = figures["scatter"].data[0].customdata[0]
    assert sample[0].endswith("-s01") or "-s" in sample[0]
    assert len(sample[1]) > 20


def test_frame_heatmap_hover_carries_an_example_sentence(figures):
    heatmap = figures["frames"].data[0]
    assert any("e.g." in cell and len(cell) > 40 for row in heatmap.customdata for cell in row)


def test_hostile_article_text_is_escaped_in_labels_and_hover(seed_tables):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    articles = seed_tables.articles.copy()
    articles.loc[0, "label"] = hostile
    sentences = seed_tables.sentences.copy()
    sentences.loc[0, "text"] = hostile
    tables = dataclasses.replace(seed_tables, articles=articles, sentences=sentences)
    for figure in _figures(tables).values():
        dumped = figure.to_json()
        assert "<script>" not in dumped
        assert "<img" not in dumped


def test_hover_text_wraps_and_escapes():
    text = charts.hover_text("a <b> " + "word " * 40)
    assert "&lt;b&gt;" in text
    assert "<br>" in text
    assert charts.hover_text(None) == ""


def test_every_summary_and_chart_copes_with_an_empty_selection(seed_tables):
    from chokepoints.summaries import select

    empty = select(seed_tables, perspectives=["china_state"])
    assert empty.articles.empty
    for figure in _figures(empty).values():
        assert figure.layout.title.text


def test_house_template_styles_every_trace_type_the_briefings_draw():
    import nbformat

    from chokepoints.build import list_notebooks

    drawn = {trace.get("type", "scatter")
             for notebook in list_notebooks()
             for cell in nbformat.read(notebook, as_version=4).cells
             for output in cell.get("outputs", [])
             for trace in output.get("data", {}).get(
                 "application/vnd.plotly.v1+json", {}).get("data", [])}
    assert drawn and drawn <= set(charts.TRACE_TYPES)
    styled = charts.pio.templates[charts.TEMPLATE_NAME].data.to_plotly_json()
    white = charts.pio.templates["plotly_white"].data.to_plotly_json()
    assert set(styled) == set(charts.TRACE_TYPES) & set(white)
    assert all(styled[kind] == white[kind] for kind in styled)
