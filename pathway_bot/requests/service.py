"""Raising, finding, withdrawing and erasing requests for support.

The chat (a conversation reaching an eligible outcome) and practitioners' systems both raise
requests here. Each function that changes something commits its own transaction, except
erasure, which joins the caller's (see erase_requests_for_conversation).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pathway_bot.area.meetings import meeting_calendar
from pathway_bot.assessment import Decision
from pathway_bot.errors import NotEligible, ValidationFailed
from pathway_bot.i18n import SOURCE_LOCALE
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from pathway_bot.requests.contact import clean_contact
from pathway_bot.requests.lifecycle import QUEUED, WITHDRAWN, can, next_status
from pathway_bot.requests.moves import FAMILY, SYSTEM, Actor, move, record_event
from pathway_bot.requests.references import new_reference, normalise_reference
from pathway_bot.runtime import Runtime

SOURCES: tuple[str, ...] = ("conversation", "practitioner")
_MAX_IDEMPOTENCY_KEY = 200


def raise_request(session: Session, runtime: Runtime, *, decision: Decision, answers: dict,
                  source: str, conversation_id: str | None, contact: dict,
                  consent_wording: str, idempotency_key: str | None,
                  lead_professional: dict | None, summary: str | None, now: datetime,
                  raised_by: Actor | None = None, locale: str = SOURCE_LOCALE
                  ) -> SupportRequest:
    """Queue a request for the district's allocations group, or return the one already raised.

    The same idempotency key (per conversation, or per practitioner key) always returns the
    same request, and a conversation has at most one request that is not withdrawn.
    NotEligible (422) carries the reasons, in `locale`, when the outcome does not qualify.
    """
    _check_origin(source, conversation_id, idempotency_key)
    raised_by = raised_by or (FAMILY if source == "conversation" else SYSTEM)
    idempotency_hash = _idempotency_hash(source, conversation_id, raised_by, idempotency_key)
    existing = _already_raised(session, idempotency_hash, conversation_id)
    if existing is not None:
        return existing
    _check_eligible(decision, runtime, locale)
    request = _new_request(runtime, decision, answers, source, conversation_id, contact,
                           consent_wording, lead_professional, summary, now, idempotency_hash)
    session.add(request)
    raised = record_event(session, request, action="raise", actor=raised_by, from_status=None,
                          to_status=QUEUED, now=now)
    return _commit_once(session, request, raised, idempotency_hash, conversation_id)


def _check_origin(source: str, conversation_id: str | None, key: str | None) -> None:
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    if source == "conversation" and not conversation_id:
        raise ValueError("a request from a conversation needs its conversation_id")
    if key is not None and not 1 <= len(key) <= _MAX_IDEMPOTENCY_KEY:
        raise ValidationFailed("The Idempotency-Key must be 1 to 200 characters.",
                               errors={"Idempotency-Key": ["1 to 200 characters"]})


def _idempotency_hash(source: str, conversation_id: str | None, raised_by: Actor,
                      key: str | None) -> str | None:
    # Scoped to whoever sent it, so two clients choosing the same key never collide.
    if key is None:
        return None
    scope = conversation_id if source == "conversation" else f"key:{raised_by.key_id}"
    return hashlib.sha256(f"{source}:{scope}:{key}".encode()).hexdigest()


def _already_raised(session: Session, idempotency_hash: str | None,
                    conversation_id: str | None) -> SupportRequest | None:
    if idempotency_hash is not None:
        found = session.scalar(select(SupportRequest)
                               .where(SupportRequest.idempotency_hash == idempotency_hash))
        if found is not None:
            return found
    if conversation_id is None:
        return None
    return session.scalar(select(SupportRequest)
                          .where(SupportRequest.conversation_id == conversation_id,
                                 SupportRequest.status != WITHDRAWN)
                          .order_by(SupportRequest.created_at.desc()).limit(1))


def rendered_reasons(decision: Decision, runtime: Runtime, locale: str) -> list[str]:
    return [reason.render(runtime.catalogs.text, locale) for reason in decision.reasons]


def _check_eligible(decision: Decision, runtime: Runtime, locale: str) -> None:
    if decision.eligible:
        return
    why = decision.eligibility_reason.render(runtime.catalogs.text, locale)
    raise NotEligible(why, extra={"reasons": rendered_reasons(decision, runtime, locale)})


def _district_of(decision: Decision, runtime: Runtime) -> str:
    district = decision.profile.district
    if district is None or runtime.area.district(district) is None:
        raise ValidationFailed(
            "A request needs the child's district: give a district or a postcode in the area.",
            errors={"district": [f"one of {', '.join(runtime.area.district_ids)}"]})
    return district


def _new_request(runtime: Runtime, decision: Decision, answers: dict, source: str,
                 conversation_id: str | None, contact: dict, consent_wording: str,
                 lead_professional: dict | None, summary: str | None, now: datetime,
                 idempotency_hash: str | None) -> SupportRequest:
    district = _district_of(decision, runtime)
    if not consent_wording or not consent_wording.strip():
        raise ValueError("record the consent wording the person was shown")
    details = clean_contact(contact, required=source == "conversation")
    return SupportRequest(
        id=uuid.uuid4().hex, reference=new_reference(), district=district, status=QUEUED,
        source=source, conversation_id=conversation_id, idempotency_hash=idempotency_hash,
        outcome=decision.outcome, tier=decision.tier, tier_level=decision.tier_level,
        profile=_json(decision.profile.to_dict()), answers=_json(answers or {}),
        reasons=_json(rendered_reasons(decision, runtime, SOURCE_LOCALE)),
        contact=_json(details), lead_professional=_json(lead_professional),
        summary=summary, consent_wording=consent_wording.strip(), consent_given_at=now,
        created_at=now, updated_at=now)


def _commit_once(session: Session, request: SupportRequest, raised: RequestEvent,
                 idempotency_hash: str | None, conversation_id: str | None) -> SupportRequest:
    """Commit; if a twin with the same key won the race, return the twin instead.

    A clash of the random reference is as rare as one in 10^12 and just retried.
    """
    for _attempt in range(3):
        try:
            session.commit()
            return request
        except IntegrityError:
            session.rollback()
            twin = _already_raised(session, idempotency_hash, conversation_id)
            if twin is not None:
                return twin
            request.reference = new_reference()
            session.add_all([request, raised])
    raise RuntimeError("could not store the request; try again")


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False,
                                                 separators=(",", ":"))


def find_request_for_conversation(session: Session, conversation_id: str
                                  ) -> SupportRequest | None:
    """The conversation's latest request, whatever its status; None if it never raised one."""
    return session.scalar(select(SupportRequest)
                          .where(SupportRequest.conversation_id == conversation_id)
                          .order_by(SupportRequest.created_at.desc()).limit(1))


def find_request_by_reference(session: Session, reference: str, conversation_id: str
                              ) -> SupportRequest | None:
    """A family's request by the reference they were given, only within their conversation."""
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    return session.scalar(select(SupportRequest)
                          .where(SupportRequest.reference == normalised,
                                 SupportRequest.conversation_id == conversation_id))


def withdraw_request(session: Session, request: SupportRequest, *, now: datetime,
                     actor: Actor = FAMILY, note: str | None = None) -> SupportRequest:
    """The family withdraws a request still waiting in the queue; 409 once it is picked up."""
    return move(session, request, "withdraw", actor, now=now, note=note)


def next_meeting_for(request: SupportRequest, runtime: Runtime, now: datetime):
    calendar = meeting_calendar(runtime.area)
    return calendar.next_meeting(request.district, calendar.local_date(now))


def request_receipt(request: SupportRequest, runtime: Runtime, now: datetime) -> dict:
    """What the person who raised it is told: reference, district, status, next meeting."""
    return {"id": request.id, "reference": request.reference, "district": request.district,
            "status": request.status,
            "next_meeting": next_meeting_for(request, runtime, now).isoformat()}


def erase_requests_for_conversation(session: Session, conversation_id: str, *,
                                    now: datetime | None = None) -> int:
    """Erasure on request: remove everything personal; keep an anonymous trace for the audit.

    Withdraws requests not yet decided (nobody could act on them without contact details)
    and blanks audit notes, which may name people. Joins the caller's transaction, so the
    conversation and its requests are erased together: the caller commits.
    """
    now = now or utcnow()
    requests = list(session.scalars(select(SupportRequest)
                                    .where(SupportRequest.conversation_id == conversation_id)))
    for request in requests:
        _erase(session, request, now)
    return len(requests)


def _erase(session: Session, request: SupportRequest, now: datetime) -> None:
    before = request.status
    after = next_status(before, "erase") if can(before, "erase") else before
    # Audit notes are redacted in place (a Core update: the ORM refuses to touch the audit).
    session.execute(update(RequestEvent).where(RequestEvent.request_id == request.id)
                    .values(note=None))
    for field in ("profile", "answers", "contact", "lead_professional", "summary",
                  "decision", "conversation_id", "idempotency_hash"):
        setattr(request, field, None)
    request.reasons = None
    request.status, request.updated_at, request.erased_at = after, now, now
    record_event(session, request, action="erase", actor=FAMILY, from_status=before,
                 to_status=after, now=now)
    session.flush()
