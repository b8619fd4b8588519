"""A flight as it stands after a change, and the rules every change checks first.

What storage/service.py's changes return (a `Snapshot`: what the summary message shows), and what
each of them refuses: a change to a closed flight, an answer to a reminder that hasn't gone out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.core.calendar import local_moment, zone_place
from bot.core.errors import AlreadyHandled
from bot.core.vocabulary import CampaignStatus, ReminderStatus
from storage.models import Authorization, Campaign, CampaignResult, Reminder, Renewal

# A reminder can be answered once it has reached someone (or failed to): not before, not twice.
ANSWERABLE = (ReminderStatus.SENT, ReminderStatus.FAILED)


# What a change to a closed flight is told, whichever change it was.
CLOSED_SAYS = {
    CampaignStatus.SUMMARIZED: "This flight has ended and its summary is already marked pulled.",
    CampaignStatus.CANCELLED: "This flight was cancelled.",
}


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


def ensure_open(campaign: Campaign) -> None:
    """A summarized or cancelled flight takes no more changes; checked under the row lock."""
    if campaign.status in CLOSED_SAYS:
        raise AlreadyHandled(CLOSED_SAYS[campaign.status])
