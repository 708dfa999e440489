"""Exact and near duplicates: wire copies found, different stories on one topic kept apart."""

from __future__ import annotations

from analysis.duplicates import THRESHOLD, Item, duplicates, jaccard, shingles

WIRE = (
    "The harbour authority said on Monday that the old ferry terminal will close in March after "
    "inspectors found cracks in the pier. Ferry passengers will be moved to the north dock while a "
    "new terminal is built. The authority expects the work to take two years and to cost about "
    "forty million dollars, most of it from the provincial budget. Local businesses near the terminal "
    "said they feared losing customers during the closure and asked for a temporary shuttle bus."
)
OTHER = (
    "The city council voted on Monday to extend the ferry service to the islands through the winter. "
    "Councillors said ridership had grown every month since the spring and that residents had asked "
    "for a reliable crossing. The extension will cost the city about two million dollars this year, "
    "paid from the transit reserve, and the service will be reviewed again in the autumn."
)


def test_shingles_and_jaccard():
    assert jaccard(shingles(WIRE), shingles(WIRE.upper())) == 1.0  # case does not matter
    assert jaccard(shingles(WIRE), shingles(OTHER)) < 0.1
    assert len(shingles("too short")) == 1
    assert shingles("") == frozenset()


def test_exact_and_near_copies_point_to_the_earliest():
    edited = WIRE.replace("forty million dollars", "$40 million") + " Reporting by a staff writer."
    items = [
        Item("late-copy", "2020-03-03", edited),
        Item("original", "2020-03-01", WIRE),
        Item("other", "2020-03-01", OTHER),
        Item("same-day-copy", "2020-03-01", WIRE),
    ]
    found = duplicates(items)
    assert set(found) == {"late-copy", "same-day-copy"}
    assert found["same-day-copy"] == ("original", 1.0)  # same date: the first in corpus order stays
    assert found["late-copy"][0] == "original"
    assert THRESHOLD <= found["late-copy"][1] < 1.0


def test_a_story_rewritten_is_not_a_duplicate():
    half = WIRE[: len(WIRE) // 2] + " " + OTHER
    assert duplicates([Item("a", "2020-01-01", WIRE), Item("b", "2020-01-02", half)]) == {}


def test_chains_join_one_cluster_and_empty_texts_never_match():
    base = " ".join(f"word{i}" for i in range(200))
    step1 = base.replace("word10 ", "change ", 1)
    step2 = step1.replace("word150 ", "other ", 1)
    items = [Item("c", "2020-01-03", step2), Item("a", "2020-01-01", base), Item("b", "2020-01-02", step1), Item("e", "2020-01-01", "")]
    found = duplicates(items)
    assert {k: v[0] for k, v in found.items()} == {"b": "a", "c": "a"}


def test_deterministic():
    items = [Item(f"d{i}", "2020-01-01", WIRE if i % 3 == 0 else OTHER + f" number {i}") for i in range(12)]
    assert duplicates(items) == duplicates(items)
