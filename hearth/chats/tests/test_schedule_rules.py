"""A series' sessions fall on the right local dates and times, across daylight-saving changes."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.chats.schedule import Rule, zone

NEW_YORK = "America/New_York"


def monday_lupus_chat(**changes: object) -> Rule:
    """Tiffany's #LupusChat: Mondays at 21:00 New York time, from 19 October 2026."""
    fields: dict[str, object] = {
        "first_date": date(2026, 10, 19),
        "start_time": time(21, 0),
        "time_zone": NEW_YORK,
        "frequency": "weekly",
    }
    fields.update(changes)
    return Rule(**fields)  # type: ignore[arg-type]


def test_weekly_sessions_stay_at_nine_in_the_evening_across_the_november_change() -> None:
    rule = monday_lupus_chat()
    days = rule.dates(date(2026, 10, 19), date(2026, 11, 16))
    assert days == [date(2026, 10, 19), date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    # Daylight time ends on 1 November 2026: 21:00 is 01:00 UTC before, 02:00 UTC after.
    assert rule.starts_at(date(2026, 10, 26)) == datetime(2026, 10, 27, 1, 0, tzinfo=UTC)
    assert rule.starts_at(date(2026, 11, 2)) == datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    for day in days:
        local = rule.starts_at(day).astimezone(zone(NEW_YORK))
        assert (local.date(), local.time()) == (day, time(21, 0))


def test_weekly_sessions_stay_local_across_the_march_change() -> None:
    rule = monday_lupus_chat()
    assert rule.starts_at(date(2027, 3, 8)) == datetime(2027, 3, 9, 2, 0, tzinfo=UTC)
    assert rule.starts_at(date(2027, 3, 15)) == datetime(2027, 3, 16, 1, 0, tzinfo=UTC)


def test_every_second_week_and_until() -> None:
    rule = monday_lupus_chat(interval=2, until=date(2026, 11, 30))
    assert rule.dates(date(2026, 10, 1), date(2027, 1, 31)) == [
        date(2026, 10, 19),
        date(2026, 11, 2),
        date(2026, 11, 16),
        date(2026, 11, 30),
    ]
    assert rule.rrule_text() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20261201T045959Z"


def test_monthly_on_the_second_tuesday() -> None:
    rule = Rule(first_date=date(2026, 11, 10), start_time=time(19, 30), time_zone="Europe/London", frequency="monthly")
    assert rule.nth_weekday == 2
    assert rule.dates(date(2026, 11, 1), date(2027, 3, 31)) == [
        date(2026, 11, 10),
        date(2026, 12, 8),
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
    ]
    assert rule.rrule_text() == "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU"
    assert rule.describe() == "The 2nd Tuesday of every month at 19:30 (Europe/London)"


def test_monthly_on_the_last_thursday() -> None:
    rule = Rule(
        first_date=date(2026, 11, 26),
        start_time=time(12, 0),
        time_zone="Australia/Sydney",
        frequency="monthly",
        monthly_last=True,
    )
    assert rule.dates(date(2026, 11, 1), date(2027, 2, 28)) == [
        date(2026, 11, 26),
        date(2026, 12, 31),
        date(2027, 1, 28),
        date(2027, 2, 25),
    ]
    assert rule.rrule_text() == "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1TH"


def test_a_one_off_chat_has_one_date_and_no_rule() -> None:
    rule = monday_lupus_chat(frequency="once")
    assert rule.dates(date(2026, 1, 1), date(2027, 12, 31)) == [date(2026, 10, 19)]
    assert rule.rrule_text() is None
    assert not rule.includes(date(2026, 10, 26))


def test_a_start_time_skipped_by_spring_forward_moves_forward_by_the_gap() -> None:
    rule = Rule(first_date=date(2027, 3, 14), start_time=time(2, 30), time_zone=NEW_YORK, frequency="weekly")
    # 02:30 does not exist on 14 March 2027 in New York; RFC 5545 reads it as 03:30 daylight time.
    assert rule.starts_at(date(2027, 3, 14)) == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)


def test_an_unknown_zone_is_read_as_utc_rather_than_failing() -> None:
    assert zone("Mars/Olympus_Mons").key == "UTC"
    assert zone("\x00").key == "UTC"


@given(
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
    zone_name=st.sampled_from([NEW_YORK, "Europe/Paris", "Australia/Sydney", "Asia/Kolkata", "America/Santiago"]),
    interval=st.integers(min_value=1, max_value=4),
)
def test_every_weekly_session_is_on_its_weekday_at_its_local_hour(
    first: date, hour: int, zone_name: str, interval: int
) -> None:
    rule = Rule(first_date=first, start_time=time(hour, 0), time_zone=zone_name, frequency="weekly", interval=interval)
    wanted = 50 // interval  # within the year that look-ups search ahead
    days = rule.next_dates(first, wanted)
    assert len(days) == wanted
    for earlier, later in itertools.pairwise(days):
        assert (later - earlier).days == 7 * interval
    for day in days:
        local = rule.starts_at(day).astimezone(zone(zone_name))
        assert local.date() == day
        # Only a start skipped by a spring-forward change may move (by the gap, at most an hour).
        assert local.hour in (hour, hour + 1)


@pytest.mark.parametrize("frequency", ["weekly", "monthly"])
def test_the_first_date_is_always_a_session(frequency: str) -> None:
    rule = Rule(first_date=date(2026, 12, 1), start_time=time(18, 0), time_zone=NEW_YORK, frequency=frequency)
    assert rule.includes(date(2026, 12, 1))
