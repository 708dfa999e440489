"""Tests of analysis.keyterms."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from tiny import tiny_documents, tiny_sentences

from analysis.keyterms import (
    fightin_words,
    keyness_g2,
    keyterms,
    kwic,
    load_stopwords,
    tokenize,
)


def test_stopwords_are_function_words_only():
    stop = load_stopwords()
    assert {"the", "and", "of", "which", "don't"} <= stop
    assert not {"police", "ibm", "surveillance", "#"} & stop


@pytest.mark.parametrize(
    ("text", "bigrams", "expected"),
    [
        ("IBM’s move, in 2020, was a 1-year moratorium.", False, ["ibm", "moratorium"]),
        ("Don't let's ignore it: Law-enforcement agencies!", False, ["ignore", "law-enforcement", "agencies"]),
        # no bigram across a comma or across a dropped stop word
        ("Facial recognition, police use of the technology", True,
         ["facial", "recognition", "police", "use", "technology", "facial recognition", "police use"]),
    ],
)  # fmt: skip
def test_tokenize(text, bigrams, expected):
    assert tokenize(text, bigrams=bigrams) == expected


# Worked example 1 (explicit uniform prior). Vocabulary {x, y}.
#   counts_a = {x: 3, y: 1}  -> n_a = 4      counts_b = {x: 1, y: 3}  -> n_b = 4
#   prior = {x: 1, y: 1}, alpha0 = 2          -> alpha_x = alpha_y = 2 * 1/2 = 1
#   delta_x = ln((3+1)/(4+2-3-1)) - ln((1+1)/(4+2-1-1)) = ln(4/2) - ln(2/4) = 2 ln 2 = 1.3862944
#   var_x   = 1/(3+1) + 1/(1+1) = 0.25 + 0.5 = 0.75
#   z_x     = 1.3862944 / sqrt(0.75) = 1.3862944 / 0.8660254 = 1.6007548
#   y is the mirror image: delta_y = -1.3862944, z_y = -1.6007548.
# Worked example 2 (default prior = pooled counts, alpha0 = their total).
#   same counts; prior = {x: 4, y: 4}, alpha0 = 8 -> alpha_x = 4
#   delta_x = ln((3+4)/(4+8-3-4)) - ln((1+4)/(4+8-1-4)) = ln(7/5) - ln(5/7) = 2 ln 1.4 = 0.6729445
#   var_x   = 1/7 + 1/5 = 0.3428571 ;  z_x = 0.6729445 / 0.5855400 = 1.1492715
# Worked example 3 (unequal corpus sizes).
#   counts_a = {x: 3, y: 1} (n_a = 4), counts_b = {x: 2, y: 6} (n_b = 8), prior {x: 1, y: 1}, alpha0 = 2
#   delta_x = ln(4/(4+2-3-1)) - ln(3/(8+2-2-1)) = ln 2 - ln(3/7) = 0.6931472 + 0.8472979 = 1.5404450
#   var_x   = 1/4 + 1/3 = 0.5833333 ;  z_x = 1.5404450 / 0.7637626 = 2.0169160
@pytest.mark.parametrize(
    ("counts_b", "prior", "alpha0", "delta_x", "var_x", "z_x"),
    [
        ({"x": 1, "y": 3}, {"x": 1, "y": 1}, 2.0, 1.3862944, 0.75, 1.6007548),
        ({"x": 1, "y": 3}, None, None, 0.6729445, 0.3428571, 1.1492715),
        ({"x": 2, "y": 6}, {"x": 1, "y": 1}, 2.0, 1.5404450, 0.5833333, 2.0169160),
    ],
)
def test_fightin_words_hand_examples(counts_b, prior, alpha0, delta_x, var_x, z_x):
    prior_counter = Counter(prior) if prior is not None else None
    result = fightin_words(Counter({"x": 3, "y": 1}), Counter(counts_b), prior=prior_counter, alpha0=alpha0)
    assert list(result.columns) == ["term", "count_a", "count_b", "delta", "var", "z"]
    assert result["term"].tolist() == ["x", "y"]  # sorted by z, descending
    x = result.set_index("term").loc["x"]
    assert x["delta"] == pytest.approx(delta_x, abs=1e-6)
    assert x["var"] == pytest.approx(var_x, abs=1e-6)
    assert x["z"] == pytest.approx(z_x, abs=1e-6)
    assert result.set_index("term").loc["y", "z"] < 0


def test_fightin_words_is_antisymmetric():
    a, b = Counter({"x": 5, "y": 2, "z": 1}), Counter({"x": 1, "y": 4})
    ab = fightin_words(a, b).set_index("term")["z"]
    ba = fightin_words(b, a).set_index("term")["z"]
    pd.testing.assert_series_equal(ab.sort_index(), -ba.sort_index())


# Worked example (Dunning G², full 2x2 table). Term w: a = 10 of N_A = 100, b = 2 of N_B = 100.
#   Observed:  [[10, 2], [90, 98]]; row totals 12, 188; column totals 100, 100; N = 200.
#   Expected:  E11 = 100*12/200 = 6, E12 = 6, E21 = 100*188/200 = 94, E22 = 94.
#   G² = 2 * (10 ln(10/6) + 2 ln(2/6) + 90 ln(90/94) + 98 ln(98/94))
#      = 2 * (5.1082562 - 2.1972246 - 3.9136601 + 4.0839242) = 2 * 3.0812958 = 6.1625917
#   w is overused in a (10/100 > 2/100): +6.1625917. The other term has the same table with the
#   rows swapped (90 vs 98), so the same G², with a minus sign (90/100 < 98/100).
def test_keyness_g2_hand_example():
    result = keyness_g2(Counter({"w": 10, "other": 90}), Counter({"w": 2, "other": 98}))
    assert list(result.columns) == ["term", "count_a", "count_b", "g2"]
    g2 = result.set_index("term")["g2"]
    assert g2["w"] == pytest.approx(6.1625917, abs=1e-6)
    assert g2["other"] == pytest.approx(-6.1625917, abs=1e-6)
    assert result["term"].tolist() == ["w", "other"]


def test_keyness_g2_zero_for_equal_rates():
    result = keyness_g2(Counter({"a": 5, "b": 5}), Counter({"a": 10, "b": 10}))
    assert result["g2"].abs().max() == pytest.approx(0.0, abs=1e-12)


def test_keyterms_each_group_against_the_rest():
    sentences = tiny_sentences({
        "d1": ["Cynical cynical move to redeem redeem itself.", "Police police."],
        "d2": ["Welcome step for racial justice justice.", "Police police police."],
    })  # fmt: skip
    documents = tiny_documents([("d1", "A", "skeptical", "UK"), ("d2", "B", "sympathetic", "US")])
    result = keyterms(sentences, documents, min_count=2, top=None)
    assert list(result.columns) == ["group", "term", "count", "log_odds_z", "g2"]
    skeptical = result[result["group"] == "skeptical"]
    assert skeptical["term"].tolist()[:2] == ["cynical", "redeem"]  # tie on z broken by term
    assert (skeptical["count"] >= 2).all()
    assert skeptical["log_odds_z"].is_monotonic_decreasing
    assert skeptical.set_index("term").loc["cynical", "g2"] > 0
    assert result["group"].tolist() == sorted(result["group"].tolist())
    assert keyterms(sentences, documents, top=1).groupby("group").size().tolist() == [1, 1]


KWIC_DOCS = {"d1": ["IBM quits facial recognition.", "Facial  Recognition is biased; facial-recognition bans follow."]}


def test_kwic_multiword_case_insensitive_acrosstiny_sentences():
    documents = tiny_documents([("d1", "Outlet", "g", "US")])
    # joined text: "IBM quits facial recognition. Facial Recognition is biased; facial-recognition bans follow."
    result = kwic(tiny_sentences(KWIC_DOCS), documents, "facial recognition", width=10)
    assert list(result.columns) == ["doc_id", "outlet", "left", "term", "right"]
    assert result.values.tolist() == [
        ["d1", "Outlet", "IBM quits", "facial recognition", ". Facial R"],
        ["d1", "Outlet", "ognition.", "Facial Recognition", "is biased"],
        ["d1", "Outlet", "s biased;", "facial-recognition", "bans foll"],
    ]


@pytest.mark.parametrize(("term", "n"), [("ban*", 1), ("bans", 1), ("ban", 0), ("IBM", 1), ("ibm", 1), ("Amazon", 0)])
def test_kwic_counts(term, n):
    result = kwic(tiny_sentences(KWIC_DOCS), tiny_documents([("d1", "Outlet", "g", "US")]), term)
    assert len(result) == n


def test_seed_skeptical_key_terms_carry_the_pr_critique(seed_tables):
    terms = seed_tables["keyterms"]
    skeptical = terms[terms.group == "skeptical"].head(10)
    assert {"cynical", "fooled"} <= set(skeptical.term)
    assert (terms.groupby("group").log_odds_z.apply(lambda z: z.is_monotonic_decreasing)).all()


def test_name_counts_skip_words_capitalised_only_at_a_sentence_start():
    from analysis.keyterms import name_counts

    counts = name_counts(
        [
            "Analysts said Vadodara City Police will use Clearview AI.",
            "Clearview AI's tool is new.",
            "Today the Fight for the Future group spoke.",
        ]
    )
    assert counts == {"Vadodara City Police": 1, "Clearview AI": 2, "Fight for the Future": 1}


def test_seed_regional_names_bring_the_story_home(seed_tables):
    names = seed_tables["names"]
    regional = names[(names.group == "regional") & (names.count_rest == 0)]
    assert "Vadodara City Police" in set(regional.head(8).name)
    skeptical = names[(names.group == "skeptical") & (names.count_rest == 0)]
    assert any("Privacy International" in n for n in skeptical.name)
