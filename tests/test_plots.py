"""The shared chart theme: fixed group colours, titles with n, deterministic files."""

from __future__ import annotations

import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

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


def test_over_time_draws_a_line_per_group_in_its_colour_with_its_band_and_n():
    from matplotlib import dates as mdates

    frame = pd.DataFrame(
        {
            "period_start": ["2019-01-07", "2019-01-14", "2019-01-28", "2019-01-07", "2019-01-14"],
            "group": ["sympathetic"] * 3 + ["skeptical"] * 2,
            "score": [0.2, 0.4, 0.1, -0.3, -0.1],
            "low": [0.0, 0.1, -0.2, -0.6, -0.3],
            "high": [0.4, 0.7, 0.4, 0.0, 0.1],
            "n": [3, 5, 2, 4, 1],
        }
    )
    fig = plots.over_time(frame, y="score", low="low", high="high", count="n", period="W", title="Stance over time", n=15)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}
    assert set(lines) == {"sympathetic", "skeptical"}
    for group, line in lines.items():
        assert line.get_color() == plots.GROUP_COLORS[group]
    assert list(pd.isna(lines["sympathetic"].get_ydata())) == [False, False, True, False]  # no value in the week of 21 January: a gap
    assert sum(type(c).__name__ == "FillBetweenPolyCollection" for c in ax.collections) == 2  # one interval band per group
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "3", "4", "5"]  # each point's n
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert ax.get_title(loc="left").endswith("(n = 15)")
    plt.close(fig)


def test_over_time_with_nothing_to_draw_says_so():
    empty = pd.DataFrame({"period_start": [], "group": [], "n_docs": []})
    fig = plots.over_time(empty, y="n_docs", count="n_docs", title="Articles per day", n=0)
    assert fig.axes[0].get_title(loc="left").endswith("(n = 0)") and not fig.axes[0].get_lines()
    plt.close(fig)


def test_over_time_draws_every_period_however_far_apart():
    frame = pd.DataFrame(
        {"period_start": ["2020-06-01", "2020-06-04", "2020-06-11", "2020-06-15"], "group": "regional", "n_docs": [1, 2, 1, 3]}
    )
    fig = plots.over_time(frame, y="n_docs", count="n_docs", title="Articles per day", n=7)
    drawn = fig.axes[0].collections[0].get_offsets()
    assert len(drawn) == 4 and list(drawn[:, 1]) == [1, 2, 1, 3]
    assert len(fig.axes[0].get_lines()[0].get_xdata()) == 15  # one value a day from 1 to 15 June, gaps included
    plt.close(fig)
    with pytest.raises(ValueError, match="not W periods"):
        plots.over_time(frame, y="n_docs", period="W", title="Articles per week", n=7)  # days are not weeks


def test_over_time_keeps_each_groups_colour_when_a_group_has_nothing_to_draw():
    every = plots.group_palette(["alpha", "beta", "gamma"])  # no fixed colours: spares, in order
    frame = pd.DataFrame({"period_start": ["2020-06-01", "2020-06-02"], "group": ["gamma", "gamma"], "score": [0.1, 0.2]})
    fig = plots.over_time(frame, y="score", title="t", n=2, palette=every)
    assert fig.axes[0].get_lines()[0].get_color() == every["gamma"] != plots.group_palette(["gamma"])["gamma"]
    plt.close(fig)


def test_raw_and_corrected_draws_both_estimates_with_intervals():
    from analysis.coding import corrected_long

    table = pd.DataFrame(
        {
            "group": ["a", "a", "b", "b"],
            "label": ["favor", "against", "favor", "against"],
            "n_units": [10, 10, 20, 20],
            "raw_share": [0.6, 0.4, 0.3, 0.7],
            "raw_low": [0.4, 0.2, 0.1, 0.5],
            "raw_high": [0.8, 0.6, 0.5, 0.9],
            "corrected_share": [0.5, 0.5, 0.2, 0.8],
            "corrected_low": [0.2, 0.2, 0.0, 0.5],
            "corrected_high": [0.8, 0.8, 0.4, 1.0],
        }
    )
    fig = plots.raw_and_corrected(corrected_long(table, "group"), title="t", n=30)
    ax = fig.axes[0]
    bars = [bar for container in ax.containers if hasattr(container, "patches") for bar in container.patches]
    assert len(bars) == 8  # 4 categories x (raw, corrected)
    heights = sorted(round(bar.get_height(), 2) for bar in bars)
    assert heights == sorted([0.6, 0.4, 0.3, 0.7, 0.5, 0.5, 0.2, 0.8])
    plots.plt.close(fig)
