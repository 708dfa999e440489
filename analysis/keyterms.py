"""Distinctive vocabulary per group and keyword in context.

Fightin' Words (log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi & Quinn
2008) with z-scores, Dunning's log-likelihood G², and a KWIC concordance. Stop words come
from ``resources/stopwords.txt`` (scikit-learn's English list); nothing is downloaded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.cues import (
    APOSTROPHES,
    cue_regex,
    doc_meta,
    ordered_sentences,
)
from analysis.paths import data_lines


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """English stop words from ``resources/stopwords.txt`` (scikit-learn / Glasgow IR list)."""
    return frozenset(line.strip().lower() for line in data_lines("stopwords.txt"))


# --------------------------------------------------------------------------- key terms

_BREAK = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d\u2014\u2013/|]+")
_RAW_TOKEN = re.compile(r"\w+(?:['\-]\w+)*")


def tokenize(text: str, *, bigrams: bool = False, stopwords: frozenset[str] | None = None) -> list[str]:
    """Lower-cased content words of ``text``, then (optionally) its bigrams.

    Tokens are runs of word characters, with inner hyphens and apostrophes kept
    ("law-enforcement", "don't"); a possessive ``'s`` is stripped ("ibm's" -> "ibm").
    Dropped: stop words (``resources/stopwords.txt``), tokens that do not start with a
    letter (numbers such as "2018", "1-year") and one-letter tokens. A bigram joins two
    kept tokens that are adjacent in the text, with no dropped token or punctuation mark
    (``. , ; : ! ? ( ) " — /``) between them. Returns the unigrams in text order followed
    by the bigrams in text order.
    """
    stop = load_stopwords() if stopwords is None else stopwords
    unigrams: list[str] = []
    pairs: list[str] = []
    for chunk in _BREAK.split(text.translate(APOSTROPHES).lower()):
        previous: str | None = None
        for token in _RAW_TOKEN.findall(chunk):
            if token not in stop and token.endswith("'s"):
                token = token[:-2]
            if len(token) < 2 or not token[0].isalpha() or token in stop:
                previous = None
                continue
            unigrams.append(token)
            if bigrams and previous is not None:
                pairs.append(f"{previous} {token}")
            previous = token
    return unigrams + pairs


def count_terms(texts: Iterable[str], *, bigrams: bool = False) -> Counter[str]:
    """Term frequencies of some texts with :func:`tokenize`."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokenize(text, bigrams=bigrams))
    return counts


def _positive(counts: Mapping[str, float]) -> dict[str, float]:
    return {term: float(n) for term, n in counts.items() if n > 0}


def fightin_words(
    counts_a: Mapping[str, float],
    counts_b: Mapping[str, float],
    *,
    prior: Mapping[str, float] | None = None,
    alpha0: float | None = None,
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    For a term w with counts y_a, y_b in corpora of sizes n_a, n_b (all terms), and prior
    pseudo-counts alpha_w summing to alpha0 over the prior's vocabulary:

        delta_w = log((y_a + alpha_w) / (n_a + alpha0 - y_a - alpha_w))
                - log((y_b + alpha_w) / (n_b + alpha0 - y_b - alpha_w))
        var_w   ~ 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
        z_w     = delta_w / sqrt(var_w)

    (Monroe et al. 2008, eqs. 16, 19-20, 22). ``alpha_w = alpha0 * prior_w / sum(prior)``.
    ``prior`` defaults to the pooled counts ``counts_a + counts_b``; a term of a or b that is
    missing from a given prior gets prior count 1. ``alpha0`` defaults to the prior's total,
    so that by default alpha_w is simply the term's pooled (background) count, as in the
    common use with a background corpus (e.g. Jurafsky et al. 2014). Positive z: the term is
    relatively more frequent in a. Columns: ``term, count_a, count_b, delta, var, z``; only
    terms occurring in a or b; sorted by z (descending), then term.
    """
    a, b = _positive(counts_a), _positive(counts_b)
    terms = sorted(set(a) | set(b))
    columns = ["term", "count_a", "count_b", "delta", "var", "z"]
    if not terms:
        return pd.DataFrame(columns=columns)
    background = _positive(prior) if prior is not None else {t: a.get(t, 0.0) + b.get(t, 0.0) for t in terms}
    for term in terms:
        background.setdefault(term, 1.0)
    total = math.fsum(background.values())
    scale = (total if alpha0 is None else float(alpha0)) / total
    if scale <= 0:
        raise ValueError("alpha0 must be positive")
    y_a = np.array([a.get(t, 0.0) for t in terms])
    y_b = np.array([b.get(t, 0.0) for t in terms])
    alpha = np.array([background[t] for t in terms]) * scale
    a0 = total * scale
    n_a, n_b = math.fsum(a.values()), math.fsum(b.values())
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_a + alpha) / (n_a + a0 - y_a - alpha)) - np.log((y_b + alpha) / (n_b + a0 - y_b - alpha))
        var = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)
        z = delta / np.sqrt(var)
    out = pd.DataFrame({"term": terms, "count_a": y_a, "count_b": y_b, "delta": delta, "var": var, "z": z})
    out = _integer_counts(out)
    return out.sort_values(["z", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _integer_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as int64 when they are whole numbers (they are, for token counts)."""
    for column in ("count_a", "count_b"):
        if (frame[column] == frame[column].round()).all():
            frame[column] = frame[column].astype("int64")
    return frame


def _xlogx_over(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``O * ln(O / E)`` with the convention ``0 * ln 0 = 0``."""
    out = np.zeros_like(observed, dtype=float)
    positive = observed > 0
    out[positive] = observed[positive] * np.log(observed[positive] / expected[positive])
    return out


def keyness_g2(counts_a: Mapping[str, float], counts_b: Mapping[str, float]) -> pd.DataFrame:
    """Dunning's (1993) log-likelihood G² for each term, signed (+ if overused in a).

    For a term with counts a, b in corpora of sizes N_A, N_B, the 2x2 table is
    [[a, b], [N_A - a, N_B - b]] with expected values E = row total * column total / N, and

        G² = 2 * sum(O * ln(O / E))   over the four cells (0 * ln 0 = 0),

    given a minus sign when a / N_A < b / N_B. (Corpus-linguistics calculators such as
    Rayson & Garside's often keep only the two cells of the term; this is the full table.)
    Columns: ``term, count_a, count_b, g2``; sorted by g2 (descending), then term.
    """
    a, b = _positive(counts_a), _positive(counts_b)
    terms = sorted(set(a) | set(b))
    if not terms:
        return pd.DataFrame(columns=["term", "count_a", "count_b", "g2"])
    o11 = np.array([a.get(t, 0.0) for t in terms])
    o12 = np.array([b.get(t, 0.0) for t in terms])
    n_a, n_b = math.fsum(a.values()), math.fsum(b.values())
    n = n_a + n_b
    o21, o22 = n_a - o11, n_b - o12
    row1, row2 = o11 + o12, o21 + o22
    cells = [(o11, n_a * row1 / n), (o12, n_b * row1 / n), (o21, n_a * row2 / n), (o22, n_b * row2 / n)]
    g2 = 2.0 * sum(_xlogx_over(o, e) for o, e in cells)
    rate_a = o11 / n_a if n_a else np.zeros_like(o11)
    rate_b = o12 / n_b if n_b else np.zeros_like(o12)
    g2 = np.where(rate_a < rate_b, -g2, g2) + 0.0  # + 0.0 turns -0.0 into 0.0
    out = _integer_counts(pd.DataFrame({"term": terms, "count_a": o11, "count_b": o12, "g2": g2}))
    return out.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def keyterms(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    min_count: int = 2,
    top: int | None = 20,
    bigrams: bool = False,
) -> pd.DataFrame:
    """Key terms of each group against the rest of the corpus.

    For each group, term counts of its sentences (a) are compared with those of all other
    groups (b) by :func:`fightin_words` (prior: the pooled counts of the whole corpus) and
    :func:`keyness_g2`. Terms occurring fewer than ``min_count`` times in the group are
    dropped; the ``top`` terms per group are kept (all if None). Columns: ``group, term,
    count, log_odds_z, g2``; sorted by group, then log_odds_z (descending), then term.
    """
    ordered = ordered_sentences(sentences)
    group_of = doc_meta(documents).set_index("doc_id")["group"]
    ordered["group"] = ordered["doc_id"].map(group_of).fillna("")
    counts = {
        group: count_terms(ordered.loc[ordered["group"] == group, "text"], bigrams=bigrams) for group in sorted(ordered["group"].unique())
    }
    return keyterms_from_counts(counts, min_count=min_count, top=top)


KEYTERM_COLUMNS = ["group", "term", "count", "log_odds_z", "g2"]


def keyterms_from_counts(counts: Mapping[str, Counter[str]], *, min_count: int = 2, top: int | None = 20) -> pd.DataFrame:
    """:func:`keyterms` from each group's term counts (``{group: Counter}``, groups in order)."""
    corpus: Counter[str] = Counter()
    for group_counts in counts.values():
        corpus.update(group_counts)
    frames = []
    for group, own in counts.items():
        rest = corpus - own
        scores = fightin_words(own, rest, prior=corpus).merge(keyness_g2(own, rest)[["term", "g2"]], on="term")
        scores = scores[scores["count_a"] >= min_count]
        scores = scores.sort_values(["z", "term"], ascending=[False, True], kind="stable")
        if top is not None:
            scores = scores.head(top)
        frames.append(
            pd.DataFrame(
                {"group": group, "term": scores["term"], "count": scores["count_a"], "log_odds_z": scores["z"], "g2": scores["g2"]}
            )
        )
    if not frames:
        return pd.DataFrame(columns=KEYTERM_COLUMNS)
    return pd.concat(frames, ignore_index=True)[KEYTERM_COLUMNS]


def top_keyterms(scores: pd.DataFrame, *, min_count: int = 2, top: int | None = 20) -> pd.DataFrame:
    """:func:`keyterms` with a higher ``min_count`` or lower ``top``, from its full table (``min_count=1, top=None``)."""
    kept = scores[scores["count"] >= min_count]
    return (kept.groupby("group", sort=False).head(top) if top is not None else kept).reset_index(drop=True)


# --------------------------------------------------------------------------- concordance


_NAME_RUN = re.compile(r"[A-Z][\w&'’.-]*(?:\s+(?:(?:of|for|the|de)\s+){0,2}[A-Z][\w&'’.-]*)*")
_JOINERS = ("of", "for", "the", "de")


def _sentence_start(text: str, position: int) -> bool:
    return not text[:position].strip(" \t\n\"'“‘(—–-")


def name_runs(text: str) -> tuple[list[tuple[tuple[str, ...], bool]], set[str]]:
    """The capitalised runs of one sentence, each as (words, opens the sentence), and the
    words capitalised mid-sentence (:func:`name_counts` counts names from both)."""
    text = text.translate(APOSTROPHES)
    runs, mid = [], set()
    for match in _NAME_RUN.finditer(text):
        first = _sentence_start(text, match.start())
        if not first:
            mid.update(match.group(0).split())
        runs.append((tuple(re.sub(r"'s\b", "", match.group(0)).strip(" .'-").split()), first))
    return runs, mid


def count_names(runs: Iterable[tuple[tuple[Sequence[str], bool], int]], mid: set[str]) -> Counter[str]:
    """Names from capitalised runs, each ((words, opens a sentence), times seen): leading stop
    words go, and a word capitalised only because it opens a sentence goes unless the texts
    capitalise it mid-sentence too (`mid`)."""
    stop = load_stopwords()
    counts: Counter[str] = Counter()
    for (words, first), times in runs:
        words = list(words)
        while words and (words[0].casefold() in stop or (first and words[0] not in mid)):
            words, first = words[1:], False
        while words and words[-1].casefold() in _JOINERS:
            words = words[:-1]
        if words and len(words[0]) > 1:
            counts[" ".join(words)] += times
    return counts


def name_counts(texts: Iterable[str]) -> Counter[str]:
    """Capitalised names (people, places, organisations, products) in some sentences.

    A name is a run of capitalised words ("Vadodara City Police", "Fight for the Future");
    a possessive 's is dropped. A word capitalised only because it opens the sentence is
    not part of a name unless the texts also capitalise it mid-sentence ("Analysts",
    "Today" go; "Amazon" at a sentence start stays). Leading stop words always go.
    """
    runs: Counter[tuple[tuple[str, ...], bool]] = Counter()
    mid: set[str] = set()
    for text in texts:
        found, capitalised = name_runs(text)
        runs.update(found)
        mid |= capitalised
    return count_names(runs.items(), mid)


def distinctive_names(sentences: pd.DataFrame, documents: pd.DataFrame, *, top: int | None = 10) -> pd.DataFrame:
    """Names each group uses, against the rest of the corpus: who and where it brings in.

    Counts come from :func:`name_counts`; the ranking is the same log-odds z as
    :func:`keyterms`, and `count_rest` shows whether any other group names them at all (a
    place named once by one outlet ranks low on z but is still listed when no one else names
    it). Columns: ``group, name, count, count_rest, log_odds_z``; by group, then names no
    other group uses first, then z (descending), count (descending) and name.
    """
    ordered = ordered_sentences(sentences)
    group_of = doc_meta(documents).set_index("doc_id")["group"]
    ordered["group"] = ordered["doc_id"].map(group_of).fillna("")
    counts = {g: name_counts(ordered.loc[ordered["group"] == g, "text"]) for g in sorted(ordered["group"].unique())}
    return names_from_counts(counts, top=top)


def names_from_counts(counts: Mapping[str, Counter[str]], *, top: int | None = 10) -> pd.DataFrame:
    """:func:`distinctive_names` from each group's name counts (``{group: Counter}``, groups in order)."""
    corpus: Counter[str] = Counter()
    for group_counts in counts.values():
        corpus.update(group_counts)
    frames = []
    for group, own in counts.items():
        scores = fightin_words(own, corpus - own, prior=corpus)
        scores = scores[scores["count_a"] > 0].assign(only=lambda f: f["count_b"] == 0, words=lambda f: f["term"].str.count(" ") + 1)
        # ties (a name used once) go to the more specific, longer name: "Vadodara City Police"
        scores = scores.sort_values(["only", "z", "count_a", "words", "term"], ascending=[False, False, False, False, True], kind="stable")
        if top is not None:
            scores = scores.head(top)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "name": scores["term"],
                    "count": scores["count_a"],
                    "count_rest": scores["count_b"],
                    "log_odds_z": scores["z"],
                }
            )
        )
    columns = ["group", "name", "count", "count_rest", "log_odds_z"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _doc_texts(sentences: pd.DataFrame) -> dict[str, str]:
    """Per doc_id: its sentences in order, whitespace-collapsed, joined by one space."""
    ordered = ordered_sentences(sentences)
    return {
        str(doc_id): " ".join(re.sub(r"\s+", " ", text).strip() for text in group["text"])
        for doc_id, group in ordered.groupby("doc_id", sort=True)
    }


def kwic(sentences: pd.DataFrame, documents: pd.DataFrame, term: str, *, width: int = 40) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``width`` characters each side.

    ``term`` follows the cue rule (case-insensitive, whole words, multiword, ``*`` suffix
    wildcard). Each document's sentences are read as one text (joined by a space), so the
    context runs across sentence boundaries. ``left``/``right`` are the (at most) ``width``
    characters before/after the match, stripped of surrounding spaces; ``term`` is the
    text as written. Columns: ``doc_id, outlet, left, term, right``; rows in document order.
    """
    if width < 0:
        raise ValueError("width must be >= 0")
    pattern = re.compile(cue_regex(term), re.IGNORECASE)
    outlet = doc_meta(documents).set_index("doc_id")["outlet"]
    rows = []
    for doc_id, text in _doc_texts(sentences).items():
        normalised = text.translate(APOSTROPHES)
        for m in pattern.finditer(normalised):
            left = text[max(0, m.start() - width) : m.start()].strip()
            right = text[m.end() : m.end() + width].strip()
            rows.append((doc_id, outlet.get(doc_id, ""), left, text[m.start() : m.end()], right))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "left", "term", "right"])
