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
    sentence_counts,
)
from analysis.paths import data_rows

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
    return lexicon_from_rows(data_rows("frames.csv"), "frame", FRAMES, "frames.csv")


def load_motive_lexicon() -> dict[str, list[str]]:
    """Motive cues from ``resources/motives.csv``: ``{motive: [cue, ...]}`` (:data:`MOTIVES` order)."""
    return lexicon_from_rows(data_rows("motives.csv"), "motive", MOTIVES, "motives.csv")


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
    rows = [
        (doc_id, int(sent_id), frame, cues)
        for doc_id, sent_id, text in ordered_sentences(sentences)[["doc_id", "sent_id", "text"]].itertuples(index=False)
        for frame, cues in sentence_frames(text, matcher=matcher, frames=frames)
    ]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


FRAME_COLUMNS = ["doc_id", "sent_id", "frame", "cues"]


def sentence_frames(text: str, *, matcher: CueMatcher | None = None, frames: Sequence[str] = FRAMES) -> list[tuple[str, str]]:
    """(frame, cues) of one sentence, frames in codebook order; ``[("Other", "")]`` if none."""
    matcher = matcher or _frame_matcher()
    hits = matcher.find(text)
    if not hits:
        return [(OTHER, "")]
    order = matcher.cue_order()
    return [(frame, join_cues((h for h in hits if h.label == frame), order)) for frame in in_order((h.label for h in hits), frames)]


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
        assignments.assign(doc_id=assignments["doc_id"].astype(str)).groupby(["doc_id", "frame"])["sent_id"].nunique().rename("n_sentences")
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


def target_matcher(aliases: Sequence[str], decision_words: Sequence[str] = ()) -> CueMatcher:
    """The cue matcher for "this sentence concerns the target": its names and decision words."""
    cues = tuple(a for a in [*aliases, *decision_words] if a.strip())
    if not [a for a in aliases if a.strip()]:
        raise ValueError("pass at least one target alias")
    return _target_matcher(cues)


@lru_cache(maxsize=8)
def _target_matcher(cues: tuple[str, ...]) -> CueMatcher:
    return CueMatcher({"target": list(cues)})


def target_keys(
    sentences: Sequence[tuple[str, int, int, str]], *, aliases: Sequence[str], decision_words: Sequence[str] = (), scope: str = "sentence"
) -> set[tuple[str, int]]:
    """(doc_id, sent_id) of the sentences that concern the target, from (doc_id, sent_id,
    paragraph, text) rows: see :func:`target_sentences`."""
    if scope not in ("sentence", "paragraph"):
        raise ValueError(f"scope must be 'sentence' or 'paragraph', not {scope!r}")
    matcher = target_matcher(aliases, decision_words)
    hit = {(str(d), int(i)) for d, i, _, t in sentences if matcher.find(t)}
    if scope == "sentence":
        return hit
    paragraphs = {(str(d), p) for d, i, p, _ in sentences if (str(d), int(i)) in hit}
    return {(str(d), int(i)) for d, i, p, _ in sentences if (str(d), p) in paragraphs}


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
    rows = list(
        zip(
            sentences["doc_id"].astype(str),
            sentences["sent_id"].astype(int),
            sentences["paragraph"] if "paragraph" in sentences else sentences["sent_id"],
            sentences["text"].fillna("").astype(str),
        )
    )
    keys = target_keys(rows, aliases=aliases, decision_words=decision_words, scope=scope)
    return pd.Series([(d, i) in keys for d, i, _, _ in rows], index=sentences.index, dtype=bool)


def sentence_motives(text: str, *, matcher: CueMatcher | None = None, motives: Sequence[str] = MOTIVES) -> list[tuple[str, str]]:
    """(motive, cues) found in one sentence, in motive order."""
    matcher = matcher or _motive_matcher()
    hits = matcher.find(text)
    order = matcher.cue_order()
    return [(m, join_cues((h for h in hits if h.label == m), order)) for m in in_order((h.label for h in hits), motives)]


MOTIVE_COLUMNS = ["doc_id", "sent_id", "outlet", "group", "motive", "cues", "text"]


def motive_framing(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    aliases: Sequence[str],
    decision_words: Sequence[str] = (),
    scope: str = "sentence",
    lexicon: Mapping[str, Sequence[str]] | None = None,
    targets: set[tuple[str, int]] | None = None,
) -> pd.DataFrame:
    """Evidence of how texts explain the target's decision: one row per (doc_id, sent_id, motive).

    Only sentences that concern the target (see :func:`target_sentences`; ``targets`` gives
    their (doc_id, sent_id) when the caller has them) are searched for the motive cues of
    ``resources/motives.csv`` (``values``, ``business``, ``public_relations``, ``symbolic``).
    Columns: ``doc_id, sent_id, outlet, group, motive, cues, text``; rows by (doc_id,
    sent_id, motive order).
    """
    matcher = _motive_matcher() if lexicon is None else CueMatcher(lexicon)
    motives = list(MOTIVES if lexicon is None else lexicon)
    ordered = ordered_sentences(sentences)
    if targets is None:
        ordered = ordered[target_sentences(ordered, aliases=aliases, decision_words=decision_words, scope=scope)]
    else:
        ordered = ordered[[(d, int(i)) in targets for d, i in zip(ordered["doc_id"], ordered["sent_id"])]]
    meta = doc_meta(documents).set_index("doc_id")
    rows = []
    for doc_id, sent_id, text in ordered[["doc_id", "sent_id", "text"]].itertuples(index=False):
        outlet, group = (meta.at[doc_id, "outlet"], meta.at[doc_id, "group"]) if doc_id in meta.index else ("", "")
        for motive, cues in sentence_motives(text, matcher=matcher, motives=motives):
            rows.append((doc_id, int(sent_id), outlet, group, motive, cues, text))
    return pd.DataFrame(rows, columns=MOTIVE_COLUMNS)


def motive_summary(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    aliases: Sequence[str],
    decision_words: Sequence[str] = (),
    scope: str = "sentence",
    lexicon: Mapping[str, Sequence[str]] | None = None,
    evidence: pd.DataFrame | None = None,
    targets: set[tuple[str, int]] | None = None,
) -> pd.DataFrame:
    """Per group and motive: how many target sentences attribute that motive.

    ``n_target`` is the number of the group's sentences that concern the target,
    ``n_sentences`` those of them with the motive, ``share = n_sentences / n_target``
    (NaN if the group never mentions the target), ``n_docs`` the documents with the motive.
    Every group gets every motive. Columns: ``group, motive, n_sentences, n_docs,
    n_target, share``; rows by group, then motive order. ``evidence`` is the
    :func:`motive_framing` table of the same arguments and ``targets`` the keys of the
    sentences about the target, when the caller has them already.
    """
    motives = list(MOTIVES if lexicon is None else lexicon)
    if evidence is None:
        evidence = motive_framing(
            sentences, documents, aliases=aliases, decision_words=decision_words, scope=scope, lexicon=lexicon, targets=targets
        )
    docs = doc_meta(documents)
    if targets is None:
        mask = target_sentences(sentences, aliases=aliases, decision_words=decision_words, scope=scope)
        target_docs = sentences["doc_id"].astype(str)[mask.to_numpy()]
    else:
        target_docs = pd.Series([d for d, _ in sorted(targets)], dtype=object)
    targets_per_group = target_docs.map(docs.set_index("doc_id")["group"]).value_counts()
    counts = evidence.groupby(["group", "motive"]).agg(n=("sent_id", "size"), docs=("doc_id", "nunique"))
    rows = []
    for group in sorted(docs["group"].unique()):
        n_target = int(targets_per_group.get(group, 0))
        for motive in motives:
            n, n_docs = (
                (int(counts.at[(group, motive), "n"]), int(counts.at[(group, motive), "docs"]))
                if (group, motive) in counts.index
                else (0, 0)
            )
            share = n / n_target if n_target else math.nan
            rows.append((group, motive, n, n_docs, n_target, share))
    return pd.DataFrame(rows, columns=["group", "motive", "n_sentences", "n_docs", "n_target", "share"])
