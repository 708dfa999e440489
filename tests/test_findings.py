"""The summary's prose is computed from the tables: it follows the corpus and the target."""

from __future__ import annotations

import pytest

from analysis import findings
from analysis.paths import SEEDS
from analysis.stance import Target
from analysis.study import build_tables


@pytest.fixture(scope="module")
def amazon_tables():
    tables, _ = build_tables(SEEDS, target=Target("Amazon"))
    return tables


def test_headline_on_the_seeds(seed_tables):
    text = findings.headline(seed_tables, "IBM")
    assert "The **sympathetic** sources are the most favourable to IBM" in text
    assert "the **skeptical** the least" in text
    assert "Only the **skeptical** group explains the decision as public relations or cynicism" in text
    assert "**regional** group brings the US story home" in text and "Vadodara" in text


def test_paragraphs_name_the_voices_and_carry_n(seed_tables):
    paragraphs = findings.summary(seed_tables, "IBM")
    assert len(paragraphs) == 6
    assert "n = " in paragraphs[1] and "95% interval" in paragraphs[1]
    assert "against: Eva Blum-Dumontet (Privacy International)" in paragraphs[2]
    assert "Joy Buolamwini (Algorithmic Justice League)" in paragraphs[2]


def test_another_target_changes_the_story(seed_tables, amazon_tables):
    assert findings.summary(amazon_tables, "Amazon") != findings.summary(seed_tables, "IBM")
    speakers = findings.speaker_paragraph(amazon_tables, "Amazon")
    assert "against: Nate Freed Wessler (ACLU)" in speakers and "Amazon's own voices" in speakers


def test_stance_by_group_has_both_voices(seed_tables):
    table = findings.stance_by_group_and_voice(seed_tables)
    assert set(table.voices) == {"all, with the target's own", "others only"}
    assert (table.stance_score_ci_low <= table.stance_score).all() and (table.stance_score <= table.stance_score_ci_high).all()


def test_a_target_the_corpus_never_names_gets_no_stance():
    tables = build_tables(SEEDS, target=Target("Nokia"))[0]
    assert (
        findings.stance_paragraph(tables, "Nokia") == "No quote or sentence in the corpus concerns Nokia, so there is no stance to report."
    )
    assert "favourable" not in findings.headline(tables, "Nokia")
    assert tables["outlets"].n_units.sum() == 0  # off-target quotes do not count as neutral stance


def test_evidence_quotes_prefer_other_voices_and_strong_calls(seed_tables):
    evidence = findings.evidence_quotes(seed_tables, per_group=2)
    skeptical = evidence[evidence.group == "skeptical"]
    assert set(skeptical.speaker) == {"Eva Blum-Dumontet"} and set(skeptical.stance) == {"against"}
    assert (evidence.stance != "neutral").all() and (evidence.stance_cue != "").all()
    assert evidence.groupby("group").size().max() <= 2
