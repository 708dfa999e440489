"""One theme and palette for every chart: groups keep their colours everywhere."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt  # in a kernel figures show inline; headless, matplotlib uses Agg

from analysis.imports import UNUSED, without

with without(*UNUSED):  # seaborn loads SciPy for estimators these charts never use (analysis.imports)
    import seaborn as sns
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.ticker import FuncFormatter, MaxNLocator

# Colour-blind-safe (Okabe & Ito 2008) colours per comparison group.
GROUP_COLORS = {
    "sympathetic": "#0072B2",
    "skeptical": "#D55E00",
    "regional": "#009E73",
}
OTHER_COLORS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
STANCE_COLORS = {"favor": "#0072B2", "neutral": "#999999", "against": "#D55E00"}
# Roles take the Okabe-Ito colours the groups do not use, so a role is never read as a group.
ROLE_COLORS = {
    "company": "#CC79A7",
    "industry": "#E69F00",
    "civil society": "#56B4E9",
    "academia": "#F0E442",
    "government": "#444444",
    "media": "#999999",
    "unknown": "#DDDDDD",
}


def use_theme() -> None:
    """The suite's seaborn theme: white grid, readable labels, consistent figure size."""
    sns.set_theme(
        style="whitegrid",
        context="notebook",
        font_scale=1.05,
        rc={
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "svg.hashsalt": "discourse-analysis",  # same SVG ids every run
            # corpus text in titles and labels is text, never TeX: "$5bn" must not fail
            "text.parse_math": False,
        },
    )


def group_palette(groups) -> dict[str, str]:
    """Colours for the groups present: the fixed ones first, others from a spare list."""
    palette, spare = {}, iter(OTHER_COLORS)
    for group in sorted(set(groups), key=lambda g: (g not in GROUP_COLORS, g)):
        palette[group] = GROUP_COLORS.get(group) or next(spare, "#777777")
    return palette


def titled(ax: plt.Axes, title: str, n: int | str) -> plt.Axes:
    """Every chart carries a title and the n behind it."""
    ax.set_title(f"{title}\n(n = {n})", fontsize=12, loc="left")
    return ax


def save(fig: plt.Figure, name: str, folder: Path, *, svg: bool = False) -> None:
    """Write a figure named by its content (`stance_by_outlet.png`), optionally also as SVG.

    In a notebook the saved PNG is what the report shows (the figure is drawn once, not again
    by the inline backend). Returns nothing, so that a cell ending in `save(...)` shows only
    the chart."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", dpi=120, metadata={"Software": None})
    (folder / f"{name}.png").write_bytes(buffer.getvalue())
    if svg:
        fig.savefig(folder / f"{name}.svg", bbox_inches="tight", metadata={"Date": None})
    _show(fig, buffer.getvalue())


def _show(fig: plt.Figure, png: bytes) -> None:
    """In a notebook: display the PNG and close the figure."""
    from IPython import get_ipython

    if get_ipython() is None:
        return
    from IPython.display import Image, display

    display(Image(data=png))
    plt.close(fig)


def no_data(title: str, message: str = "nothing to show for this corpus and target") -> plt.Figure:
    """A small titled figure saying there is nothing to draw (n = 0), instead of an error."""
    fig, ax = plt.subplots(figsize=(8, 1.8))
    ax.axis("off")
    ax.text(0.5, 0.4, message, ha="center", va="center", fontsize=11, color="#555555", transform=ax.transAxes)
    titled(ax, title, 0)
    return fig


def bar_with_interval(
    frame, *, y: str, x: str, low: str, high: str, hue: str, title: str, n: int | str, xlabel: str, count: str | None = None
) -> plt.Figure:
    """Horizontal bars of a mean with its interval, coloured by group (e.g. stance by outlet);
    `count` names a column whose value is shown beside each label as its n."""
    frame = frame.dropna(subset=[x]).sort_values(x, kind="stable").reset_index(drop=True)
    if frame.empty:
        return no_data(title)
    if count:
        frame = frame.assign(**{y: [f"{label} (n={int(k)})" for label, k in zip(frame[y], frame[count])]})
    palette = group_palette(frame[hue])
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(frame) + 1.6))
    sns.barplot(
        data=frame.assign(**{y: frame[y].astype(str)}),
        y=y,
        x=x,
        hue=hue,
        palette=palette,
        dodge=False,
        orient="h",
        alpha=0.85,
        ax=ax,
        order=list(frame[y].astype(str)),
    )
    ax.errorbar(frame[x], range(len(frame)), xerr=[frame[x] - frame[low], frame[high] - frame[x]], fmt="none", ecolor="#333333", capsize=3)
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    titled(ax, title, n)
    return fig


def motives_by_group(motives, *, target: str, labels: dict[str, str]) -> plt.Figure:
    """Share of each group's sentences about the target that give each motive (motives.csv);
    `labels` names the motives for the reader."""
    n = "sentences about the target: " + ", ".join(f"{g} {k}" for g, k in motives.groupby("group").n_target.first().items())
    return grouped_bars(
        motives.assign(motive=motives.motive.map(labels)),
        x="motive",
        y="share",
        hue="group",
        title=f"Motive attributed to {target}'s decision, by group",
        n=n,
        xlabel="motive",
        ylabel="share of the group's sentences about the target",
    )


def grouped_bars(
    frame,
    *,
    x: str,
    y: str,
    hue: str,
    title: str,
    n: int | str,
    xlabel: str,
    ylabel: str,
    low: str | None = None,
    high: str | None = None,
    palette: dict[str, str] | None = None,
) -> plt.Figure:
    """Vertical bars of `y` per category `x`, side by side per `hue`, with optional intervals."""
    frame = frame.dropna(subset=[y])
    if frame.empty:
        return no_data(title)
    categories = list(dict.fromkeys(frame[x]))
    levels = list(dict.fromkeys(frame[hue]))
    palette = palette or group_palette(levels)
    fig, ax = plt.subplots(figsize=(max(7, 1.2 * len(categories) * max(1, len(levels)) / 2 + 3), 4.8))
    sns.barplot(data=frame, x=x, y=y, hue=hue, order=categories, hue_order=levels, palette=palette, ax=ax, errorbar=None)
    if low and high:
        for level, container in zip(levels, ax.containers):
            rows = frame[frame[hue] == level].set_index(x).reindex(categories)
            centres = [bar.get_x() + bar.get_width() / 2 for bar in container]
            if len(centres) != len(rows):  # seaborn drew no bar for a missing category
                rows = rows.dropna(subset=[y])
            ax.errorbar(centres, rows[y], yerr=[rows[y] - rows[low], rows[high] - rows[y]], fmt="none", ecolor="#333333", capsize=3)
    ax.axhline(0, color="#333333", lw=0.8)
    ax.set_xticks(range(len(categories)), [textwrap.fill(str(c), 16) for c in categories])  # long labels wrap
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title=hue, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    titled(ax, title, n)
    return fig


ESTIMATE_COLOURS = {"raw": "#999999", "corrected": "#0072B2"}


def raw_and_corrected(shares, *, title: str, n: int | str, ylabel: str = "share of units") -> plt.Figure:
    """Raw and corrected shares side by side per category (`analysis.coding.corrected_long`),
    each with its 95% interval."""
    return grouped_bars(
        shares,
        x="category",
        y="share",
        hue="estimate",
        low="low",
        high="high",
        title=title,
        n=n,
        xlabel="",
        ylabel=ylabel,
        palette=ESTIMATE_COLOURS,
    )


def heatmap(table, *, title: str, n: int | str, fmt: str = ".2f", cmap: str = "Blues", xlabel: str = "", ylabel: str = "") -> plt.Figure:
    """A labelled heatmap of a small matrix (group × frame share, outlet × speaker counts)."""
    if table.size == 0:
        return no_data(title)
    fig, ax = plt.subplots(figsize=(max(6, 0.55 * table.shape[1] + 3), max(2.5, 0.5 * table.shape[0] + 1.8)))
    sns.heatmap(table, annot=True, fmt=fmt, cmap=cmap, cbar=False, linewidths=0.5, ax=ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="x", rotation=40)
    ax.tick_params(axis="y", rotation=0)
    plt.setp(ax.get_xticklabels(), ha="right")
    titled(ax, title, n)
    return fig


def stacked_shares(table, *, title: str, n: int | str, xlabel: str, colors: dict[str, str] | None = None) -> plt.Figure:
    """Rows as horizontal 100% bars split by columns (share of voice by role per outlet)."""
    if table.size == 0:
        return no_data(title)
    shares = table.div(table.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(shares) + 1.8))
    left = None
    palette = colors or dict(zip(shares.columns, sns.color_palette("colorblind", len(shares.columns))))
    for column in shares.columns:
        ax.barh(shares.index.astype(str), shares[column], left=left, label=column or "unknown", color=palette.get(column))
        left = shares[column] if left is None else left + shares[column]
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    titled(ax, title, n)
    return fig


def scatter_by_group(
    frame, *, x: str, y: str, hue: str, title: str, n: int | str, xlabel: str, ylabel: str, label: str | None = None
) -> plt.Figure:
    """Points coloured by group, with optional text labels (sentiment vs stance; fightin' words)."""
    if frame.empty:
        return no_data(title)
    fig, ax = plt.subplots(figsize=(8, 5))
    sns.scatterplot(data=frame, x=x, y=y, hue=hue, palette=group_palette(frame[hue]), ax=ax, s=50, alpha=0.8)
    if label:
        for row in frame.itertuples():
            ax.annotate(str(getattr(row, label)), (getattr(row, x), getattr(row, y)), fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    titled(ax, title, n)
    return fig


def fightin_words(terms, *, title: str, n: int | str, top: int = 6, threshold: float = 1.96) -> plt.Figure:
    """One panel per group: each term's log-odds z (group vs rest) against its count in the
    group, log scale; the `top` terms are labelled, terms sharing a point share one label."""
    if terms.empty:
        return no_data(title)
    groups = sorted(terms.group.unique())
    palette = group_palette(groups)
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups) + 1, 5), sharey=True, squeeze=False)
    for ax, group in zip(axes[0], groups):
        rows = terms[terms.group == group]
        sns.scatterplot(data=rows, x="count", y="log_odds_z", color=palette[group], alpha=0.55, s=30, ax=ax, legend=False)
        best = rows.sort_values(["log_odds_z", "term"], ascending=[False, True], kind="stable").head(top)
        for (count, z), at in best.groupby(["count", "log_odds_z"], sort=False):
            ax.annotate(", ".join(at.term), (count, z), fontsize=8, xytext=(4, 2), textcoords="offset points")
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # 1, 10, 100: no TeX (see use_theme)
        ax.axhline(threshold, color="#999999", ls="--", lw=0.8)
        ax.axhline(0, color="#333333", lw=0.6)
        ax.set_title(f"{group} (n = {int(rows['count'].sum())} tokens)", fontsize=11)
        ax.set_xlabel("count in the group (log scale)")
        ax.set_ylabel("log-odds z, group vs rest")
    fig.suptitle(f"{title} (n = {n})", x=0.01, ha="left", fontsize=12)
    fig.tight_layout()
    return fig


ANNOTATED_POINTS = 40  # beyond this many points, labels overlap: the point's size alone shows its n
PERIOD_STEPS = {"D": "D", "W": "7D"}  # analysis.timeline's periods: days, and weeks from Monday


def over_time(
    frame,
    *,
    y: str,
    title: str,
    n: int | str,
    low: str | None = None,
    high: str | None = None,
    count: str | None = None,
    period: str = "D",
    ylabel: str = "",
    palette: dict[str, str] | None = None,
) -> plt.Figure:
    """One line per group of `y` against `period_start` (ISO dates of `period`s, "D" or "W" as
    analysis.timeline.period says), in the group colours, with a band and a bar from `low` to
    `high` when given. `count` names each point's n: the point's area follows it, and it is
    written beside the point when there are at most ANNOTATED_POINTS. A group's line breaks at
    a period in which it has no value, so an isolated period is a point with its bar. `palette`:
    the colours of every group of the study, so that a group missing here does not shift the
    spare colours of the others (default: those of the groups drawn)."""
    frame = frame.dropna(subset=[y])
    if frame.empty:
        return no_data(title)
    frame = frame.assign(when=pd.to_datetime(frame.period_start, format="%Y-%m-%d"))
    grid = pd.date_range(frame.when.min(), frame.when.max(), freq=PERIOD_STEPS[period])
    if not frame.when.isin(grid).all():
        raise ValueError(f"period_start values are not {period} periods from {frame.period_start.min()}")
    largest = max(1, int(frame[count].max())) if count else 1
    colours = palette or group_palette(frame.group)
    present = set(frame.group)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    for group in [g for g in colours if g in present] + sorted(present - set(colours)):
        colour = colours.get(group, "#777777")
        rows = frame[frame.group == group].set_index("when").reindex(grid)  # NaN where the group has no value: the line breaks
        ax.plot(rows.index, rows[y], color=colour, lw=1.6, label=group)
        points = rows.dropna(subset=[y])
        if low and high:
            ax.fill_between(rows.index, rows[low].astype(float), rows[high].astype(float), color=colour, alpha=0.15, lw=0)
            ax.vlines(points.index, points[low].astype(float), points[high].astype(float), color=colour, lw=1, alpha=0.6)
        sizes = 10 + 140 * points[count] / largest if count else 24
        ax.scatter(points.index, points[y], s=sizes, color=colour, zorder=3)
        if count and len(frame) <= ANNOTATED_POINTS:
            for when, value, k in zip(points.index, points[y], points[count]):
                ax.annotate(f"{int(k)}", (when, value), fontsize=8, xytext=(4, 4), textcoords="offset points", color=colour)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if pd.api.types.is_integer_dtype(frame[y]):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of articles: no half articles on the axis
    ax.axhline(0, color="#333333", lw=0.8)
    ax.set_xlabel("")
    ax.set_ylabel(ylabel or y)
    ax.legend(title="group", fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    titled(ax, title, n)
    return fig
