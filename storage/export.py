"""The flights an export covers, read in batches so memory stays flat however many there are.

Every flight of the scope is exported, whatever its state (cancelled and summarised ones too):
the brand wants the whole record, not only what is still running.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import Authorization, Campaign, CampaignResult

BATCH = 500


@dataclass(frozen=True)
class ExportScope:
    """Whose flights: one channel's, one person's (owned or recorded), or the workspace's (neither set)."""

    channel_id: str | None = None
    involving: str | None = None


# The export reads plain rows of the columns it shows, not ORM objects: each row answers `row.client`,
# `row.start_at`… as the model would (the column types still apply), at a fraction of the cost over
# 10,000 flights (bench/export.py).
_CAMPAIGN = [
    Campaign.__table__.c[name]
    for name in [
        "id",
        "client",
        "creator_handle",
        "post_url",
        "tool",
        "objective",
        "owner_id",
        "status",
        "start_at",
        "end_at",
        "owner_tz",
        "budget_amount",
        "budget_currency",
        "budget_type",
        "market",
        "account_type",
        "decision_reasons",
        "warnings",
        "escalated_from_id",
    ]
]
_AUTHORIZATION = [Authorization.__table__.c[name] for name in ("campaign_id", "ad_account_id", "expires_at")]
_RESULT = [
    CampaignResult.__table__.c[name]
    for name in [
        "campaign_id",
        "tool",
        "spent",
        "impressions",
        "views",
        "profile_visits",
        "follows",
        "clicks",
        "conversions",
        "conversion_value",
    ]
]


@dataclass
class ExportedFlight:
    campaign: Any  # a row of `campaign`, read as a Campaign is
    authorizations: list[Any] = field(default_factory=list)  # rows of `spark_authorization`
    result: Any = None  # its row of `campaign_result`, if it has figures


def exported_flights(
    session: Session, team_id: str, scope: ExportScope, batch: int = BATCH
) -> Iterator[ExportedFlight]:
    """The scope's flights, oldest first, each with its Spark authorizations (expiries only: codes are never
    kept) and its results, each read for a whole page at once."""
    conditions = [Campaign.team_id == team_id]
    if scope.channel_id is not None:
        conditions.append(Campaign.channel_id == scope.channel_id)
    if scope.involving is not None:
        conditions.append(sa.or_(Campaign.owner_id == scope.involving, Campaign.created_by == scope.involving))
    after = 0
    # Core rows on the session's connection: no ORM identity map to fill, and nothing to expunge.
    connection = session.connection()
    while True:
        # Keyset pages rather than one long cursor: each page is a short read, on either database.
        page = sa.select(*_CAMPAIGN).where(*conditions, col(Campaign.id) > after).order_by(col(Campaign.id))
        campaigns = connection.execute(page.limit(batch)).all()
        if not campaigns:
            return
        flights = {campaign.id: ExportedFlight(campaign) for campaign in campaigns}
        ids = list(flights)
        for authorization in connection.execute(
            sa.select(*_AUTHORIZATION)
            .where(Authorization.team_id == team_id, col(Authorization.campaign_id).in_(ids))
            .order_by(col(Authorization.expires_at))
        ):
            flights[authorization.campaign_id].authorizations.append(authorization)
        for result in connection.execute(
            sa.select(*_RESULT).where(CampaignResult.team_id == team_id, col(CampaignResult.campaign_id).in_(ids))
        ):
            flights[result.campaign_id].result = result
        yield from flights.values()
        after = campaigns[-1].id
