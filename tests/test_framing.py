"""Tests of analysis.framing."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from tiny import tiny_documents, tiny_sentences

from analysis.cues import cue_regex
from analysis.framing import (
    FRAMES,
    MOTIVES,
    assign_frames,
    frame_shares,
    frame_shares_by_group,
    load_frame_lexicon,
    load_motive_lexicon,
    motive_framing,
    motive_summary,
)


def test_frame_lexicon_has_the_15_codebook_frames_all_non_empty():
    lexicon = load_frame_lexicon()
    assert list(lexicon) == list(FRAMES)
    assert len(lexicon) == 15
    assert all(lexicon[frame] for frame in FRAMES)
    assert all(cue == cue.lower() for cues in lexicon.values() for cue in cues)


def test_each_frame_cue_belongs_to_one_frame_and_compiles():
    lexicon = load_frame_lexicon()
    cues = [cue for frame_cues in lexicon.values() for cue in frame_cues]
    assert len(cues) == len(set(cues))
    for cue in cues:
        re.compile(cue_regex(cue))


def test_motive_lexicon_has_four_non_empty_motives():
    lexicon = load_motive_lexicon()
    assert list(lexicon) == list(MOTIVES)
    assert all(lexicon[motive] for motive in MOTIVES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police arrested the suspect.", {"Crime & punishment": "police;arrest*;suspect*"}),
        ("The council voted to ban the technology.", {"Policy prescription & evaluation": "ban", "Political": "council*;voted"}),
        # "law" inside "law enforcement" is not a Legality cue (the longer cue wins)
        ("Law enforcement agencies use it.", {"Crime & punishment": "law enforcement"}),
        ("The law is clear.", {"Legality, constitutionality & jurisprudence": "law"}),
        ("The system is racially biased.", {"Fairness & equality": "biased;racial*"}),
        # a space in a cue matches a hyphen in the text and vice versa
        ("It fails on dark skinned faces.", {"Fairness & equality": "dark-skinned"}),
        ("The company’s PROFITS rose.", {"Economic": "profit*"}),
        # whole words only: "nonprofit" is not "profit*"
        ("A nonprofit group spoke.", {"Other": ""}),
        ("The weather was nice today.", {"Other": ""}),
        ("Researchers published a study.", {"Other": "research*;study"}),
    ],
)
def test_assign_frames_on_tinytiny_sentences(text, expected):
    result = assign_frames(tiny_sentences({"d": [text]}))
    assert dict(zip(result["frame"], result["cues"])) == expected


def test_assign_frames_columns_order_and_determinism():
    sentences = tiny_sentences({"b": ["Police and profits.", "Nothing."], "a": ["Privacy law.", "The ban."]})
    result = assign_frames(sentences)
    assert list(result.columns) == ["doc_id", "sent_id", "frame", "cues"]
    assert list(zip(result["doc_id"], result["sent_id"], result["frame"])) == [
        ("a", 0, "Legality, constitutionality & jurisprudence"),
        ("a", 1, "Policy prescription & evaluation"),
        ("b", 0, "Economic"),
        ("b", 0, "Crime & punishment"),
        ("b", 1, "Other"),
    ]
    shuffled = assign_frames(sentences.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(result, shuffled)


def test_assign_frames_with_a_custom_lexicon():
    result = assign_frames(tiny_sentences({"d": ["Tariffs hurt farmers.", "Nothing."]}), lexicon={"Trade": ["tariff*"], "Other": []})
    assert result[["frame", "cues"]].values.tolist() == [["Trade", "tariff*"], ["Other", ""]]


def test_frame_shares_gives_all_frames_per_document():
    sentences = tiny_sentences({"a": ["Police arrested him.", "Profits fell.", "Nothing."], "b": ["The ban passed."]})
    documents = tiny_documents([("a", "Outlet A", "g1", "US"), ("b", "Outlet B", "g2", "US")])
    shares = frame_shares(assign_frames(sentences), sentences, documents)
    assert list(shares.columns) == ["doc_id", "outlet", "group", "frame", "n_sentences", "share"]
    assert len(shares) == 2 * 15
    assert shares["frame"].tolist()[:15] == list(FRAMES)
    a = shares[shares["doc_id"] == "a"].set_index("frame")
    assert a.loc["Crime & punishment", "n_sentences"] == 1
    assert a.loc["Crime & punishment", "share"] == pytest.approx(1 / 3)
    assert a.loc["Other", "share"] == pytest.approx(1 / 3)
    assert a.loc["Morality", "share"] == 0.0
    b = shares[shares["doc_id"] == "b"].set_index("frame")
    assert b.loc["Policy prescription & evaluation", "share"] == 1.0
    by_group = frame_shares_by_group(assign_frames(sentences), sentences, documents)
    assert by_group.set_index(["group", "frame"]).loc[("g1", "Economic"), "n_total"] == 3


MOTIVE_DOC = [
    "IBM's facial recognition did not pull in much revenue.",
    "Critics called the move cynical, an attempt to redeem itself.",
    "Krishna said the decision reflects IBM's values and human rights.",
    "It is a symbolic first step.",
    "Amazon wants profits.",
]


@pytest.mark.parametrize(
    ("decision_words", "expected"),
    [
        ((), [(0, "business", "revenue*"), (2, "values", "human rights;values")]),
        (
            ("move", "decision"),
            [
                (0, "business", "revenue*"),
                (1, "public_relations", "cynic*;redeem*"),
                (2, "values", "human rights;values"),
            ],
        ),
    ],
)
def test_motive_detection_only_in_sentences_about_the_target(decision_words, expected):
    sentences = tiny_sentences({"d1": MOTIVE_DOC})
    documents = tiny_documents([("d1", "Outlet", "skeptical", "UK")])
    evidence = motive_framing(sentences, documents, aliases=["IBM", "Krishna"], decision_words=decision_words)
    assert list(evidence.columns) == ["doc_id", "sent_id", "outlet", "group", "motive", "cues", "text"]
    assert list(zip(evidence["sent_id"], evidence["motive"], evidence["cues"])) == expected
    assert set(evidence["group"]) == {"skeptical"}


def test_motive_paragraph_scope_reaches_sentences_next_to_the_target():
    sentences = tiny_sentences({"d1": ["IBM quit to protect its profits.", "It is a symbolic first step."]}, paragraphs={"d1": [0, 0]})
    documents = tiny_documents([("d1", "Outlet", "g", "US")])
    by_sentence = motive_framing(sentences, documents, aliases=["IBM"])
    by_paragraph = motive_framing(sentences, documents, aliases=["IBM"], scope="paragraph")
    assert by_sentence["motive"].tolist() == ["business"]
    assert by_paragraph["motive"].tolist() == ["business", "symbolic"]
    assert by_paragraph["cues"].tolist() == ["profit*", "symbol*;first step"]


def test_motive_summary_counts_and_shares():
    sentences = tiny_sentences({"d1": MOTIVE_DOC, "d2": ["IBM left.", "Nothing about it."]})
    documents = tiny_documents([("d1", "A", "skeptical", "UK"), ("d2", "B", "sympathetic", "US")])
    summary = motive_summary(sentences, documents, aliases=["IBM", "Krishna"])
    assert list(summary.columns) == ["group", "motive", "n_sentences", "n_docs", "n_target", "share"]
    assert len(summary) == 2 * len(MOTIVES)
    row = summary.set_index(["group", "motive"]).loc[("skeptical", "values")]
    assert (row["n_sentences"], row["n_target"]) == (1, 2)
    assert row["share"] == pytest.approx(0.5)
    assert summary.set_index(["group", "motive"]).loc[("sympathetic", "business"), "share"] == 0.0


def test_motive_detection_needs_aliases():
    with pytest.raises(ValueError):
        motive_framing(tiny_sentences({"d": ["x"]}), tiny_documents([("d", "o", "g", "US")]), aliases=[])


# --------------------------------------------------------------------------- on the seeds


def test_seed_motive_framing_reads_true(seed_tables):
    """Only the skeptical source explains the decision as public relations; the sympathetic
    ones give values and symbolic readings; every count has its sentences."""
    motives = seed_tables["motives"].set_index(["group", "motive"]).n_sentences
    assert motives["skeptical", "public_relations"] >= 2
    assert motives["sympathetic", "public_relations"] == 0 and motives["regional", "public_relations"] == 0
    assert motives["sympathetic", "values"] > 0 and motives["sympathetic", "symbolic"] > 0
    evidence = seed_tables["motive_sentences"]
    pr = evidence[evidence.motive == "public_relations"]
    assert set(pr.group) == {"skeptical"} and pr.cues.str.contains("cynic|redeem|fool").all()


def test_seed_frames_keep_their_cues(seed_tables):
    assigned = seed_tables["sentence_frames"]
    framed = assigned[assigned.frame != "Other"]
    assert (framed.cues != "").all()
    shares = seed_tables["frames"]
    assert shares.share.between(0, 1).all()
