"""Working days: a day-based reminder that lands on a day off waits for the next working morning.

Only day-based reminders (`flight.*`, `summary.*`, see docs/schedule.md) may move: they are about
days, and a learning-phase check on Saturday reads as well on Monday. Code reminders count down to an
expiry and never move: a Monday morning is too late for a code that lapses on Sunday.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

# datetime.weekday() numbering: Monday is 0, Sunday is 6.
MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))
REMIND_LOCAL_TIME = time(9, 30)


class WorkingMoment(NamedTuple):
    at: datetime
    """The instant to deliver at, UTC."""
    moved: bool
    """Whether the reminder was moved off a day off (the message may say so)."""


def is_working_day(
    day: date, working_days: Collection[int] = MONDAY_TO_FRIDAY, holidays: Collection[date] = ()
) -> bool:
    return day.weekday() in working_days and day not in holidays


def next_working_moment(
    instant: datetime,
    timezone: str,
    working_days: Collection[int] = MONDAY_TO_FRIDAY,
    local_time: time = REMIND_LOCAL_TIME,
    holidays: Collection[date] = (),
) -> WorkingMoment:
    """`instant` itself if it falls on a working day in `timezone`, else `local_time` on the next one.

    The day is the owner's calendar day of the instant; the moved moment is their wall-clock
    `local_time` that day, so it stays 09:30 across a clock change over the weekend.
    """
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    if not set(working_days) & set(range(7)):
        raise ValueError("at least one working day is needed")
    zone = ZoneInfo(timezone)
    day = instant.astimezone(zone).date()
    if is_working_day(day, working_days, holidays):
        return WorkingMoment(instant.astimezone(UTC), False)
    # Holidays are finite: a working weekday comes within a week plus their number of days.
    for _ in range(366 + len(holidays)):
        day += timedelta(days=1)
        if is_working_day(day, working_days, holidays):
            return WorkingMoment(datetime.combine(day, local_time, tzinfo=zone).astimezone(UTC), True)
    raise AssertionError("unreachable: a working weekday follows any finite run of holidays")
