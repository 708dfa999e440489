"""Localisation: how far each text moves the story to its own country.

Places, demonyms, states, cities and national institutions come from the gazetteer
``resources/places.csv`` (with its provenance header); each document's home is its
manifest ``region``. Every count can be traced to :func:`place_mentions`.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from analysis.cues import (
    CueMatcher,
    doc_meta,
    ordered_sentences,
    sentence_counts,
)
from analysis.paths import data_rows

PLACE_KINDS: tuple[str, ...] = ("country", "demonym", "state", "city", "institution")


def load_places() -> pd.DataFrame:
    """The gazetteer ``resources/places.csv``: columns ``region, name, kind``, in file order."""
    places = pd.DataFrame(data_rows("places.csv"), columns=["region", "name", "kind"])
    bad = sorted(set(places["kind"]) - set(PLACE_KINDS))
    if bad:
        raise ValueError(f"places.csv: unknown kind(s) {bad}")
    duplicated = places.loc[places["name"].duplicated(), "name"].tolist()
    if duplicated:
        raise ValueError(f"places.csv: names listed twice {duplicated}")
    return places


@lru_cache(maxsize=1)
def _place_matcher() -> tuple[CueMatcher, dict[str, str]]:
    places = load_places()
    lexicon: dict[str, list[str]] = {}
    for region, name in zip(places["region"], places["name"]):
        lexicon.setdefault(region, []).append(name)
    return CueMatcher(lexicon, case_sensitive=True), dict(zip(places["name"], places["kind"]))


# --------------------------------------------------------------------------- localisation


def place_mentions(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Evidence for :func:`localisation`: each gazetteer name found in each sentence.

    Names are matched with the rule of ``resources/places.csv`` (case-sensitive, whole
    words, longest name wins). One row per (doc_id, sent_id, name), in text order.
    ``home`` is True when the place belongs to the document's own region.
    Columns: ``doc_id, sent_id, region_of_place, name, kind, home, text``.
    """
    hits = [
        (doc_id, int(sent_id), place, text)
        for doc_id, sent_id, text in ordered_sentences(sentences)[["doc_id", "sent_id", "text"]].itertuples(index=False)
        for place in sentence_places(text)
    ]
    return mentions_table(hits, documents)


PLACE_COLUMNS = ["doc_id", "sent_id", "region_of_place", "name", "kind", "home", "text"]


def sentence_places(text: str) -> list[tuple[str, str, str]]:
    """(region, name, kind) of each gazetteer name in one sentence, each name once, in text order."""
    matcher, kinds = _place_matcher()
    seen: set[str] = set()
    places = []
    for hit in matcher.find(text):
        if hit.cue not in seen:
            seen.add(hit.cue)
            places.append((hit.label, hit.cue, kinds[hit.cue]))
    return places


def mentions_table(hits: list[tuple[str, int, tuple[str, str, str], str]], documents: pd.DataFrame) -> pd.DataFrame:
    """The :func:`place_mentions` table from (doc_id, sent_id, place, text) hits: ``home``
    when the place is of the document's own region."""
    meta = doc_meta(documents)
    region = dict(zip(meta["doc_id"], meta["region"]))
    rows = [
        (doc_id, sent_id, place_region, name, kind, bool(region.get(doc_id, "")) and place_region == region.get(doc_id, ""), text)
        for doc_id, sent_id, (place_region, name, kind), text in hits
    ]
    return pd.DataFrame(rows, columns=PLACE_COLUMNS)


_LOCALISATION_COLUMNS = [
    "doc_id", "outlet", "group", "region", "n_sentences", "n_home", "share_home",
    "n_foreign", "share_foreign", "n_places", "foreign_regions",
]  # fmt: skip


def localisation(sentences: pd.DataFrame, documents: pd.DataFrame, *, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """How much each document talks about its own region versus other regions.

    Definition: a sentence is *home* if it names at least one place, demonym or national
    institution (``resources/places.csv``) of the document's own ``region`` (the outlet's
    home, from the manifest), and *foreign* if it names at least one of another region; a
    sentence can be both, and sentences naming no listed place are neither.
    ``share_home = n_home / n_sentences`` and ``share_foreign = n_foreign / n_sentences``
    over all sentences of the document. For a US outlet, "Congress" and "Boston" are home;
    for an Indian outlet they are foreign and "Vadodara" is home. A document without a
    region has no home: its counts are 0 and its shares NaN. ``n_places`` counts sentences
    naming any listed place; ``foreign_regions`` lists the other regions named, as
    ``REGION:n_sentences`` (most frequent first). Columns: ``doc_id, outlet, group, region,
    n_sentences, n_home, share_home, n_foreign, share_foreign, n_places, foreign_regions``.
    ``mentions`` is the :func:`place_mentions` table, when the caller has it already.
    """
    docs = doc_meta(documents)
    mentions = place_mentions(sentences, documents) if mentions is None else mentions
    region = mentions["doc_id"].map(docs.set_index("doc_id")["region"]).fillna("")
    known = mentions[region != ""]
    home = known["home"].astype(bool)
    foreign = known[~home]
    out = docs.copy()
    out["n_sentences"] = _count_by_doc(out, sentence_counts(sentences))
    out["n_home"] = _count_by_doc(out, known[home].groupby("doc_id")["sent_id"].nunique())
    out["share_home"] = [_share(n, t, r) for n, t, r in zip(out["n_home"], out["n_sentences"], out["region"])]
    out["n_foreign"] = _count_by_doc(out, foreign.groupby("doc_id")["sent_id"].nunique())
    out["share_foreign"] = [_share(n, t, r) for n, t, r in zip(out["n_foreign"], out["n_sentences"], out["region"])]
    out["n_places"] = _count_by_doc(out, mentions.groupby("doc_id")["sent_id"].nunique())
    lists = _region_lists(foreign)
    out["foreign_regions"] = [lists.get(doc_id, "") for doc_id in out["doc_id"]]
    return out[_LOCALISATION_COLUMNS].reset_index(drop=True)


def _count_by_doc(docs: pd.DataFrame, counts: pd.Series) -> pd.Series:
    """``counts`` (indexed by doc_id) aligned with ``docs``, 0 where missing, as int64."""
    return docs["doc_id"].map(counts).fillna(0).astype("int64")


def _region_lists(foreign: pd.DataFrame) -> dict[str, str]:
    """Per doc_id: ``REGION:n;REGION:n`` of the foreign regions named, most sentences first."""
    counts = foreign.groupby(["doc_id", "region_of_place"])["sent_id"].nunique().reset_index()
    counts = counts.sort_values(["doc_id", "sent_id", "region_of_place"], ascending=[True, False, True], kind="stable")
    return {
        str(doc_id): ";".join(f"{r}:{n}" for r, n in zip(group["region_of_place"], group["sent_id"]))
        for doc_id, group in counts.groupby("doc_id", sort=True)
    }


def _share(n: int, total: int, region: str) -> float:
    """n / total, NaN without a home region or without sentences."""
    return n / total if region and total else math.nan


def localisation_by_group(per_document: pd.DataFrame) -> pd.DataFrame:
    """Pool :func:`localisation` per (group, region): sums of sentences, pooled shares.

    Columns: ``group, region, n_docs, n_sentences, n_home, share_home, n_foreign,
    share_foreign``; sorted by group, then region. Shares are NaN for documents without
    a region (region "").
    """
    out = (
        per_document.groupby(["group", "region"], sort=True)
        .agg(n_docs=("doc_id", "size"), n_sentences=("n_sentences", "sum"), n_home=("n_home", "sum"), n_foreign=("n_foreign", "sum"))
        .reset_index()
    )
    out["share_home"] = [_share(h, t, r) for h, t, r in zip(out["n_home"], out["n_sentences"], out["region"])]
    out["share_foreign"] = [_share(f, t, r) for f, t, r in zip(out["n_foreign"], out["n_sentences"], out["region"])]
    columns = ["group", "region", "n_docs", "n_sentences", "n_home", "share_home", "n_foreign", "share_foreign"]
    return out[columns]


def story_region(mentions: pd.DataFrame) -> str:
    """The region the story is set in: the one its place mentions name most ("" if none)."""
    return str(mentions.region_of_place.value_counts().sort_index().idxmax()) if len(mentions) else ""
