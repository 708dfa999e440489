from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.aggregate import bootstrap_ci, stance_units, summarise
from analysis.stance import OFF_TARGET, label_of


def test_bootstrap_is_seeded_and_brackets_the_mean():
    values = [0.9, -0.2, 0.4, 0.1, 0.7]
    low, high = bootstrap_ci(values)
    assert (low, high) == bootstrap_ci(values)
    assert low <= sum(values) / len(values) <= high


@pytest.mark.parametrize(("values", "expected"), [([], (math.nan, math.nan)), ([0.3], (0.3, 0.3))])
def test_bootstrap_edge_cases(values, expected):
    low, high = bootstrap_ci(values)
    assert (math.isnan(low) and math.isnan(expected[0])) or (low, high) == expected


def test_summarise_counts_only_scored_units():
    frame = pd.DataFrame({"outlet": ["A", "A", "B"], "stance_score": [0.5, float("nan"), -0.5]})
    table = summarise(frame, ["outlet"], "stance_score").set_index("outlet")
    assert table.loc["A", "n_stance_score"] == 1 and table.loc["A", "stance_score"] == 0.5


def test_stance_units_count_each_text_once_and_can_drop_self():
    sentences = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [0, 1], "kind": ["body", "body"], "sentiment": [0.1, 0.2], "stance_score": [0.5, 0.9]}
    )
    quotes = pd.DataFrame({"doc_id": ["d"], "sent_id": [1], "speaker": ["IBM"], "self": [True], "sentiment": [0.2], "stance_score": [0.9]})
    units = stance_units(sentences, quotes)
    assert list(units.unit) == ["sentence", "quote"]
    assert list(stance_units(sentences, quotes, exclude_self=True).unit) == ["sentence"]


@pytest.mark.parametrize(("score", "label"), [(0.3, "favor"), (-0.3, "against"), (0.1, "neutral"), (float("nan"), "")])
def test_label_of(score, label):
    assert label_of(score, 0.25) == label


def test_off_target_quotes_carry_no_stance_into_means():
    sentences = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "kind": ["body"], "sentiment": [0.1], "stance_score": [0.5]})
    quotes = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "sent_id": [1, 2],
            "speaker": ["A", "B"],
            "self": [False, False],
            "sentiment": [0.2, 0.3],
            "stance_score": [0.8, 0.0],
            "stance_cue": ["+welcome", OFF_TARGET],
        }
    )
    units = stance_units(sentences, quotes)
    assert len(units) == 3 and units.stance_score.notna().sum() == 2


def test_a_quote_over_two_sentences_takes_both_out_of_the_narrative():
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "sent_id": [0, 1, 2],
            "kind": ["body"] * 3,
            "start": [0, 20, 40],
            "end": [19, 39, 59],
            "sentiment": [0.0] * 3,
            "stance_score": [0.1, -0.9, 0.2],
        }
    )
    quotes = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [0],
            "start": [5],
            "end": [30],
            "speaker": ["A"],
            "self": [False],
            "sentiment": [0.0],
            "stance_score": [-0.9],
            "stance_cue": ["-cynical"],
        }
    )
    units = stance_units(sentences, quotes)
    assert list(units.unit) == ["sentence", "quote"] and units.stance_score.tolist() == [0.2, -0.9]


def test_writer_stance_weighs_the_writers_words_and_says_when_the_target_is_barely_there():
    import pandas as pd

    from analysis.aggregate import BARELY, writer_stance

    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "sent_id": [0, 1, 2, 0],
            "paragraph": [0, 1, 2, 0],
            "kind": ["headline", "body", "body", "body"],
            "start": [0, 20, 60, 0],
            "end": [19, 59, 99, 30],
            "text": ["Acme quits the deal", "Acme's exit is a positive step.", "Others may follow.", "Weather was fine."],
            "stance": ["neutral", "favor", "neutral", "neutral"],
            "stance_score": [0.1, 0.8, None, None],
            "stance_cue": ["model:+0.10", "+positive step", "no cue", "not about the target"],
        }
    )
    quotes = pd.DataFrame(
        {
            "doc_id": ["a"],
            "quote": ["It is cynical."],
            "speaker": ["Jane Roe"],
            "self": [False],
            "start": [200],
            "end": [214],
            "stance_score": [-0.9],
            "stance_cue": ["-cynical"],
        }
    )
    table = writer_stance(sentences, quotes, {"a": 3, "b": 0}, threshold=0.25).set_index("doc_id")
    # headline 2 x 0.1, lede 1.5 x 0.8, voice 0.5 x -0.9 -> (0.2 + 1.2 - 0.45) / 4.0
    assert abs(table.loc["a", "writer_stance_score"] - 0.2375) < 1e-9
    assert table.loc["a", "writer_stance"] == "neutral" and "+positive step" in table.loc["a", "writer_evidence"]
    assert table.loc["b", "writer_stance"] == BARELY and pd.isna(table.loc["b", "writer_stance_score"])
