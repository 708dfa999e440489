"""The shared chart theme: fixed group colours, titles with n, deterministic files."""

from __future__ import annotations

import hashlib

import matplotlib.pyplot as plt
import pandas as pd

from analysis import plots


def test_groups_keep_their_colours_and_new_groups_get_spares():
    palette = plots.group_palette(["regional", "other", "sympathetic", "skeptical"])
    assert palette["sympathetic"] == plots.GROUP_COLORS["sympathetic"]
    assert palette["regional"] == plots.GROUP_COLORS["regional"]
    assert palette["other"] not in plots.GROUP_COLORS.values()


def test_titles_carry_n():
    fig, ax = plt.subplots()
    plots.titled(ax, "Stance by outlet", 42)
    assert ax.get_title(loc="left").endswith("(n = 42)")
    plt.close(fig)


def _draw(folder):
    plots.use_theme()
    frame = pd.DataFrame(
        {
            "outlet": ["A", "B"],
            "group": ["sympathetic", "skeptical"],
            "score": [0.3, -0.2],
            "low": [0.1, -0.4],
            "high": [0.5, 0.0],
            "n": [10, 4],
        }
    )
    fig = plots.bar_with_interval(frame, y="outlet", x="score", low="low", high="high", hue="group", title="t", n=14, xlabel="x", count="n")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plots.save(fig, "chart", folder, svg=True)
    plt.close(fig)
    return labels, {p.suffix: hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_figures_are_byte_identical_run_to_run(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    labels, first = _draw(tmp_path / "a")
    _, second = _draw(tmp_path / "b")
    assert set(first) == {".png", ".svg"} and first == second
    assert labels == ["B (n=4)", "A (n=10)"]
