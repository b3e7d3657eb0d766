"""The outbox: each message to a family or a practitioner, written in the same transaction as
the change that causes it, and sent later by `pathway-bot worker`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway_bot.persistence.base import Base, UTCDateTime
from pathway_bot.persistence.models.requests import SupportRequest

# A message's life: queued (waiting, perhaps until a retry is due) -> sending (held by one
# worker until lease_until) -> sent, or back to queued after a failure, or dead after too many.
QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DEAD = "dead"
STATES: tuple[str, ...] = (QUEUED, SENDING, SENT, DEAD)

EMAIL = "email"
SMS = "sms"
CHANNELS: tuple[str, ...] = (EMAIL, SMS)


class OutboxMessage(Base):
    """One message on one channel. Its id is the email's Message-ID and Notify's reference,
    so a duplicate (a worker dying between handing it over and marking it sent) is known.

    Once sent, the address, subject and body are blanked: the row keeps only what the audit
    needs (which request, what kind, when, and how it ended).
    """

    __tablename__ = "outbox_message"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("support_request.id"))
    kind: Mapped[str] = mapped_column(String(30))  # the event: raised, claimed, allocated ...
    audience: Mapped[str] = mapped_column(String(20))  # family | lead_professional
    channel: Mapped[str] = mapped_column(String(10))
    locale: Mapped[str] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(Text, default=None)
    subject: Mapped[str | None] = mapped_column(Text, default=None)
    body: Mapped[str | None] = mapped_column(Text, default=None)
    state: Mapped[str] = mapped_column(String(10))
    # Incremented each time a worker claims the message; it also tells a worker whose lease
    # ran out that the message is no longer its own.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Why the last attempt failed, as a code (e.g. "smtp 451"): never the server's words,
    # which can repeat the address.
    last_error: Mapped[str | None] = mapped_column(String(80), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Declared so a new request is inserted before its messages; never loaded by accident.
    request: Mapped[SupportRequest] = relationship(lazy="raise")

    __table_args__ = (
        # What workers look for: messages due now, oldest first.
        Index("ix_outbox_message_due", "state", "next_attempt_at"),
        Index("ix_outbox_message_request_id", "request_id"),
    )
