"""How a goal is counted: weeks from Monday to Sunday, a week met once enough days meet the target,
the current week counted in a run only once met, and the milestones each run reaches. Pure
functions, checked on examples and on any days hypothesis can think of."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hearth.tracking.goals import (
    compose_title,
    good_days,
    meets,
    monday_of,
    reached,
    streaks,
    target_phrase,
    week_counts,
)
from hearth.tracking.series import Point, Series, measure_series
from hearth.tracking.units import BOUNDS, Unit

MONDAY = dt.date(2026, 11, 2)
WALKING = Series(key="tracker-1", label="Walking", bounds=BOUNDS[Unit.MINUTES], tracker_id=1)


def days_from(start: dt.date, offsets: list[int]) -> list[dt.date]:
    return sorted({start + dt.timedelta(days=offset) for offset in offsets})


def test_titles_read_as_sentences() -> None:
    assert compose_title(WALKING, "at_least", 20, 5) == "Walking at least 20 minutes, 5 days a week"
    assert compose_title(measure_series("sleep"), "at_least", 7, 7) == "Sleep at least 7 hours every day"
    assert compose_title(measure_series("pain"), "at_most", 3, 5) == "Pain at most 3, 5 days a week"
    assert compose_title(measure_series("sleep"), "at_least", 7.5, 1) == "Sleep at least 7.5 hours, 1 day a week"
    took = Series(key="tracker-2", label="Took a walk", bounds=BOUNDS[Unit.YES_NO], tracker_id=2, yes_no=True)
    assert target_phrase(took, "at_least", 1) == "Took a walk: yes"


def test_a_day_counts_when_its_value_meets_the_target() -> None:
    assert meets(20, "at_least", 20)
    assert not meets(19, "at_least", 20)
    assert meets(3, "at_most", 3)
    assert not meets(4, "at_most", 3)
    points = [Point(MONDAY, 25), Point(MONDAY + dt.timedelta(days=1), 10), Point(MONDAY + dt.timedelta(days=2), 20)]
    assert good_days(points, "at_least", 20) == [MONDAY, MONDAY + dt.timedelta(days=2)]


def test_weeks_run_from_monday_to_sunday() -> None:
    sunday = MONDAY + dt.timedelta(days=6)
    assert monday_of(sunday) == MONDAY
    assert monday_of(sunday + dt.timedelta(days=1)) == MONDAY + dt.timedelta(days=7)
    # Started on a Thursday: that first week only has its last four days.
    thursday = MONDAY + dt.timedelta(days=3)
    assert week_counts(
        [MONDAY, thursday, sunday, sunday + dt.timedelta(days=1)], thursday, sunday + dt.timedelta(1)
    ) == [
        2,
        1,
    ]


def test_the_current_week_counts_only_once_met() -> None:
    # Three weeks met, then this week with 3 of 5 days so far: the run is still 3.
    assert streaks([5, 6, 5, 3], 5) == (3, 3)
    # This week met too: 4.
    assert streaks([5, 6, 5, 5], 5) == (4, 4)
    # A missed week last week ends the run.
    assert streaks([5, 5, 5, 2, 5], 5) == (1, 3)
    assert streaks([5, 5, 5, 2, 0], 5) == (0, 3)
    assert streaks([], 5) == (0, 0)


def test_milestones_of_four_good_weeks() -> None:
    days = [MONDAY + dt.timedelta(weeks=w, days=d) for w in range(4) for d in range(5)]
    found = reached(days, 5)
    assert found["first_day"] == MONDAY
    assert found["first_week"] == MONDAY + dt.timedelta(days=4)
    assert found["streak_4"] == MONDAY + dt.timedelta(weeks=3, days=4)
    assert "streak_12" not in found
    assert "days_30" not in found
    assert "days_30" not in reached([*days, *(MONDAY + dt.timedelta(weeks=4, days=d) for d in range(7))], 5)
    assert reached([MONDAY + dt.timedelta(days=n) for n in range(30)], 7)["days_30"] == MONDAY + dt.timedelta(days=29)


offsets = st.lists(st.integers(min_value=0, max_value=400), max_size=200)
starts = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1))
per_weeks = st.integers(min_value=1, max_value=7)


@given(starts, offsets, per_weeks, st.integers(min_value=0, max_value=400))
def test_a_run_never_exceeds_the_weeks_since_the_start(
    start: dt.date, offs: list[int], per_week: int, length: int
) -> None:
    today = start + dt.timedelta(days=length)
    days = [day for day in days_from(start, offs) if day <= today]
    counts = week_counts(days, start, today)
    current, best = streaks(counts, per_week)
    assert len(counts) == (monday_of(today) - monday_of(start)).days // 7 + 1
    assert sum(counts) == len(days)
    assert all(0 <= count <= 7 for count in counts)
    assert 0 <= current <= best <= len(counts)


@given(starts, offsets, per_weeks)
def test_milestones_agree_with_the_weeks(start: dt.date, offs: list[int], per_week: int) -> None:
    days = days_from(start, offs)
    end = days[-1] if days else start
    _current, best = streaks(week_counts(days, start, end), per_week)
    found = reached(days, per_week)
    assert ("first_day" in found) == bool(days)
    assert ("first_week" in found) == (best >= 1)
    assert ("streak_4" in found) == (best >= 4)
    assert ("streak_12" in found) == (best >= 12)
    assert ("days_30" in found) == (len(days) >= 30)
    # Each is reached on a day that met the target, and the longer runs after the shorter.
    assert all(day in days for day in found.values())
    if "streak_12" in found:
        assert found["first_week"] <= found["streak_4"] <= found["streak_12"]
