"""Provenance: passages and quotes that several outlets share (re-publications, wire copy)."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

import pandas as pd

from analysis.evaluate import overlap

SHINGLE = 4  # words per shingle: long enough to be specific, short enough to survive re-wording
MIN_PASSAGE_SIMILARITY = 0.35  # Jaccard of shingle sets; re-worded copies of one sentence score 0.3-0.6
MIN_QUOTE_OVERLAP = 0.6


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold().replace("’", "'"))
    return {tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def shared_passages(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sentences from different documents that share much of their wording.

    Candidates come from an inverted index of shingles, so the cost grows with the number
    of shared shingles, not with the square of the corpus.
    """
    outlet = dict(zip(documents.doc_id, documents.outlet))
    shingles = {i: _shingles(t) for i, t in zip(sentences.index, sentences.text)}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, sh in shingles.items():
        for s in sh:
            index[s].append(i)
    candidates = set()
    for ids in index.values():
        if len(ids) < 50:  # a shingle in very many sentences is boilerplate, not evidence
            candidates.update((a, b) for a, b in combinations(sorted(ids), 2))
    rows = []
    for a, b in sorted(candidates):
        ra, rb = sentences.loc[a], sentences.loc[b]
        if ra.doc_id == rb.doc_id:
            continue
        union = shingles[a] | shingles[b]
        similarity = len(shingles[a] & shingles[b]) / len(union) if union else 0.0
        if similarity >= MIN_PASSAGE_SIMILARITY:
            rows.append({"doc_a": ra.doc_id, "outlet_a": outlet[ra.doc_id], "sent_a": ra.sent_id, "text_a": ra.text,
                         "doc_b": rb.doc_id, "outlet_b": outlet[rb.doc_id], "sent_b": rb.sent_id, "text_b": rb.text,
                         "similarity": round(similarity, 3)})
    columns = ["doc_a", "outlet_a", "sent_a", "text_a", "doc_b", "outlet_b", "sent_b", "text_b", "similarity"]
    return pd.DataFrame(rows, columns=columns).sort_values(["doc_a", "sent_a", "doc_b", "sent_b"], kind="stable").reset_index(drop=True)


def document_overlap(passages: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """For each pair of documents, how many of their sentences are shared passages."""
    counts = passages.groupby(["doc_a", "doc_b"]).size().rename("shared_sentences").reset_index()
    outlet = dict(zip(documents.doc_id, documents.outlet))
    counts["outlet_a"] = counts.doc_a.map(outlet)
    counts["outlet_b"] = counts.doc_b.map(outlet)
    return counts.sort_values(["shared_sentences", "doc_a", "doc_b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def travelling_quotes(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Quotes that appear (re-worded or not) in more than one outlet, grouped.

    Two quotes belong together when most of the shorter one's words occur in the other.
    """
    outlet = dict(zip(documents.doc_id, documents.outlet))
    rows = list(quotes.itertuples())
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(rows)), 2):
        if rows[i].doc_id != rows[j].doc_id and len(rows[i].quote.split()) >= 4 and overlap(rows[i].quote, rows[j].quote) >= MIN_QUOTE_OVERLAP:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[find(i)].append(i)
    result = []
    for members in groups.values():
        outlets = sorted({outlet[rows[i].doc_id] for i in members})
        if len(outlets) < 2:
            continue
        first = rows[min(members)]
        result.append({"speaker": first.speaker, "n_outlets": len(outlets), "outlets": "; ".join(outlets),
                       "docs": "; ".join(sorted({rows[i].doc_id for i in members})), "quote": first.quote})
    table = pd.DataFrame(result, columns=["speaker", "n_outlets", "outlets", "docs", "quote"])
    return table.sort_values(["n_outlets", "speaker", "quote"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
