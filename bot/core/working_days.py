"""Working days: a day-based reminder that lands on a day off waits for the next working morning.

Only day-based reminders (`flight.*`, `summary.*`, see docs/schedule.md) may move: they are about
days, and a learning-phase check on Saturday reads as well on Monday. Code reminders count down to an
expiry and never move: a Monday morning is too late for a code that lapses on Sunday.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
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


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class WorkingWeek:
    """The agency's working days and holidays (the WORKING_DAYS and HOLIDAYS settings)."""

    days: frozenset[int] = MONDAY_TO_FRIDAY
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.days & set(range(7)):
            raise ValueError("at least one working day is needed")

    def move(self, instant: datetime, timezone: str, local_time: time = REMIND_LOCAL_TIME) -> WorkingMoment:
        """`instant`, or `local_time` on the owner's next working day if it falls on a day off."""
        return next_working_moment(instant, timezone, self.days, local_time, self.holidays)


def on_working_day(
    instant: datetime, timezone: str, week: WorkingWeek | None, local_time: time = REMIND_LOCAL_TIME
) -> WorkingMoment:
    """When a day-based message (a reminder, the weekly digest) goes out: moved only when a week is set.

    `week` None means every day is a working day (the default): the instant stays as it is.
    """
    if week is None:
        return WorkingMoment(instant.astimezone(UTC), False)
    return week.move(instant, timezone, local_time)


def parse_weekdays(text: str) -> frozenset[int]:
    """ "mon-fri", "sun-thu", "mon,tue,thu" or "mon-wed,fri": the days named, Monday as 0.

    A range wraps round the week ("fri-mon" is Friday to Monday). Raises ValueError on anything else.
    """
    days: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.partition("-")
        start = _weekday(first)
        stop = _weekday(last) if dash else start
        days.update((start + n) % 7 for n in range((stop - start) % 7 + 1))
    return frozenset(days)


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(name: str) -> int:
    """ "mon" or "Monday" -> 0."""
    name = name.strip().lower()
    for names in (WEEKDAY_NAMES, _FULL_NAMES):
        if name in names:
            return names.index(name)
    raise ValueError(name)


def parse_holidays(text: str) -> frozenset[date]:
    """ "2026-12-25,2027-01-01": ISO dates, comma-separated. Raises ValueError on anything else."""
    return frozenset(date.fromisoformat(item.strip()) for item in text.split(",") if item.strip())
