"""The corpus health check counts what the figures rest on."""

from __future__ import annotations

import pandas as pd

from analysis.aggregate import BARELY
from analysis.health import SHORT_WORDS, by_outlet, checks, left_out


def _tables() -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame(
        [
            ("a", "Daily One", "national", "2021-01-01", 800, "", "favor"),
            ("b", "Daily One", "national", "2021-01-20", 90, "a", BARELY),
            ("c", "Weekly Two", "regional", "2021-01-05", 400, "", "against"),
        ],
        columns=["doc_id", "outlet", "group", "published", "n_words", "duplicate_of", "writer_stance"],
    )
    excluded = pd.DataFrame(
        [("d", "Weekly Two", "regional", "2021-01-06", "fr", "", "language fr: flagged, not analysed")],
        columns=["doc_id", "outlet", "group", "published", "language", "duplicate_of", "reason"],
    )
    problems = pd.DataFrame([("e", "read", "document is empty: e.txt")], columns=["doc_id", "stage", "error"])
    return {"documents": documents, "excluded": excluded, "problems": problems}


def test_by_outlet_counts():
    frame = by_outlet(_tables()).set_index(["outlet", "group"])
    one = frame.loc[("Daily One", "national")]
    assert (one.n_docs, one["first"], one["last"], one.n_short, one.n_duplicates, one.n_barely_mention, one.n_left_out) == (
        2,
        "2021-01-01",
        "2021-01-20",
        1,
        1,
        1,
        0,
    )
    assert frame.loc[("Weekly Two", "regional")].n_left_out == 1
    total = frame.loc[("(all outlets)", "(all groups)")]
    assert (total.n_docs, total.n_left_out, total.median_words) == (3, 2, 400)  # the failed document has no known outlet
    assert SHORT_WORDS > 90


def test_left_out_lists_excluded_and_failed():
    assert left_out(_tables())[["doc_id", "reason"]].values.tolist() == [
        ["d", "language fr: flagged, not analysed"],
        ["e", "read: document is empty: e.txt"],
    ]


def test_checks_say_each_count():
    text = checks(_tables(), "Acme")
    assert text.startswith("- 3 articles")
    assert "3 articles analysed from 2 outlets in 2 groups, published 2021-01-01 to 2021-01-20." in text
    assert "2 outlet(s) have fewer than 3 articles" in text
    assert "1 article(s) are marked as duplicates" in text
    assert "1 of 3 article(s) barely mention Acme" in text
    assert "Not in English, flagged and not analysed: 1 in fr." in text
    assert "1 document(s) could not be processed" in text


def test_corpus_names_are_escaped():
    tables = _tables()
    tables["documents"].loc[0, "outlet"] = "<script>x</script>"
    assert "<script>" not in checks(tables, "<b>Acme</b>")
