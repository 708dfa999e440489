"""The summary's prose is computed from the tables: it follows the corpus and the target."""

from __future__ import annotations

import re

import pandas as pd
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
    assert len(paragraphs) == 7
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


def _dated(scores: list[float], *, group: str = "south") -> dict[str, pd.DataFrame]:
    """Ten articles from 2 January to 1 April 2019 (weeks), the first five before 16 February."""
    published = ["2019-01-02", "2019-01-14", "2019-01-15", "2019-01-16", "2019-02-01"]
    published += ["2019-03-20", "2019-04-01", "2019-03-25", "2019-03-26", "2019-03-27"]
    groups = ["north", "north", "north", group, group, "north", "north", group, group, group]
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(10)], "group": groups, "published": published, "writer_stance_score": scores}
    )
    return {"documents": documents}


def test_time_paragraph_names_the_peak_and_a_shift():
    text = findings.time_paragraph(_dated([-0.5, -0.4, -0.6, -0.5, -0.3, 0.5, 0.4, 0.6, 0.3, 0.5]), "Acme")
    assert text.startswith(
        "Coverage peaked in the week of 2019-01-14 (3 articles; as many in 1 other week); "
        "by group, **north** in the week of 2019-01-14 (2 articles) "
        "and **south** in the week of 2019-03-25 (3 articles). "
    )
    assert "stance toward Acme moved from -0.46 (n = 5, 2019-01-02 to 2019-02-15) to +0.46 (n = 5, 2019-02-16 to 2019-04-01)" in text
    assert "difference +0.92, 95% interval +" in text


def test_time_paragraph_says_when_stance_did_not_move():
    text = findings.time_paragraph(_dated([-0.5, 0.4, 0.1, -0.2, 0.3, 0.3, -0.2, 0.1, 0.4, -0.5]), "Acme")
    assert "did not move measurably" in text and "moved from" not in text
    assert re.search(r"difference \+0\.00, 95% interval -0\.\d\d to \+0\.\d\d\.$", text)


def test_time_paragraph_escapes_the_corpus_and_is_empty_without_a_time_dimension(seed_tables):
    text = findings.time_paragraph(_dated([0.0] * 10, group="<b>south</b>"), "Acme")
    assert "**&lt;b&gt;south&lt;/b&gt;** in the week of" in text and "<b>" not in text
    assert findings.time_paragraph(seed_tables, "IBM") == ""
    assert findings.summary(seed_tables, "IBM")[-1] == ""  # the last paragraph: nothing to say over two days
