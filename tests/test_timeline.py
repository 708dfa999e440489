"""Coverage and stance over time: the time-dimension rule, periods, zero-filled counts, peaks,
and a shift of stance found only when there is one."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import timeline
from analysis.stance import Target
from analysis.study import build_study

START = dt.date(2019, 1, 2)  # a Wednesday


def _documents(days: list[int], *, groups: list[str] | None = None, scores: list[float] | None = None) -> pd.DataFrame:
    """A documents table with one article per entry of `days` (days after START)."""
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(days))],
            "outlet": "Gazette",
            "group": groups or ["local"] * len(days),
            "published": [(START + dt.timedelta(days=d)).isoformat() for d in days],
            "writer_stance_score": scores if scores is not None else [math.nan] * len(days),
        }
    )


def redate(corpus: Path, published: list[str]) -> Path:
    """The corpus with its manifest's documents dated `published`, in manifest order."""
    with open(corpus / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(corpus / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "published": date} for row, date in zip(rows, published, strict=True))
    return corpus


@pytest.mark.parametrize("days", [[0], [0, 0, 3], [0, 7], [7, 2, 0]], ids=["one day", "three days", "exactly 7", "unsorted, 7"])
def test_seven_days_or_less_is_no_time_dimension(days):
    documents = _documents(days, scores=[0.5] * len(days))
    note = timeline.no_time_dimension(documents)
    assert note and "\n" not in note and START.isoformat() in note
    assert timeline.volume(documents).empty and list(timeline.volume(documents).columns) == timeline.COVERAGE_COLUMNS
    assert timeline.stance_over_time(documents).empty and list(timeline.stance_over_time(documents).columns) == timeline.STANCE_COLUMNS
    assert timeline.peak(documents) is None and timeline.stance_shift(documents) is None


@pytest.mark.parametrize("empty", [pd.DataFrame(), _documents([]).iloc[0:0]], ids=["no columns", "no rows"])
def test_an_empty_table_has_no_time_dimension(empty):
    assert timeline.no_time_dimension(empty) and timeline.span_days(empty) is None
    assert list(timeline.volume(empty).columns) == timeline.COVERAGE_COLUMNS and timeline.volume(empty).empty
    assert timeline.stance_over_time(empty).empty and timeline.peak(empty) is None and timeline.stance_shift(empty) is None


@pytest.mark.parametrize(
    ("last_day", "expected"),
    [(8, "D"), (timeline.DAILY_MAX_DAYS, "D"), (timeline.DAILY_MAX_DAYS + 1, "W"), (90, "W")],
)
def test_days_up_to_two_months_then_weeks(last_day, expected):
    documents = _documents([0, last_day])
    assert timeline.no_time_dimension(documents) is None
    assert timeline.period(documents) == expected
    assert timeline.period_name(documents) == timeline.PERIOD_NAMES[expected]


def test_eight_days_are_nine_daily_periods_zero_filled_for_every_group():
    documents = _documents([0, 0, 3, 8], groups=["a", "b", "a", "b"])
    counts = timeline.volume(documents)
    assert list(counts.columns) == ["period_start", "group", "n_docs"]
    assert len(counts) == 9 * 2 and counts.n_docs.sum() == 4
    per = counts.set_index(["period_start", "group"]).n_docs
    assert per[("2019-01-02", "a")] == 1 and per[("2019-01-02", "b")] == 1
    assert per[("2019-01-05", "a")] == 1 and per[("2019-01-05", "b")] == 0
    assert per[("2019-01-06", "a")] == 0 and per[("2019-01-10", "b")] == 1
    assert list(counts.period_start) == sorted(counts.period_start)


def test_ninety_days_are_weeks_labelled_by_their_monday():
    documents = _documents([0, 4, 5, 6, 90])  # Wed 2 Jan, Sun 6 Jan, Mon 7 Jan, Tue 8 Jan, Tue 2 Apr 2019
    counts = timeline.volume(documents)
    mondays = [dt.date.fromisoformat(d) for d in counts.period_start]
    assert all(d.weekday() == 0 for d in mondays)
    assert mondays[0] == dt.date(2018, 12, 31) and mondays[-1] == dt.date(2019, 4, 1)
    assert all((b - a).days == 7 for a, b in itertools.pairwise(mondays))
    per = counts.set_index("period_start").n_docs
    assert per["2018-12-31"] == 2  # Wednesday to Sunday: the week of Monday 31 December
    assert per["2019-01-07"] == 2 and per["2019-04-01"] == 1 and counts.n_docs.sum() == 5


def test_peak_is_the_busiest_period_overall_and_per_group_earliest_in_a_tie():
    documents = _documents([0, 1, 1, 1, 9, 9, 9, 10, 10], groups=["a", "a", "a", "b", "b", "b", "a", "b", "b"])
    top = timeline.peak(documents)
    assert top["period"] == "D"
    assert (top["period_start"], top["n_docs"], top["periods_at_peak"]) == ("2019-01-03", 3, 2)  # days 1 and 9 have 3: the earlier
    assert top["by_group"] == {
        "a": {"period_start": "2019-01-03", "n_docs": 2, "periods_at_peak": 1},
        "b": {"period_start": "2019-01-11", "n_docs": 2, "periods_at_peak": 2},  # days 9 and 10 both have 2: the earlier
    }


def test_stance_over_time_is_a_mean_per_group_and_period_with_gaps_left_out():
    documents = _documents([0, 0, 0, 1, 9, 9], groups=["a", "a", "a", "b", "a", "b"], scores=[0.2, 0.6, math.nan, -0.4, 0.1, math.nan])
    table = timeline.stance_over_time(documents)
    assert list(table.columns) == timeline.STANCE_COLUMNS
    keyed = table.set_index(["period_start", "group"])
    assert list(keyed.index) == [("2019-01-02", "a"), ("2019-01-03", "b"), ("2019-01-11", "a")]  # no row for b on day 9: no score
    first = keyed.loc[("2019-01-02", "a")]
    assert first.n_writer_stance_score == 2 and math.isclose(first.writer_stance_score, 0.4)
    assert first.writer_stance_score_ci_low <= 0.4 <= first.writer_stance_score_ci_high
    assert (table.writer_stance_score_ci_low <= table.writer_stance_score).all()
    assert (table.writer_stance_score <= table.writer_stance_score_ci_high).all()
    assert not (timeline.volume(documents).n_docs == 0).all()  # empty periods are counted as 0 articles, never as stance 0


def _shift_corpus(earlier: list[float], later: list[float]) -> pd.DataFrame:
    """Articles over 30 days: `earlier` spread over days 0..14, `later` over days 16..30."""
    days = [round(14 * i / (len(earlier) - 1)) for i in range(len(earlier))] + [
        16 + round(14 * i / (len(later) - 1)) for i in range(len(later))
    ]
    return _documents(days, scores=[*earlier, *later])


def test_a_constructed_shift_is_found():
    shift = timeline.stance_shift(_shift_corpus([-0.5, -0.4, -0.6, -0.3, -0.5, -0.7], [0.4, 0.5, 0.3, 0.6, 0.5, 0.2]))
    assert shift["split"] == "2019-01-17" and shift["earlier_to"] == "2019-01-16"  # the 15th day after the first opens the later half
    assert (shift["n_earlier"], shift["n_later"]) == (6, 6)
    assert math.isclose(shift["difference"], 0.4167 - -0.5, abs_tol=1e-3)
    assert 0 < shift["ci_low"] < shift["difference"] < shift["ci_high"]
    assert shift["moved"]
    assert timeline.stance_shift(_shift_corpus([0.5] * 3 + [0.4] * 3, [-0.5] * 3 + [-0.4] * 3))["moved"]  # a fall too


def test_no_shift_is_not_found():
    values = [-0.6, 0.1, 0.5, -0.2, 0.3, 0.0, 0.4, -0.3]
    shift = timeline.stance_shift(_shift_corpus(values, list(reversed(values))))
    assert math.isclose(shift["difference"], 0, abs_tol=1e-12)
    assert shift["ci_low"] < 0 < shift["ci_high"] and not shift["moved"]
    assert shift == timeline.stance_shift(_shift_corpus(values, list(reversed(values))))  # seeded: the same every run


def test_too_few_scored_articles_in_a_half_give_no_verdict():
    shift = timeline.stance_shift(_shift_corpus([-0.9, -0.8, -0.9], [0.9, math.nan, math.nan]))
    assert (shift["n_earlier"], shift["n_later"]) == (3, 1)
    assert math.isnan(shift["ci_low"]) and not shift["moved"]


def test_the_difference_interval_brackets_the_difference_and_widens_with_spread():
    narrow = timeline.difference_interval([0.0, 0.1, 0.0, 0.1], [0.5, 0.6, 0.5, 0.6])
    wide = timeline.difference_interval([-0.5, 0.6, -0.5, 0.6], [0.0, 1.0, 0.1, 1.0])
    assert narrow[0] < 0.5 < narrow[1] and wide[0] < 0.5 < wide[1]
    assert wide[1] - wide[0] > narrow[1] - narrow[0]


def test_the_seeds_published_over_two_days_have_empty_tables_with_their_columns(seed_tables):
    assert seed_tables["coverage_over_time"].empty and list(seed_tables["coverage_over_time"].columns) == timeline.COVERAGE_COLUMNS
    assert seed_tables["stance_over_time"].empty and list(seed_tables["stance_over_time"].columns) == timeline.STANCE_COLUMNS


def test_a_study_of_two_targets_shares_coverage_and_splits_stance(corpus_copy):
    redate(corpus_copy, ["2020-06-01", "2020-06-04", "2020-06-11", "2020-06-15", "2020-06-22"])
    study = build_study(corpus_copy, target=Target("IBM"), also=(Target("Amazon"),))
    coverage, stance = study["coverage_over_time"], study["stance_over_time"]
    assert "target" not in coverage.columns and len(coverage) == 22 * coverage.group.nunique() and coverage.n_docs.sum() == 5
    assert stance.columns[0] == "target" and set(stance.target) == {"IBM", "Amazon"}
    amazon = study.for_target("Amazon")
    assert list(amazon["stance_over_time"].columns) == timeline.STANCE_COLUMNS
    pd.testing.assert_frame_equal(
        amazon["stance_over_time"], timeline.stance_over_time(amazon["documents"]), check_dtype=False
    )  # the table is the documents' series
