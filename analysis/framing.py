"""Frames (Policy Frames Codebook) and the motive each text attributes to the target's decision.

Cue lexicons: ``resources/frames.csv`` (15 dimensions of Boydstun et al. 2014) and
``resources/motives.csv`` (values, business, public relations, symbolic), each with a ``#``
header recording its provenance and choices. Every assignment keeps the cues it matched.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.cues import (
    CueMatcher,
    doc_meta,
    in_order,
    join_cues,
    lexicon_from_rows,
    ordered_sentences,
    rank,
    resource_rows,
    sentence_counts,
)

FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity & resources",
    "Morality",
    "Fairness & equality",
    "Legality, constitutionality & jurisprudence",
    "Policy prescription & evaluation",
    "Crime & punishment",
    "Security & defense",
    "Health & safety",
    "Quality of life",
    "Cultural identity",
    "Public opinion",
    "Political",
    "External regulation & reputation",
    "Other",
)
"""The 15 dimensions of the Policy Frames Codebook (Boydstun et al. 2014), in codebook order."""

OTHER = "Other"
MOTIVES: tuple[str, ...] = ("values", "business", "public_relations", "symbolic")

# --------------------------------------------------------------------------- resources


def load_frame_lexicon() -> dict[str, list[str]]:
    """Frame cues from ``resources/frames.csv``: ``{frame: [cue, ...]}`` for all 15 frames.

    Frames come in codebook order (:data:`FRAMES`), cues in file order, lower-cased.
    """
    return lexicon_from_rows(resource_rows("frames.csv"), "frame", FRAMES, "frames.csv")


def load_motive_lexicon() -> dict[str, list[str]]:
    """Motive cues from ``resources/motives.csv``: ``{motive: [cue, ...]}`` (:data:`MOTIVES` order)."""
    return lexicon_from_rows(resource_rows("motives.csv"), "motive", MOTIVES, "motives.csv")


@lru_cache(maxsize=1)
def _frame_matcher() -> CueMatcher:
    return CueMatcher(load_frame_lexicon())


@lru_cache(maxsize=1)
def _motive_matcher() -> CueMatcher:
    return CueMatcher(load_motive_lexicon())


# --------------------------------------------------------------------------- frames


def assign_frames(sentences: pd.DataFrame, *, lexicon: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Frames of each sentence by cue matching: one row per (doc_id, sent_id, frame).

    A sentence gets every frame with at least one matching cue; ``cues`` lists the matched
    cues (lexicon order, ``;``-joined). A sentence without any cue gets one row with frame
    ``"Other"`` and empty ``cues``. ``lexicon`` defaults to :func:`load_frame_lexicon`.
    Columns: ``doc_id, sent_id, frame, cues``; rows in (doc_id, sent_id, frame order).
    """
    matcher = _frame_matcher() if lexicon is None else CueMatcher(lexicon)
    frames = list(FRAMES if lexicon is None else lexicon)
    order = matcher.cue_order()
    rows: list[tuple[str, int, str, str]] = []
    for doc_id, sent_id, text in ordered_sentences(sentences)[["doc_id", "sent_id", "text"]].itertuples(index=False):
        hits = matcher.find(text)
        if not hits:
            rows.append((doc_id, int(sent_id), OTHER, ""))
            continue
        for frame in in_order((h.label for h in hits), frames):
            rows.append((doc_id, int(sent_id), frame, join_cues((h for h in hits if h.label == frame), order)))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frame", "cues"])


def frame_shares(
    assignments: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
) -> pd.DataFrame:
    """Share of each document's sentences that carry each frame.

    ``share = n_sentences with the frame / n sentences in the document`` (0 for an empty
    document). Every document gets a row for every frame, zeros included; shares of one
    document can sum to more than 1 because a sentence can carry several frames.
    Columns: ``doc_id, outlet, group, frame, n_sentences, share``; rows sorted by doc_id,
    then frame in codebook order.
    """
    docs = doc_meta(documents)
    counts = (
        assignments.assign(doc_id=assignments["doc_id"].astype(str))
        .groupby(["doc_id", "frame"])["sent_id"]
        .nunique()
        .rename("n_sentences")
    )
    grid = pd.MultiIndex.from_product([docs["doc_id"], list(frames)], names=["doc_id", "frame"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out = out.merge(docs[["doc_id", "outlet", "group"]], on="doc_id", how="left")
    totals = out["doc_id"].map(sentence_counts(sentences)).fillna(0)
    out["n_sentences"] = out["n_sentences"].astype("int64")
    out["share"] = np.where(totals > 0, out["n_sentences"] / totals.where(totals > 0, 1), 0.0)
    out["rank"] = rank(out["frame"].tolist(), frames)
    out = out.sort_values(["doc_id", "rank"], kind="stable")
    return out[["doc_id", "outlet", "group", "frame", "n_sentences", "share"]].reset_index(drop=True)


def frame_shares_by_group(
    assignments: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
) -> pd.DataFrame:
    """Pooled frame shares per group: sentences with the frame / all sentences of the group.

    Columns: ``group, frame, n_sentences, n_total, share``; rows by group, then codebook order.
    """
    per_doc = frame_shares(assignments, sentences, documents, frames=frames)
    totals = sentence_counts(sentences)
    docs = doc_meta(documents)
    group_totals = docs.assign(n=docs["doc_id"].map(totals).fillna(0)).groupby("group")["n"].sum()
    out = per_doc.groupby(["group", "frame"], sort=False)["n_sentences"].sum().reset_index()
    out["n_total"] = out["group"].map(group_totals).astype("int64")
    out["share"] = np.where(out["n_total"] > 0, out["n_sentences"] / out["n_total"].where(out["n_total"] > 0, 1), 0.0)
    out["rank"] = rank(out["frame"].tolist(), frames)
    out = out.sort_values(["group", "rank"], kind="stable")
    return out[["group", "frame", "n_sentences", "n_total", "share"]].reset_index(drop=True)


# --------------------------------------------------------------------------- motives


def target_sentences(
    sentences: pd.DataFrame,
    *,
    aliases: Sequence[str],
    decision_words: Sequence[str] = (),
    scope: str = "sentence",
) -> pd.Series:
    """Boolean mask (aligned with ``sentences``) of sentences that concern the target.

    A sentence concerns the target if it names one of ``aliases`` (e.g. ``["IBM",
    "Arvind Krishna"]``) or one of ``decision_words`` (e.g. ``["decision", "move"]``);
    matching follows the cue rule (case-insensitive, whole words, ``*`` wildcard).
    With ``scope="paragraph"`` every sentence of a paragraph that does so concerns it.
    """
    if not [a for a in aliases if a.strip()]:
        raise ValueError("pass at least one target alias")
    if scope not in ("sentence", "paragraph"):
        raise ValueError(f"scope must be 'sentence' or 'paragraph', not {scope!r}")
    matcher = CueMatcher({"target": [a for a in [*aliases, *decision_words] if a.strip()]})
    mask = sentences["text"].fillna("").astype(str).map(lambda t: bool(matcher.find(t)))
    if scope == "paragraph":
        keys = list(zip(sentences["doc_id"].astype(str), sentences["paragraph"]))
        hit = {key for key, m in zip(keys, mask) if m}
        mask = pd.Series([key in hit for key in keys], index=sentences.index)
    return mask.astype(bool)


def motive_framing(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    aliases: Sequence[str],
    decision_words: Sequence[str] = (),
    scope: str = "sentence",
    lexicon: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Evidence of how texts explain the target's decision: one row per (doc_id, sent_id, motive).

    Only sentences that concern the target (see :func:`target_sentences`) are searched for
    the motive cues of ``resources/motives.csv`` (``values``, ``business``,
    ``public_relations``, ``symbolic``). Columns: ``doc_id, sent_id, outlet, group,
    motive, cues, text``; rows by (doc_id, sent_id, motive order).
    """
    matcher = _motive_matcher() if lexicon is None else CueMatcher(lexicon)
    motives = list(MOTIVES if lexicon is None else lexicon)
    order = matcher.cue_order()
    ordered = ordered_sentences(sentences)
    ordered = ordered[target_sentences(ordered, aliases=aliases, decision_words=decision_words, scope=scope)]
    meta = doc_meta(documents).set_index("doc_id")
    rows = []
    for doc_id, sent_id, text in ordered[["doc_id", "sent_id", "text"]].itertuples(index=False):
        hits = matcher.find(text)
        for motive in in_order((h.label for h in hits), motives):
            cues = join_cues((h for h in hits if h.label == motive), order)
            outlet, group = (meta.at[doc_id, "outlet"], meta.at[doc_id, "group"]) if doc_id in meta.index else ("", "")
            rows.append((doc_id, int(sent_id), outlet, group, motive, cues, text))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "outlet", "group", "motive", "cues", "text"])


def motive_summary(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    aliases: Sequence[str],
    decision_words: Sequence[str] = (),
    scope: str = "sentence",
    lexicon: Mapping[str, Sequence[str]] | None = None,
    evidence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per group and motive: how many target sentences attribute that motive.

    ``n_target`` is the number of the group's sentences that concern the target,
    ``n_sentences`` those of them with the motive, ``share = n_sentences / n_target``
    (NaN if the group never mentions the target), ``n_docs`` the documents with the motive.
    Every group gets every motive. Columns: ``group, motive, n_sentences, n_docs,
    n_target, share``; rows by group, then motive order. ``evidence`` is the
    :func:`motive_framing` table of the same arguments, when the caller has it already.
    """
    motives = list(MOTIVES if lexicon is None else lexicon)
    if evidence is None:
        evidence = motive_framing(
            sentences, documents, aliases=aliases, decision_words=decision_words, scope=scope, lexicon=lexicon
        )
    docs = doc_meta(documents)
    mask = target_sentences(sentences, aliases=aliases, decision_words=decision_words, scope=scope)
    target_docs = sentences["doc_id"].astype(str)[mask.to_numpy()]
    targets = target_docs.map(docs.set_index("doc_id")["group"]).value_counts()
    rows = []
    for group in sorted(docs["group"].unique()):
        n_target = int(targets.get(group, 0))
        for motive in motives:
            sub = evidence[(evidence["group"] == group) & (evidence["motive"] == motive)]
            n = len(sub)
            share = n / n_target if n_target else math.nan
            rows.append((group, motive, n, int(sub["doc_id"].nunique()), n_target, share))
    return pd.DataFrame(rows, columns=["group", "motive", "n_sentences", "n_docs", "n_target", "share"])


