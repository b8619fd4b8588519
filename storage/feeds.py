"""Calendar feed links and the flights a feed shows, read in two queries however many there are.

A feed is a person's (the flights they own or recorded) or a channel's. Cancelled flights drop out;
ended and summarised ones stay, as the calendar's history. Plain columns are read rather than whole
rows, since a feed of 1,000 flights is fetched on every calendar refresh (bench/feed.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.renewal import RenewalState
from bot.core.vocabulary import CampaignStatus, Tool
from storage.db import Database
from storage.models import Authorization, Campaign, Renewal
from storage.subscription_models import CalendarFeed, FeedScope


@dataclass(frozen=True)
class FeedSubject:
    """Whose flights a feed shows: one person's, or one channel's."""

    scope: FeedScope
    id: str

    def columns(self) -> dict[str, str | None]:
        person = self.scope is FeedScope.PERSON
        return {"user_id": self.id if person else None, "channel_id": None if person else self.id}


class FeedCodeRow(NamedTuple):
    id: int
    ad_account_id: str
    expires_at: datetime
    """Naive UTC, as stored (see `feed_flights`)."""
    updated_at: datetime


class FeedFlightRow(NamedTuple):
    """A flight as its feed shows it. A plain tuple, so a whole row is a cheap, exact cache key."""

    id: int
    client: str
    creator_handle: str
    tool: Tool
    start_at: datetime
    end_at: datetime
    owner_tz: str
    channel_id: str | None
    message_ts: str | None
    updated_at: datetime
    codes: tuple[FeedCodeRow, ...] = ()


@contextmanager
def reading(database: Database) -> Iterator[Session]:
    """A session whose reads each stand alone, in no transaction: on SQLite a transaction takes the
    write lock (storage/db.py), and a feed's reads need no lock and no snapshot shared between them."""
    connection = database.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with connection, Session(bind=connection) as session:
        yield session


# -- the links --------------------------------------------------------------------------------------------


def active_feed(session: Session, team_id: str, subject: FeedSubject) -> CalendarFeed | None:
    """The subject's link in use: the oldest unrevoked one, should two have been made at once."""
    query = (
        select(CalendarFeed)
        .where(*_of(team_id, subject), col(CalendarFeed.revoked_at).is_(None))
        .order_by(col(CalendarFeed.id))
        .limit(1)
    )
    return session.exec(query).first()


def create_feed(
    session: Session, team_id: str, subject: FeedSubject, *, lookup: str, name: str, by: str, now: datetime
) -> CalendarFeed:
    feed = CalendarFeed(
        team_id=team_id,
        scope=subject.scope,
        lookup=lookup,
        name=name[:120],
        created_by=by,
        created_at=now,
        **subject.columns(),
    )
    session.add(feed)
    session.flush()
    return feed


def revoke_feeds(session: Session, team_id: str, subject: FeedSubject, *, now: datetime) -> int:
    """Revoke every link of the subject in use; how many there were."""
    result = session.execute(
        sa.update(CalendarFeed)
        .where(*_of(team_id, subject), col(CalendarFeed.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount or 0


def feed_by_lookup(session: Session, team_id: str, lookup: str) -> CalendarFeed | None:
    """The unrevoked link with this lookup id, if any."""
    query = select(CalendarFeed).where(
        CalendarFeed.team_id == team_id, CalendarFeed.lookup == lookup, col(CalendarFeed.revoked_at).is_(None)
    )
    return session.exec(query).first()


def _of(team_id: str, subject: FeedSubject) -> list:
    conditions = [CalendarFeed.team_id == team_id, CalendarFeed.scope == subject.scope]
    column = CalendarFeed.user_id if subject.scope is FeedScope.PERSON else CalendarFeed.channel_id
    return [*conditions, column == subject.id]


# -- the flights ------------------------------------------------------------------------------------------


def _raw(column):
    # Read as naive UTC, skipping the model's per-value conversion to aware datetimes: most rows of a
    # feed only serve as a cache key (bot/calendar/feed.py), and only new ones are converted.
    return sa.type_coerce(column, sa.DateTime)


_FLIGHT_COLUMNS = (
    Campaign.id,
    Campaign.client,
    Campaign.creator_handle,
    Campaign.tool,
    _raw(Campaign.start_at),
    _raw(Campaign.end_at),
    Campaign.owner_tz,
    Campaign.channel_id,
    Campaign.message_ts,
    _raw(Campaign.updated_at),
)
_CODE_COLUMNS = (
    Authorization.id,
    Authorization.ad_account_id,
    # While a new code waits to be swapped in, the old one still runs the ad: its expiry is the one to watch.
    _raw(sa.func.coalesce(Renewal.swap_by, Authorization.expires_at)),
    _raw(Authorization.updated_at),
)


def feed_flights(session: Session, team_id: str, subject: FeedSubject) -> list[FeedFlightRow]:
    """The subject's flights that weren't cancelled, by start, each with its codes' expiries.

    One query (each flight joined to its codes), run on the Core connection: the ORM's row handling
    would cost more than the query. Instants come back naive, in UTC (as stored): `aware` makes one
    timezone-aware.
    """
    conditions = [Campaign.team_id == team_id, Campaign.status != CampaignStatus.CANCELLED]
    if subject.scope is FeedScope.PERSON:
        conditions.append(sa.or_(Campaign.owner_id == subject.id, Campaign.created_by == subject.id))
    else:
        conditions.append(Campaign.channel_id == subject.id)
    codes = sa.and_(Authorization.campaign_id == Campaign.id, Authorization.team_id == team_id)
    waiting = sa.and_(
        Renewal.team_id == team_id, Renewal.authorization_id == Authorization.id, Renewal.state == RenewalState.RECEIVED
    )
    joined = sa.outerjoin(sa.outerjoin(Campaign, Authorization, codes), Renewal, waiting)
    query = sa.select(*_FLIGHT_COLUMNS, *_CODE_COLUMNS).select_from(joined)
    # Grouped and sorted here rather than in SQL: SQLite sorts these wide rows in a temporary B-tree,
    # which costs it more than the rest of the query.
    found: dict[int, tuple[tuple, list[FeedCodeRow]]] = {}
    width = len(_FLIGHT_COLUMNS)
    for row in session.connection().execute(query.where(*conditions)).all():
        flight_id = row[0]
        known = found.get(flight_id)
        if known is None:
            known = found[flight_id] = (row[:width], [])
        if row[width] is not None:
            known[1].append(FeedCodeRow(*row[width:]))
    flights = [
        FeedFlightRow(*flight, tuple(sorted(codes, key=_by_expiry)) if len(codes) > 1 else tuple(codes))
        for flight, codes in found.values()
    ]
    flights.sort(key=_by_start)
    return flights


def _by_expiry(code: FeedCodeRow) -> tuple[datetime, int]:
    return code.expires_at, code.id


def _by_start(flight: FeedFlightRow) -> tuple[datetime, int]:
    return flight.start_at, flight.id


def aware(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC)
