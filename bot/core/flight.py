"""The flight's state: where it stands now, and which changes each state allows."""

from __future__ import annotations

from datetime import datetime

from bot.core.calendar import Flight
from bot.core.vocabulary import CampaignStatus


def phase(campaign: Flight, now: datetime) -> CampaignStatus:
    """Where the flight stands now: stored states people set, else what the calendar says."""
    status = CampaignStatus(campaign.status)
    if status in (CampaignStatus.CANCELLED, CampaignStatus.SUMMARIZED, CampaignStatus.ENDED):
        return status
    if now >= campaign.end_at:
        return CampaignStatus.ENDED
    return CampaignStatus.PLANNED if now < campaign.start_at else CampaignStatus.LIVE
