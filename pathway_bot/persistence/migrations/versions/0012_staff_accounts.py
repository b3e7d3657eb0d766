"""Staff accounts for the allocations console, their recovery codes, the decisions an
allocations meeting records, and requests moved from one district's group to another's.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import AREA_ID_LENGTH, DEFAULT_AREA, UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _area() -> sa.Column:
    return sa.Column("area", sa.String(AREA_ID_LENGTH), nullable=False,
                     server_default=DEFAULT_AREA)


def upgrade() -> None:
    op.create_table(
        "staff_account",
        sa.Column("id", sa.String(32), primary_key=True),
        _area(),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("districts", sa.String(400), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("totp_secret", sa.Text, nullable=True),
        sa.Column("totp_last_step", sa.Integer, nullable=True),
        sa.Column("enrolled_at", UTCDateTime(), nullable=True),
        sa.Column("setup_token_hash", sa.String(64), nullable=True),
        sa.Column("setup_expires_at", UTCDateTime(), nullable=True),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failures_since", UTCDateTime(), nullable=True),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("session_generation", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("area", "email", name="uq_staff_account_area_email"),
        sa.UniqueConstraint("setup_token_hash", name="uq_staff_account_setup_token_hash"),
    )
    op.create_table(
        "staff_recovery_code",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(32), sa.ForeignKey("staff_account.id"),
                  nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_staff_recovery_code_account_id", "staff_recovery_code", ["account_id"])
    op.create_table(
        "meeting_decision",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _area(),
        sa.Column("district", sa.String(40), nullable=False),
        sa.Column("meeting_date", sa.String(10), nullable=False),
        sa.Column("request_id", sa.String(32), sa.ForeignKey("support_request.id"),
                  nullable=False),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("actor_id", sa.String(32), nullable=False),
        sa.Column("actor_name", sa.String(120), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_meeting_decision_meeting", "meeting_decision",
                    ["area", "district", "meeting_date"])
    op.create_table(
        "request_transfer",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _area(),
        sa.Column("request_id", sa.String(32), sa.ForeignKey("support_request.id"),
                  nullable=False),
        sa.Column("from_district", sa.String(40), nullable=False),
        sa.Column("to_district", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor_name", sa.String(120), nullable=False),
        sa.Column("actor_id", sa.String(32), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_request_transfer_from", "request_transfer",
                    ["area", "from_district", "at"])
    op.create_index("ix_request_transfer_request_id", "request_transfer", ["request_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_request_transfer_request_id", table_name="request_transfer")
    op.drop_index("ix_request_transfer_from", table_name="request_transfer")
    op.drop_table("request_transfer")
    op.drop_index("ix_meeting_decision_meeting", table_name="meeting_decision")
    op.drop_table("meeting_decision")
    op.drop_index("ix_staff_recovery_code_account_id", table_name="staff_recovery_code")
    op.drop_table("staff_recovery_code")
    op.drop_table("staff_account")
