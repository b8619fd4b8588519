"""Reminder queries: the reminders table is the one source of truth for what is due.

Claiming is atomic on both backends. PostgreSQL locks the chosen rows with `FOR UPDATE SKIP
LOCKED`, so two bot processes take disjoint sets; on SQLite the same select-then-update runs inside
one `BEGIN IMMEDIATE` write transaction. A claim is a lease: if its holder dies, the lease runs
out and the reminder is claimable again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from bot.core.vocabulary import OPEN_REMINDER_STATUSES, ReminderStatus
from storage import claiming
from storage.claiming import Claimable
from storage.db import Database
from storage.models import Authorization, Campaign, Reminder, Renewal

# Where a statement runs: in a transaction of its own, or on the dispatcher's autocommit connection.
Executor = Database | Connection


@dataclass(frozen=True)
class PlannedRow:
    """A reminder the plan wants (kind, instant, authorization), in storage's own terms."""

    kind: str
    planned_at: datetime
    authorization_id: int | None = None
    moved_from: date | None = None


@dataclass(frozen=True)
class Replaced:
    kept: int
    added: int
    cancelled: int


def reminders_for(session: Session, team_id: str, campaign_id: int) -> list[Reminder]:
    query = (
        select(Reminder)
        .where(Reminder.team_id == team_id, Reminder.campaign_id == campaign_id)
        .order_by(col(Reminder.due_at), col(Reminder.id))
    )
    return list(session.exec(query))


def get_reminder(session: Session, team_id: str, reminder_id: int) -> Reminder | None:
    return session.exec(select(Reminder).where(Reminder.team_id == team_id, Reminder.id == reminder_id)).first()


def replace_plan(
    session: Session, *, team_id: str, campaign_id: int, planned: Sequence[PlannedRow], now: datetime
) -> Replaced:
    """Make the open reminders match the plan, in the caller's transaction.

    An open reminder whose planned instant is unchanged is kept as it is (with its snooze, or its
    claim); the others are cancelled, and planned reminders still ahead are added. A claimed
    reminder that is cancelled here is not sent, unless its holder had already passed its last
    check of the claim and was sending it at that very moment.
    """
    open_rows = session.exec(
        select(Reminder)
        .where(
            Reminder.team_id == team_id,
            Reminder.campaign_id == campaign_id,
            col(Reminder.status).in_(OPEN_REMINDER_STATUSES),
        )
        .with_for_update()
    ).all()
    by_key = {(row.kind, row.authorization_id, row.planned_at): row for row in open_rows}
    kept = added = 0
    for wanted in planned:
        key = (wanted.kind, wanted.authorization_id, wanted.planned_at)
        if by_key.pop(key, None) is not None:
            kept += 1
        elif wanted.planned_at > now:
            session.add(
                Reminder(
                    team_id=team_id,
                    campaign_id=campaign_id,
                    authorization_id=wanted.authorization_id,
                    kind=wanted.kind,
                    planned_at=wanted.planned_at,
                    moved_from=wanted.moved_from,
                    due_at=wanted.planned_at,
                    available_at=wanted.planned_at,
                    created_at=now,
                    updated_at=now,
                )
            )
            added += 1
    for stale in by_key.values():
        stale.status = ReminderStatus.CANCELLED
        stale.claim_token = None
        stale.updated_at = now
        session.add(stale)
    session.flush()
    return Replaced(kept=kept, added=added, cancelled=len(by_key))


# -- the dispatcher's side ---------------------------------------------------------------------------------


REMINDERS = Claimable(Reminder, ReminderStatus.PENDING, ReminderStatus.CLAIMED, Reminder.available_at)


def claim_due(
    database: Database, *, team_id: str, now: datetime, lease: timedelta, limit: int, token: str
) -> list[int]:
    """Claim up to `limit` due reminders (or ones whose lease ran out) for this holder."""
    return claiming.claim_due(database, REMINDERS, team_id=team_id, now=now, lease=lease, limit=limit, token=token)


def extend_lease(target: Executor, *, team_id: str, token: str, until: datetime) -> None:
    with _executing(target) as connection:
        connection.execute(
            sa.update(Reminder)
            .where(
                Reminder.team_id == team_id, Reminder.claim_token == token, Reminder.status == ReminderStatus.CLAIMED
            )
            .values(lease_until=until)
        )


@dataclass(frozen=True)
class Claimed:
    reminder: Reminder
    campaign: Campaign
    authorization: Authorization | None
    renewal: Renewal | None = None  # the code's renewal: what its swap reminder says (storage/renewals.py)


def load_claimed(session: Session, *, team_id: str, token: str, ids: Iterable[int]) -> list[Claimed]:
    query = (
        select(Reminder, Campaign, Authorization, Renewal)
        .join(Campaign, col(Campaign.id) == Reminder.campaign_id)
        .outerjoin(Authorization, col(Authorization.id) == Reminder.authorization_id)
        .outerjoin(Renewal, sa.and_(Renewal.authorization_id == Reminder.authorization_id, Renewal.team_id == team_id))
        .where(
            Reminder.team_id == team_id,
            Campaign.team_id == team_id,
            Reminder.claim_token == token,
            Reminder.status == ReminderStatus.CLAIMED,
            col(Reminder.id).in_(list(ids)),
        )
        .order_by(col(Reminder.due_at), col(Reminder.id))
    )
    return [Claimed(*row) for row in session.exec(query)]


@dataclass(frozen=True)
class DueNow:
    kind: str
    authorization_id: int | None
    planned_at: datetime


def due_kinds(session: Session, *, team_id: str, campaign_ids: Iterable[int], now: datetime) -> dict[int, list[DueNow]]:
    """Per campaign, every open reminder already due (its kind, authorization, planned instant): for supersession.

    Only open ones count. A reminder already sent or answered belongs to a plan that has moved on
    (a renewed code, an extended flight): it must not silence the new plan's reminders.
    """
    query = select(Reminder.campaign_id, Reminder.kind, Reminder.authorization_id, Reminder.planned_at).where(
        Reminder.team_id == team_id,
        col(Reminder.campaign_id).in_(list(campaign_ids)),
        Reminder.due_at <= now,
        col(Reminder.status).in_(OPEN_REMINDER_STATUSES),
    )
    found: dict[int, list[DueNow]] = {}
    for campaign_id, kind, authorization_id, planned_at in session.exec(query):
        found.setdefault(campaign_id, []).append(DueNow(kind, authorization_id, planned_at))
    return found


# The statements the dispatcher runs for every reminder, built once: SQLAlchemy then reuses their
# compiled form, which matters when a backlog of thousands is being sent.
_STILL_CLAIMED = sa.select(Reminder.status).where(
    Reminder.id == sa.bindparam("reminder_id"),
    Reminder.team_id == sa.bindparam("team_id"),
    Reminder.claim_token == sa.bindparam("token"),
)
# (An UPDATE reserves its columns' names for its own bind parameters, hence these.)
_WHILE_CLAIMED = (
    Reminder.id == sa.bindparam("of_reminder"),
    Reminder.team_id == sa.bindparam("of_team"),
    Reminder.claim_token == sa.bindparam("of_claim"),
    Reminder.status == ReminderStatus.CLAIMED,
)


def _closing(status: ReminderStatus, **values) -> sa.Update:
    """While this holder's claim stands: the reminder's last word, its lease given up."""
    return (
        sa.update(Reminder)
        .where(*_WHILE_CLAIMED)
        .values(status=status, lease_until=None, updated_at=sa.bindparam("now"), **values)
    )


_MARK_SENT = _closing(
    ReminderStatus.SENT,
    slack_channel=sa.bindparam("channel"),
    slack_ts=sa.bindparam("ts"),
    late=sa.bindparam("is_late"),
    sent_at=sa.bindparam("now"),
    last_error=None,
    # Slack answered this send: what is left counts the earlier sends that may have landed too.
    unanswered_sends=sa.case((Reminder.unanswered_sends > 0, Reminder.unanswered_sends - 1), else_=0),
)
# Sends Slack may have taken without our hearing back (a crash, a read timeout): a reminder is sent at most
# this many times unanswered, so it reaches its owner at most twice.
MAX_UNANSWERED_SENDS = 2
_MARK_SENDING = (
    sa.update(Reminder)
    .where(*_WHILE_CLAIMED, Reminder.unanswered_sends < MAX_UNANSWERED_SENDS)
    .values(unanswered_sends=Reminder.unanswered_sends + 1)
    .returning(Reminder.unanswered_sends)
)
_ANSWERED = (
    sa.update(Reminder)
    .where(*_WHILE_CLAIMED, Reminder.unanswered_sends > 0)
    .values(unanswered_sends=Reminder.unanswered_sends - 1)
)
_MARK_UNCONFIRMED = _closing(ReminderStatus.SENT, sent_at=sa.bindparam("now"), last_error=sa.bindparam("reason"))
_MARK_SKIPPED = _closing(ReminderStatus.SKIPPED, last_error=sa.bindparam("reason"))
_MARK_FAILED = _closing(ReminderStatus.FAILED, last_error=sa.bindparam("error"), attempts=Reminder.attempts + 1)


def _settle(target: Executor, statement, *, team_id: str, reminder_id: int, token: str, **values) -> bool:
    """Update a claimed reminder only while this holder's claim on it stands; False if it was lost."""
    params = {"of_reminder": reminder_id, "of_team": team_id, "of_claim": token, **values}
    with _executing(target) as connection:
        return connection.execute(statement, params).rowcount == 1


def still_claimed(target: Executor, *, team_id: str, reminder_id: int, token: str) -> bool:
    """The last check before sending: a reschedule may have cancelled it since the claim."""
    with _executing(target) as connection:
        status = connection.execute(
            _STILL_CLAIMED, {"reminder_id": reminder_id, "team_id": team_id, "token": token}
        ).scalar()
    return status == ReminderStatus.CLAIMED


def mark_sending(target: Executor, *, team_id: str, reminder_id: int, token: str) -> int | None:
    """The last check before sending, and the mark that a send is going out, in one statement.

    The sends now unanswered, this one included (1: a first try; 2: an earlier one may have landed,
    so this may be a duplicate). None if the claim was lost (rescheduled, cancelled) or the reminder
    has had its share of unanswered sends already: `still_claimed` tells which.
    """
    params = {"of_reminder": reminder_id, "of_team": team_id, "of_claim": token}
    with _executing(target) as connection:
        return connection.execute(_MARK_SENDING, params).scalar()


def answered(target: Executor, *, team_id: str, reminder_id: int, token: str) -> None:
    """Slack answered a send with a failure: that send is known not to have landed."""
    _settle(target, _ANSWERED, team_id=team_id, reminder_id=reminder_id, token=token)


def mark_unconfirmed(
    target: Executor, *, team_id: str, reminder_id: int, token: str, reason: str, now: datetime
) -> bool:
    """Closed as sent without a record of the message: Slack may have it, perhaps twice already."""
    return _settle(
        target, _MARK_UNCONFIRMED, team_id=team_id, reminder_id=reminder_id, token=token, reason=reason, now=now
    )


def mark_sent(
    target: Executor,
    *,
    team_id: str,
    reminder_id: int,
    token: str,
    channel: str,
    ts: str,
    late: bool,
    now: datetime,
) -> bool:
    return _settle(
        target,
        _MARK_SENT,
        team_id=team_id,
        reminder_id=reminder_id,
        token=token,
        channel=channel,
        ts=ts,
        is_late=late,
        now=now,
    )


def mark_skipped(target: Executor, *, team_id: str, reminder_id: int, token: str, reason: str, now: datetime) -> bool:
    return _settle(target, _MARK_SKIPPED, team_id=team_id, reminder_id=reminder_id, token=token, reason=reason, now=now)


def release(
    target: Executor,
    *,
    team_id: str,
    reminder_ids: Sequence[int],
    token: str,
    available_at: datetime,
    error: str | None,
    count_attempt: bool,
    now: datetime,
) -> None:
    """Hand reminders back to pending, to be tried again from `available_at`."""
    values = REMINDERS.released(available_at=available_at, now=now, count_attempt=count_attempt)
    if error is not None:
        values["last_error"] = error[:500]
    with _executing(target) as connection:
        connection.execute(
            sa.update(Reminder)
            .where(
                Reminder.team_id == team_id,
                col(Reminder.id).in_(list(reminder_ids)),
                Reminder.claim_token == token,
                Reminder.status == ReminderStatus.CLAIMED,
            )
            .values(**values)
        )


def mark_failed(target: Executor, *, team_id: str, reminder_id: int, token: str, error: str, now: datetime) -> bool:
    return _settle(
        target, _MARK_FAILED, team_id=team_id, reminder_id=reminder_id, token=token, error=error[:500], now=now
    )


@contextmanager
def _executing(target: Executor) -> Iterator[Connection]:
    """Run on the caller's connection (the dispatcher keeps one), or in a transaction of its own."""
    if isinstance(target, Database):
        with target.engine.begin() as connection:
            yield connection
    else:
        yield target
