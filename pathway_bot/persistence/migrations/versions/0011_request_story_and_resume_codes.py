"""A request tells the story once; additions to a request; codes to resume a conversation.

support_request gains the child's or young person's details, their own view, the agencies
involved, what has been tried, the consent record and, for practitioners' requests, the
family's contact (each JSON text); a keyed hash of the child's name and date of birth with
the likely duplicate it links to; and the practitioner key that raised it, filled in from
the audit trail for requests already stored.

request_addition holds what a family adds later, apart from the audit trail so erasure can
remove the words. resume_code holds only hashes, and goes with its conversation.

Columns are added in place (see 0006: no batch copy on SQLite).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STORY_TEXT_COLUMNS = ("child", "child_view", "agencies", "tried", "consent_record",
                      "family_contact")


def upgrade() -> None:
    for name in STORY_TEXT_COLUMNS:
        op.add_column("support_request", sa.Column(name, sa.Text, nullable=True))
    op.add_column("support_request", sa.Column("match_key", sa.String(64), nullable=True))
    op.add_column("support_request",
                  sa.Column("likely_duplicate_of", sa.String(32), nullable=True))
    op.add_column("support_request", sa.Column("raised_by_key_id", sa.String(32), nullable=True))
    op.create_index("ix_support_request_match_key", "support_request", ["area", "match_key"])
    op.create_index("ix_support_request_raised_by", "support_request",
                    ["raised_by_key_id", "created_at"])
    op.execute("UPDATE support_request SET raised_by_key_id = ("
               "SELECT actor_key_id FROM request_event WHERE request_event.request_id = "
               "support_request.id AND request_event.action = 'raise' LIMIT 1) "
               "WHERE source = 'practitioner'")
    op.create_table(
        "request_addition",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.String(32), sa.ForeignKey("support_request.id"),
                  nullable=False),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("request_event.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("read_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_request_addition_request_id", "request_addition", ["request_id", "id"])
    op.create_table(
        "resume_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("conversation_id", sa.String(32),
                  sa.ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_resume_code_conversation_id", "resume_code", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_resume_code_conversation_id", table_name="resume_code")
    op.drop_table("resume_code")
    op.drop_index("ix_request_addition_request_id", table_name="request_addition")
    op.drop_table("request_addition")
    op.drop_index("ix_support_request_raised_by", table_name="support_request")
    op.drop_index("ix_support_request_match_key", table_name="support_request")
    for name in ("raised_by_key_id", "likely_duplicate_of", "match_key",
                 *reversed(STORY_TEXT_COLUMNS)):
        op.drop_column("support_request", name)
