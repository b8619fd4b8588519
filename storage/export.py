"""The flights an export covers, read in batches so memory stays flat however many there are.

Every flight of the scope is exported, whatever its state (cancelled and summarised ones too):
the brand wants the whole record, not only what is still running.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import Authorization, Campaign, CampaignResult
from storage.results import VALUE_COLUMNS

BATCH = 1000

# The export reads plain tuples of the columns it shows, not ORM objects nor named rows: over 10,000
# flights, building objects and looking up names cost more than the queries (bench/export.py). The
# column types still apply (instants come back aware, amounts as Decimal). The order of each tuple:
CAMPAIGN_COLUMNS = (
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
    "decision_reasons",  # as the JSON text stored: the caller decodes it once per distinct text
    "warnings",  # likewise
    "escalated_from_id",
)
_JSON_TEXT = {"decision_reasons", "warnings"}
_CAMPAIGN = [
    sa.cast(Campaign.__table__.c[name], sa.Text) if name in _JSON_TEXT else Campaign.__table__.c[name]
    for name in CAMPAIGN_COLUMNS
]
# `campaign_id` first, so a flight without figures reads as None there (the outer join's empty side).
_RESULT = [CampaignResult.__table__.c[name] for name in ("campaign_id", *VALUE_COLUMNS)]
_SPLIT = len(_CAMPAIGN)


@dataclass(slots=True)
class ExportedFlight:
    campaign: tuple[Any, ...]  # the values of CAMPAIGN_COLUMNS, in that order
    # (ad account, expiry) of its Spark authorizations, soonest first: expiries only, codes are never kept.
    authorizations: list[tuple[str, datetime]] = field(default_factory=list)
    result: tuple[Any, ...] | None = None  # storage.results.VALUE_COLUMNS, if it has figures


@dataclass(frozen=True)
class ExportScope:
    """Whose flights: one channel's, one person's (owned or recorded), or the workspace's (neither set)."""

    channel_id: str | None = None
    involving: str | None = None


def exported_flights(
    session: Session, team_id: str, scope: ExportScope, batch: int = BATCH
) -> Iterator[ExportedFlight]:
    """The scope's flights, oldest first, each with its Spark authorizations and its results: two
    queries a page, the figures joined to their flights (one row each at most)."""
    conditions = [Campaign.team_id == team_id]
    if scope.channel_id is not None:
        conditions.append(Campaign.channel_id == scope.channel_id)
    if scope.involving is not None:
        conditions.append(sa.or_(Campaign.owner_id == scope.involving, Campaign.created_by == scope.involving))
    results_of = sa.and_(CampaignResult.team_id == team_id, CampaignResult.campaign_id == Campaign.id)
    after = 0
    # Core rows on the session's connection: no ORM identity map to fill, and nothing to expunge.
    connection = session.connection()
    while True:
        # Keyset pages rather than one long cursor: each page is a short read, on either database.
        page = (
            sa.select(*_CAMPAIGN, *_RESULT)
            .outerjoin(CampaignResult, results_of)
            .where(*conditions, col(Campaign.id) > after)
            .order_by(col(Campaign.id))
            .limit(batch)
        )
        rows = connection.execute(page).all()
        if not rows:
            return
        flights = {
            row[0]: ExportedFlight(row[:_SPLIT], result=row[_SPLIT + 1 :] if row[_SPLIT] is not None else None)
            for row in rows
        }
        last = rows[-1][0]
        # The page's codes by its id range (the scope's conditions again, so no list of ids to bind).
        for campaign_id, ad_account, expires_at in connection.execute(
            sa.select(Authorization.campaign_id, Authorization.ad_account_id, Authorization.expires_at)
            .join(Campaign, col(Campaign.id) == Authorization.campaign_id)
            .where(*conditions, Authorization.team_id == team_id, col(Campaign.id) > after, col(Campaign.id) <= last)
            .order_by(col(Authorization.expires_at))
        ):
            flights[campaign_id].authorizations.append((ad_account, expires_at))
        yield from flights.values()
        after = last
