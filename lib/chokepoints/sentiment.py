"""Sentence sentiment scorers, registered by name so a notebook parameter can pick one."""

from __future__ import annotations

from collections.abc import Callable

from chokepoints.errors import ParameterError

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


@register_scorer("textblob")
def score_textblob(sentence: str) -> tuple[float, float]:
    """TextBlob's pattern-lexicon polarity and subjectivity (offline; needs no NLTK corpus)."""
    from textblob import TextBlob

    result = TextBlob(sentence).sentiment
    return float(result.polarity), float(result.subjectivity)


def weighted_mean(values: list[float], weights: list[float]) -> float:
    """Mean of ``values`` weighted by ``weights`` (NaN when the weights sum to zero)."""
    total = sum(weights)
    if not total:
        return float("nan")
    return sum(v * w for v, w in zip(values, weights, strict=True)) / total
