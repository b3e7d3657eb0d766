"""A conversation: one person's walk through a flow. Holds their answers until erased."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pathway_bot.persistence.base import Base, UTCDateTime, area_column


class Conversation(Base):
    __tablename__ = "conversation"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    area: Mapped[str] = area_column()
    token_hash: Mapped[str] = mapped_column(String(64))
    flow: Mapped[str] = mapped_column(String(40))
    flow_version: Mapped[int]
    locale: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(80))
    # The engine's snapshot (path and answers) as compact JSON; see engine.Snapshot.
    snapshot: Mapped[str] = mapped_column(Text)
    # The decided outcome as JSON once the conversation ends; null while it runs.
    outcome: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Bumped on every write: two turns racing on one conversation cannot both land.
    revision: Mapped[int] = mapped_column(default=1)
    # updated_at is deliberately not indexed: every turn rewrites it, and only the daily
    # purge reads by it (migration 0004).


class ResumeCode(Base):
    """A code that brings a saved conversation back on another device. Only its keyed hash
    is kept; it goes with the conversation (erased or purged) and expires on its own."""

    __tablename__ = "resume_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_resume_code_conversation_id", "conversation_id"),)
