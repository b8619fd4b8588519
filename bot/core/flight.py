"""The flight's state: where it stands now, and which changes each state allows."""

from __future__ import annotations

from datetime import datetime

from bot.core.calendar import Flight
from bot.core.vocabulary import CampaignStatus

# The states no change leads out of: the flight is over and its summary pulled, or it was cancelled.
CLOSED = (CampaignStatus.SUMMARIZED, CampaignStatus.CANCELLED)


def phase(campaign: Flight, now: datetime) -> CampaignStatus:
    """Where the flight stands now: stored states people set, else what the calendar says."""
    status = campaign.status
    if status in CLOSED or status == CampaignStatus.ENDED:
        return status
    if now >= campaign.end_at:
        return CampaignStatus.ENDED
    return CampaignStatus.PLANNED if now < campaign.start_at else CampaignStatus.LIVE
