"""A conversation: one person's walk through a flow. Holds their answers until erased."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
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
