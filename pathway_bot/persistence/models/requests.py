"""Requests for support, their append-only audit trail, and the API keys that act on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, event, false, text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from pathway_bot.persistence.base import Base, UTCDateTime, area_column

if TYPE_CHECKING:
    from pathway_bot.persistence.models.staff import StaffAccount

LIVE_REQUEST = text("conversation_id IS NOT NULL AND status <> 'withdrawn'")


class SupportRequest(Base):
    """One request for support to a district's allocations group.

    Carries everything already told (profile, answers, reasons) so nobody is asked twice.
    JSON columns are compact text so SQLite and PostgreSQL behave the same.
    """

    __tablename__ = "support_request"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    area: Mapped[str] = area_column()
    district: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    conversation_id: Mapped[str | None] = mapped_column(String(32), default=None)
    # sha256 of "<scope>:<Idempotency-Key>"; unique, so a retried request can never insert twice.
    idempotency_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # sha256 of the canonical body the key was first sent with: the key again with another
    # body is refused (migration 0008).
    idempotency_body_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    outcome: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str | None] = mapped_column(String(30), default=None)
    tier_level: Mapped[int | None] = mapped_column(Integer, default=None)
    profile: Mapped[str | None] = mapped_column(Text, default=None)
    answers: Mapped[str | None] = mapped_column(Text, default=None)
    reasons: Mapped[str | None] = mapped_column(Text, default=None)
    contact: Mapped[str | None] = mapped_column(Text, default=None)
    # The family's language (the conversation's locale): what their messages are written in.
    locale: Mapped[str] = mapped_column(String(10), server_default="en")
    lead_professional: Mapped[str | None] = mapped_column(Text, default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    # The family's words may describe a risk: coordinators read it before the meeting, and
    # the queue puts it first (migration 0010).
    risk_flag: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_wording: Mapped[str] = mapped_column(Text)
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(32), default=None)
    # The coordinator's key that holds it. No foreign key: a request keeps its history
    # even if the key is ever deleted. The queue's queries join it in (see requests.queue).
    holder: Mapped[ApiKey | None] = relationship(
        primaryjoin="foreign(SupportRequest.claimed_by) == ApiKey.id", viewonly=True)
    # Or the staff account that holds it, claimed in the allocations console.
    staff_holder: Mapped[StaffAccount | None] = relationship(
        primaryjoin="foreign(SupportRequest.claimed_by) == StaffAccount.id", viewonly=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # What the allocations group decided, as JSON: {"to", "lead_professional", "note"} or
    # {"reason", "signposted_to"}. The decline reason and signposting are shown to the family.
    decision: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The story told once (migration 0011), each JSON text: who the child or young person
    # is; their own view, kept apart from the adult's words; the agencies already involved;
    # what has been tried; who gave consent, when and how; and, for a practitioner's
    # request, the family's contact (`contact` is whoever raised it).
    child: Mapped[str | None] = mapped_column(Text, default=None)
    child_view: Mapped[str | None] = mapped_column(Text, default=None)
    agencies: Mapped[str | None] = mapped_column(Text, default=None)
    tried: Mapped[str | None] = mapped_column(Text, default=None)
    consent_record: Mapped[str | None] = mapped_column(Text, default=None)
    family_contact: Mapped[str | None] = mapped_column(Text, default=None)
    # HMAC of the child's normalised name and date of birth: links likely duplicates
    # without keeping the pair for the match (see requests.story.match_key).
    match_key: Mapped[str | None] = mapped_column(String(64), default=None)
    likely_duplicate_of: Mapped[str | None] = mapped_column(String(32), default=None)
    # The practitioner's key that raised it, for `?raised_by=me`.
    raised_by_key_id: Mapped[str | None] = mapped_column(String(32), default=None)
    # After allocation (migration 0013). When the response times were met: acknowledged
    # (first claimed), decided (allocated or declined), allocated, first contacted by the
    # key worker.
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    allocated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The allocations meeting it is listed for (None: the first one its decision is due at)
    # and, once carried forward, the meeting it missed.
    meeting_on: Mapped[date | None] = mapped_column(Date, default=None)
    carried_from: Mapped[date | None] = mapped_column(Date, default=None)
    # The key worker's key (scopes a key_worker key) and, as JSON, who the family can
    # contact: {"first_name", "role", "family_preference"}; never a phone number.
    key_worker_key_id: Mapped[str | None] = mapped_column(String(32), default=None)
    key_worker: Mapped[str | None] = mapped_column(Text, default=None)
    # JSON: {"outcomes": [{"outcome", "priority"}], "plan", "review_every_weeks",
    # "family_say_on_reviews"}.
    plan: Mapped[str | None] = mapped_column(Text, default=None)
    next_review_on: Mapped[date | None] = mapped_column(Date, default=None)
    # A new assessment (a step up, a new concern) follows on from this request.
    follows_request_id: Mapped[str | None] = mapped_column(String(32), default=None)

    @property
    def holder_name(self) -> str | None:
        """Whoever holds it, by key or staff account; None while nobody does."""
        if self.claimed_by is None:
            return None
        held = self.holder or self.staff_holder
        return held.name if held is not None else "unknown"

    __table_args__ = (
        # The queue: a district's requests in one status, oldest first.
        Index("ix_support_request_queue", "district", "status", "created_at"),
        # The same queue once it is read by area as well: a district id is unique only
        # within its area (migration 0006).
        Index("ix_support_request_area_queue", "area", "district", "status", "created_at"),
        Index("ix_support_request_conversation_id", "conversation_id"),
        # One live request per conversation, whatever the Idempotency-Key: two tabs raising
        # at once cannot both insert (migration 0007).
        Index("uq_support_request_live_conversation", "conversation_id", unique=True,
              sqlite_where=LIVE_REQUEST, postgresql_where=LIVE_REQUEST),
        Index("ix_support_request_match_key", "area", "match_key"),
        Index("ix_support_request_raised_by", "raised_by_key_id", "created_at"),
        Index("ix_support_request_key_worker", "key_worker_key_id", "status"),
    )


class RequestEvent(Base):
    """One step in a request's life: who did what, when. Append-only."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("support_request.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20), default=None)
    to_status: Mapped[str] = mapped_column(String(20))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_key_id: Mapped[str | None] = mapped_column(String(32), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    # Declared so a new request is inserted before its first event; never loaded by accident.
    request: Mapped[SupportRequest] = relationship(lazy="raise")

    __table_args__ = (Index("ix_request_event_request_id", "request_id", "id"),)


class RequestAddition(Base):
    """Something the family added after raising the request ("things got worse at school").

    Its audit event records that it happened; the words live here, where erasure can
    remove them (the audit trail itself is never changed).
    """

    __tablename__ = "request_addition"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("support_request.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("request_event.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str | None] = mapped_column(Text, default=None)
    # Set when the coordinator holding the request first reads it; new until then.
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    __table_args__ = (Index("ix_request_addition_request_id", "request_id", "id"),)


class ApiKey(Base):
    """A coordinator's or practitioner's key. Only a hash of the key itself is kept."""

    __tablename__ = "api_key"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    area: Mapped[str] = area_column()
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    # Space-separated district ids of the key's area: a short list, read with the key on every call.
    districts: Mapped[str] = mapped_column(String(400))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the key, shown by list-keys so a person can tell keys apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    @property
    def district_ids(self) -> tuple[str, ...]:
        return tuple(self.districts.split())

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class AuditIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry through the ORM."""


@event.listens_for(Session, "before_flush")
def _keep_audit_append_only(session: Session, _context, _instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, RequestEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditIsAppendOnly("request_event rows are never changed or deleted")
