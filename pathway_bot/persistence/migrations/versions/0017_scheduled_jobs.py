"""Scheduled jobs: when each last ran, so that the workers of every server together run each
job once in its period (a PostgreSQL advisory lock lets one of them at a time look).

Revision ID: 0017
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_job",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("last_started_at", UTCDateTime(), nullable=True),
        sa.Column("last_finished_at", UTCDateTime(), nullable=True),
        sa.Column("last_outcome", sa.String(200), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scheduled_job")
