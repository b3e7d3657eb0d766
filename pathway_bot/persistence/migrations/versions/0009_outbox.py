"""The outbox of messages to families and practitioners, and the language each request's
family reads.

Requests stored before this migration get English: nothing recorded their language until now.
The column is added and dropped in place, not with batch mode's copy-and-rename, which fails
on SQLite while the foreign keys to support_request are on (see 0006).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("support_request", sa.Column("locale", sa.String(10), server_default="en",
                                               nullable=False))
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("request_id", sa.String(32), sa.ForeignKey("support_request.id"),
                  nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("locale", sa.String(10), nullable=False),
        sa.Column("address", sa.Text()),
        sa.Column("subject", sa.Text()),
        sa.Column("body", sa.Text()),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime()),
        sa.Column("last_error", sa.String(80)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime()),
    )
    op.create_index("ix_outbox_message_due", "outbox_message", ["state", "next_attempt_at"])
    op.create_index("ix_outbox_message_request_id", "outbox_message", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_message_request_id", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.drop_table("outbox_message")
    op.drop_column("support_request", "locale")
