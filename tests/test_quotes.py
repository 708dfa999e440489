from __future__ import annotations

import pytest

from analysis.clean import clean
from analysis.quotes import extract
from analysis.speakers import Registry


def _quotes(text: str, registry: Registry | None = None):
    doc = clean("t", text + "\n")
    return [(q.speaker, q.kind, q.quote) for q in extract(doc, registry=registry or Registry([], {}))]


INTRO = "Lena Okafor, a researcher at the Civic Data Lab, studies police software.\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "…," said X
        (INTRO + "“The audit found clear bias,” said Okafor.", [("Lena Okafor", "direct", "The audit found clear bias,")]),
        # "…," X said
        (INTRO + '"The audit found clear bias," Okafor said.', [("Lena Okafor", "direct", "The audit found clear bias,")]),
        # X told Reuters
        (INTRO + '"We will keep pushing," Okafor told Reuters.', [("Lena Okafor", "direct", "We will keep pushing,")]),
        # she added, with a pronoun resolved to the last person named
        (INTRO + "“It is a small step,” she added.", [("Lena Okafor", "direct", "It is a small step,")]),
        # He added: "…" (grammatical gender is not trusted)
        (INTRO + 'He added: "Nobody should be fooled by this."', [("Lena Okafor", "direct", "Nobody should be fooled by this.")]),
        # split quote
        (
            INTRO + "“We oppose any misuse,” said Okafor, “and we will say so in court.”",
            [("Lena Okafor", "direct", "We oppose any misuse,"), ("Lena Okafor", "continuation", "and we will say so in court.")],
        ),
        # quote followed by a cue-less continuation sentence
        (
            INTRO + '"This matters," Okafor said. "Vendors must stop selling it."',
            [("Lena Okafor", "direct", "This matters,"), ("Lena Okafor", "continuation", "Vendors must stop selling it.")],
        ),
        # partial quotes
        (
            INTRO + "Okafor praised the move, calling it a “first step towards accountability.”",
            [("Lena Okafor", "partial", "first step towards accountability.")],
        ),
        (INTRO + "Okafor told the AP that “the symbolic value is real.”", [("Lena Okafor", "partial", "the symbolic value is real.")]),
        # organisation speakers
        ('Acme Corp faces questions.\n\nAcme said the tools needed testing "for bias."', [("Acme", "partial", "for bias.")]),
        # broken marks: single opener closed by a double mark glued to the cue
        (INTRO + "‘[Vendors] shape the debate, ”said Okafor.", [("Lena Okafor", "direct", "[Vendors] shape the debate,")]),
        # a closing mark with no opener after an attributed quote
        (
            INTRO + "“It is good news,” said Okafor. Others must follow now. ‘",
            [("Lena Okafor", "direct", "It is good news,"), ("Lena Okafor", "continuation", "Others must follow now.")],
        ),
    ],
)
def test_quote_patterns(text, expected):
    assert _quotes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The company’s use of the phrase “general purpose” here is ambiguous.",
        'Privacy advocates said the firm had coined the term "smart city."',
        "The city police plans to track “property offenders” in stations.",
        'Ring, the "smart doorbell" and camera company, partners with police.',
    ],
)
def test_scare_quotes_and_terms_are_not_quotes(text):
    assert _quotes(text) == []


def test_block_quote_introduced_by_a_cue():
    text = (
        "In a letter from Priya Raman to Congress, the Acme CEO announced that the company would end sales:\n\n"
        "> Acme firmly opposes the use of any technology for mass surveillance.\n"
    )
    assert _quotes(text) == [("Priya Raman", "block", "Acme firmly opposes the use of any technology for mass surveillance.")]


def test_dash_attribution_sets_a_quote_apart():
    text = "Acme shared a data set.\n\n“Today’s release is simply the first step.” — Acme"
    assert _quotes(text) == [("Acme", "block", "Today’s release is simply the first step.")]


def test_quote_running_over_paragraphs_continues():
    text = (
        "Tom Ellery of Watchdog Group said the plan was flawed.\n\n"
        '"They pushed this model everywhere," he said.\n\n'
        '"That is why it is so cynical for them to turn around now."'
    )
    assert [(s, k) for s, k, _ in _quotes(text)] == [("Tom Ellery", "direct"), ("Tom Ellery", "continuation")]


def test_indefinite_description_resolves_to_later_named_speaker():
    text = (
        'A critic said it was a "cynical" move by the company.\n\n'
        "Tom Ellery of Watchdog Group spoke later.\n\n"
        '"It is so cynical for them to turn around now," he said.'
    )
    assert [s for s, _, _ in _quotes(text)] == ["Tom Ellery", "Tom Ellery"]


def test_registry_names_known_speakers():
    registry = Registry.load(None)
    assert registry.lookup("anyone") is None
