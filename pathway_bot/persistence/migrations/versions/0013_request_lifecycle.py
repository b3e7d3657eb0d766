"""After allocation: response times, a named key worker, the plan and its reviews.

support_request gains when it was acknowledged (first claimed), decided and allocated and
when the key worker first contacted the family, each filled in from the audit trail for
requests already stored; the meeting it is listed for and the one it missed; the key
worker (their key, first name and role, the family's preference), the plan (outcomes and
their priority, the family's say in how often it is reviewed), the next review date; and
the request a new assessment follows from.

Columns are added in place (see 0006: no batch copy on SQLite).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

MOMENTS = {"acknowledged_at": "('claim')", "decided_at": "('allocate', 'decline')",
           "allocated_at": "('allocate')", "first_contact_at": "('first_contact')"}
DAYS = ("meeting_on", "carried_from", "next_review_on")
TEXTS = ("key_worker", "plan")


def upgrade() -> None:
    for name in MOMENTS:
        op.add_column("support_request", sa.Column(name, UTCDateTime(), nullable=True))
    for name in DAYS:
        op.add_column("support_request", sa.Column(name, sa.Date, nullable=True))
    for name in TEXTS:
        op.add_column("support_request", sa.Column(name, sa.Text, nullable=True))
    op.add_column("support_request",
                  sa.Column("key_worker_key_id", sa.String(32), nullable=True))
    op.add_column("support_request",
                  sa.Column("follows_request_id", sa.String(32), nullable=True))
    op.create_index("ix_support_request_key_worker", "support_request",
                    ["key_worker_key_id", "status"])
    for name, actions in MOMENTS.items():
        op.execute(f"UPDATE support_request SET {name} = (SELECT MIN(at) FROM request_event "
                   "WHERE request_event.request_id = support_request.id AND "
                   f"request_event.action IN {actions})")


def downgrade() -> None:
    op.drop_index("ix_support_request_key_worker", table_name="support_request")
    for name in ("follows_request_id", "key_worker_key_id", *reversed(TEXTS),
                 *reversed(DAYS), *reversed(MOMENTS)):
        op.drop_column("support_request", name)
