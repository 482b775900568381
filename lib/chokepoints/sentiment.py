"""Sentence sentiment scorers, registered by name so a notebook parameter can pick one."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from chokepoints.errors import ParameterError
from chokepoints.lexicon_sentiment import pattern_sentiment, vader_compound

#: A scorer maps a sentence to (polarity in [-1, 1], subjectivity in [0, 1]).
Scorer = Callable[[str], tuple[float, float]]

_SCORERS: dict[str, Scorer] = {}


def register_scorer(name: str) -> Callable[[Scorer], Scorer]:
    """Decorator: make a scorer available under ``name``."""

    def decorate(function: Scorer) -> Scorer:
        _SCORERS[name] = function
        return function

    return decorate


def available_scorers() -> list[str]:
    """Names of the registered scorers."""
    return sorted(_SCORERS)


def get_scorer(name: str) -> Scorer:
    """Return the scorer registered as ``name``.

    Raises:
        ParameterError: no scorer has that name.
    """
    try:
        return _SCORERS[name]
    except KeyError:
        raise ParameterError(f"unknown sentiment scorer {name!r}; available: "
                             f"{', '.join(available_scorers())}") from None


#: TextBlob's pattern-lexicon polarity and subjectivity (offline; needs no NLTK corpus), equal to
#: ``TextBlob(sentence).sentiment`` bit for bit: its default analyzer (``PatternAnalyzer``)
#: returns what the pattern lexicon scores for the raw text, which
#: `chokepoints.lexicon_sentiment.pattern_sentiment` computes the same way, several times faster.
score_textblob: Scorer = register_scorer("textblob")(pattern_sentiment)


def weighted_mean(values: list[float], weights: list[float]) -> float:
    """Mean of ``values`` weighted by ``weights`` (NaN when the weights sum to zero)."""
    total = sum(weights)
    if not total:
        return float("nan")
    return sum(v * w for v, w in zip(values, weights, strict=True)) / total


#: VADER's compound score in [-1, 1] (its lexicon ships with the package; offline), equal to
#: ``SentimentIntensityAnalyzer().polarity_scores(sentence)["compound"]`` bit for bit (see
#: `chokepoints.lexicon_sentiment.vader_compound`).
score_vader_compound: Callable[[str], float] = vader_compound


@register_scorer("vader")
def score_vader(sentence: str) -> tuple[float, float]:
    """VADER compound as polarity; VADER has no subjectivity, so it is NaN."""
    return score_vader_compound(sentence), float("nan")


BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20260106  # fixed: the same corpus gives the same interval in every build


def summarize_sentiment(sentences: pd.DataFrame, by: pd.Series | None = None,
                        column: str = "polarity", samples: int = BOOTSTRAP_SAMPLES,
                        confidence: float = 0.9, seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Length-weighted mean score per group with a bootstrap interval over sentences.

    Args:
        sentences: sentences table (needs ``n_chars`` and ``column``).
        by: group key aligned with ``sentences`` (e.g. outlet); None for one overall group.
        column: the score to summarise (``polarity``, ``subjectivity``, ``vader_compound``).
        samples: bootstrap resamples of the group's sentences.
        confidence: central share of the bootstrap distribution reported.
        seed: random seed, fixed so that reports are reproducible.

    Returns:
        One row per group: ``n_sentences``, ``mean`` (weighted by characters), ``low`` and
        ``high`` (bootstrap percentile interval), ``sd`` (unweighted standard deviation).
    """
    key = by if by is not None else pd.Series("all", index=sentences.index)
    rng = np.random.default_rng(seed)
    rows = []
    tail = (1 - confidence) / 2
    for group, frame in sentences.groupby(key, sort=True):
        values = frame[column].to_numpy(dtype=float)
        weights = frame["n_chars"].to_numpy(dtype=float)
        keep = ~np.isnan(values)
        values, weights = values[keep], weights[keep]
        if not len(values):
            continue
        mean = float(np.average(values, weights=weights))
        picks = rng.integers(0, len(values), size=(samples, len(values)))
        boot = (values[picks] * weights[picks]).sum(axis=1) / weights[picks].sum(axis=1)
        rows.append({"group": group, "n_sentences": len(values), "mean": mean,
                     "low": float(np.quantile(boot, tail)),
                     "high": float(np.quantile(boot, 1 - tail)),
                     "sd": float(values.std(ddof=1)) if len(values) > 1 else float("nan")})
    return pd.DataFrame(rows, columns=["group", "n_sentences", "mean", "low", "high", "sd"])


def scorer_agreement(sentences: pd.DataFrame, by: pd.Series,
                     threshold: float = 0.05) -> pd.DataFrame:
    """How far TextBlob polarity and VADER compound agree, per group of sentences.

    A sentence's sign is positive, negative or neutral (|score| < ``threshold``).

    Returns:
        Per group: ``n_sentences``, ``sign_agreement`` (share with the same sign), and
        ``correlation`` (Spearman rank correlation; NaN with fewer than 3 sentences).
    """
    rows = []
    for group, frame in sentences.groupby(by, sort=True):
        a, b = frame["polarity"], frame["vader_compound"]
        same = (_sign(a, threshold) == _sign(b, threshold)).mean()
        # Spearman: Pearson correlation of ranks (no SciPy needed).
        correlation = a.rank().corr(b.rank()) if len(frame) >= 3 else float("nan")
        rows.append({"group": group, "n_sentences": len(frame), "sign_agreement": float(same),
                     "correlation": float(correlation)})
    return pd.DataFrame(rows, columns=["group", "n_sentences", "sign_agreement", "correlation"])


def _sign(values: pd.Series, threshold: float) -> pd.Series:
    return np.sign(values.where(values.abs() >= threshold, 0.0))


def scorer_disagreements(sentences: pd.DataFrame, gap: float = 0.5) -> pd.DataFrame:
    """Sentences on which the two scorers disagree strongly, largest gap first.

    Strong disagreement: the scores differ by at least ``gap`` on the common -1..1 scale, or
    have opposite signs with both at least 0.2 away from zero.
    """
    difference = (sentences["polarity"] - sentences["vader_compound"]).abs()
    opposite = ((sentences["polarity"] * sentences["vader_compound"] < 0)
                & (sentences["polarity"].abs() >= 0.2)
                & (sentences["vader_compound"].abs() >= 0.2))
    strong = sentences[(difference >= gap) | opposite].assign(gap=difference)
    return strong.sort_values(["gap", "sentence_id"], ascending=[False, True], kind="stable")
