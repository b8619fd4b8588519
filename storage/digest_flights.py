"""What a weekly digest reads: the open flights, their codes, and the reminders Slack wouldn't take.

Three queries whatever the number of flights (the flights, then their codes and failed reminders by
flight id in batches), and only the columns the digest shows, as plain rows: a thousand flights read
without building a thousand ORM objects and decoding their JSON answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlmodel import Session, col

from bot.core.vocabulary import CampaignStatus, ReminderStatus
from storage.models import Authorization, Campaign, Reminder

# Flights with something still to do: not cancelled, and not yet summarised.
OPEN = (CampaignStatus.PLANNED, CampaignStatus.LIVE, CampaignStatus.ENDED)
# `IN (…)` lists stay well under SQLite's and PostgreSQL's parameter limits.
BATCH = 500


_FLIGHT = (
    Campaign.id,
    Campaign.client,
    Campaign.creator_handle,
    Campaign.owner_id,
    Campaign.start_at,
    Campaign.end_at,
    Campaign.owner_tz,
    Campaign.status,
    Campaign.summary_pulled_at,
    Campaign.channel_id,
    Campaign.message_ts,
    Campaign.tool,
)
_CODE = (Authorization.id, Authorization.campaign_id, Authorization.ad_account_id, Authorization.expires_at)
_FAILED = (Reminder.id, Reminder.campaign_id, Reminder.kind, Reminder.due_at, Reminder.last_error)


@dataclass
class DigestRow:
    """A flight's row (the `Campaign` columns above, by the same names), its codes and failed reminders."""

    campaign: Row
    authorizations: list[Row] = field(default_factory=list)
    failed: list[Row] = field(default_factory=list)


def digest_rows(
    session: Session, team_id: str, *, until: datetime, failed_since: datetime, involving: str | None = None
) -> list[DigestRow]:
    """The open flights that start by `until` (of the person `involving`, owner or recorder, if given),
    with their codes and the reminders that failed since `failed_since`."""
    conditions = [Campaign.team_id == team_id, col(Campaign.status).in_(OPEN), Campaign.start_at <= until]
    if involving is not None:
        conditions.append(sa.or_(Campaign.owner_id == involving, Campaign.created_by == involving))
    campaigns = session.execute(sa.select(*_FLIGHT).where(*conditions).order_by(col(Campaign.id))).all()
    rows = {campaign.id: DigestRow(campaign) for campaign in campaigns}
    for ids in _batches(list(rows)):
        for authorization in session.execute(
            sa.select(*_CODE)
            .where(Authorization.team_id == team_id, col(Authorization.campaign_id).in_(ids))
            .order_by(col(Authorization.id))
        ):
            rows[authorization.campaign_id].authorizations.append(authorization)
        for reminder in session.execute(
            sa.select(*_FAILED)
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
