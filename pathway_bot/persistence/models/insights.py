"""What service managers' figures are made of, kept apart from conversations and requests.

`ConversationInsight` is one anonymous row per conversation: the flow, its language, the
district, an age band, the questions reached, the outcome and the month it started. While
the conversation lives the row names it (so it can be brought up to date); when the
conversation is purged or erased the link is cut and the row stays, naming nobody.

`FeedbackAnswer` is "was this helpful?" about a conversation or one suggested service, with
an optional short comment. `EqualityAnswer` holds the optional equality monitoring answers
(special-category data): apart from everything else, erased with the conversation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pathway_bot.persistence.base import Base, UTCDateTime, area_column


class ConversationInsight(Base):
    __tablename__ = "conversation_insight"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The live conversation this row describes; NULL once it is purged or erased.
    conversation_id: Mapped[str | None] = mapped_column(String(32), default=None)
    # The conversation's revision the row was made from: a newer one needs a new row.
    revision: Mapped[int | None] = mapped_column(Integer, default=None)
    area: Mapped[str] = area_column()
    flow: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(12))
    district: Mapped[str | None] = mapped_column(String(40), default=None)
    age_band: Mapped[str | None] = mapped_column(String(10), default=None)
    # The question the conversation is at (or stopped at), and every question it reached,
    # space-separated, in the order asked: never an answer.
    last_question: Mapped[str] = mapped_column(String(80))
    reached: Mapped[str] = mapped_column(Text, default="")
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    # safeguarding | out_of_scope | a tier (universal ... targeted); NULL while unfinished.
    outcome: Mapped[str | None] = mapped_column(String(30), default=None)
    # The need areas at "moderate" or above, space-separated and space-wrapped (" a b ").
    needs: Mapped[str] = mapped_column(String(400), default=" ")
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM the conversation started

    __table_args__ = (
        Index("uq_conversation_insight_conversation_id", "conversation_id", unique=True),
        Index("ix_conversation_insight_area_month", "area", "month", "district"),
    )


class InsightCount(Base):
    """How many anonymous rows share one set of values: what the insights pages read, so a
    page adds up a few thousand groups rather than every conversation. Kept by the roll-up
    in the same transaction as the rows it counts."""

    __tablename__ = "insight_count"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # sha256 of the values below: one row per distinct set of them.
    group_key: Mapped[str] = mapped_column(String(64))
    area: Mapped[str] = area_column()
    month: Mapped[str] = mapped_column(String(7))
    flow: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(12))
    district: Mapped[str | None] = mapped_column(String(40), default=None)
    age_band: Mapped[str | None] = mapped_column(String(10), default=None)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(30), default=None)
    needs: Mapped[str] = mapped_column(String(400), default=" ")
    last_question: Mapped[str] = mapped_column(String(80))
    reached: Mapped[str] = mapped_column(Text, default="")
    conversations: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("uq_insight_count_group_key", "group_key", unique=True),
        Index("ix_insight_count_area_month", "area", "month", "district"),
    )


class RequestInsight(Base):
    """One request as insights time it: when it was raised and when it first reached each
    status (seconds since 1970), kept by the roll-up from the audit trail, which is append-
    only: the roll-up reads only the entries after the last one it read."""

    __tablename__ = "request_insight"

    request_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    area: Mapped[str] = area_column()
    district: Mapped[str] = mapped_column(String(40))
    raised: Mapped[float] = mapped_column(Float)
    # {status: seconds} of the first time the request reached each status, as JSON.
    firsts: Mapped[str] = mapped_column(Text, default="{}")
    # When it first moved to a status outside the queue (None: still waiting).
    left_queue: Mapped[float | None] = mapped_column(Float, default=None)

    __table_args__ = (Index("ix_request_insight_area_raised", "area", "raised"),)


class RequestMilestone(Base):
    """When a request first reached a milestone of `flows/area/insights.yaml` (allocation,
    first contact): seconds since 1970."""

    __tablename__ = "request_milestone"

    request_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    milestone: Mapped[str] = mapped_column(String(40), primary_key=True)
    reached: Mapped[float] = mapped_column(Float)


class InsightMark(Base):
    """How far a roll-up has read (e.g. the last audit entry it counted)."""

    __tablename__ = "insight_mark"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class FeedbackAnswer(Base):
    __tablename__ = "feedback_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Which conversation gave it, while that conversation lives: a second answer replaces
    # the first, and erasure removes the comment. NULL once the conversation is gone.
    conversation_id: Mapped[str | None] = mapped_column(String(32), default=None)
    area: Mapped[str] = area_column()
    flow: Mapped[str] = mapped_column(String(40))
    district: Mapped[str | None] = mapped_column(String(40), default=None)
    # "conversation", or the id of the suggested Local Offer service it is about.
    subject: Mapped[str] = mapped_column(String(40))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    month: Mapped[str] = mapped_column(String(7))

    __table_args__ = (
        Index("uq_feedback_answer_conversation_subject", "conversation_id", "subject",
              unique=True),
        Index("ix_feedback_answer_area_month", "area", "month"),
    )


class EqualityAnswer(Base):
    __tablename__ = "equality_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(32))
    area: Mapped[str] = area_column()
    district: Mapped[str | None] = mapped_column(String(40), default=None)
    month: Mapped[str] = mapped_column(String(7))
    # Codes (see insights.equality); "prefer_not_to_say" or NULL (not answered) always allowed.
    ethnicity: Mapped[str | None] = mapped_column(String(40), default=None)
    gender: Mapped[str | None] = mapped_column(String(40), default=None)
    disability: Mapped[str | None] = mapped_column(String(40), default=None)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("uq_equality_answer_conversation_id", "conversation_id", unique=True),
        Index("ix_equality_answer_area_month", "area", "month"),
    )
