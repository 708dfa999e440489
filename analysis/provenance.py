"""Provenance: passages and quotes that several outlets share (re-publications, wire copy)."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from analysis.evaluate import overlap
from analysis.segment import word_tokens

SHINGLE = 4  # words per shingle: long enough to be specific, short enough to survive re-wording
MIN_PASSAGE_SIMILARITY = 0.35  # Jaccard of shingle sets; re-worded copies of one sentence score 0.3-0.6
MIN_QUOTE_OVERLAP = 0.6


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def shared_passages(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sentences from different documents that share much of their wording.

    Identical wordings are grouped first, and each copy is paired with the first one (a wire
    story in 30 outlets gives 29 rows, not 435); distinct wordings are compared through an
    inverted index of shingles, so the cost grows with the number of shared shingles, not with
    the square of the corpus.
    """
    outlet = dict(zip(documents.doc_id, documents.outlet))
    doc_ids, sent_ids, texts = list(sentences.doc_id), list(sentences.sent_id), list(sentences.text)
    wordings: dict[str, list[int]] = defaultdict(list)  # a sentence's words, joined: one string per sentence
    for i, text in enumerate(texts):
        wordings[" ".join(word_tokens(text))].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for members in wordings.values():
        first = members[0]
        for m in members[1:]:
            if doc_ids[m] != doc_ids[first]:
                pairs[(first, m)] = 1.0
    keys = list(wordings)
    shingles = [_shingles(tuple(key.split())) for key in keys]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, sh in enumerate(shingles):
        for s in sh:
            index[s].append(k)
    candidates = set()
    for ids in index.values():
        if len(ids) < 50:  # a shingle in very many wordings is boilerplate, not evidence
            candidates.update(combinations(ids, 2))
    for a, b in sorted(candidates):
        union = shingles[a] | shingles[b]
        similarity = len(shingles[a] & shingles[b]) / len(union) if union else 0.0
        if similarity < MIN_PASSAGE_SIMILARITY:
            continue
        pair = next(((x, y) for x in wordings[keys[a]] for y in wordings[keys[b]] if doc_ids[x] != doc_ids[y]), None)
        if pair is not None:  # the first copies of the two wordings that lie in different documents
            pairs.setdefault((min(pair), max(pair)), similarity)
    rows = [
        {
            "doc_a": doc_ids[a],
            "outlet_a": outlet[doc_ids[a]],
            "sent_a": sent_ids[a],
            "text_a": texts[a],
            "doc_b": doc_ids[b],
            "outlet_b": outlet[doc_ids[b]],
            "sent_b": sent_ids[b],
            "text_b": texts[b],
            "similarity": round(similarity, 3),
        }
        for (a, b), similarity in pairs.items()
    ]
    columns = ["doc_a", "outlet_a", "sent_a", "text_a", "doc_b", "outlet_b", "sent_b", "text_b", "similarity"]
    return pd.DataFrame(rows, columns=columns).sort_values(["doc_a", "sent_a", "doc_b", "sent_b"], kind="stable").reset_index(drop=True)


def document_overlap(passages: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """For each pair of documents, how many of their sentences are shared passages."""
    counts = passages.groupby(["doc_a", "doc_b"]).size().rename("shared_sentences").reset_index()
    outlet = dict(zip(documents.doc_id, documents.outlet))
    counts["outlet_a"] = counts.doc_a.map(outlet)
    counts["outlet_b"] = counts.doc_b.map(outlet)
    return counts.sort_values(["shared_sentences", "doc_a", "doc_b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


MIN_QUOTE_WORDS = 4  # shorter quotes ("a first step") are too common to show a quote travelled


def travelling_quotes(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Quotes that appear (re-worded or not) in more than one outlet, grouped.

    Two quotes of at least MIN_QUOTE_WORDS words, in different documents, belong together when
    most of the shorter one's words occur in the other (`evaluate.overlap` >=
    MIN_QUOTE_OVERLAP). Each distinct wording is compared once; candidate pairs come from an
    index of each wording's rarest words (prefix filtering: if 60% of a quote's words occur in
    another, some word among its rarest 40% and one more does too), so no pair is missed and
    the cost grows with the pairs that share rare words, not with the square of the quotes.
    """
    from scipy.cluster.hierarchy import DisjointSet  # imported here: the reports' kernels never need it

    outlet = dict(zip(documents.doc_id, documents.outlet))
    rows = list(quotes.itertuples())
    together = DisjointSet(range(len(rows)))

    wordings: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if len(r.quote.split()) >= MIN_QUOTE_WORDS:
            wordings[r.quote].append(i)
    texts = list(wordings)
    docs = [{rows[i].doc_id for i in wordings[t]} for t in texts]
    for t, where in zip(texts, docs):
        if len(where) > 1:  # the same words in two documents: all its copies travel together
            for i in wordings[t][1:]:
                together.merge(wordings[t][0], i)
    tokens = [word_tokens(t) for t in texts]
    frequency = Counter(w for ts in tokens for w in set(ts))
    postings: dict[str, list[int]] = defaultdict(list)
    for k, ts in enumerate(tokens):
        for w in set(ts):
            postings[w].append(k)
    for a, ts in enumerate(tokens):
        if not ts:
            continue
        rarest = sorted(ts, key=lambda w: (frequency[w], w))[: int(len(ts) * (1 - MIN_QUOTE_OVERLAP)) + 1]
        for b in sorted({b for w in set(rarest) for b in postings[w] if b != a and len(tokens[b]) >= len(ts)}):  # a is the shorter
            if len(docs[a] | docs[b]) > 1 and overlap(texts[a], texts[b]) >= MIN_QUOTE_OVERLAP:
                together.merge(wordings[texts[a]][0], wordings[texts[b]][0])
    result = []
    for members in sorted(together.subsets(), key=min):
        outlets = sorted({outlet[rows[i].doc_id] for i in members})
        if len(outlets) < 2:
            continue
        first = rows[min(members)]
        result.append(
            {
                "speaker": first.speaker,
                "n_outlets": len(outlets),
                "outlets": "; ".join(outlets),
                "docs": "; ".join(sorted({rows[i].doc_id for i in members})),
                "quote": first.quote,
            }
        )
    table = pd.DataFrame(result, columns=["speaker", "n_outlets", "outlets", "docs", "quote"])
    return table.sort_values(["n_outlets", "speaker", "quote"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
