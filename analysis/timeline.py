"""Coverage and stance over time: articles, and the writer's stance, per group per day or week.

A corpus has a time dimension when its documents' `published` dates span more than SPAN_DAYS
days (last date minus first); otherwise every function here says so (None, or an empty table
with its columns) and the reports show `no_time_dimension`'s one line instead of a chart.

Periods (`period`): days when the dates span at most DAILY_MAX_DAYS days, else weeks starting
on Monday, each labelled by its Monday's date. Every period between the first and the last
date is a period, whether or not anything was published in it.

An article's stance toward the target is the writer's (`aggregate.writer_stance`, the
documents' `writer_stance_score`): what the article as a whole conveys, its own sentences about
the target weighted by position and the voices it chooses to quote at half weight. It leaves
the target's own voices out (the target's press statement is not the press's stance) and is
NaN for an article that barely mentions the target, which then counts in no mean. The
documents' `stance_score`, the plain mean of every quote and sentence about the target, counts
the target's self-presentation (unless `exclude_self`) and weighs a passing mention like a
profile, so it is not used here.
"""

from __future__ import annotations

import math
from typing import TypedDict

import pandas as pd

from analysis.aggregate import bootstrap_ci, mean_or_nan, summarise

SPAN_DAYS = 7  # a week of coverage or less is one moment, not a time series
DAILY_MAX_DAYS = 31  # beyond a month of days, a daily chart is too jagged to read (a few articles a day): weeks
PERIOD_NAMES = {"D": "day", "W": "week"}
STANCE = "writer_stance_score"
# A half of the period needs this many scored articles for a verdict on whether stance moved
# (with one, its bootstrap interval has no width).
MIN_PER_HALF = 2

COVERAGE_COLUMNS = ["period_start", "group", "n_docs"]
STANCE_COLUMNS = ["period_start", "group", f"n_{STANCE}", STANCE, f"{STANCE}_ci_low", f"{STANCE}_ci_high"]


class GroupPeak(TypedDict):
    period_start: str  # ISO date of the busiest period (the earliest, in a tie)
    n_docs: int
    periods_at_peak: int  # how many periods have n_docs articles (more than 1: a tie)


class Peak(GroupPeak):
    period: str  # "D" or "W" (`period`)
    by_group: dict[str, GroupPeak]  # each group's busiest period, groups sorted


class Shift(TypedDict):
    first: str  # ISO dates: the earlier half runs from `first` to `earlier_to`, the later from `split` to `last`
    earlier_to: str
    split: str
    last: str
    n_earlier: int  # articles with a stance in each half
    n_later: int
    earlier: float  # mean stance in each half
    later: float
    difference: float  # later minus earlier
    ci_low: float  # its 95% interval (NaN with fewer than MIN_PER_HALF on a side)
    ci_high: float
    moved: bool  # the interval excludes 0


def dates(documents: pd.DataFrame) -> pd.Series:
    """Each document's `published` date (validated ISO dates, corpus.check_date) as a timestamp."""
    if documents.empty or "published" not in documents:
        return pd.Series([], dtype="datetime64[ns]")
    return pd.to_datetime(documents["published"], format="%Y-%m-%d")


def span_days(documents: pd.DataFrame) -> int | None:
    """Days from the first date to the last (0 when all share one); None without documents."""
    when = dates(documents)
    return None if when.empty else int((when.max() - when.min()).days)


def no_time_dimension(documents: pd.DataFrame) -> str | None:
    """Why there is nothing to show over time (one line), or None when the dates span more
    than SPAN_DAYS days."""
    span = span_days(documents)
    if span is None:
        return "No documents, so nothing to show over time."
    if span > SPAN_DAYS:
        return None
    when = dates(documents)
    first, last = _iso(when.min()), _iso(when.max())
    on = f"on {first}" if span == 0 else f"between {first} and {last}"
    return (
        f"All {len(when)} documents were published {on}: coverage over time is shown only when the dates span more than {SPAN_DAYS} days."
    )


def period(documents: pd.DataFrame) -> str:
    """Days ("D") when the dates span at most DAILY_MAX_DAYS days, else weeks from Monday ("W")."""
    span = span_days(documents)
    return "D" if span is None or span <= DAILY_MAX_DAYS else "W"


def period_name(documents: pd.DataFrame) -> str:
    """The period in words: "day" or "week"."""
    return PERIOD_NAMES[period(documents)]


def period_starts(documents: pd.DataFrame) -> pd.Series:
    """The first day of each document's period: its date, or the Monday of its week."""
    when = dates(documents)
    return when - pd.to_timedelta(when.dt.day_of_week, unit="D") if period(documents) == "W" else when


def volume(documents: pd.DataFrame) -> pd.DataFrame:
    """Articles per period and group, every period from the first to the last and every group
    (0 where none): columns period_start (ISO date), group, n_docs; empty without a time dimension."""
    if no_time_dimension(documents):
        return _empty(COVERAGE_COLUMNS)
    starts = period_starts(documents)
    step = "7D" if period(documents) == "W" else "D"
    grid = pd.MultiIndex.from_product(
        [pd.date_range(starts.min(), starts.max(), freq=step), sorted(documents.group.unique())], names=["period_start", "group"]
    )
    counts = documents.assign(period_start=starts).groupby(["period_start", "group"]).size()
    table = counts.reindex(grid, fill_value=0).rename("n_docs").reset_index()
    return table.assign(period_start=table.period_start.map(_iso), n_docs=table.n_docs.astype("int64"))[COVERAGE_COLUMNS]


def stance_over_time(documents: pd.DataFrame) -> pd.DataFrame:
    """Mean writer's stance toward the target per period and group, with n (articles with a
    stance) and a seeded bootstrap 95% interval (aggregate.summarise); a period in which a
    group has no article with a stance has no row. Empty without a time dimension."""
    if no_time_dimension(documents):
        return _empty(STANCE_COLUMNS)
    scored = documents.assign(period_start=period_starts(documents).map(_iso)).dropna(subset=[STANCE])
    if scored.empty:
        return _empty(STANCE_COLUMNS)
    return summarise(scored, ["period_start", "group"], STANCE)[STANCE_COLUMNS]


def peak(documents: pd.DataFrame) -> Peak | None:
    """The period with the most articles, and each group's; the earliest in a tie. None
    without a time dimension."""
    counts = volume(documents)
    if counts.empty:
        return None
    overall = _busiest(counts.groupby("period_start", sort=True).n_docs.sum())
    by_group = {str(g): _busiest(rows.set_index("period_start").n_docs) for g, rows in counts.groupby("group", sort=True)}
    return Peak(**overall, period=period(documents), by_group=by_group)


def _busiest(counts: pd.Series) -> GroupPeak:
    """The first period (index, in date order) with the most articles, and how many share that count."""
    return GroupPeak(period_start=str(counts.idxmax()), n_docs=int(counts.max()), periods_at_peak=int((counts == counts.max()).sum()))


def stance_shift(documents: pd.DataFrame) -> Shift | None:
    """Whether the writers' stance moved: the mean of the later half of the date range minus
    that of the earlier half, with a 95% interval; "moved" only when the interval excludes 0.

    The halves split the span, not the documents: the later half starts ceil(span / 2) days
    after the first date, so a burst of coverage early on leaves few articles in the later
    half and a wide interval, rather than a split that follows the burst. All groups are pooled:
    a group that writes mostly early or late moves the means by who writes, not by a change of mind.
    None without a time dimension."""
    if no_time_dimension(documents):
        return None
    when = dates(documents)
    first, last = when.min(), when.max()
    split = first + pd.Timedelta(days=math.ceil((last - first).days / 2))
    later = (when >= split).to_numpy()
    before = documents.loc[~later, STANCE].dropna().tolist()
    after = documents.loc[later, STANCE].dropna().tolist()
    low, high = difference_interval(before, after) if min(len(before), len(after)) >= MIN_PER_HALF else (math.nan, math.nan)
    earlier, mean_later = mean_or_nan(before), mean_or_nan(after)
    return Shift(
        first=_iso(first),
        earlier_to=_iso(split - pd.Timedelta(days=1)),
        split=_iso(split),
        last=_iso(last),
        n_earlier=len(before),
        n_later=len(after),
        earlier=earlier,
        later=mean_later,
        difference=mean_later - earlier,
        ci_low=low,
        ci_high=high,
        moved=bool(low > 0 or high < 0),  # False when NaN
    )


def difference_interval(earlier: list[float], later: list[float]) -> tuple[float, float]:
    """95% interval of mean(later) - mean(earlier), from each side's seeded bootstrap interval
    (aggregate.bootstrap_ci) combined by MOVER, the method of variance estimates recovery
    (Zou & Donner 2008, Stat Med 27:1693): each end of the difference moves from the point
    estimate by the root of the squared distances to the opposite ends of the two intervals."""
    m1, m2 = mean_or_nan(earlier), mean_or_nan(later)
    (l1, u1), (l2, u2) = bootstrap_ci(earlier), bootstrap_ci(later)
    difference = m2 - m1
    return (difference - math.hypot(m2 - l2, u1 - m1), difference + math.hypot(u2 - m2, m1 - l1))


def _iso(when: pd.Timestamp) -> str:
    return when.strftime("%Y-%m-%d")


def _empty(columns: list[str]) -> pd.DataFrame:
    """A table with no rows and its columns typed as when it has some."""
    types = {"period_start": "str", "group": "str", "n_docs": "int64", f"n_{STANCE}": "int64"}
    return pd.DataFrame({c: pd.Series([], dtype=types.get(c, "float64")) for c in columns})
