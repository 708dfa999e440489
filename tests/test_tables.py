"""Stance and sentiment aggregates in the tables, read against a careful reading of the seeds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.paths import SEEDS
from analysis.stance import Target
from analysis.study import build_tables


@pytest.fixture(scope="module")
def amazon_tables():
    tables, _ = build_tables(SEEDS, target=Target("Amazon"))
    return tables


def _speaker(tables, name: str) -> pd.Series:
    speakers = tables["speakers"].set_index("speaker")
    return speakers.loc[name]


@pytest.mark.parametrize(
    ("speaker", "stance"),
    [
        ("Eva Blum-Dumontet", "against"),  # Privacy International: "cynical", "redeem itself"
        ("Joy Buolamwini", "favor"),  # Algorithmic Justice League
        ("Deborah Raji", "favor"),  # AI Now
        ("Nate Freed Wessler", "favor"),  # ACLU
        ("Arvind Krishna", "favor"),  # the CEO's self-presentation
    ],
)
def test_speaker_stance_toward_ibm_matches_a_careful_reading(seed_tables, speaker, stance):
    assert _speaker(seed_tables, speaker).stance == stance


def test_self_is_flagged_for_the_target_and_its_people(seed_tables):
    speakers = seed_tables["speakers"].set_index("speaker")
    assert speakers.loc["Arvind Krishna", "self"] and speakers.loc["IBM", "self"]
    assert not speakers.loc["Eva Blum-Dumontet", "self"]


def test_another_target_gives_another_picture(amazon_tables, seed_tables):
    speakers = amazon_tables["speakers"].set_index("speaker")
    assert speakers.loc["Amazon", "self"] and speakers.loc["Matt Wood", "self"]  # Amazon Web Services
    assert not speakers.loc["Arvind Krishna", "self"]
    assert speakers.loc["Nate Freed Wessler", "stance"] == "against"  # "selling these dangerous … tools"
    assert speakers.loc["Eva Blum-Dumontet", "n_stance"] == 0  # her critique is of IBM
    assert not amazon_tables["outlets"].stance_score.equals(seed_tables["outlets"].stance_score)


def test_outlet_means_carry_n_and_an_interval_around_them(seed_tables):
    outlets = seed_tables["outlets"]
    assert outlets.n_docs.sum() == len(seed_tables["documents"])
    for row in outlets.itertuples():
        assert row.n_units > 0
        assert row.stance_ci_low <= row.stance_score <= row.stance_ci_high
        assert -1 <= row.sentiment <= 1


def test_document_sentiment_is_the_mean_of_its_sentences(seed_tables):
    sentences, documents = seed_tables["sentences"], seed_tables["documents"]
    for row in documents.itertuples():
        expected = sentences[sentences.doc_id == row.doc_id].sentiment.mean()
        assert math.isclose(row.sentiment, expected)


def test_every_on_target_call_has_its_evidence(seed_tables):
    quotes = seed_tables["quotes"]
    assert set(quotes.stance) <= {"favor", "against", "neutral"}
    assert (quotes.stance_cue != "").all()
    scored = seed_tables["sentences"][seed_tables["sentences"].stance != ""]
    assert len(scored) > 0 and (scored.stance_cue != "").all()
    assert scored.stance_score.between(-1, 1).all()


def test_excluding_self_changes_only_outlet_stance():
    with_self, _ = build_tables(SEEDS)
    without, _ = build_tables(SEEDS, exclude_self=True)
    pd.testing.assert_frame_equal(with_self["quotes"], without["quotes"])
    assert (without["outlets"].n_units < with_self["outlets"].n_units).any()


def test_stance_call_accuracies_are_measured_not_typed(tmp_path):
    """resources/stance_accuracy.csv is what scripts/measure_stance.py measures now."""
    import subprocess
    import sys

    from analysis.paths import ROOT

    out = tmp_path / "accuracy.csv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "measure_stance.py"), "--out", str(out)], check=True, capture_output=True)
    shipped = (ROOT / "analysis" / "resources" / "stance_accuracy.csv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped


def test_trust_columns_count_calls_by_evidence(seed_tables):
    outlets = seed_tables["outlets"]
    assert {"n_cue_words", "n_model_only", "n_self_presentation", "call_accuracy"} <= set(outlets.columns)
    assert (outlets.call_accuracy.between(0, 1)).all() and (outlets.n_cue_words > 0).any()
