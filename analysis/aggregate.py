"""Aggregates: means with n and a seeded bootstrap 95% interval, so tables are deterministic."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.segment import Spans
from analysis.stance import OFF_TARGET

BOOTSTRAP_SEED = 20200608  # the day of IBM's letter; any fixed seed makes runs identical
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_CELLS = 2_000_000  # resampled values held at once (16 MB of float64)


def bootstrap_ci(values: Sequence[float], *, seed: int = BOOTSTRAP_SEED, samples: int = BOOTSTRAP_SAMPLES) -> tuple[float, float]:
    """Percentile 95% interval of the mean; (nan, nan) for no values, the value itself for one."""
    data = np.asarray(list(values), dtype=float)
    if data.size == 0:
        return (float("nan"), float("nan"))
    if data.size == 1:
        return (float(data[0]), float(data[0]))
    rng = np.random.default_rng(seed)
    # resamples drawn in chunks of at most BOOTSTRAP_CELLS values, so memory stays bounded
    # for any n; numpy's generator yields the same stream as one (samples x n) draw would
    rows = max(1, min(samples, BOOTSTRAP_CELLS // data.size))
    means = np.concatenate(
        [data[rng.integers(0, data.size, size=(min(rows, samples - done), data.size))].mean(axis=1) for done in range(0, samples, rows)]
    )
    low, high = np.percentile(means, [2.5, 97.5])
    return (float(low), float(high))


def mean_or_nan(values: Sequence[float]) -> float:
    data = [v for v in values if not pd.isna(v)]
    return float(np.mean(data)) if data else float("nan")


def stance_units(sentences: pd.DataFrame, quotes: pd.DataFrame, *, exclude_self: bool = False) -> pd.DataFrame:
    """Each piece of text counted once: quotes, plus narrative sentences outside any quote.

    Columns doc_id, unit ('quote' or 'sentence'), speaker, self, sentiment, stance_score.
    Only units that concern the target carry a stance_score (others are NaN): a quote about
    something else is labelled neutral in quotes.csv but does not pull a mean toward zero.
    """
    if "stance_cue" in quotes:
        quotes = quotes.assign(stance_score=quotes.stance_score.where(quotes.stance_cue != OFF_TARGET))
    narrative = sentences[~_overlaps_a_quote(sentences, quotes)]
    narrative = narrative[narrative.kind != "headline"] if "kind" in narrative else narrative
    units = pd.concat(
        [
            pd.DataFrame(
                {
                    "doc_id": narrative.doc_id,
                    "unit": "sentence",
                    "speaker": "",
                    "self": False,
                    "sentiment": narrative.sentiment,
                    "stance_score": narrative.stance_score,
                }
            ),
            pd.DataFrame(
                {
                    "doc_id": quotes.doc_id,
                    "unit": "quote",
                    "speaker": quotes.speaker,
                    "self": quotes["self"].astype(bool),
                    "sentiment": quotes.sentiment,
                    "stance_score": quotes.stance_score,
                }
            ),
        ],
        ignore_index=True,
    )
    return units[~units["self"]] if exclude_self else units


def _overlaps_a_quote(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.Series:
    """Sentences that hold any part of a quote (by character offsets when both tables have
    them, so a quote running over several sentences marks them all; else by sent_id)."""
    if not {"start", "end"} <= set(sentences) or not {"start", "end"} <= set(quotes):
        quoted = set(zip(quotes.doc_id, quotes.sent_id))
        return pd.Series([(d, i) in quoted for d, i in zip(sentences.doc_id, sentences.sent_id)], index=sentences.index)
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(quotes.doc_id, quotes.start, quotes.end):
        spans.setdefault(doc_id, []).append((int(start), int(end)))
    index = {doc_id: Spans(s) for doc_id, s in spans.items()}
    return pd.Series(
        [d in index and index[d].overlaps(int(s), int(e)) for d, s, e in zip(sentences.doc_id, sentences.start, sentences.end)],
        index=sentences.index,
    )


def summarise(frame: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Mean, n and bootstrap interval of `value` per group, groups sorted."""
    rows = []
    for key, group in frame.groupby(by, sort=True):
        values = group[value].dropna().tolist()
        low, high = bootstrap_ci(values)
        key = key if isinstance(key, tuple) else (key,)
        rows.append(
            {**dict(zip(by, key)), f"n_{value}": len(values), value: mean_or_nan(values), f"{value}_ci_low": low, f"{value}_ci_high": high}
        )
    return pd.DataFrame(rows, columns=[*by, f"n_{value}", value, f"{value}_ci_low", f"{value}_ci_high"])


# The writer's stance toward the target in one document: what the article as a whole conveys.
# Its own sentences about the target count most (the headline and the first paragraph above
# the rest, as readers weigh them); the voices it chooses to quote about the target (not the
# target's own, which speak for it) count at VOICES_WEIGHT. A document that names the target
# fewer than MIN_MENTIONS times and has fewer than MIN_UNITS texts about it says so.
HEADLINE_WEIGHT, LEDE_WEIGHT = 2.0, 1.5
VOICES_WEIGHT = 0.5
MIN_MENTIONS, MIN_UNITS = 2, 2
BARELY = "barely mentions the target"
EVIDENCE_ITEMS = 3


def writer_sentences(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The writers' own sentences about the target: outside every quote, with a stance."""
    return sentences[~_overlaps_a_quote(sentences, quotes) & (sentences.stance_cue != OFF_TARGET) & sentences.stance_score.notna()]


def writer_stance(sentences: pd.DataFrame, quotes: pd.DataFrame, mentions: dict[str, int], *, threshold: float) -> pd.DataFrame:
    """One row per document: doc_id, target_mentions, writer_stance (favor / against / neutral /
    "barely mentions the target"), writer_stance_score (NaN when barely mentioned) and
    writer_evidence (the strongest texts behind the call, with their cues)."""
    on_quotes = quotes[quotes.stance_cue != OFF_TARGET] if "stance_cue" in quotes else quotes.iloc[0:0]
    narrative = writer_sentences(sentences, quotes)
    # each document's rows, split once (not masked per document: that is quadratic in the corpus)
    own_of = dict(tuple(narrative.groupby("doc_id", sort=False)))
    others = on_quotes[~on_quotes["self"].astype(bool)]
    voices_of = dict(tuple(others.groupby("doc_id", sort=False)))
    rows = []
    for doc_id in sorted(set(sentences.doc_id) | set(mentions)):
        own = own_of.get(doc_id, narrative.iloc[0:0])
        voices = voices_of.get(doc_id, others.iloc[0:0])
        first_body = own.loc[own.kind == "body", "paragraph"].min() if (own.kind == "body").any() else -1
        weights = own.kind.map({"headline": HEADLINE_WEIGHT}).fillna(1.0).where(own.paragraph != first_body, LEDE_WEIGHT)
        texts = [(w, s, t, c) for w, s, t, c in zip(weights, own.stance_score, own.text, own.stance_cue)]
        texts += [
            (VOICES_WEIGHT, s, f"{sp}: {q}", c) for s, sp, q, c in zip(voices.stance_score, voices.speaker, voices.quote, voices.stance_cue)
        ]
        n_mentions = int(mentions.get(doc_id, 0))
        if n_mentions < MIN_MENTIONS and len(texts) < MIN_UNITS:
            rows.append((doc_id, n_mentions, BARELY, float("nan"), ""))
            continue
        total = sum(w for w, *_ in texts)
        value = sum(w * s for w, s, *_ in texts) / total if total else 0.0
        label = "favor" if value >= threshold else "against" if value <= -threshold else "neutral"
        strongest = sorted(texts, key=lambda x: (-abs(x[0] * x[1]), x[2]))[:EVIDENCE_ITEMS]
        evidence = " | ".join(f"{s:+.2f} {t[:120]} ({c})" for _, s, t, c in strongest)
        rows.append((doc_id, n_mentions, label, round(value, 4), evidence))
    return pd.DataFrame(rows, columns=["doc_id", "target_mentions", "writer_stance", "writer_stance_score", "writer_evidence"])
