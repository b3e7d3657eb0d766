"""Several local areas: each conversation, request for support and API key belongs to one.

Every row written before this belongs to Gloucestershire, the one area served until now; the
server default fills it in. A district id is unique only within its area, so the allocations
queue gets an index by area and district. The district-only queue index stays while queue
queries still filter by district alone; drop it once they all name the area.

SQLite (3.35 and later) adds and drops a plain column in place, so no table is rebuilt:
batch mode's copy-and-rename would fail on request_event's foreign key to support_request
while foreign_keys is on, and a migration runs inside a transaction, where that pragma
cannot be turned off.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DEFAULT_AREA = "gloucestershire"
TABLES_WITH_AN_AREA = ("conversation", "support_request", "api_key")


def upgrade() -> None:
    for table in TABLES_WITH_AN_AREA:
        op.add_column(table, sa.Column("area", sa.String(40), nullable=False,
                                       server_default=DEFAULT_AREA))
    op.create_index("ix_support_request_area_queue", "support_request",
                    ["area", "district", "status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_support_request_area_queue", table_name="support_request")
    for table in TABLES_WITH_AN_AREA:
        op.drop_column(table, "area")
