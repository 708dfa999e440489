"""Tests of analysis.cues."""

from __future__ import annotations

import pytest

from analysis.cues import cue_regex


@pytest.mark.parametrize("bad", ["", "   ", "re*gulation", "*"])
def test_bad_cues_are_rejected(bad):
    with pytest.raises(ValueError):
        cue_regex(bad)


def test_matcher_prefers_the_longer_cue_and_expands_wildcards():
    from analysis.cues import CueMatcher

    matcher = CueMatcher({"law": ["law"], "police": ["law enforcement"], "rules": ["regulat*"]})
    hits = matcher.find("Law enforcement wants regulation, and the law is unclear.")
    assert [(h.label, h.cue) for h in hits] == [("police", "law enforcement"), ("rules", "regulat*"), ("law", "law")]
