"""Requests for support, their audit trail, and API keys.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "support_request",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("district", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        sa.Column("idempotency_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("tier", sa.String(30), nullable=True),
        sa.Column("tier_level", sa.Integer, nullable=True),
        sa.Column("profile", sa.Text, nullable=True),
        sa.Column("answers", sa.Text, nullable=True),
        sa.Column("reasons", sa.Text, nullable=True),
        sa.Column("contact", sa.Text, nullable=True),
        sa.Column("lead_professional", sa.Text, nullable=True),
        sa.Column("summary", sa.Text, nullable=True),
        sa.Column("consent_wording", sa.Text, nullable=False),
        sa.Column("consent_given_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("decision", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("erased_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_support_request_queue", "support_request",
                    ["district", "status", "created_at"])
    op.create_index("ix_support_request_conversation_id", "support_request", ["conversation_id"])
    op.create_table(
        "request_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.String(32), sa.ForeignKey("support_request.id"),
                  nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("actor_name", sa.String(120), nullable=False),
        sa.Column("actor_key_id", sa.String(32), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_request_event_request_id", "request_event", ["request_id", "id"])
    op.create_table(
        "api_key",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("districts", sa.String(400), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("api_key")
    op.drop_index("ix_request_event_request_id", table_name="request_event")
    op.drop_table("request_event")
    op.drop_index("ix_support_request_conversation_id", table_name="support_request")
    op.drop_index("ix_support_request_queue", table_name="support_request")
    op.drop_table("support_request")
