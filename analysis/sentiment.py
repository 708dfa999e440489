"""Sentiment: VADER's compound score (lexicon shipped inside vaderSentiment, no download).

One analyser for the whole suite. VADER's cost grows with the square of a text's length (it
re-reads the whole text for each word), so a text longer than `MAX_CHARS` (a run-on quote in
scraped text, a document without punctuation) is scored as the mean over pieces of at most
that length, cut at sentence ends where it can: on long texts the compound saturates at ±1
anyway, and that is why document sentiment is a mean over sentences too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from statistics import fmean

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

MAX_CHARS = 2_000  # about 350 words: far longer than any sentence of ordinary prose
_CUT = re.compile(r"[.!?…][\"'”’)]*\s+|\s+")


class _Analyzer(SentimentIntensityAnalyzer):
    """VADER, with its negation and idiom checks handed only the words they read.

    vaderSentiment 3.3.2 lower-cases the whole text inside these two checks, once per
    sentiment word: quadratic in the text's length, and most of VADER's time on news
    sentences. The checks read at most three words before the current one and two after,
    so passing that window (offsets shifted) gives the same valences: the scores are
    identical (tests/test_sentiment.py compares them with the library's on real text).
    """

    @staticmethod
    def _negation_check(valence, words_and_emoticons, start_i, i):
        low = max(0, i - 3)
        return SentimentIntensityAnalyzer._negation_check(valence, words_and_emoticons[low : i + 1], start_i, i - low)

    @staticmethod
    def _special_idioms_check(valence, words_and_emoticons, i):
        low = max(0, i - 3)
        return SentimentIntensityAnalyzer._special_idioms_check(valence, words_and_emoticons[low : i + 3], i - low)


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    return _Analyzer()


def compound(text: str) -> float:
    """VADER compound in [-1, 1] for a sentence or quote (never for a whole document:
    on long texts the compound saturates at ±1, so aggregates are means of these)."""
    if len(text) <= MAX_CHARS:
        return float(analyzer().polarity_scores(text)["compound"])
    return float(fmean(analyzer().polarity_scores(piece)["compound"] for piece in pieces(text)))


def pieces(text: str, *, limit: int = MAX_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at the last sentence end (else
    space) in each stretch; a stretch with neither is cut at the limit."""
    result, start = [], 0
    while len(text) - start > limit:
        cuts = list(_CUT.finditer(text, start + limit // 2, start + limit))
        sentence_ends = [m for m in cuts if not m.group(0)[0].isspace()]
        cut = (sentence_ends or cuts)[-1].end() if cuts else start + limit
        result.append(text[start:cut])
        start = cut
    result.append(text[start:])
    return [p for p in result if p.strip()] or [text[:limit]]
