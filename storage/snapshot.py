"""A flight as it stands after a change, and which reminders can be answered.

What storage/service.py's changes return (a `Snapshot`: what the summary message shows); which change
each state of a flight allows is bot/core/flight.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.core.calendar import local_moment, zone_place
from bot.core.vocabulary import ReminderStatus
from storage.models import Authorization, Campaign, CampaignResult, Reminder, Renewal

# A reminder can be answered once it has reached someone (or failed to): not before, not twice.
ANSWERABLE = (ReminderStatus.SENT, ReminderStatus.FAILED)


def plain_instant(instant: datetime, timezone: str) -> str:
    return f"{local_moment(instant, timezone)} ({zone_place(timezone)} time)"


@dataclass(frozen=True)
class Snapshot:
    """A campaign as it stands after a change: what the summary message shows."""

    campaign: Campaign
    authorizations: list[Authorization]
    reminders: list[Reminder]
    result: CampaignResult | None = None
    renewals: dict[int, Renewal] = field(default_factory=dict)  # by authorization id (storage/renewals.py)
