"""code_renewal: where each Spark code's renewal stands (asked, new code in, swapped)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_renewal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("authorization_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=32), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=True),
        sa.Column("request_view_id", sa.String(length=32), nullable=True),
        sa.Column("received_by", sa.String(length=32), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("swap_by", sa.DateTime(), nullable=True),
        sa.Column("swapped_by", sa.String(length=32), nullable=True),
        sa.Column("swapped_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["authorization_id"], ["spark_authorization.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_code_renewal_campaign_id", "code_renewal", ["campaign_id"])
    op.create_index("ux_code_renewal_authorization", "code_renewal", ["team_id", "authorization_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_code_renewal_authorization", table_name="code_renewal")
    op.drop_index("ix_code_renewal_campaign_id", table_name="code_renewal")
    op.drop_table("code_renewal")
