"""Sentiment: VADER's compound score (lexicon shipped inside vaderSentiment, no download)."""

from __future__ import annotations

from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    """VADER compound in [-1, 1] for a sentence or quote (never for a whole document:
    on long texts the compound saturates at ±1, so aggregates are means of these)."""
    return float(analyzer().polarity_scores(text)["compound"])
