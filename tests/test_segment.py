from __future__ import annotations

import pytest

from analysis.clean import clean
from analysis.segment import sentences, words


def _split(text: str) -> list[str]:
    return [s.text for s in sentences(clean("t", text + "\n"))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2018, the ACLU ran faces of sitting U.S. congress members through the program. Twenty-eight were wrong.",
            ["In 2018, the ACLU ran faces of sitting U.S. congress members through the program.", "Twenty-eight were wrong."],
        ),
        (
            "Dr. Joy Buolamwini spoke with Sen. Edward J. Markey on Tuesday. She was clear.",
            ["Dr. Joy Buolamwini spoke with Sen. Edward J. Markey on Tuesday.", "She was clear."],
        ),
        (
            '"It\'s good that IBM took this step," Freed Wessler told NPR. "That should stop right now."',
            ['"It\'s good that IBM took this step," Freed Wessler told NPR.', '"That should stop right now."'],
        ),
        (
            "told the AP that “the symbolic nature of this is important.” Then the Boston City Council met.",
            ["told the AP that “the symbolic nature of this is important.”", "Then the Boston City Council met."],
        ),
        (
            "“We would be opposed,” said Ikeno, “and we are not aware of any customers who use it this way. use.”",
            ["“We would be opposed,” said Ikeno, “and we are not aware of any customers who use it this way. use.”"],
        ),
    ],
)
def test_sentence_boundaries(text, expected):
    assert _split(text) == expected


def test_offsets_point_at_text(seeds_processed):
    for p in seeds_processed.values():
        ids = [s.sent_id for s in p.sentences]
        assert ids == list(range(len(ids)))
        for s in p.sentences:
            assert p.clean.text[s.start : s.end] == s.text


def test_words_keep_inner_punctuation():
    assert words("IBM's U.S. co-founder, $1 million.") == ["IBM's", "U.S", "co-founder", "1", "million"]
