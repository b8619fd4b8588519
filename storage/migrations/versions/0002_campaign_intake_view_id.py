"""campaign.intake_view_id: one campaign per submitted intake modal

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intake_view_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ux_campaign_team_intake_view", ["team_id", "intake_view_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index("ux_campaign_team_intake_view")
        batch_op.drop_column("intake_view_id")
