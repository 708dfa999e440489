from __future__ import annotations

import pytest

from analysis.sentiment import compound
from analysis.stance import Target, about_target, concerns, quote_concerns, score

IBM = Target("IBM", ("Big Blue",))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # negative words, favourable stance: stance is not sentiment (cues of the sourced lexicon)
        ("Critics welcomed the move as a positive step after years of harm to tenants.", "favor"),
        ("Ending the contract was the right thing for IBM to do, even if the damage is done.", "favor"),
        ("Calling the plan cynical, the union said IBM failed to consult its staff.", "against"),
        ("Analysts said the filing was misleading and that IBM should have disclosed the loss.", "against"),
        ("The letter was sent to Congress on Monday.", "neutral"),
    ],
)
def test_stance_cues(text, label):
    assert score(text, target=IBM).label == label


def test_a_corpus_overlay_adds_its_own_cues(tmp_path):
    from analysis.stance import cue_overlay

    (tmp_path / "stance_cues.csv").write_text("# a corpus's own phrases\ncue,stance,weight\nfig leaf,against,1.0\n", encoding="utf-8")
    text = "The pledge is a fig leaf for IBM."
    assert score(text, target=IBM).label != "against"
    with_overlay = Target("IBM", ("Big Blue",), cue_overlay(tmp_path))
    assert score(text, target=with_overlay).label == "against"


def test_a_bad_overlay_is_a_clear_error(tmp_path):
    from analysis.errors import InputError
    from analysis.stance import cue_overlay

    (tmp_path / "stance_cues.csv").write_text("cue,stance,weight\nfig leaf,hostile,1.0\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        cue_overlay(tmp_path)


def test_stance_differs_from_sentiment():
    text = "Advocates welcomed the decision, which ends years of abuse, harm and fear for IBM's workers."
    assert compound(text) < 0 and score(text, target=IBM).label == "favor"


def test_negation_flips_a_cue():
    assert score("IBM's pledge is not a positive step.", target=IBM).label == "against"


def test_self_presentation_is_flagged_and_favourable():
    assert IBM.is_self("IBM") and IBM.is_self("Arvind Krishna", "IBM") and not IBM.is_self("Amazon", "Amazon")
    result = score("IBM strongly opposes the use of facial recognition for mass surveillance.", target=IBM, self_quote=True)
    assert result.label == "favor" and "self-presentation" in result.cue


def test_aliases_and_other_targets():
    assert IBM.mentions("Big Blue said it would stop.") == [(0, 8)]
    amazon = Target("Amazon")
    assert concerns("Amazon announced a moratorium.", target=amazon)
    assert not concerns("IBM announced an exit.", target=amazon)


def test_quote_inherits_target_from_context():
    assert quote_concerns("This is a welcome recognition.", "", target=IBM, document_about_target=True, others=None)
    assert not quote_concerns("This is a welcome recognition.", "", target=IBM, document_about_target=False, others=None)
    assert about_target("Why it matters that IBM is getting out of facial recognition", target=IBM)


def test_every_call_records_its_evidence():
    result = score("Critics called the move cynical.", target=IBM)
    assert result.cue.startswith("-cynical") and -1 <= result.score <= 1


def test_self_cues_count_only_in_the_targets_own_quotes():
    text = "We are committed to protecting privacy."
    assert score(text, target=IBM, self_quote=True).label == "favor"
    assert score(text, target=IBM).label == "neutral"


def test_a_factual_self_quote_stays_neutral():
    result = score("The tool is used by more than 40,000 schools.", target=IBM, self_quote=True)
    assert result.label == "neutral" and "self-presentation" in result.cue


def test_target_placeholder_in_cues_follows_the_target():
    amazon = Target("Amazon", ("AWS",))
    assert score("Other firms should act like AWS did.", target=amazon).label == "favor"
    assert score("Other firms should act like AWS did.", target=IBM).label == "neutral"


def test_self_quotes_concern_the_target_even_off_topic():
    assert quote_concerns(
        "We do not build tools for mass surveillance.", "", target=IBM, document_about_target=False, others=None, self_quote=True
    )


@pytest.mark.parametrize(
    ("cue", "kind"),
    [
        ("-cynical; model:-0.93", "cue words"),
        ("model:+0.21", "model only"),
        ("+self-presentation", "self-presentation only"),
        ("+self-presentation; +committed to", "cue words"),
        ("no cue", "none"),
        ("not about the target", "none"),
    ],
)
def test_evidence_kind(cue, kind):
    from analysis.stance import evidence_kind

    assert evidence_kind(cue) == kind
