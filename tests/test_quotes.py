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
        # a quoted fragment inside reported speech: the reported content, marks kept
        (
            'Acme Corp faces questions.\n\nAcme said the tools needed testing "for bias."',
            [("Acme", "mixed", 'the tools needed testing "for bias."')],
        ),
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
    # reported speech around a term is indirect speech, not a quote of the term
    assert [q for q in _quotes(text) if q[1] != "indirect"] == []


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
    assert [(s, k) for s, k, _ in _quotes(text)] == [("Tom Ellery", "direct"), ("Tom Ellery", "continuation"), ("Tom Ellery", "indirect")]


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


# --------------------------------------------------------------------------- real-news patterns
# Names and wording invented for these tests; each case is one general pattern of the issue.
NEWS = [
    # a description and a name together: the name wins
    ('"We were never told," Winnipeg baker Tomasz Wierzbicki said Saturday.', "Tomasz Wierzbicki"),
    ('"Prices will rise," prominent Halifax economist Odile Marchetti said.', "Odile Marchetti"),
    ('"We want a contract," UFCW Local 832 president Jane Doe said Saturday.', "Jane Doe"),
    ('"That is false," then-candidate Rowan Petrakis responded at one debate.', "Rowan Petrakis"),
    ("“Every bank turned me down,” says Regina potter Ingrid Solheim.", "Ingrid Solheim"),
    ("“Most shops will not bother,” says Solheim’s business partner, Kwame Asante.", "Kwame Asante"),
    # titles, honorifics and party tags are stripped
    ('"This bill is dead," said Sen. Marguerite Okonedo.', "Marguerite Okonedo"),
    ('"We will vote no," Rep. Dalia Fenwick, D-Ore., said.', "Dalia Fenwick"),
    ('"The numbers do not add up," said Dr. Anselm Kowalczyk.', "Anselm Kowalczyk"),
    # a quote with no comma before its cue, and one whose sentence goes on
    ('"It is over" Premier Liesl Vantongeren said.', "Liesl Vantongeren"),
]


@pytest.mark.parametrize(("text", "speaker"), NEWS)
def test_speaker_phrases_of_real_news(text, speaker):
    quotes = _quotes("A story about a small town.\n\n" + text)
    assert [q[0] for q in quotes] == [speaker]


def test_pronoun_goes_to_the_person_not_an_organisation_in_between():
    text = 'Marisol Quenneville, a tenant organiser, told Radio Kestrel that rents had doubled.\n\n"Nobody can afford this," she said.'
    assert _quotes(text)[0][0] == "Marisol Quenneville"


def test_pronoun_skips_an_object_and_a_possessive():
    text = (
        "Oleksandr Brandt said the plan, drafted by his colleague Tamsin Oyelaran and backed by "
        "Premier Idris Vaughan’s office, was late.\n\n"
        '"We lost a year," he said.'
    )
    assert _quotes(text)[0][0] == "Oleksandr Brandt"


@pytest.mark.parametrize(
    "text",
    [
        'The utility Norvale Hydro apologised on Friday.\n\n"Crews are working around the clock," the company said.',
        'Norvale Hydro apologised on Friday.\n\n"Crews are working around the clock," it said.',
    ],
)
def test_organisations_keep_their_names(text):
    assert _quotes(text)[0][0] == "Norvale Hydro"


def test_places_and_events_are_not_speakers():
    text = (
        'Ferdinand Oduya finished second at the Kestrel Bay Open, behind players from North Korea.\n\n"I putted badly all week," he said.'
    )
    assert _quotes(text)[0][0] == "Ferdinand Oduya"


def test_given_name_alone_resolves_to_the_full_name():
    text = 'Priyanka Castellanos, 34, coaches the team.\n\n"We play for each other," Priyanka said.'
    assert _quotes(text)[0][0] == "Priyanka Castellanos"


def test_apostrophes_in_names_do_not_stop_a_document():
    text = "Hereditary chief Na'kwela of the Wet'suwet'en said the camp would stay.\n\n\"We are not leaving,\" Na'kwela said."
    assert [q[0] for q in _quotes(text) if q[1] != "indirect"] == ["Na'kwela"]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Councillor Abebe Tsegaye said that the budget would be cut by a third.",
            "Abebe Tsegaye",
            "that the budget would be cut by a third",
        ),
        ("Police told reporters the driver had fled on foot.", "Police", "the driver had fled on foot"),
        ("The bridge will close for two years, Mayor Hollis Varga said on Monday.", "Hollis Varga", "The bridge will close for two years"),
        ("According to Imogen Raskin, the deal was never signed.", "Imogen Raskin", "the deal was never signed"),
        ("The deal was never signed, according to court filings.", "court filings", "The deal was never signed"),
        (
            "Despite the delays, Ottoline Baptiste said she was hopeful about the season.",
            "Ottoline Baptiste",
            "she was hopeful about the season",
        ),
    ],
)
def test_indirect_speech(text, speaker, content):
    quotes = [q for q in _quotes("A story.\n\n" + text) if q[1] == "indirect"]
    assert quotes == [(speaker, "indirect", content)]


@pytest.mark.parametrize(
    "text",
    [
        "The bridge is said to be unsafe.",
        "She told of a long winter in the north.",
        "It was a cold day, and the river froze early that year.",
    ],
)
def test_not_indirect_speech(text):
    assert [q for q in _quotes("A story.\n\n" + text) if q[1] == "indirect"] == []


@pytest.mark.parametrize(
    "text",
    [
        'Hamid Rostami appeared on "Face the Nation" on Sunday.',
        'The president gave his "State of the Union" address on Tuesday.',
        'Her memoir, "A Long Way From Tollcross," sold well.',
        'The band, nicknamed "the Ravens," played last.',
    ],
)
def test_titles_of_works_and_nicknames_are_not_quotes(text):
    assert [q for q in _quotes("A story.\n\n" + text) if q[1] != "indirect"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a floating quote after reported speech is the reported speaker's
        (
            "Councillor Ibrahim Okonkwo said the budget would not pass.\n\n“We do not have the votes for this plan.”",
            [("Ibrahim Okonkwo", "continuation", "We do not have the votes for this plan.")],
        ),
        # and so is a quote right after reported speech in the same paragraph
        (
            "In a statement, Marguerite Lavoie said her group would appeal. “We will take this to the highest court.”",
            [("Marguerite Lavoie", "continuation", "We will take this to the highest court.")],
        ),
        # the cue and the speaker before the quote, with a comma
        (
            "Rather than the current layout, asks magazine editor Soraya Delacroix, “has anyone tried a circle instead?”",
            [("Soraya Delacroix", "direct", "has anyone tried a circle instead?")],
        ),
        # a statement's author speaks
        (
            "A statement e-mailed by Tobias Ferreira, who chairs the board, said “the club will respect the ruling.”",
            [("Tobias Ferreira", "partial", "the club will respect the ruling.")],
        ),
        # a short quoted phrase far from the verb, inside reported speech: a mixed quote
        (
            'Kwabena Mensah said all three levels of government should be "working in tandem" on housing.',
            [("Kwabena Mensah", "mixed", 'all three levels of government should be "working in tandem" on housing')],
        ),
    ],
)
def test_quotes_of_real_news_layouts(text, expected):
    assert [q for q in _quotes("A story.\n\n" + text) if q[1] != "indirect"] == expected
