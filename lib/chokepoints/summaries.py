"""Per-outlet and per-perspective summaries of the sentence-level tables, with their evidence.

Every summary keeps the sentences behind it: counts come with the ids or text of an example
sentence, so a chart can show them on hover and a table beside it can list them.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from chokepoints.analyze import Tables
from chokepoints.briefing import reader_table
from chokepoints.frames import FrameLexicon, frames_table, load_frames
from chokepoints.sentiment import scorer_agreement, scorer_disagreements, summarize_sentiment

#: Grouping keys: ``outlet`` groups by the article's display label (its outlet when named, else
#: the article itself, since an unnamed outlet cannot be merged with another).
GROUPS = {"outlet": "label", "perspective": "perspective"}


def select(tables: Tables, outlets: list[str] | None = None,
           perspectives: list[str] | None = None, min_sentences: int = 0) -> Tables:
    """Keep the articles of the chosen outlets and perspectives, and outlets with enough text.

    Args:
        tables: the analysis tables.
        outlets: article labels (outlet names) to keep; None keeps all.
        perspectives: perspective values to keep; None keeps all.
        min_sentences: leave out outlets with fewer sentences than this in total.
    """
    if isinstance(outlets, str):
        outlets = [outlets]
    if isinstance(perspectives, str):
        perspectives = [perspectives]
    articles = tables.articles
    if outlets:
        articles = articles[articles["label"].isin(outlets)]
    if perspectives:
        articles = articles[articles["perspective"].isin(perspectives)]
    totals = articles.groupby("label")["n_sentences"].transform("sum")
    articles = articles[totals >= min_sentences]
    keep = set(articles["id"])

    def only(frame: pd.DataFrame, column: str = "article_id") -> pd.DataFrame:
        return frame[frame[column].isin(keep)].reset_index(drop=True)

    return replace(tables, articles=articles.reset_index(drop=True),
                   sentences=only(tables.sentences), frames=only(tables.frames),
                   quotes=only(tables.quotes), actor_sentiment=only(tables.actor_sentiment),
                   cleaning=only(tables.cleaning))


def with_frames(tables: Tables, frames_file=None) -> Tables:
    """The tables with frames re-detected from another lexicon file (None keeps them)."""
    if not frames_file:
        return tables
    return replace(tables, frames=frames_table(tables.sentences, load_frames(frames_file)))


def _group_key(tables: Tables, frame: pd.DataFrame, by: str) -> pd.Series:
    lookup = tables.articles.set_index("id")[GROUPS[by]]
    return frame["article_id"].map(lookup)


def sentiment_by(tables: Tables, by: str, column: str = "polarity") -> pd.DataFrame:
    """Length-weighted mean sentiment with a bootstrap interval, per outlet or perspective."""
    summary = summarize_sentiment(tables.sentences, _group_key(tables, tables.sentences, by),
                                  column)
    return summary.rename(columns={"group": by})


def frame_shares(tables: Tables, by: str, level: str = "dimension",
                 lexicon: FrameLexicon | None = None) -> pd.DataFrame:
    """Share of each group's sentences that carry each frame (0-100), with an example.

    Returns:
        One row per (group, frame): ``n_sentences`` in the group, ``n_framed`` sentences with
        the frame, ``share_pct``, and the example sentence with the most cue words
        (``example_id``, ``example``, ``example_cues``).
    """
    lexicon = lexicon or load_frames()
    ids = lexicon.dimensions if level == "dimension" else lexicon.subframes
    sentences = tables.sentences.assign(group=_group_key(tables, tables.sentences, by))
    sizes = sentences.groupby("group").size()
    frames = tables.frames[tables.frames["level"] == level].merge(
        sentences[["sentence_id", "group", "text"]], on="sentence_id")
    frames = frames.assign(n_cues=frames["cues"].fillna("").str.count(";") + 1)
    counts = frames.groupby(["group", "frame"]).size().to_dict()
    # The example: most cue words, then the first sentence id (a stable sort keeps ties in
    # table order).
    ranked = frames.sort_values(["n_cues", "sentence_id"], ascending=[False, True],
                                kind="stable").drop_duplicates(["group", "frame"])
    examples = {(row.group, row.frame): (row.sentence_id, row.text, row.cues)
                for row in ranked.itertuples(index=False)}
    missing = (pd.NA, pd.NA, pd.NA)
    rows = []
    for group, size in sizes.items():
        for frame in ids:
            n_framed = int(counts.get((group, frame), 0))
            example_id, example, cues = examples.get((group, frame), missing)
            rows.append({
                by: group, "frame": frame, "label": lexicon.label(frame),
                "n_sentences": int(size), "n_framed": n_framed,
                "share_pct": 100 * n_framed / size, "example_id": example_id,
                "example": example, "example_cues": cues,
            })
    return pd.DataFrame(rows, columns=[by, "frame", "label", "n_sentences", "n_framed",
                                       "share_pct", "example_id", "example", "example_cues"])


def frame_contrasts(shares: pd.DataFrame, by: str = "perspective") -> dict[str, object]:
    """The headline contrasts of a frame-share table.

    Returns:
        ``leans``: per group, the frame with the largest share (ties: lexicon order);
        ``widest``: the frame whose share differs most between two groups, with both groups
        and shares.
    """
    leans = (shares.sort_values("share_pct", ascending=False, kind="stable")
             .groupby(by, sort=True).head(1).set_index(by))
    spread = shares.groupby("frame")["share_pct"].agg(["max", "min", "idxmax", "idxmin"])
    spread = spread.assign(gap=spread["max"] - spread["min"])
    widest_frame = spread["gap"].idxmax() if len(spread) else None
    widest = None
    if widest_frame is not None and len(shares[by].unique()) > 1:
        row = spread.loc[widest_frame]
        high, low = shares.loc[row["idxmax"]], shares.loc[row["idxmin"]]
        widest = {"frame": widest_frame, "label": high["label"], "high_group": high[by],
                  "high_pct": high["share_pct"], "low_group": low[by], "low_pct": low["share_pct"],
                  "gap_pct": row["gap"]}
    return {"leans": leans, "widest": widest}


def actor_sentiment_by(tables: Tables, actor_labels: dict[str, str]) -> pd.DataFrame:
    """Mean polarity of sentences about each actor, per outlet, with the extreme sentences.

    Returns:
        One row per (outlet, actor): ``n_sentences``, ``polarity`` (length-weighted mean),
        ``vader_compound`` (mean), and the most negative and most positive sentence.
    """
    mentions = tables.actor_sentiment.merge(
        tables.sentences[["sentence_id", "text", "n_chars"]], on="sentence_id")
    mentions = mentions.assign(outlet=_group_key(tables, mentions, "outlet"))
    rows = []
    for (outlet, actor), group in mentions.groupby(["outlet", "actor"], sort=True):
        ordered = group.sort_values(["polarity", "sentence_id"], kind="stable")
        weights = group["n_chars"].astype(float)
        rows.append({
            "outlet": outlet, "actor": actor, "actor_label": actor_labels.get(actor, actor),
            "n_sentences": len(group),
            "polarity": float((group["polarity"] * weights).sum() / weights.sum()),
            "vader_compound": float(group["vader_compound"].mean()),
            "most_negative": ordered["text"].iloc[0],
            "most_negative_polarity": float(ordered["polarity"].iloc[0]),
            "most_positive": ordered["text"].iloc[-1],
            "most_positive_polarity": float(ordered["polarity"].iloc[-1]),
        })
    return pd.DataFrame(rows, columns=["outlet", "actor", "actor_label", "n_sentences",
                                       "polarity", "vader_compound", "most_negative",
                                       "most_negative_polarity", "most_positive",
                                       "most_positive_polarity"])


def voice_shares(tables: Tables, sides: dict[str, str]) -> pd.DataFrame:
    """Share of each outlet's attributed quotes (direct and indirect) that each side gets.

    Scare quotes (quoted words with no speaker) are left out: they give nobody a voice.

    Returns:
        One row per (outlet, side): ``n_quotes``, ``share_pct`` and the speakers named.
    """
    quotes = tables.quotes[~tables.quotes["is_scare_quote"].fillna(False).astype(bool)]
    quotes = quotes.assign(outlet=_group_key(tables, quotes, "outlet"))
    totals = quotes.groupby("outlet").size()
    rows = []
    for outlet, total in totals.items():
        for side in sides:
            group = quotes[(quotes["outlet"] == outlet) & (quotes["side"] == side)]
            speakers = list(dict.fromkeys(group["speaker"].dropna()))
            rows.append({"outlet": outlet, "side": side, "side_label": sides[side],
                         "n_quotes": len(group), "share_pct": 100 * len(group) / total,
                         "speakers": "; ".join(speakers)})
    return pd.DataFrame(rows, columns=["outlet", "side", "side_label", "n_quotes", "share_pct",
                                       "speakers"])


def hedging_by(tables: Tables, by: str = "outlet") -> pd.DataFrame:
    """Share of sentences with a hedge or modal uncertainty cue, per group, with examples."""
    sentences = tables.sentences.assign(group=_group_key(tables, tables.sentences, by))
    rows = []
    for group, frame in sentences.groupby("group", sort=True):
        hedged = frame[frame["is_hedged"].fillna(False).astype(bool)]
        cues = hedged["hedge_cues"].dropna().str.split("; ").explode()
        rows.append({by: group, "n_sentences": len(frame), "n_hedged": len(hedged),
                     "share_pct": 100 * len(hedged) / len(frame) if len(frame) else 0.0,
                     "top_cues": "; ".join(cues.str.lower().value_counts().head(5).index),
                     "example": hedged["text"].iloc[0] if len(hedged) else pd.NA})
    return pd.DataFrame(rows, columns=[by, "n_sentences", "n_hedged", "share_pct", "top_cues",
                                       "example"])


def scorer_agreement_by_article(tables: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """TextBlob-VADER agreement per article, and the sentences they disagree on strongly.

    Returns:
        (agreement per article label, disagreements with their article label).
    """
    labels = tables.articles.set_index("id")["label"]
    agreement = scorer_agreement(tables.sentences, tables.sentences["article_id"].map(labels))
    strong = scorer_disagreements(tables.sentences)
    strong = strong.assign(article=strong["article_id"].map(labels))
    columns = ["article", "sentence_id", "polarity", "vader_compound", "gap", "text"]
    return agreement.rename(columns={"group": "article"}), strong[columns].reset_index(drop=True)


def frame_examples(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """The top example sentence per frame per group, for frames the group uses."""
    used = shares[shares["n_framed"] > 0]
    table = used[[by, "label", "n_framed", "share_pct", "example_id", "example_cues", "example"]]
    return table.rename(columns={"label": "frame"}).reset_index(drop=True)


def quotes_table(tables: Tables, sides: dict[str, str]) -> pd.DataFrame:
    """Every quote with its outlet, speaker and side, for reading beside the voice chart."""
    labels = tables.articles.set_index("id")["label"]
    quotes = tables.quotes.assign(outlet=tables.quotes["article_id"].map(labels),
                                  side=tables.quotes["side"].map(sides))
    return quotes[["outlet", "speaker", "side", "kind", "is_scare_quote", "quote",
                   "sentence_id"]].reset_index(drop=True)


def escalation_index(events: pd.DataFrame,
                     actor_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Goldstein intensity by actor pair and month, with the running total.

    Each event counts in the month its interval starts; events without an actor or a start
    date are left out. Negative is conflict, positive cooperation.

    Returns:
        One row per (month, pair): ``month`` (first day), ``pair`` ("china → japan"),
        ``n_events``, ``intensity`` (sum in the month), ``cumulative`` (running sum per pair)
        and ``events`` (their summaries, for hover).
    """
    columns = ["month", "pair", "n_events", "intensity", "cumulative", "events"]
    dated = events.dropna(subset=["date_start", "actor", "intensity"])
    if dated.empty:
        return pd.DataFrame(columns=columns)
    labels = actor_labels or {}
    dated = dated.assign(
        month=pd.to_datetime(dated["date_start"]).dt.to_period("M").dt.to_timestamp(),
        pair=dated["actor"].map(lambda a: labels.get(a, a)).astype(str) + " → "
        + dated["target"].map(lambda a: labels.get(a, a)).fillna("(none named)").astype(str))
    monthly = (dated.groupby(["pair", "month"], sort=True)
               .agg(n_events=("intensity", "size"), intensity=("intensity", "sum"),
                    events=("summary", lambda s: " | ".join(map(str, s))))
               .reset_index())
    monthly["cumulative"] = monthly.groupby("pair")["intensity"].cumsum()
    return monthly[columns].sort_values(["month", "pair"], kind="stable").reset_index(drop=True)


def select_events(tables: Tables, date_from=None, date_to=None, actors=None,
                  min_sources: int = 1, include_curated: bool = True) -> pd.DataFrame:
    """The chronology rows a briefing shows, with each row's first source sentence.

    Args:
        tables: the analysis tables (with ``events``).
        date_from: ISO date or date; events ending before it are left out.
        date_to: ISO date or date; events starting after it are left out.
        actors: actor ids; keep events whose actor or target is one of them.
        min_sources: keep events told by at least this many sources: the articles whose
            events joined the row (``n_sources``); a row only in the curated chronology
            counts as one.
        include_curated: keep rows that come only from the curated chronology.
    """
    events = tables.events.copy()
    if isinstance(actors, str):
        actors = [actors]
    if not include_curated:
        events = events[events["origin"] != "curated"]
    if date_from:
        events = events[pd.to_datetime(events["date_end"].fillna(events["date_start"]))
                        >= pd.Timestamp(date_from)]
    if date_to:
        events = events[pd.to_datetime(events["date_start"]) <= pd.Timestamp(date_to)]
    if actors:
        events = events[events["actor"].isin(actors) | events["target"].isin(actors)]
    sources = events["n_sources"].fillna(0).where(events["origin"] != "curated", 1)
    events = events[sources >= min_sources]
    texts = tables.sentences.set_index("sentence_id")["text"]
    first = events["sentence_ids"].fillna("").str.split("; ").str[0]
    return events.assign(sentence_text=first.map(texts)).reset_index(drop=True)


def events_overview(events: pd.DataFrame, actor_labels: dict[str, str]) -> pd.DataFrame:
    """The chronology as a reader-facing table, oldest first, by date (see
    `chokepoints.briefing.reader_table`)."""
    labelled = events.assign(
        actor=events["actor"].map(lambda a: actor_labels.get(a, a), na_action="ignore"),
        target=events["target"].map(lambda a: actor_labels.get(a, a), na_action="ignore"))
    return reader_table(labelled, {
        "date_value": "Date", "granularity": "Precision", "actor": "Actor", "target": "Target",
        "event_type": "Type", "intensity": "Intensity", "summary": "What happened",
        "n_sources": "Articles", "article_ids": "Article ids", "origin": "Origin",
        "date_note": "Note on the date"})
