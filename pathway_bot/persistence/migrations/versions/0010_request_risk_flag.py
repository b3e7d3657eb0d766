"""Requests for support: a risk flag, set when the family's words may describe a risk.

A request is flagged when its free text (the family's own words, the practitioner's summary,
notes added when raising it) reads as harm or self-harm to the safety net, when the family
was asked the safety check, or when they told us of self-harm. Coordinators see flagged
requests first: the queue lists and pulls them before the others, each group oldest first.
Rows stored before this were never read by the net; they stay unflagged.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("support_request", sa.Column("risk_flag", sa.Boolean(), nullable=False,
                                               server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("support_request", "risk_flag")
