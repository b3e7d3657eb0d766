"""Requests for support remember what their Idempotency-Key was sent with.

A retry must be the same request: the key used again with a different body was answered,
silently, with the first request. A hash of the canonical body is now stored with the
request, so such a reuse can be refused. Rows already stored have none, and are taken as
matching whatever is sent (nothing can be told of them).

SQLite adds and drops a plain column in place (see 0006).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("support_request",
                  sa.Column("idempotency_body_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("support_request", "idempotency_body_hash")
