"""Claiming rows for one holder: the reminders, the summary posts and the digests all go out this way.

A dispatcher claims a batch of due rows (or rows whose holder's lease ran out), marks them with its
token and a lease, and only then sends them; any number of dispatchers can run at once. On PostgreSQL
the chosen rows are locked with SKIP LOCKED, so two holders never choose the same row; on SQLite the
transaction holds the database's one write lock, which serialises them (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from storage.db import Database


@dataclass(frozen=True)
class Claimable:
    """A table whose rows are claimed: the status a row waits in, the one it is held in, and when it is due."""

    model: Any
    waiting: StrEnum
    held: StrEnum
    due: Any  # the model's column of the instant a waiting row may be claimed
    # A claim is the row's latest change, except where `updated_at` is kept for a person's own changes.
    stamps_updated_at: bool = True

    def claimable(self, now: datetime) -> sa.ColumnElement[bool]:
        """Waiting and due, or held by a holder whose lease ran out."""
        model = self.model
        return sa.or_(
            sa.and_(model.status == self.waiting, self.due <= now),
            sa.and_(model.status == self.held, model.lease_until < now),
        )

    def values(self, *, token: str, now: datetime, lease: timedelta) -> dict[str, Any]:
        values = {"status": self.held, "claim_token": token, "lease_until": now + lease}
        return {**values, "updated_at": now} if self.stamps_updated_at else values

    def released(self, *, available_at: datetime, now: datetime, count_attempt: bool) -> dict[str, Any]:
        """The values that hand a held row back: waiting again, due at `available_at`, no holder."""
        values = {
            "status": self.waiting,
            "claim_token": None,
            "lease_until": None,
            self.due.key: available_at,
            "updated_at": now,
        }
        return {**values, "attempts": self.model.attempts + 1} if count_attempt else values


def claim_due(
    database: Database, table: Claimable, *, team_id: str, now: datetime, lease: timedelta, limit: int, token: str
) -> list[int]:
    """Claim up to `limit` of `table`'s claimable rows in `team_id`, the longest due first: their ids, sorted."""
    model = table.model
    chosen = (
        sa.select(model.id)
        .where(model.team_id == team_id, table.claimable(now))
        .order_by(table.due, model.id)
        .limit(limit)
    )
    return claim(database, table, chosen, team_id=team_id, now=now, lease=lease, token=token)


def claim(
    database: Database,
    table: Claimable,
    chosen: sa.Select,
    *,
    team_id: str,
    now: datetime,
    lease: timedelta,
    token: str,
) -> list[int]:
    """Claim the ids `chosen` selects (of `table`'s rows in `team_id`) for `token`; return them, sorted."""
    model = table.model
    if database.is_postgres:
        chosen = chosen.with_for_update(skip_locked=True)
    with database.transaction() as session:
        # Choose, then update, in one transaction. A single `UPDATE … WHERE id IN (SELECT … LIMIT n)`
        # is not bounded by n on PostgreSQL: the planner may re-run the subquery for each candidate
        # row, and each run passes over the rows the statement has already claimed.
        ids = sorted(session.execute(chosen).scalars())
        if ids:
            values = table.values(token=token, now=now, lease=lease)
            session.execute(sa.update(model).where(model.team_id == team_id, col(model.id).in_(ids)).values(**values))
        return ids
