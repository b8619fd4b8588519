"""campaign_result: a flight's post-campaign figures

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=16), nullable=False),
        sa.Column("spent", sa.Numeric(16, 3), nullable=False),
        sa.Column("impressions", sa.BigInteger(), nullable=True),
        sa.Column("views", sa.BigInteger(), nullable=True),
        sa.Column("profile_visits", sa.BigInteger(), nullable=True),
        sa.Column("follows", sa.BigInteger(), nullable=True),
        sa.Column("clicks", sa.BigInteger(), nullable=True),
        sa.Column("conversions", sa.BigInteger(), nullable=True),
        sa.Column("conversion_value", sa.Numeric(16, 3), nullable=True),
        sa.Column("card_channel", sa.String(length=32), nullable=True),
        sa.Column("card_ts", sa.String(length=32), nullable=True),
        sa.Column("entered_by", sa.String(length=32), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_result_team_id", "campaign_result", ["team_id"])
    op.create_index("ux_campaign_result_campaign", "campaign_result", ["campaign_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_campaign_result_campaign", table_name="campaign_result")
    op.drop_index("ix_campaign_result_team_id", table_name="campaign_result")
    op.drop_table("campaign_result")
