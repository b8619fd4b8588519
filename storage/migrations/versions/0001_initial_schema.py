"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("tool", sa.String(length=16), nullable=False),
        sa.Column("ownership", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("decision_reasons", sa.JSON(), nullable=False),
        sa.Column("conflict", sa.String(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("creator_handle", sa.String(length=32), nullable=False),
        sa.Column("post_url", sa.String(length=500), nullable=False),
        sa.Column("objective", sa.String(length=80), nullable=False),
        sa.Column("market", sa.String(length=16), nullable=False),
        sa.Column("account_type", sa.String(length=16), nullable=False),
        sa.Column("budget_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("budget_currency", sa.String(length=3), nullable=False),
        sa.Column("budget_type", sa.String(length=16), nullable=False),
        sa.Column("ad_groups", sa.Integer(), nullable=True),
        sa.Column("disclosure_on", sa.Boolean(), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("owner_tz", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("summary_pulled_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_team_channel", ["team_id", "channel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_team_id"), ["team_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_team_id"), ["team_id"], unique=False)

    op.create_table(
        "spark_authorization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("post_url", sa.String(length=500), nullable=False),
        sa.Column("ad_account_id", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("spark_authorization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spark_authorization_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_spark_authorization_team_id"), ["team_id"], unique=False)

    op.create_table(
        "authorization_renewal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("authorization_id", sa.Integer(), nullable=False),
        sa.Column("previous_expires_at", sa.DateTime(), nullable=False),
        sa.Column("new_expires_at", sa.DateTime(), nullable=False),
        sa.Column("renewed_by", sa.String(length=32), nullable=False),
        sa.Column("renewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorization_id"],
            ["spark_authorization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("authorization_renewal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_authorization_renewal_authorization_id"), ["authorization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_authorization_renewal_team_id"), ["team_id"], unique=False)

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("authorization_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("planned_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("available_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("slack_channel", sa.String(length=32), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorization_id"],
            ["spark_authorization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_campaign", ["team_id", "campaign_id", "status"], unique=False)
        batch_op.create_index("ix_reminder_due", ["team_id", "status", "available_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_due")
        batch_op.drop_index("ix_reminder_campaign")

    op.drop_table("reminder")
    with op.batch_alter_table("authorization_renewal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorization_renewal_team_id"))
        batch_op.drop_index(batch_op.f("ix_authorization_renewal_authorization_id"))

    op.drop_table("authorization_renewal")
    with op.batch_alter_table("spark_authorization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spark_authorization_team_id"))
        batch_op.drop_index(batch_op.f("ix_spark_authorization_campaign_id"))

    op.drop_table("spark_authorization")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_team_id"))
        batch_op.drop_index(batch_op.f("ix_event_campaign_id"))

    op.drop_table("event")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_team_id"))
        batch_op.drop_index("ix_campaign_team_channel")

    op.drop_table("campaign")
