"""Claiming rows for one holder: the reminders, the summary posts and the digests all go out this way.

A dispatcher claims a batch of due rows (or rows whose holder's lease ran out), marks them with its
token and a lease, and only then sends them; any number of dispatchers can run at once. On PostgreSQL
the chosen rows are locked with SKIP LOCKED, so two holders never choose the same row; on SQLite the
transaction holds the database's one write lock, which serialises them (docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from storage.db import Database


def claim(database: Database, model: Any, chosen: sa.Select, *, team_id: str, values: dict[str, Any]) -> list[int]:
    """Mark the ids `chosen` selects (of `model`'s rows in `team_id`) with `values`; return them, sorted."""
    if database.is_postgres:
        chosen = chosen.with_for_update(skip_locked=True)
    with database.transaction() as session:
        # Choose, then update, in one transaction. A single `UPDATE … WHERE id IN (SELECT … LIMIT n)`
        # is not bounded by n on PostgreSQL: the planner may re-run the subquery for each candidate
        # row, and each run passes over the rows the statement has already claimed.
        ids = sorted(session.execute(chosen).scalars())
        if ids:
            session.execute(sa.update(model).where(model.team_id == team_id, col(model.id).in_(ids)).values(**values))
        return ids
