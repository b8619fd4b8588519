"""Weekly digest subscriptions: who gets one, when the next is due, and the claim on sending it.

A digest is claimed and leased exactly like a reminder (see storage/reminders.py): PostgreSQL picks
the due rows `FOR UPDATE SKIP LOCKED`, SQLite runs the same select-then-update in one `BEGIN
IMMEDIATE` transaction, so two processes never hold the same digest. Only the claim's holder may
record a part sent or close the week; a holder whose lease ran out finds its claim gone. Each send
is counted before it goes and taken back when Slack answers, as reminders are: a digest whose send
was never answered (a crash, a read timeout) is sent once more at most, saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.digest import next_digest_at
from bot.core.vocabulary import DigestStatus
from bot.core.working_days import WorkingWeek, on_working_day
from storage import claiming
from storage.claiming import Claimable
from storage.db import Database
from storage.subscription_models import DigestSubscription

# As for reminders: at most this many sends whose answer never came, so a digest arrives twice at most.
MAX_UNANSWERED_SENDS = 2


@dataclass(frozen=True)
class Schedule:
    weekday: int
    local_time: time
    timezone: str
    # The agency's working days (WORKING_DAYS, HOLIDAYS), if set: a digest due on a day off goes out
    # at its time on the next working day (docs/schedule.md). None: every day works.
    week: WorkingWeek | None = None

    def next_after(self, now: datetime) -> datetime:
        due = next_digest_at(now, self.timezone, self.weekday, self.local_time)
        return on_working_day(due, self.timezone, self.week, self.local_time).at


def schedule_of(row: DigestSubscription, week: WorkingWeek | None = None) -> Schedule:
    hours, minutes = (int(part) for part in row.local_time.split(":"))
    return Schedule(row.weekday, time(hours, minutes), row.timezone, week)


def _target(team_id: str, channel_id: str | None, user_id: str | None):
    if (channel_id is None) == (user_id is None):
        raise ValueError("a digest goes to a channel or to a person, exactly one")
    if channel_id is not None:
        return (DigestSubscription.team_id == team_id, DigestSubscription.channel_id == channel_id)
    return (DigestSubscription.team_id == team_id, DigestSubscription.user_id == user_id)


def subscription_for(
    session: Session, team_id: str, *, channel_id: str | None = None, user_id: str | None = None
) -> DigestSubscription | None:
    return session.exec(select(DigestSubscription).where(*_target(team_id, channel_id, user_id))).first()


def subscribe(
    database: Database,
    *,
    team_id: str,
    schedule: Schedule,
    actor: str,
    now: datetime,
    channel_id: str | None = None,
    user_id: str | None = None,
) -> DigestSubscription:
    """Start (or change) the digest of a channel or of a person; the next one is due at its next weekday."""
    values = {
        "weekday": schedule.weekday,
        "local_time": schedule.local_time.strftime("%H:%M"),
        "timezone": schedule.timezone,
        "next_due_at": schedule.next_after(now),
        "updated_by": actor,
        "updated_at": now,
    }
    for _ in range(2):  # two people subscribing the same channel at once: the second updates the first's row
        try:
            with database.transaction() as session:
                row = session.exec(
                    select(DigestSubscription).where(*_target(team_id, channel_id, user_id)).with_for_update()
                ).first()
                if row is None:
                    row = DigestSubscription(
                        team_id=team_id,
                        channel_id=channel_id,
                        user_id=user_id,
                        created_by=actor,
                        created_at=now,
                        **values,
                    )
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                    if row.status == DigestStatus.OFF:
                        row.status = DigestStatus.ACTIVE
                        row.created_by = actor
                session.add(row)
                session.flush()
                return row
        except IntegrityError:
            continue
    raise RuntimeError("the digest subscription could not be saved")


def turn_off(
    database: Database,
    *,
    team_id: str,
    actor: str,
    now: datetime,
    channel_id: str | None = None,
    user_id: str | None = None,
) -> bool:
    """Stop a digest; False if there was none on. A digest being sent right now loses its claim."""
    with database.engine.begin() as connection:
        done = connection.execute(
            sa.update(DigestSubscription)
            .where(*_target(team_id, channel_id, user_id), DigestSubscription.status != DigestStatus.OFF)
            .values(status=DigestStatus.OFF, claim_token=None, lease_until=None, updated_by=actor, updated_at=now)
        )
        return done.rowcount == 1


# -- the dispatcher's side ---------------------------------------------------------------------------------


# A digest's `updated_at` is its subscriber's latest change: claiming it leaves that alone.
DIGESTS = Claimable(
    DigestSubscription,
    DigestStatus.ACTIVE,
    DigestStatus.CLAIMED,
    DigestSubscription.next_due_at,
    stamps_updated_at=False,
)


def claim_due(
    database: Database, *, team_id: str, now: datetime, lease: timedelta, limit: int, token: str
) -> list[int]:
    """Claim up to `limit` digests due (or whose holder's lease ran out) for this holder."""
    return claiming.claim_due(database, DIGESTS, team_id=team_id, now=now, lease=lease, limit=limit, token=token)


def _held(team_id: str, subscription_id: int, token: str):
    return (
        DigestSubscription.team_id == team_id,
        DigestSubscription.id == subscription_id,
        DigestSubscription.claim_token == token,
        DigestSubscription.status == DigestStatus.CLAIMED,
    )


def load_claimed(database: Database, *, team_id: str, subscription_id: int, token: str) -> DigestSubscription | None:
    with database.transaction() as session:
        return session.exec(select(DigestSubscription).where(*_held(team_id, subscription_id, token))).first()


def _update(database: Database, team_id: str, subscription_id: int, token: str, *extra, **values) -> int:
    with database.engine.begin() as connection:
        statement = sa.update(DigestSubscription).where(*_held(team_id, subscription_id, token), *extra)
        return connection.execute(statement.values(**values)).rowcount


def extend_lease(database: Database, *, team_id: str, subscription_id: int, token: str, until: datetime) -> None:
    _update(database, team_id, subscription_id, token, lease_until=until)


def mark_sending(database: Database, *, team_id: str, subscription_id: int, token: str) -> int | None:
    """Count a send before it goes, while the claim holds: the sends now unanswered, this one included.

    None if the claim was lost, or if the digest has had its share of unanswered sends already.
    """
    with database.engine.begin() as connection:
        return connection.execute(
            sa.update(DigestSubscription)
            .where(*_held(team_id, subscription_id, token), DigestSubscription.unanswered_sends < MAX_UNANSWERED_SENDS)
            .values(unanswered_sends=DigestSubscription.unanswered_sends + 1)
            .returning(DigestSubscription.unanswered_sends)
        ).scalar()


def answered(database: Database, *, team_id: str, subscription_id: int, token: str) -> None:
    """Slack answered a send with a failure: that send is known not to have landed."""
    _update(
        database,
        team_id,
        subscription_id,
        token,
        DigestSubscription.unanswered_sends > 0,
        unanswered_sends=DigestSubscription.unanswered_sends - 1,
    )


def part_sent(database: Database, *, team_id: str, subscription_id: int, token: str, ts: str, now: datetime) -> bool:
    """One part is in Slack: the first one's ts is the thread the later parts go in."""
    return (
        _update(
            database,
            team_id,
            subscription_id,
            token,
            parts_sent=DigestSubscription.parts_sent + 1,
            thread_ts=sa.func.coalesce(DigestSubscription.thread_ts, ts),
            unanswered_sends=0,
            updated_at=now,
        )
        == 1
    )


def finish_week(
    database: Database,
    *,
    team_id: str,
    subscription_id: int,
    token: str,
    now: datetime,
    error: str | None = None,
    week: WorkingWeek | None = None,
) -> bool:
    """Close this week's digest (sent, or given up with `error`): the next is due at the next weekday.

    The schedule is read again here, under the lock: a change made while this one was being sent counts.
    """
    with database.transaction() as session:
        row = session.exec(
            select(DigestSubscription).where(*_held(team_id, subscription_id, token)).with_for_update()
        ).first()
        if row is None:
            return False
        row.status = DigestStatus.ACTIVE
        row.next_due_at = schedule_of(row, week).next_after(now)
        row.claim_token = row.lease_until = row.thread_ts = None
        row.attempts = row.unanswered_sends = row.parts_sent = 0
        row.last_error = error[:500] if error else None
        if error is None:
            row.last_sent_at = now
        row.updated_at = now
        session.add(row)
        return True


def release(
    database: Database,
    *,
    team_id: str,
    subscription_id: int,
    token: str,
    available_at: datetime,
    error: str | None,
    count_attempt: bool,
    now: datetime,
) -> None:
    """Hand the digest back, to be tried again from `available_at` (the parts already sent stay sent)."""
    values = DIGESTS.released(available_at=available_at, now=now, count_attempt=count_attempt)
    values["last_error"] = error and error[:500]
    _update(database, team_id, subscription_id, token, **values)
