"""Conversations.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("flow", sa.String(40), nullable=False),
        sa.Column("flow_version", sa.Integer, nullable=False),
        sa.Column("locale", sa.String(12), nullable=False),
        sa.Column("state", sa.String(80), nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ix_conversation_updated_at", "conversation", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_conversation_updated_at", table_name="conversation")
    op.drop_table("conversation")
