"""The flights an export covers, read in batches so memory stays flat however many there are.

Every flight of the scope is exported, whatever its state (cancelled and summarised ones too):
the brand wants the whole record, not only what is still running.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.models import Authorization, Campaign, CampaignResult
from storage.results import results_for

BATCH = 500


@dataclass(frozen=True)
class ExportScope:
    """Whose flights: one channel's, one person's (owned or recorded), or the workspace's (neither set)."""

    channel_id: str | None = None
    involving: str | None = None


@dataclass
class ExportedFlight:
    campaign: Campaign
    authorizations: list[Authorization] = field(default_factory=list)
    result: CampaignResult | None = None


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
    while True:
        # Keyset pages rather than one long cursor: each page is a short read, on either database.
        campaigns = list(
            session.exec(
                select(Campaign).where(*conditions, col(Campaign.id) > after).order_by(col(Campaign.id)).limit(batch)
            )
        )
        if not campaigns:
            return
        flights = {campaign.id: ExportedFlight(campaign) for campaign in campaigns}
        for authorization in session.exec(
            select(Authorization)
            .where(Authorization.team_id == team_id, col(Authorization.campaign_id).in_(list(flights)))
            .order_by(col(Authorization.expires_at))
        ):
            flights[authorization.campaign_id].authorizations.append(authorization)
        for campaign_id, result in results_for(session, team_id, flights).items():
            flights[campaign_id].result = result
        yield from flights.values()
        session.expunge_all()
        after = campaigns[-1].id
