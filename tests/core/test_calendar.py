"""The owner's days read from a flight's instants (docs/schedule.md), the same way by every feature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import (
    day_ending,
    day_label,
    day_starting,
    days_through,
    first_day,
    flight_length,
    last_day,
    local_midnight,
    local_moment,
    midnight_after,
)
from bot.core.intake import code_expiry


@dataclass
class _Flight:
    start_at: datetime
    end_at: datetime
    owner_tz: str
    status: str = "active"


@pytest.mark.parametrize(
    ("first", "last", "zone", "days"),
    [
        (date(2026, 3, 2), date(2026, 3, 8), "America/New_York", 7),  # across the spring-forward night
        (date(2026, 3, 2), date(2026, 3, 2), "Asia/Tokyo", 1),
        (date(2025, 4, 24), date(2025, 4, 25), "Africa/Cairo", 2),  # Cairo's clocks jump at midnight
        (date(2025, 12, 29), date(2026, 1, 4), "Pacific/Kiritimati", 7),
    ],
)
def test_a_flight_reads_back_the_days_it_was_recorded_with(first, last, zone, days):
    start_at, end_at = local_midnight(first, zone), midnight_after(last, zone)
    assert end_at == local_midnight(date.fromordinal(last.toordinal() + 1), zone)
    flight = _Flight(start_at, end_at, zone)
    assert (first_day(flight), last_day(flight)) == (first, last)
    assert (day_starting(start_at, zone), day_ending(end_at, zone)) == (first, last)
    assert flight_length(flight) == days_through(first, last) == days


def test_a_flight_ended_on_its_first_day_still_counts_one_day():
    start_at = local_midnight(date(2026, 5, 4), "Europe/Paris")
    flight = _Flight(start_at, start_at, "Europe/Paris")
    assert days_through(first_day(flight), last_day(flight)) == 0
    assert flight_length(flight) == 1


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), 1),
        (date(2026, 1, 1), date(2026, 1, 31), 31),
        (date(2026, 2, 1), date(2026, 1, 31), 0),
    ],
)
def test_days_through_counts_both_ends(first, last, days):
    assert days_through(first, last) == days


def test_the_day_ending_takes_a_zone_or_its_name():
    end_at = datetime(2026, 5, 31, 22, 0, tzinfo=UTC)  # midnight in Paris (UTC+2) opening 1 June
    assert day_ending(end_at, ZoneInfo("Europe/Paris")) == day_ending(end_at, "Europe/Paris") == date(2026, 5, 31)
    assert day_label(date(2026, 5, 31)) == "Sun 31 May"


@pytest.mark.parametrize(
    ("issued", "valid", "expires", "expected"),
    [
        (date(2026, 1, 1), 30, None, date(2026, 1, 31)),
        (date(2026, 1, 1), 30, date(2026, 1, 10), date(2026, 1, 10)),  # the day picked wins
        (None, 30, date(2026, 1, 10), date(2026, 1, 10)),
        (None, 30, None, None),
        (date(2026, 1, 1), None, None, None),
        (date(2026, 1, 1), 0, None, None),
    ],
)
def test_a_codes_expiry_is_the_day_picked_or_its_issue_day_plus_its_validity(issued, valid, expires, expected):
    assert code_expiry(issued, valid, expires) == expected


def test_a_moment_is_its_day_and_its_time_on_the_local_clock():
    instant = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    assert local_moment(instant, "America/New_York") == "Mon 23 Nov 09:30"
    assert local_moment(instant, "Asia/Tokyo") == "Mon 23 Nov 23:30"
    assert local_moment(instant, "Pacific/Kiritimati") == "Tue 24 Nov 04:30"
