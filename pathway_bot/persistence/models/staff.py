"""Staff accounts for the console, their recovery codes, and what an allocations meeting
decided.

A staff account belongs to one area and acts for some of its districts, as an API key does.
Only hashes of passwords, set-up links and recovery codes are kept; the TOTP secret must be
read back to check a code, so it is encrypted (see pathway_bot.staff.totp), never hashed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pathway_bot.persistence.base import Base, UTCDateTime, area_column


class StaffAccount(Base):
    """A coordinator, key worker, service manager or administrator who signs in."""

    __tablename__ = "staff_account"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    area: Mapped[str] = area_column()
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    # Space-separated district ids of the account's area, as on an API key.
    districts: Mapped[str] = mapped_column(String(400))
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    # Fernet token of the base32 secret; set while enrolling, confirmed by `enrolled_at`.
    totp_secret: Mapped[str | None] = mapped_column(Text, default=None)
    # The last TOTP time step accepted: a code from it or an earlier one is never taken again.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, default=None)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # sha256 of the one-time set-up link's token, and when it stops working.
    setup_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    setup_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Failed sign-ins within the current window, when the window began, and any lock.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failures_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Bumped when the account is reset or disabled: every session signed in before ends.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    __table_args__ = (UniqueConstraint("area", "email", name="uq_staff_account_area_email"),)

    @property
    def district_ids(self) -> tuple[str, ...]:
        return tuple(self.districts.split())

    @property
    def active(self) -> bool:
        return self.disabled_at is None


class StaffRecoveryCode(Base):
    """One of the ten recovery codes shown once at enrolment; only its keyed hash is kept."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("staff_account.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    __table_args__ = (Index("ix_staff_recovery_code_account_id", "account_id"),)


class MeetingDecision(Base):
    """What an allocations meeting decided about one request, recorded during the meeting.

    The request's own history says what happened to it; this says which meeting decided it,
    so a past meeting can be read back with its decisions.
    """

    __tablename__ = "meeting_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area: Mapped[str] = area_column()
    district: Mapped[str] = mapped_column(String(40))
    meeting_date: Mapped[str] = mapped_column(String(10))  # ISO date, the area's calendar day
    request_id: Mapped[str] = mapped_column(ForeignKey("support_request.id"))
    reference: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(20))  # allocate | decline | transfer | defer
    note: Mapped[str | None] = mapped_column(Text, default=None)
    actor_id: Mapped[str] = mapped_column(String(32))
    actor_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_meeting_decision_meeting", "area", "district", "meeting_date"),)


class RequestTransfer(Base):
    """A request moved to another district's group: both groups can read it back."""

    __tablename__ = "request_transfer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area: Mapped[str] = area_column()
    request_id: Mapped[str] = mapped_column(ForeignKey("support_request.id"))
    from_district: Mapped[str] = mapped_column(String(40))
    to_district: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_id: Mapped[str | None] = mapped_column(String(32), default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_request_transfer_from", "area", "from_district", "at"),
        Index("ix_request_transfer_request_id", "request_id", "id"),
    )
