"""Tests of analysis.localisation."""

from __future__ import annotations

import math

import pytest
from tiny import tiny_documents, tiny_sentences

from analysis.framing import (
    assign_frames,
)
from analysis.keyterms import (
    kwic,
)
from analysis.localisation import (
    load_places,
    localisation,
    localisation_by_group,
    place_mentions,
)


@pytest.mark.parametrize(
    ("name", "region"),
    [("Congress", "US"), ("Supreme Court", "US"), ("Lok Sabha", "IN"), ("Delhi High Court", "IN"),
     ("MeitY", "IN"), ("Vadodara", "IN"), ("Parliament", "UK"), ("Met Police", "UK"), ("Indian National Congress", "IN")],
)  # fmt: skip
def test_gazetteer_regions(name, region):
    places = load_places()
    assert places.loc[places["name"] == name, "region"].tolist() == [region]


def test_gazetteer_names_are_unique_and_cover_main_regions():
    places = load_places()
    assert places["name"].is_unique
    assert {"US", "IN", "UK"} <= set(places["region"])


LOCAL_SENTENCES = {
    "d1": ["Congress held a hearing in Boston.", "The Lok Sabha debated it.", "Nothing here.", "Officials in India and the US met."],
    "d2": ["Vadodara police will use it.", "The US Congress was told.", "Between us and them.", "The Indian National Congress objected."],
}
LOCAL_DOCUMENTS = [("d1", "US paper", "sympathetic", "US"), ("d2", "Indian site", "regional", "IN")]


def test_localisation_per_document():
    per_doc = localisation(tiny_sentences(LOCAL_SENTENCES), tiny_documents(LOCAL_DOCUMENTS)).set_index("doc_id")
    assert per_doc.loc["d1", ["n_sentences", "n_home", "n_foreign", "n_places"]].tolist() == [4, 2, 2, 3]
    assert per_doc.loc["d1", "share_home"] == pytest.approx(0.5)
    assert per_doc.loc["d1", "foreign_regions"] == "IN:2"
    # "US Congress" is one name; lower-case "us" is not the US; the INC is Indian, not the US Congress
    assert per_doc.loc["d2", ["n_sentences", "n_home", "n_foreign"]].tolist() == [4, 2, 1]
    assert per_doc.loc["d2", "share_foreign"] == pytest.approx(0.25)
    assert per_doc.loc["d2", "foreign_regions"] == "US:1"


def test_localisation_evidence_and_group_summary():
    sentences, documents = tiny_sentences(LOCAL_SENTENCES), tiny_documents(LOCAL_DOCUMENTS)
    evidence = place_mentions(sentences, documents)
    assert list(evidence.columns)[:5] == ["doc_id", "sent_id", "region_of_place", "name", "kind"]
    assert "text" in evidence.columns
    d2 = evidence[evidence["doc_id"] == "d2"]
    assert d2["name"].tolist() == ["Vadodara", "US Congress", "Indian National Congress"]
    assert d2["home"].tolist() == [True, False, True]
    assert evidence[(evidence["doc_id"] == "d1") & (evidence["sent_id"] == 3)]["name"].tolist() == ["India", "US"]
    summary = localisation_by_group(localisation(sentences, documents))
    assert list(summary.columns) == [
        "group", "region", "n_docs", "n_sentences", "n_home", "share_home", "n_foreign", "share_foreign",
    ]  # fmt: skip
    assert summary[["group", "region"]].values.tolist() == [["regional", "IN"], ["sympathetic", "US"]]


def test_localisation_without_region_has_no_home():
    sentences = tiny_sentences({"d": ["Boston and Delhi.", "Nothing."]})
    per_doc = localisation(sentences, tiny_documents([("d", "o", "g", "")]))
    assert per_doc.loc[0, "n_home"] == 0 and per_doc.loc[0, "n_foreign"] == 0
    assert math.isnan(per_doc.loc[0, "share_home"])
    assert per_doc.loc[0, "n_places"] == 1


def test_region_alias_gb_is_uk():
    per_doc = localisation(tiny_sentences({"d": ["London calling."]}), tiny_documents([("d", "o", "g", "gb")]))
    assert per_doc.loc[0, ["region", "n_home"]].tolist() == ["UK", 1]


def test_doc_ids_stay_text():
    sentences = tiny_sentences({"007": ["Police in London."]})
    documents = tiny_documents([("007", "o", "g", "UK")])
    assert assign_frames(sentences)["doc_id"].tolist() == ["007"]
    assert localisation(sentences, documents)["doc_id"].tolist() == ["007"]
    assert kwic(sentences, documents, "london")["doc_id"].tolist() == ["007"]


def test_seed_regional_source_moves_the_story_home(seed_tables):
    local = seed_tables["localisation"].set_index("doc_id")
    assert local.loc["002", "region"] == "IN" and local.loc["002", "n_home"] >= 1
    mentions = seed_tables["place_mentions"]
    home = mentions[(mentions.doc_id == "002") & mentions.home.astype(bool)]
    assert "Vadodara" in set(home.name)
