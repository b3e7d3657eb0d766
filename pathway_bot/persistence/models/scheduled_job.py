"""When each scheduled job last ran, shared by every server's worker: with the job's
PostgreSQL advisory lock held, a worker runs a job only if no other ran it in its period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pathway_bot.persistence.base import Base, UTCDateTime


class ScheduledJobRun(Base):
    __tablename__ = "scheduled_job"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Counts and error classes only: never personal data.
    last_outcome: Mapped[str | None] = mapped_column(String(200), default=None)
    runs: Mapped[int] = mapped_column(Integer, default=0)
