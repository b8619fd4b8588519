"""The calendar: the owner's days and the instants they begin, read the same way everywhere.

A flight is recorded as the instant its first day begins and the instant after its last day ends
(the midnight that follows it), both in the owner's time zone. Reading the days back goes through
the instants, so zones whose clocks change at midnight (Cairo, Beirut, Santiago…) read true.
See docs/schedule.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.vocabulary import CampaignStatus


class Flight(Protocol):
    """What the calendar reads of a flight record: when it starts and ends, and whose days they are."""

    start_at: datetime
    end_at: datetime
    owner_tz: str
    status: CampaignStatus


def local_midnight(day: date, timezone: str) -> datetime:
    """The instant a day begins in `timezone`, in UTC."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def midnight_after(day: date, timezone: str) -> datetime:
    """The instant a flight whose last day is `day` ends: the owner's midnight that follows it."""
    return local_midnight(day + timedelta(days=1), timezone)


_JUST_BEFORE = timedelta(microseconds=1)


def day_starting(start_at: datetime, timezone: str | tzinfo) -> date:
    """The owner's day that begins at `start_at`: a flight's first day."""
    return start_at.astimezone(_zone(timezone)).date()


def day_ending(end_at: datetime, timezone: str | tzinfo) -> date:
    """The owner's last day before `end_at`, the midnight after it: a flight's last day."""
    return (end_at - _JUST_BEFORE).astimezone(_zone(timezone)).date()


def days_through(first: date, last: date) -> int:
    """Days from `first` through `last`, counting both: Monday through Sunday is 7 days."""
    return (last - first).days + 1


def first_day(campaign: Flight) -> date:
    return day_starting(campaign.start_at, campaign.owner_tz)


def last_day(campaign: Flight) -> date:
    return day_ending(campaign.end_at, campaign.owner_tz)


def flight_length(campaign: Flight) -> int:
    """The flight's days on its owner's calendar, at least one (a flight ended on its first day)."""
    return max(1, days_through(first_day(campaign), last_day(campaign)))


class OwnersDays:
    """A record's first and last day, from its `start_at`, its `end_at` and its owner's `timezone`."""

    start_at: datetime
    end_at: datetime
    timezone: str

    @property
    def first_day(self) -> date:
        return day_starting(self.start_at, self.timezone)

    @property
    def last_day(self) -> date:
        return day_ending(self.end_at, self.timezone)


def _zone(timezone: str | tzinfo) -> tzinfo:
    return ZoneInfo(timezone) if isinstance(timezone, str) else timezone


def zone_place(timezone: str) -> str:
    """ "America/New_York" -> "New York": how a person names a time zone."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def day_label(day: date) -> str:
    """ "Mon 23 Nov": how Flightdeck names a day everywhere it shows one."""
    return f"{day:%a} {day.day} {day:%b}"


def local_moment(instant: datetime, timezone: str) -> str:
    """ "Mon 23 Nov 09:30": the instant on `timezone`'s clock."""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{day_label(local.date())} {local:%H:%M}"
