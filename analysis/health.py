"""The corpus health check: what a study rests on, before any figure is read.

Articles per outlet and group, the dates they span, their lengths, the duplicates the
manifest marks, the documents that barely mention the target, and the documents left out
(other languages, duplicates under dedupe, failures) - each with its count, so a reader sees
at once whether an outlet's figures rest on two articles or two hundred.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.aggregate import BARELY
from analysis.language import ENGLISH
from analysis.markup import prose

SHORT_WORDS = 150  # an article shorter than this is counted as short (a brief, a caption, a teaser)
COLUMNS = [
    "outlet",
    "group",
    "n_docs",
    "first",
    "last",
    "median_words",
    "n_short",
    "n_duplicates",
    "n_barely_mention",
    "n_left_out",
]


def by_outlet(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per outlet (then a row per group and one for the corpus): analysed articles,
    date range, median length, short articles, duplicates marked in the manifest, articles
    that barely mention the target, and articles left out (other language, dedupe, failure)."""
    documents = tables["documents"]
    dropped = left_out(tables)
    rows = []
    for level in ("outlet", "group", "corpus"):
        keys = ["outlet", "group"] if level == "outlet" else (["group"] if level == "group" else [])
        frame = documents.assign(_all="all")
        for key, docs in frame.groupby(keys or ["_all"], sort=True):
            key = key if isinstance(key, tuple) else (key,)
            named = dict(zip(keys, key))
            out = dropped
            for column, value in named.items():
                out = out[out[column] == value]
            rows.append(
                {
                    "outlet": named.get("outlet", "(all outlets)"),
                    "group": named.get("group", "(all groups)"),
                    "n_docs": len(docs),
                    "first": docs.published.min(),
                    "last": docs.published.max(),
                    "median_words": int(docs.n_words.median()),
                    "n_short": int((docs.n_words < SHORT_WORDS).sum()),
                    "n_duplicates": int(_marked(docs).sum()),
                    "n_barely_mention": int((docs.writer_stance == BARELY).sum()),
                    "n_left_out": len(out),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def _marked(documents: pd.DataFrame) -> pd.Series:
    """Whether each document is marked as a duplicate of another (manifest `duplicate_of`)."""
    return documents.duplicate_of.fillna("") != ""


def left_out(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The documents left out of every figure, with their outlet and group where known and
    why (another language, dedupe, a failure)."""
    excluded, problems = tables["excluded"], tables["problems"]
    failed = problems.drop_duplicates("doc_id").assign(outlet="", group="", reason=lambda f: f.stage + ": " + f.error)
    return pd.concat(
        [excluded[["doc_id", "outlet", "group", "reason"]], failed[["doc_id", "outlet", "group", "reason"]]], ignore_index=True
    )


@prose
def checks(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    """The health check as a Markdown list: one sentence per thing a reader should know, with
    its count (the corpus's names escaped)."""
    documents = tables["documents"]
    lines = [
        f"{len(documents)} articles analysed from {documents.outlet.nunique()} outlets in {documents.group.nunique()} groups, "
        f"published {documents.published.min()} to {documents.published.max()}."
    ]
    per_outlet = documents.groupby("outlet").size()
    few = per_outlet[per_outlet < 3]
    if len(few):
        lines.append(
            f"{len(few)} outlet(s) have fewer than 3 articles ({', '.join(sorted(few.index)[:8])}{', …' if len(few) > 8 else ''}): their figures describe single articles."
        )
    short = int((documents.n_words < SHORT_WORDS).sum())
    lines.append(f"Length: median {int(documents.n_words.median())} words; {short} article(s) under {SHORT_WORDS} words.")
    duplicates = int(_marked(documents).sum())
    excluded = tables["excluded"]
    foreign = excluded[excluded.language != ENGLISH]
    dropped = len(excluded) - len(foreign)  # the rest were left out as duplicates (dedupe)
    if duplicates:
        lines.append(
            f"{duplicates} article(s) are marked as duplicates of another and kept: they count twice (rerun with dedupe to leave them out)."
        )
    elif dropped:
        lines.append(f"{dropped} duplicate(s) left out (dedupe).")
    else:
        lines.append("No article is marked as a duplicate (`python -m analysis import` marks them in the manifest's duplicate_of).")
    barely = int((documents.writer_stance == BARELY).sum())
    lines.append(f"{barely} of {len(documents)} article(s) barely mention {target}: no writer's stance is measured for them.")
    if len(foreign):
        counts = foreign.language.value_counts().sort_index()
        lines.append("Not in English, flagged and not analysed: " + ", ".join(f"{n} in {code}" for code, n in counts.items()) + ".")
    else:
        lines.append("Every article is in English.")
    problems = tables["problems"]
    if len(problems):
        lines.append(f"{problems.doc_id.nunique()} document(s) could not be processed (listed below).")
    return "\n".join(f"- {line}" for line in lines)
