from __future__ import annotations

import pytest

from analysis.speakers import DocumentSpeakers, Registry, SpeakerInfo, describe, guess_role, resolve, split_affiliation, strip_titles


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("the ACLU's Freed Wessler", ("Freed Wessler", "ACLU")),
        ("Eva Blum-Dumontet of Privacy International", ("Eva Blum-Dumontet", "Privacy International")),
        ("Maria Axente", ("Maria Axente", "")),
    ],
)
def test_split_affiliation(mention, expected):
    assert split_affiliation(mention) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("IBM CEO Arvind Krishna", "Arvind Krishna"),
        ("Senator Edward Markey", "Edward Markey"),
        ("Dr. Joy Buolamwini", "Joy Buolamwini"),
        ("Deborah Raji", "Deborah Raji"),
    ],
)
def test_strip_titles(name, expected):
    assert strip_titles(name) == expected


TEXT = (
    "Deborah Raji, a technology fellow at the AI Now Institute, spoke first. "
    "Acme Corp declined to comment. Then Raji spoke again, and she was blunt."
)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Raji", "Deborah Raji"),
        ("she", "Deborah Raji"),
        ("He", "Deborah Raji"),  # grammatical gender is not trusted
        ("the company", "Acme Corp"),
        ("an activist", "an activist"),
    ],
)
def test_resolve(mention, expected):
    people = DocumentSpeakers(TEXT, registry=Registry([], {}), quoted=[])
    assert resolve(mention, len(TEXT), people=people)[0] == expected


def test_registry_aliases():
    registry = Registry([SpeakerInfo("Nate Freed Wessler", "ACLU", "civil society")], {"Freed Wessler": "Nate Freed Wessler"})
    people = DocumentSpeakers("Freed Wessler spoke.", registry=registry, quoted=[])
    assert resolve("the ACLU's Freed Wessler", 20, people=people) == ("Nate Freed Wessler", "ACLU")
    assert registry.lookup("the freed wessler").role == "civil society"


def test_describe_and_role():
    affiliation, description = describe("Deborah Raji", TEXT)
    assert affiliation == "AI Now Institute"
    assert guess_role(description, affiliation) == "academia"
    assert guess_role("an expert at the consulting firm PwC") == "industry"
    assert guess_role("a lawyer with the Coastal Civil Liberties Association") == "civil society"


def test_acronyms_the_text_defines_are_spelled_out():
    from analysis.speakers import _acronyms

    text = "A letter from the Ministry of Coastal Affairs (MCA) arrived, and the Northern Fisheries Board (NFB) agreed."
    assert _acronyms(text) == {"MCA": "Ministry of Coastal Affairs", "NFB": "Northern Fisheries Board"}


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Cambridge cartoonist Anneli Kask", "Anneli Kask"),
        ("Kask’s business partner, Joonas Tamm", "Joonas Tamm"),
        ("Sen. Ottilie Varga, D-Ore.", "Ottilie Varga"),
        ("then-candidate Bram Okafor", "Bram Okafor"),
        ("the lanky, bespectacled professor", "the lanky, bespectacled professor"),
        ("He now", "He"),
        ("And here was the big", ""),
        ("a statement released by the Harbour Authority", "the Harbour Authority"),
    ],
)
def test_speaker_in_a_cue_phrase(phrase, expected):
    from analysis.speakers import speaker_in

    assert speaker_in(phrase)[1] == expected
