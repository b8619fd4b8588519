"""calendar_feed: the links people subscribe to in their calendars

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("lookup", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ux_calendar_feed_lookup", "calendar_feed", ["lookup"], unique=True)
    op.create_index("ix_calendar_feed_subject", "calendar_feed", ["team_id", "scope", "user_id", "channel_id"])


def downgrade() -> None:
    op.drop_index("ix_calendar_feed_subject", table_name="calendar_feed")
    op.drop_index("ux_calendar_feed_lookup", table_name="calendar_feed")
    op.drop_table("calendar_feed")
