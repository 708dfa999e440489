"""Tiny sentences and documents tables for the framing, key-term and localisation tests."""

from __future__ import annotations

import pandas as pd


def tiny_sentences(docs: dict[str, list[str]], paragraphs: dict[str, list[int]] | None = None) -> pd.DataFrame:
    """A sentences table from {doc_id: [sentence, ...]} (one paragraph per sentence unless given)."""
    rows = []
    for doc_id, texts in docs.items():
        position = 0
        for sent_id, text in enumerate(texts):
            paragraph = (paragraphs or {}).get(doc_id, list(range(len(texts))))[sent_id]
            rows.append((doc_id, sent_id, paragraph, position, position + len(text), text))
            position += len(text) + 1
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "paragraph", "start", "end", "text"])


def tiny_documents(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A documents table from (doc_id, outlet, group, region) rows."""
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "group", "region"])
    frame["published"] = "2020-06-09"
    return frame
