"""Rows written straight through storage, for tests of the queries themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.core.vocabulary import ReminderStatus
from storage import campaigns as campaign_store
from storage import reminders as reminder_store
from storage.db import Database
from storage.models import Authorization, Campaign, Reminder
from tests.support.intake import POST

TEAM = "T0GLOWCO"
OTHER_TEAM = "T0RIVAL"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def campaign(team_id: str = TEAM, **fields: Any) -> Campaign:
    values: dict[str, Any] = {
        "team_id": team_id,
        "tool": "spark",
        "ownership": "brand",
        "answers": {"ownership": "brand", "spender": "brand"},
        "decision_reasons": ["The brand is paying for the boost."],
        "warnings": [{"code": "short_flight", "text": "Flights under 5 days rarely leave the learning phase."}],
        "client": "GlowCo",
        "creator_handle": "@maria.cooks",
        "post_url": POST,
        "objective": "Conversions",
        "market": "us",
        "account_type": "business",
        "budget_amount": Decimal("1250.50"),
        "budget_currency": "USD",
        "budget_type": "lifetime",
        "start_at": NOW,
        "end_at": NOW + timedelta(days=14),
        "owner_tz": "America/New_York",
        "owner_id": "U0OWNER",
        "created_by": "U0OWNER",
        "created_at": NOW,
        "updated_by": "U0OWNER",
        "updated_at": NOW,
    }
    values.update(fields)
    return Campaign(**values)


def authorization(expires_at: datetime, ad_account_id: str = "7001", **fields: Any) -> Authorization:
    values: dict[str, Any] = {
        "team_id": "",  # add_campaign gives it the campaign's team
        "campaign_id": 0,
        "post_url": POST,
        "ad_account_id": ad_account_id,
        "expires_at": expires_at,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    return Authorization(**values)


def add_campaign(
    database: Database, team_id: str = TEAM, authorizations: list[Authorization] = (), **fields: Any
) -> Campaign:
    with database.transaction() as session:
        return campaign_store.add_campaign(session, campaign(team_id, **fields), list(authorizations))


def add_reminder(
    database: Database,
    flight: Campaign,
    kind: str = "flight.hold",
    planned_at: datetime = NOW,
    *,
    status: str = ReminderStatus.PENDING,
    **fields: Any,
) -> Reminder:
    """A reminder row as the plan (and then the dispatcher or a button) left it."""
    values: dict[str, Any] = {
        "team_id": flight.team_id,
        "campaign_id": flight.id,
        "kind": kind,
        "planned_at": planned_at,
        "due_at": planned_at,
        "available_at": planned_at,
        "status": status,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    row = Reminder(**values)
    with database.transaction() as session:
        session.add(row)
    return row


def reminder(database: Database, reminder_id: int, team_id: str = TEAM) -> Reminder:
    with database.transaction() as session:
        found = reminder_store.get_reminder(session, team_id, reminder_id)
    assert found is not None
    return found


def statuses(database: Database, flight: Campaign) -> dict[int, str]:
    with database.transaction() as session:
        return {row.id: row.status for row in reminder_store.reminders_for(session, flight.team_id, flight.id)}


# -- many flights already due, for the tests that run real bot processes on the real clock -----------------


def channel_name(index: int) -> str:
    return f"C0CHAN{index:04d}"


def add_due_reminders(database: Database, **flights: Any) -> list[int]:
    """`due_flights` in a transaction of their own."""
    with database.transaction() as session:
        return due_flights(session, **flights)


def due_flights(
    session: Session,
    *,
    team_id: str,
    count: int,
    channels: int = 1,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> list[int]:
    """`count` live flights posted round-robin in `channels` channels, each with one pending day-2 hold
    due at `due_at` (default: a minute ago by the real clock: due, not late). The reminders' ids.

    One reminder per flight, so none supersedes another and every one must be sent.
    """
    now = now or datetime.now(UTC)
    due_at = due_at or now - timedelta(minutes=1)
    start = due_at - timedelta(days=2)
    flights = [
        campaign(
            team_id,
            tool="promote",
            ownership="creator",
            warnings=[],
            client=f"Client {number}",
            creator_handle=f"@creator{number}",
            objective="Views",
            status="live",
            start_at=start,
            end_at=start + timedelta(days=14),
            channel_id=channel_name(number % channels),
            message_ts=f"1700000000.{number:06d}",
            created_at=now,
            updated_at=now,
        )
        for number in range(count)
    ]
    session.add_all(flights)
    session.flush()
    rows = [
        Reminder(
            team_id=team_id,
            campaign_id=flight.id,
            kind="flight.hold",
            planned_at=due_at,
            due_at=due_at,
            available_at=due_at,
            created_at=now,
            updated_at=now,
        )
        for flight in flights
    ]
    session.add_all(rows)
    session.flush()
    return sorted(row.id for row in rows)


def status_counts(database: Database, team_id: str) -> dict[str, int]:
    """How many of the workspace's reminders are in each status."""
    with database.engine.connect() as connection:
        query = sa.select(Reminder.status, sa.func.count()).where(Reminder.team_id == team_id).group_by(Reminder.status)
        return {status: count for status, count in connection.execute(query)}


# -- what the service left behind ------------------------------------------------------------------------------


def campaign_row(database: Database, campaign_id: int, team_id: str = TEAM) -> Campaign:
    with database.transaction() as session:
        found = campaign_store.get_campaign(session, team_id, campaign_id)
    assert found is not None
    return found


def events(database: Database, campaign_id: int, team_id: str = TEAM) -> list[tuple[str, str, dict]]:
    """The flight's event log, oldest first: (action, actor, detail)."""
    with database.transaction() as session:
        return [(e.action, e.actor, e.detail) for e in campaign_store.events_for(session, team_id, campaign_id)]


def pending(database: Database, campaign_id: int, team_id: str = TEAM) -> dict[str, list[datetime]]:
    """The flight's pending reminders: their planned instants by kind."""
    found: dict[str, list[datetime]] = {}
    with database.transaction() as session:
        for row in reminder_store.reminders_for(session, team_id, campaign_id):
            if row.status == ReminderStatus.PENDING:
                found.setdefault(row.kind, []).append(row.planned_at)
    return found
