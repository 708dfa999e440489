from __future__ import annotations

import pytest

from analysis.sentiment import compound


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("This is a welcome and wonderful step.", 1),
        ("These dangerous, dubious tools harm people.", -1),
        ("The letter was sent on Monday.", 0),
    ],
)
def test_compound_sign(text, sign):
    value = compound(text)
    assert -1 <= value <= 1
    assert (value > 0.05) - (value < -0.05) == sign
