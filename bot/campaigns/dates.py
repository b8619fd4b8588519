"""A flight's calendar days, on its owner's calendar.

A flight is recorded as the instant its first day begins and the instant after its last day ends
(the midnight that follows it), both in the owner's time zone. Reading the days back goes through
the instants, so zones whose clocks change at midnight (Cairo, Beirut, Santiago…) read true.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.text import day_label, moment_token
from storage.models import Campaign, CampaignStatus

_JUST_BEFORE = timedelta(microseconds=1)
# The flight's last minute, for saying when it stops: "Sun 29 Nov at 23:59" reads as its last day.
_LAST_MINUTE = timedelta(minutes=1)


def first_day(campaign: Campaign) -> date:
    return campaign.start_at.astimezone(ZoneInfo(campaign.owner_tz)).date()


def last_day(campaign: Campaign) -> date:
    return (campaign.end_at - _JUST_BEFORE).astimezone(ZoneInfo(campaign.owner_tz)).date()


def phase(campaign: Campaign, now: datetime) -> CampaignStatus:
    """Where the flight stands now: stored states people set, else what the calendar says."""
    status = CampaignStatus(campaign.status)
    if status in (CampaignStatus.CANCELLED, CampaignStatus.SUMMARIZED, CampaignStatus.ENDED):
        return status
    if now >= campaign.end_at:
        return CampaignStatus.ENDED
    return CampaignStatus.PLANNED if now < campaign.start_at else CampaignStatus.LIVE


def flight_span(campaign: Campaign) -> str:
    """ "Mon 23 Nov → Sun 29 Nov (7 days)": the owner's calendar days, as plain text.

    Not `<!date>` tokens: a token converts to the reader's zone, and a day is not an instant. A
    Tokyo owner's Monday, pointed at by its noon, reads Sunday in New York. `flight_window` gives
    the instants.
    """
    first, last = first_day(campaign), last_day(campaign)
    days = max(1, (last - first).days + 1)
    return f"{day_label(first)} → {day_label(last)} ({days} day{'s' if days != 1 else ''})"


def flight_window(campaign: Campaign) -> str:
    """When the flight starts and stops, as `<!date>` tokens each reader sees in their own zone."""
    tz = campaign.owner_tz
    return f"{moment_token(campaign.start_at, tz)} → {moment_token(campaign.end_at - _LAST_MINUTE, tz)}"
