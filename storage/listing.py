"""Read-only queries for /flights and the App Home: flights with what is next for each."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from bot.core.renewal import RenewalState
from bot.core.vocabulary import CampaignStatus, ReminderStatus
from storage.models import Authorization, Campaign, Reminder, Renewal
from storage.renewals import renewals_of

ACTIVE = (CampaignStatus.PLANNED, CampaignStatus.LIVE, CampaignStatus.ENDED)
# A list never shows a flight's intake answers, reasons or warnings: not read (and not decoded from
# JSON) for the dozens of flights a list loads; reading one anyway raises rather than query again.
_LIST_ONLY = (
    defer(Campaign.answers, raiseload=True),
    defer(Campaign.decision_reasons, raiseload=True),
    defer(Campaign.warnings, raiseload=True),
)


@dataclass
class FlightLine:
    campaign: Campaign
    authorizations: list[Authorization] = field(default_factory=list)
    next_reminder: Reminder | None = None
    failed: list[Reminder] = field(default_factory=list)
    renewals: dict[int, Renewal] = field(default_factory=dict)  # by authorization id


def active_flights(
    session: Session,
    team_id: str,
    *,
    channel_id: str | None = None,
    involving: str | None = None,
    limit: int = 200,
) -> tuple[list[FlightLine], int]:
    """Flights not yet summarised or cancelled, soonest end first; and how many there are in all."""
    count, query = _active_queries(channel_id is not None, involving is not None)
    params = {"team_id": team_id, "channel_id": channel_id, "involving": involving, "limit": limit}
    total = session.execute(count, params).scalar_one()
    campaigns = list(session.exec(query, params=params)) if total else []
    return _with_details(session, team_id, campaigns), total


@functools.cache
def _active_queries(by_channel: bool, by_person: bool) -> tuple[sa.Select, sa.Select]:
    """The count and the page of active flights, built once per kind of list with bound parameters:
    building the statements cost as much as running them (bench/lists.py)."""
    conditions = [Campaign.team_id == sa.bindparam("team_id"), col(Campaign.status).in_(ACTIVE)]
    if by_channel:
        conditions.append(Campaign.channel_id == sa.bindparam("channel_id"))
    if by_person:
        involving = sa.bindparam("involving")
        conditions.append(sa.or_(Campaign.owner_id == involving, Campaign.created_by == involving))
    count = sa.select(sa.func.count()).select_from(Campaign).where(*conditions)
    page = select(Campaign).options(*_LIST_ONLY).where(*conditions).order_by(col(Campaign.end_at))
    return count, page.limit(sa.bindparam("limit"))


def _detail_queries() -> tuple[sa.Select, sa.Select, sa.Select]:
    team_id, ids = sa.bindparam("team_id"), sa.bindparam("ids", expanding=True)
    authorizations = (
        select(Authorization)
        .where(Authorization.team_id == team_id, col(Authorization.campaign_id).in_(ids))
        .order_by(col(Authorization.expires_at))
    )
    renewals = select(Renewal).where(Renewal.team_id == team_id, col(Renewal.campaign_id).in_(ids))
    reminders = (
        select(Reminder)
        .where(
            Reminder.team_id == team_id,
            col(Reminder.campaign_id).in_(ids),
            col(Reminder.status).in_((ReminderStatus.PENDING, ReminderStatus.CLAIMED, ReminderStatus.FAILED)),
        )
        .order_by(col(Reminder.due_at))
    )
    return authorizations, renewals, reminders


_AUTHORIZATIONS, _RENEWALS, _REMINDERS = _detail_queries()


def _with_details(session: Session, team_id: str, campaigns: Iterable[Campaign]) -> list[FlightLine]:
    lines = {campaign.id: FlightLine(campaign) for campaign in campaigns}
    if not lines:
        return []
    params = {"team_id": team_id, "ids": list(lines)}
    for authorization in session.exec(_AUTHORIZATIONS, params=params):
        lines[authorization.campaign_id].authorizations.append(authorization)
    for renewal in session.exec(_RENEWALS, params=params):
        lines[renewal.campaign_id].renewals[renewal.authorization_id] = renewal
    for reminder in session.exec(_REMINDERS, params=params):
        line = lines[reminder.campaign_id]
        if reminder.status == ReminderStatus.FAILED:
            line.failed.append(reminder)
        elif line.next_reminder is None:
            line.next_reminder = reminder
    return list(lines.values())


@dataclass
class Shortlist:
    """The first few of something, most urgent first, and how many there are in all."""

    items: list
    total: int


@dataclass
class HomeDigest:
    """What the App Home leads with, each drawn from all of the user's active flights."""

    failed: Shortlist  # (Reminder, Campaign): reminders Slack couldn't take
    codes: Shortlist  # (Authorization, Campaign): codes lapsing before their flight ends
    upcoming: Shortlist  # (Reminder, Campaign): the next reminders due
    awaiting: Shortlist  # Campaign: flights ended, summary not pulled
    renewals: dict[int, Renewal] = field(default_factory=dict)  # the listed codes' renewals, by authorization id


def home_digest(session: Session, team_id: str, *, user_id: str, now: datetime, limit: int) -> HomeDigest:
    """Each of the App Home's lists by urgency across every active flight of the user's.

    Not from the flights the home lists below them: with many flights, the code lapsing tomorrow
    may belong to the flight that ends last.
    """
    params = {"team_id": team_id, "user_id": user_id, "now": now, "limit": limit}
    # The four totals in one round trip; a list whose total is nought isn't read.
    totals = session.execute(_DIGEST_TOTALS, params).one()

    def shortlist(query, total: int) -> Shortlist:
        return Shortlist(list(session.exec(query, params=params)) if total else [], total)

    failed, codes, upcoming, awaiting = (shortlist(q, t) for q, t in zip(_DIGEST_LISTS, totals, strict=True))
    return HomeDigest(
        failed=failed,
        codes=codes,
        renewals=renewals_of(session, team_id, [a.id for a, _ in codes.items]),
        upcoming=upcoming,
        awaiting=awaiting,
    )


def _digest_queries() -> tuple[list, sa.Select]:
    """The digest's four lists and their totals, built once with bound parameters: building the
    statements cost as much as running them (bench/lists.py)."""
    team_id, user_id, now = sa.bindparam("team_id"), sa.bindparam("user_id"), sa.bindparam("now")
    mine = (
        Campaign.team_id == team_id,
        col(Campaign.status).in_(ACTIVE),
        sa.or_(Campaign.owner_id == user_id, Campaign.created_by == user_id),
    )

    def reminders(*statuses: ReminderStatus):
        return (
            select(Reminder, Campaign)
            .options(*_LIST_ONLY)
            .join(Campaign, col(Campaign.id) == Reminder.campaign_id)
            .where(*mine, Reminder.team_id == team_id, col(Reminder.status).in_(statuses))
        )

    # While a new code waits to be swapped, the old one still runs the ad: its expiry is the one that lapses.
    live_expiry = sa.case((Renewal.state == RenewalState.RECEIVED, Renewal.swap_by), else_=Authorization.expires_at)
    codes = (
        select(Authorization, Campaign)
        .options(*_LIST_ONLY)
        .join(Campaign, col(Campaign.id) == Authorization.campaign_id)
        .outerjoin(Renewal, sa.and_(Renewal.team_id == team_id, Renewal.authorization_id == Authorization.id))
        .where(*mine, Authorization.team_id == team_id, live_expiry < col(Campaign.end_at), col(Campaign.end_at) > now)
    )
    awaiting = (
        select(Campaign)
        .options(*_LIST_ONLY)
        .where(*mine, col(Campaign.end_at) <= now, col(Campaign.summary_pulled_at).is_(None))
    )
    ordered = [
        (reminders(ReminderStatus.FAILED), (col(Reminder.due_at).desc(), col(Reminder.id))),
        (codes, (live_expiry, col(Authorization.id))),
        (reminders(ReminderStatus.PENDING, ReminderStatus.CLAIMED), (col(Reminder.due_at), col(Reminder.id))),
        (awaiting, (col(Campaign.end_at), col(Campaign.id))),
    ]
    lists = [query.order_by(*order).limit(sa.bindparam("limit")) for query, order in ordered]
    totals = sa.select(
        *(sa.select(sa.func.count()).select_from(query.subquery()).scalar_subquery() for query, _ in ordered)
    )
    return lists, totals


_DIGEST_LISTS, _DIGEST_TOTALS = _digest_queries()
