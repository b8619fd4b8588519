"""Summary posts: each flight's summary message, from "to post" to the thread its reminders use.

A summary is claimed and leased exactly like a reminder (see storage/reminders.py): the intake's
listener claims its own flight's summary at once, the dispatcher claims whatever is due or whose
lease ran out, and only the holder of the claim may post it or record where it landed. A send is
counted before it goes and taken back when Slack answers, so a restart knows a summary may have
landed without the record of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.vocabulary import OPEN_SUMMARY_STATUSES, SummaryStatus
from storage import claiming
from storage.claiming import Claimable
from storage.db import Database
from storage.models import Campaign, SummaryPost


def add_pending(session: Session, campaign: Campaign, channel_id: str, *, now: datetime) -> SummaryPost:
    """In the caller's transaction (the one recording the flight): its summary, due at once."""
    row = SummaryPost(
        team_id=campaign.team_id,
        campaign_id=campaign.id,
        channel_id=channel_id[:32],
        available_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


SUMMARIES = Claimable(SummaryPost, SummaryStatus.PENDING, SummaryStatus.CLAIMED, SummaryPost.available_at)


def claim_due(
    database: Database, *, team_id: str, now: datetime, lease: timedelta, limit: int, token: str
) -> list[int]:
    """Claim up to `limit` summaries due (or whose holder's lease ran out): their campaign ids."""
    ids = claiming.claim_due(database, SUMMARIES, team_id=team_id, now=now, lease=lease, limit=limit, token=token)
    return _campaign_ids(database, ids)


def claim_for(
    database: Database, *, team_id: str, campaign_id: int, now: datetime, lease: timedelta, token: str
) -> bool:
    """Claim one flight's summary (the listener's fast path); False if someone else holds it."""
    chosen = sa.select(SummaryPost.id).where(
        SummaryPost.team_id == team_id, SummaryPost.campaign_id == campaign_id, SUMMARIES.claimable(now)
    )
    return bool(claiming.claim(database, SUMMARIES, chosen, team_id=team_id, now=now, lease=lease, token=token))


def _campaign_ids(database: Database, ids: list[int]) -> list[int]:
    """The campaign ids of the summary posts `ids`, in their order."""
    if not ids:
        return []
    with database.transaction() as session:
        query = sa.select(SummaryPost.campaign_id).where(col(SummaryPost.id).in_(ids)).order_by(SummaryPost.id)
        return list(session.execute(query).scalars())


@dataclass(frozen=True)
class Claimed:
    team_id: str
    campaign_id: int
    channel_id: str
    attempts: int
    unanswered_sends: int


def _held(team_id: str, campaign_id: int, token: str):
    return (
        SummaryPost.team_id == team_id,
        SummaryPost.campaign_id == campaign_id,
        SummaryPost.claim_token == token,
        SummaryPost.status == SummaryStatus.CLAIMED,
    )


def load_claimed(database: Database, *, team_id: str, campaign_id: int, token: str) -> Claimed | None:
    with database.transaction() as session:
        row = session.exec(select(SummaryPost).where(*_held(team_id, campaign_id, token))).first()
        if row is None:
            return None
        return Claimed(row.team_id, row.campaign_id, row.channel_id, row.attempts, row.unanswered_sends)


def mark_sending(database: Database, *, team_id: str, campaign_id: int, token: str, now: datetime) -> bool:
    """Count a send before it goes, while the claim holds: a crash after it leaves the count behind."""
    with database.engine.begin() as connection:
        counted = connection.execute(
            sa.update(SummaryPost)
            .where(*_held(team_id, campaign_id, token))
            .values(unanswered_sends=SummaryPost.unanswered_sends + 1, updated_at=now)
        )
        return counted.rowcount == 1


def answered(database: Database, *, team_id: str, campaign_id: int, token: str) -> None:
    """Slack answered the send (yes or no): it is no longer one that may have landed unrecorded."""
    with database.engine.begin() as connection:
        connection.execute(
            sa.update(SummaryPost)
            .where(*_held(team_id, campaign_id, token), SummaryPost.unanswered_sends > 0)
            .values(unanswered_sends=SummaryPost.unanswered_sends - 1)
        )


def settle(
    database: Database,
    *,
    team_id: str,
    campaign_id: int,
    token: str,
    status: SummaryStatus,
    now: datetime,
    thread: tuple[str, str] | None = None,
    error: str | None = None,
) -> bool:
    """Close the summary post; with `thread`, the flight's thread is that message, in the same commit.

    Only the claim's holder may: a holder whose lease ran out (and whose summary someone else has
    posted again since) leaves the thread that was recorded as it is.
    """
    with database.transaction() as session:
        done = session.execute(
            sa.update(SummaryPost)
            .where(*_held(team_id, campaign_id, token))
            .values(status=status, claim_token=None, lease_until=None, last_error=error and error[:500], updated_at=now)
        )
        if done.rowcount != 1:
            return False
        if thread is not None:
            session.execute(
                sa.update(Campaign)
                .where(Campaign.team_id == team_id, Campaign.id == campaign_id)
                .values(channel_id=thread[0], message_ts=thread[1])
            )
        return True


def release(
    database: Database,
    *,
    team_id: str,
    campaign_id: int,
    token: str,
    available_at: datetime,
    error: str | None,
    now: datetime,
) -> None:
    """Hand the summary back, to be tried again from `available_at`."""
    with database.engine.begin() as connection:
        connection.execute(
            sa.update(SummaryPost)
            .where(*_held(team_id, campaign_id, token))
            .values(
                **SUMMARIES.released(available_at=available_at, now=now, count_attempt=True),
                last_error=error and error[:500],
            )
        )


def extend_lease(database: Database, *, team_id: str, campaign_id: int, token: str, until: datetime) -> None:
    with database.engine.begin() as connection:
        connection.execute(sa.update(SummaryPost).where(*_held(team_id, campaign_id, token)).values(lease_until=until))


def still_open(session: Session, *, team_id: str, campaign_ids: Iterable[int]) -> set[int]:
    """Of these flights, those whose summary is still to be posted (or being posted)."""
    query = select(SummaryPost.campaign_id).where(
        SummaryPost.team_id == team_id,
        col(SummaryPost.campaign_id).in_(list(campaign_ids)),
        col(SummaryPost.status).in_(OPEN_SUMMARY_STATUSES),
    )
    return set(session.exec(query))


def summary_post_of(session: Session, team_id: str, campaign_id: int) -> SummaryPost | None:
    query = select(SummaryPost).where(SummaryPost.team_id == team_id, SummaryPost.campaign_id == campaign_id)
    return session.exec(query).first()
