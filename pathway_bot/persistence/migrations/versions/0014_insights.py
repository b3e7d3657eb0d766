"""Insights for service managers: anonymous rows that outlive conversations, feedback from
families, and equality monitoring answers kept apart from everything else.

conversation_insight is filled by the insights roll-up from the conversations already
stored (nothing to copy here); insight_count holds how many of its rows share each set of
values, which is what the insights pages read. request_insight times each request from its
audit trail (insight_mark says how far the roll-up has read it).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import DEFAULT_AREA, UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _area() -> sa.Column:
    return sa.Column("area", sa.String(40), nullable=False, server_default=DEFAULT_AREA)


def upgrade() -> None:
    op.create_table(
        "conversation_insight",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        sa.Column("revision", sa.Integer, nullable=True),
        _area(),
        sa.Column("flow", sa.String(40), nullable=False),
        sa.Column("locale", sa.String(12), nullable=False),
        sa.Column("district", sa.String(40), nullable=True),
        sa.Column("age_band", sa.String(10), nullable=True),
        sa.Column("last_question", sa.String(80), nullable=False),
        sa.Column("reached", sa.Text, nullable=False),
        sa.Column("finished", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("needs", sa.String(400), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_insight"),
    )
    op.create_index("uq_conversation_insight_conversation_id", "conversation_insight",
                    ["conversation_id"], unique=True)
    op.create_index("ix_conversation_insight_area_month", "conversation_insight",
                    ["area", "month", "district"])
    op.create_table(
        "insight_count",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("group_key", sa.String(64), nullable=False),
        _area(),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("flow", sa.String(40), nullable=False),
        sa.Column("locale", sa.String(12), nullable=False),
        sa.Column("district", sa.String(40), nullable=True),
        sa.Column("age_band", sa.String(10), nullable=True),
        sa.Column("finished", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("needs", sa.String(400), nullable=False),
        sa.Column("last_question", sa.String(80), nullable=False),
        sa.Column("reached", sa.Text, nullable=False),
        sa.Column("conversations", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_insight_count"),
    )
    op.create_index("uq_insight_count_group_key", "insight_count", ["group_key"], unique=True)
    op.create_index("ix_insight_count_area_month", "insight_count",
                    ["area", "month", "district"])
    op.create_table(
        "request_insight",
        sa.Column("request_id", sa.String(32), nullable=False),
        _area(),
        sa.Column("district", sa.String(40), nullable=False),
        sa.Column("raised", sa.Float, nullable=False),
        sa.Column("firsts", sa.Text, nullable=False),
        sa.Column("left_queue", sa.Float, nullable=True),
        sa.PrimaryKeyConstraint("request_id", name="pk_request_insight"),
    )
    op.create_table(
        "request_milestone",
        sa.Column("request_id", sa.String(32), nullable=False),
        sa.Column("milestone", sa.String(40), nullable=False),
        sa.Column("reached", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("request_id", "milestone", name="pk_request_milestone"),
    )
    op.create_index("ix_request_insight_area_raised", "request_insight", ["area", "raised"])
    op.create_table(
        "insight_mark",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_insight_mark"),
    )
    op.create_table(
        "feedback_answer",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        _area(),
        sa.Column("flow", sa.String(40), nullable=False),
        sa.Column("district", sa.String(40), nullable=True),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_answer"),
    )
    op.create_index("uq_feedback_answer_conversation_subject", "feedback_answer",
                    ["conversation_id", "subject"], unique=True)
    op.create_index("ix_feedback_answer_area_month", "feedback_answer", ["area", "month"])
    op.create_table(
        "equality_answer",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(32), nullable=False),
        _area(),
        sa.Column("district", sa.String(40), nullable=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("ethnicity", sa.String(40), nullable=True),
        sa.Column("gender", sa.String(40), nullable=True),
        sa.Column("disability", sa.String(40), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_equality_answer"),
    )
    op.create_index("uq_equality_answer_conversation_id", "equality_answer",
                    ["conversation_id"], unique=True)
    op.create_index("ix_equality_answer_area_month", "equality_answer", ["area", "month"])


def downgrade() -> None:
    op.drop_table("equality_answer")
    op.drop_table("feedback_answer")
    op.drop_table("insight_count")
    op.drop_table("insight_mark")
    op.drop_table("request_milestone")
    op.drop_table("request_insight")
    op.drop_table("conversation_insight")
