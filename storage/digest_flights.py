"""What a weekly digest reads: the open flights, their codes, and the reminders Slack wouldn't take.

Three queries whatever the number of flights (the flights, then their codes and failed reminders by
flight id in batches), so a workspace with a thousand flights builds its digest in one go.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.vocabulary import CampaignStatus, ReminderStatus
from storage.models import Authorization, Campaign, Reminder

# Flights with something still to do: not cancelled, and not yet summarised.
OPEN = (CampaignStatus.PLANNED, CampaignStatus.LIVE, CampaignStatus.ENDED)
# `IN (…)` lists stay well under SQLite's and PostgreSQL's parameter limits.
BATCH = 500


@dataclass
class DigestRow:
    campaign: Campaign
    authorizations: list[Authorization] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)


def digest_rows(
    session: Session, team_id: str, *, until: datetime, failed_since: datetime, involving: str | None = None
) -> list[DigestRow]:
    """The open flights that start by `until` (of the person `involving`, owner or recorder, if given),
    with their codes and the reminders that failed since `failed_since`."""
    conditions = [Campaign.team_id == team_id, col(Campaign.status).in_(OPEN), Campaign.start_at <= until]
    if involving is not None:
        conditions.append(sa.or_(Campaign.owner_id == involving, Campaign.created_by == involving))
    campaigns = session.exec(select(Campaign).where(*conditions).order_by(col(Campaign.id))).all()
    rows = {campaign.id: DigestRow(campaign) for campaign in campaigns}
    for ids in _batches(list(rows)):
        for authorization in session.exec(
            select(Authorization)
            .where(Authorization.team_id == team_id, col(Authorization.campaign_id).in_(ids))
            .order_by(col(Authorization.id))
        ):
            rows[authorization.campaign_id].authorizations.append(authorization)
        for reminder in session.exec(
            select(Reminder)
            .where(
                Reminder.team_id == team_id,
                col(Reminder.campaign_id).in_(ids),
                Reminder.status == ReminderStatus.FAILED,
                Reminder.updated_at > failed_since,
            )
            .order_by(col(Reminder.id))
        ):
            rows[reminder.campaign_id].failed.append(reminder)
    return list(rows.values())


def _batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])
