"""Day-based reminders that land on a day off move to 09:30 on the next working day."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.working_days import MONDAY_TO_FRIDAY, is_working_day, next_working_moment


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("instant", "timezone", "expected", "moved"),
    [
        # A working day keeps its instant, to the second.
        (utc(2026, 11, 27, 14, 30, 5), "America/New_York", utc(2026, 11, 27, 14, 30, 5), False),
        # Saturday and Sunday in New York go to Monday 09:30 EST.
        (utc(2026, 11, 28, 14, 30), "America/New_York", utc(2026, 11, 30, 14, 30), True),
        (utc(2026, 11, 30, 4, 59), "America/New_York", utc(2026, 11, 30, 14, 30), True),  # Sun 23:59
        # Friday evening in New York is already Saturday in UTC: the owner's day decides.
        (utc(2026, 11, 28, 2, 0), "America/New_York", utc(2026, 11, 28, 2, 0), False),
        # Monday 00:30 in Tokyo is still Sunday in UTC: it stays.
        (utc(2026, 11, 29, 15, 30), "Asia/Tokyo", utc(2026, 11, 29, 15, 30), False),
        # Europe springs forward on Sunday 29 March 2026: Saturday 09:30 CET → Monday 09:30 CEST.
        (utc(2026, 3, 28, 8, 30), "Europe/Paris", utc(2026, 3, 30, 7, 30), True),
        # …and falls back on Sunday 25 October: Sunday 09:30 CET → Monday 09:30 CET.
        (utc(2026, 10, 25, 8, 30), "Europe/Paris", utc(2026, 10, 26, 8, 30), True),
        (utc(2026, 10, 24, 7, 30), "Europe/Paris", utc(2026, 10, 26, 8, 30), True),
        # The US springs forward on Sunday 8 March 2026 and falls back on Sunday 1 November.
        (utc(2026, 3, 7, 14, 30), "America/New_York", utc(2026, 3, 9, 13, 30), True),
        (utc(2026, 10, 31, 13, 30), "America/New_York", utc(2026, 11, 2, 14, 30), True),
        # A reminder at 06:00 on Saturday moves later, one at 23:00 on Sunday earlier: both to 09:30 Monday.
        (utc(2026, 11, 28, 5, 0), "Europe/London", utc(2026, 11, 30, 9, 30), True),
        (utc(2026, 11, 29, 23, 0), "Europe/London", utc(2026, 11, 30, 9, 30), True),
    ],
)
def test_next_working_moment(instant, timezone, expected, moved):
    result = next_working_moment(instant, timezone)
    assert result == (expected, moved)
    assert result.at.tzinfo is UTC


@pytest.mark.parametrize(
    ("instant", "working_days", "holidays", "expected"),
    [
        # A Sunday-to-Thursday week (Dubai): Friday moves to Sunday.
        (utc(2026, 11, 27, 6, 0), frozenset({6, 0, 1, 2, 3}), (), utc(2026, 11, 29, 5, 30)),
        (utc(2026, 11, 28, 6, 0), frozenset({6, 0, 1, 2, 3}), (), utc(2026, 11, 29, 5, 30)),
        (utc(2026, 11, 29, 6, 0), frozenset({6, 0, 1, 2, 3}), (), utc(2026, 11, 29, 6, 0)),
        # Holidays count as days off: a Saturday before a holiday Monday waits for Tuesday.
        (utc(2026, 11, 28, 6, 0), MONDAY_TO_FRIDAY, (date(2026, 11, 30),), utc(2026, 12, 1, 5, 30)),
        (utc(2026, 12, 2, 6, 0), MONDAY_TO_FRIDAY, (date(2026, 12, 2),), utc(2026, 12, 3, 5, 30)),
    ],
)
def test_other_weeks_and_holidays(instant, working_days, holidays, expected):
    result = next_working_moment(instant, "Asia/Dubai", working_days, holidays=holidays)
    assert result.at == expected
    assert result.moved is (expected != instant)


def test_another_local_time():
    saturday = utc(2026, 11, 28, 12, 0)
    assert next_working_moment(saturday, "Europe/Rome", local_time=time(8, 0)).at == utc(2026, 11, 30, 7, 0)


@pytest.mark.parametrize("working_days", [frozenset(), frozenset({7, 9})])
def test_a_week_without_working_days_is_refused(working_days):
    with pytest.raises(ValueError):
        next_working_moment(utc(2026, 11, 28), "UTC", working_days)


def test_a_long_run_of_holidays_is_waited_out():
    every_day = [date(2026, 1, 1) + timedelta(days=n) for n in range(800)]
    # 800 days on from Thursday 1 January 2026 is Saturday 11 March 2028; the next Wednesday is the 15th.
    at, moved = next_working_moment(utc(2026, 1, 1), "UTC", frozenset({2}), holidays=every_day)
    assert (at, moved) == (utc(2028, 3, 15, 9, 30), True)


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError):
        next_working_moment(datetime(2026, 11, 28, 9, 30), "UTC")


ZONES = ["America/New_York", "Europe/Paris", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo", "Asia/Kolkata"]


@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(ZONES),
    st.frozensets(st.integers(0, 6), min_size=1),
)
def test_the_moment_is_the_first_working_morning(instant, timezone, working_days):
    at, moved = next_working_moment(instant, timezone, working_days)
    zone = ZoneInfo(timezone)
    day = instant.astimezone(zone).date()
    if not moved:
        assert at == instant
        assert is_working_day(day, working_days)
        return
    assert at > instant
    local = at.astimezone(zone)
    assert local.time() == time(9, 30)
    assert local.weekday() in working_days
    # No working day was skipped on the way.
    between = range(1, (local.date() - day).days)
    assert not any(is_working_day(day + timedelta(days=n), working_days) for n in between)
    assert not is_working_day(day, working_days)
