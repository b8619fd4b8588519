"""The calendar: the owner's days and the instants they begin, read the same way everywhere.

A flight is recorded as the instant its first day begins and the instant after its last day ends
(the midnight that follows it), both in the owner's time zone. Reading the days back goes through
the instants, so zones whose clocks change at midnight (Cairo, Beirut, Santiago…) read true.
See docs/schedule.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
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


_JUST_BEFORE = timedelta(microseconds=1)


def first_day(campaign: Flight) -> date:
    return campaign.start_at.astimezone(ZoneInfo(campaign.owner_tz)).date()


def last_day(campaign: Flight) -> date:
    return (campaign.end_at - _JUST_BEFORE).astimezone(ZoneInfo(campaign.owner_tz)).date()


def zone_place(timezone: str) -> str:
    """ "America/New_York" -> "New York": how a person names a time zone."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def local_moment(instant: datetime, timezone: str) -> str:
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"
