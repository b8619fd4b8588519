"""campaign.escalated_from_id: a Spark flight escalating a Promote flight

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalated_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_campaign_escalated_from", "campaign", ["escalated_from_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_constraint("fk_campaign_escalated_from", type_="foreignkey")
        batch_op.drop_column("escalated_from_id")
