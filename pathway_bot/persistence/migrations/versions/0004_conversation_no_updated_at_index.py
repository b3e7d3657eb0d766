"""Conversations: drop the index on updated_at.

Every chat turn rewrites updated_at, so the index cost every turn a second B-tree change (on
SQLite it doubled the UPDATE) to serve only the daily purge, which can read the table.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_conversation_updated_at", table_name="conversation")


def downgrade() -> None:
    op.create_index("ix_conversation_updated_at", "conversation", ["updated_at"])
