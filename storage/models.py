"""Flightdeck's tables of a flight (docs/architecture.md): the flight and its codes, its reminders and
summary post, its results and Promote test, its code renewals, and the event log. The digest and the
calendar feed have theirs in storage/subscription_models.py. Every row carries the Slack team_id; every
query filters by it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.core.promote_test import PromoteTestStatus
from bot.core.renewal import RenewalState
from bot.core.vocabulary import (
    AccountType,
    BudgetType,
    CampaignStatus,
    Kind,
    Market,
    Ownership,
    ReminderStatus,
    SummaryStatus,
    Tool,
)
from storage.columns import enum_column, instant_column, json_column


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"
    __table_args__ = (
        sa.Index("ix_campaign_team_channel", "team_id", "channel_id"),
        # A modal submitted twice (Slack timed out waiting for the first ack) records one campaign.
        sa.Index("ux_campaign_team_intake_view", "team_id", "intake_view_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    tool: Tool = enum_column(Tool, 16)
    ownership: Ownership = enum_column(Ownership, 16)
    answers: dict = json_column(default_factory=dict)
    decision_reasons: list = json_column(default_factory=list)
    conflict: str | None = None
    warnings: list = json_column(default_factory=list)
    client: str = Field(max_length=200)
    creator_handle: str = Field(max_length=32)
    post_url: str = Field(max_length=500)
    objective: str = Field(max_length=80)
    market: Market = enum_column(Market, 16)
    account_type: AccountType = enum_column(AccountType, 16)
    budget_amount: Decimal = Field(sa_type=sa.Numeric(14, 2))
    budget_currency: str = Field(max_length=3)
    budget_type: BudgetType = enum_column(BudgetType, 16)
    ad_groups: int | None = None
    disclosure_on: bool = False
    start_at: datetime = instant_column()
    end_at: datetime = instant_column()
    owner_tz: str = Field(max_length=64)
    status: CampaignStatus = enum_column(CampaignStatus, 16, default=CampaignStatus.PLANNED)
    owner_id: str = Field(max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    summary_pulled_at: datetime | None = instant_column(default=None, nullable=True)
    intake_view_id: str | None = Field(default=None, max_length=32)
    # The Promote flight this Spark flight escalates (the hybrid pattern of docs/domain.md: validate, then scale).
    escalated_from_id: int | None = Field(default=None, foreign_key="campaign.id")
    created_by: str = Field(max_length=32)
    created_at: datetime = instant_column()
    updated_by: str = Field(max_length=32)
    updated_at: datetime = instant_column()


class Authorization(SQLModel, table=True):
    """A creator's Spark authorization for one post and one ad account: only when it expires."""

    __tablename__ = "spark_authorization"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    post_url: str = Field(max_length=500)
    ad_account_id: str = Field(max_length=32)
    expires_at: datetime = instant_column()
    created_at: datetime = instant_column()
    updated_at: datetime = instant_column()


class AuthorizationRenewal(SQLModel, table=True):
    __tablename__ = "authorization_renewal"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    authorization_id: int = Field(foreign_key="spark_authorization.id", index=True)
    previous_expires_at: datetime = instant_column()
    new_expires_at: datetime = instant_column()
    renewed_by: str = Field(max_length=32)
    renewed_at: datetime = instant_column()


class Reminder(SQLModel, table=True):
    __tablename__ = "reminder"
    __table_args__ = (
        sa.Index("ix_reminder_due", "team_id", "status", "available_at"),
        sa.Index("ix_reminder_campaign", "team_id", "campaign_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    campaign_id: int = Field(foreign_key="campaign.id")
    authorization_id: int | None = Field(default=None, foreign_key="spark_authorization.id")
    kind: Kind = enum_column(Kind, 32)
    # The instant the plan gave it; replanning keeps a reminder whose planned instant is unchanged.
    planned_at: datetime = instant_column()
    # The owner's day the plan first gave it, when working days moved it off a day off (docs/schedule.md).
    moved_from: date | None = Field(default=None, nullable=True)
    # When it should reach the owner: the planned instant, or later once snoozed. Lateness counts from here.
    due_at: datetime = instant_column()
    # When it may next be claimed: its due time, or later after a 429 or a failed attempt.
    available_at: datetime = instant_column()
    status: ReminderStatus = enum_column(ReminderStatus, 16, default=ReminderStatus.PENDING)
    claim_token: str | None = Field(default=None, max_length=36)
    lease_until: datetime | None = instant_column(default=None, nullable=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    late: bool = False
    slack_channel: str | None = Field(default=None, max_length=32)
    slack_ts: str | None = Field(default=None, max_length=32)
    sent_at: datetime | None = instant_column(default=None, nullable=True)
    closed_by: str | None = Field(default=None, max_length=32)
    # Sends handed to Slack whose answer never came (a crash, a read timeout). Counted before each send,
    # taken back when Slack answers: left above zero on a sent reminder, it may have arrived twice.
    unanswered_sends: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = instant_column()
    updated_at: datetime = instant_column()


class SummaryPost(SQLModel, table=True):
    """A flight's summary message still to post (or posted): claimed and leased like a reminder."""

    __tablename__ = "summary_post"
    __table_args__ = (
        sa.Index("ix_summary_post_due", "team_id", "status", "available_at"),
        sa.Index("ux_summary_post_campaign", "campaign_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    campaign_id: int = Field(foreign_key="campaign.id")
    # Where the intake was submitted: the summary is tried there first, every time.
    channel_id: str = Field(max_length=32)
    status: SummaryStatus = enum_column(SummaryStatus, 16, default=SummaryStatus.PENDING)
    available_at: datetime = instant_column()
    claim_token: str | None = Field(default=None, max_length=36)
    lease_until: datetime | None = instant_column(default=None, nullable=True)
    attempts: int = 0
    unanswered_sends: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = instant_column()
    updated_at: datetime = instant_column()


class Event(SQLModel, table=True):
    """Append-only: who changed what, and when."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    actor: str = Field(max_length=32)
    action: str = Field(max_length=64)
    detail: dict = json_column(default_factory=dict)
    at: datetime = instant_column()


class CampaignResult(SQLModel, table=True):
    """A flight's post-campaign figures (bot/core/results.py), one row per flight, corrected in place.

    The columns are the two tools' figures under one name each: `views` is Promote's views or Spark's
    video views, `follows` Promote's new followers or Spark's follows, `clicks` Promote's website
    clicks or Spark's clicks. What was entered before a correction is in the event log.
    """

    __tablename__ = "campaign_result"
    __table_args__ = (sa.Index("ux_campaign_result_campaign", "campaign_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    tool: Tool = enum_column(Tool, 16)
    spent: Decimal = Field(sa_type=sa.Numeric(16, 3))
    impressions: int | None = Field(default=None, sa_type=sa.BigInteger)
    views: int | None = Field(default=None, sa_type=sa.BigInteger)
    profile_visits: int | None = Field(default=None, sa_type=sa.BigInteger)
    follows: int | None = Field(default=None, sa_type=sa.BigInteger)
    clicks: int | None = Field(default=None, sa_type=sa.BigInteger)
    conversions: int | None = Field(default=None, sa_type=sa.BigInteger)
    conversion_value: Decimal | None = Field(default=None, sa_type=sa.Numeric(16, 3))
    # The results card in the flight's thread, edited in place when the figures are corrected.
    card_channel: str | None = Field(default=None, max_length=32)
    card_ts: str | None = Field(default=None, max_length=32)
    entered_by: str = Field(max_length=32)
    entered_at: datetime = instant_column()
    updated_by: str = Field(max_length=32)
    updated_at: datetime = instant_column()


class PromoteTest(SQLModel, table=True):
    """A Promote test (docs/domain.md): several posts of one client, each its own flight, ranked together.

    Open while it takes candidates; closed once its winner is called. Its home message lives in the
    channel the intake came from.
    """

    __tablename__ = "promote_test"
    __table_args__ = (sa.Index("ix_promote_test_team_channel_status", "team_id", "channel_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    client: str = Field(max_length=200)
    objective: str = Field(max_length=80)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    status: PromoteTestStatus = enum_column(PromoteTestStatus, 16, default=PromoteTestStatus.OPEN)
    owner_id: str = Field(max_length=32)
    # Who pressed "Call the winner", and when: a call made before every candidate had its figures.
    called_by: str | None = Field(default=None, max_length=32)
    called_at: datetime | None = instant_column(default=None, nullable=True)
    # The call as made, however it was made (storage/promote_tests.py): {"flights": the candidates it
    # ranked, "winner": the winning flight or null when too close, "remade_from": the winner before a
    # correction re-made the call}. Results that arrive later are shown beside it, never in it.
    call: dict | None = json_column(default=None, nullable=True)
    # The Spark Ads flight the winner was escalated to.
    escalated_to_id: int | None = Field(default=None, foreign_key="campaign.id")
    created_by: str = Field(max_length=32)
    created_at: datetime = instant_column()
    updated_at: datetime = instant_column()


class PromoteTestFlight(SQLModel, table=True):
    """One candidate of a Promote test: a Promote flight belongs to one test at most."""

    __tablename__ = "promote_test_flight"
    __table_args__ = (sa.Index("ix_promote_test_flight_test", "team_id", "test_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    test_id: int = Field(foreign_key="promote_test.id")
    campaign_id: int = Field(foreign_key="campaign.id", unique=True)
    added_by: str = Field(max_length=32)
    added_at: datetime = instant_column()


class Renewal(SQLModel, table=True):
    """Where the renewal of one Spark code stands (docs/domain.md): one row per authorization, its latest round.

    A swapped renewal is over; the next request or code for the same ad account starts a new round in this row.
    Who did what, and when, round after round, is in the event log.
    """

    __tablename__ = "code_renewal"
    __table_args__ = (sa.Index("ux_code_renewal_authorization", "team_id", "authorization_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    authorization_id: int = Field(foreign_key="spark_authorization.id")
    state: RenewalState = enum_column(RenewalState, 16)
    requested_by: str | None = Field(default=None, max_length=32)
    requested_at: datetime | None = instant_column(default=None, nullable=True)
    # The modal whose "I've sent it" recorded the latest request: a resubmission of it records nothing more.
    request_view_id: str | None = Field(default=None, max_length=32)
    received_by: str | None = Field(default=None, max_length=32)
    received_at: datetime | None = instant_column(default=None, nullable=True)
    # While a new code waits to be swapped in: the expiry of the code still in Ads Manager (docs/schedule.md).
    swap_by: datetime | None = instant_column(default=None, nullable=True)
    swapped_by: str | None = Field(default=None, max_length=32)
    swapped_at: datetime | None = instant_column(default=None, nullable=True)
    created_at: datetime = instant_column()
    updated_at: datetime = instant_column()
