"""A flight's calendar days, on its owner's calendar.

A flight is recorded as the instant its first day begins and the instant after its last day ends
(the midnight that follows it), both in the owner's time zone. Reading the days back goes through
the instants, so zones whose clocks change at midnight (Cairo, Beirut, Santiago…) read true.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.text import day_token
from storage.models import Campaign, CampaignStatus

_JUST_BEFORE = timedelta(microseconds=1)


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
    """ "Mon 23 Nov → Mon 30 Nov (8 days)", as date tokens every reader sees right."""
    first, last = first_day(campaign), last_day(campaign)
    days = max(1, (last - first).days + 1)
    tz = campaign.owner_tz
    return f"{day_token(first, tz)} → {day_token(last, tz)} ({days} day{'s' if days != 1 else ''})"
