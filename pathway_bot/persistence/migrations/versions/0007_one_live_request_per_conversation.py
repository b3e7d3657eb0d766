"""Requests for support: at most one live (not withdrawn) request per conversation.

Two tabs sending the request at once, with different Idempotency-Keys or none, each passed
the service's "already raised?" check before either had committed. The database now refuses
the second insert, and the service answers it with the request that won.

A database that already holds two live requests for one conversation must have one of them
withdrawn before this migration can run.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEX = "uq_support_request_live_conversation"
LIVE = sa.text("conversation_id IS NOT NULL AND status <> 'withdrawn'")


def upgrade() -> None:
    op.create_index(INDEX, "support_request", ["conversation_id"], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="support_request")
