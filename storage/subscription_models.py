"""The tables of what people subscribe to (docs/architecture.md): a weekly digest and a calendar feed.

Every row carries the Slack team_id; every query filters by it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.core.vocabulary import DigestStatus
from storage.columns import enum_column, instant_column


class DigestSubscription(SQLModel, table=True):
    """A weekly digest: to an operations channel (every flight) or to a person's DM (their flights).

    Claimed and leased like a reminder (storage/digests.py); once sent, `next_due_at` moves to the
    following week's weekday and local time.
    """

    __tablename__ = "digest_subscription"
    __table_args__ = (
        sa.Index("ix_digest_subscription_due", "team_id", "status", "next_due_at"),
        # One digest per channel and one per person: subscribing again changes it.
        sa.Index("ux_digest_subscription_channel", "team_id", "channel_id", unique=True),
        sa.Index("ux_digest_subscription_user", "team_id", "user_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    # Exactly one of the two: the channel it is posted in, or the person whose flights go to their DM.
    channel_id: str | None = Field(default=None, max_length=32)
    user_id: str | None = Field(default=None, max_length=32)
    weekday: int = 0  # 0 is Monday
    local_time: str = Field(default="09:30", max_length=5)
    timezone: str = Field(max_length=64)
    status: DigestStatus = enum_column(DigestStatus, 16, default=DigestStatus.ACTIVE)
    next_due_at: datetime = instant_column()
    claim_token: str | None = Field(default=None, max_length=36)
    lease_until: datetime | None = instant_column(default=None, nullable=True)
    attempts: int = 0
    unanswered_sends: int = 0
    # A digest longer than one message goes out in parts, threaded under the first: how far it got.
    parts_sent: int = 0
    thread_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, max_length=500)
    last_sent_at: datetime | None = instant_column(default=None, nullable=True)
    created_by: str = Field(max_length=32)
    created_at: datetime = instant_column()
    updated_by: str = Field(max_length=32)
    updated_at: datetime = instant_column()


class FeedScope(StrEnum):
    PERSON = "person"  # the flights they own or recorded
    CHANNEL = "channel"


class CalendarFeed(SQLModel, table=True):
    """A calendar feed link: a person's flights or a channel's, until revoked ("New link").

    The row keeps the link's random lookup id, never the link: the rest of it is an HMAC under a
    key the database doesn't hold (bot/calendar/tokens.py).
    """

    __tablename__ = "calendar_feed"
    __table_args__ = (
        sa.Index("ux_calendar_feed_lookup", "lookup", unique=True),
        sa.Index("ix_calendar_feed_subject", "team_id", "scope", "user_id", "channel_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    scope: FeedScope = enum_column(FeedScope, 16)
    user_id: str | None = Field(default=None, max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)
    lookup: str = Field(max_length=32)
    # The calendar's name in the subscriber's app ("Flightdeck: #glowco").
    name: str = Field(max_length=120)
    created_by: str = Field(max_length=32)
    created_at: datetime = instant_column()
    revoked_at: datetime | None = instant_column(default=None, nullable=True)
