"""The district allocations queue, as coordinators work it: list, pull, claim, decide, release.

Every function takes the coordinator's key: a request in another district is NotFound (404),
as if it did not exist, so a key never learns what other districts hold.

The queue's order: flagged requests first (the family's words may describe a risk: read
before the meeting), then the rest; within each, oldest first (then by id, so the order is
total). Listing, pulling and the meeting's agenda all keep it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from pathway_bot.area import Area
from pathway_bot.errors import Conflict, NotFound, ValidationFailed
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import ApiKey, RequestEvent, SupportRequest
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.requests.keys import KEY_WORKER, find_key_worker
from pathway_bot.requests.lifecycle import CLAIMED, QUEUED, STATUSES, next_status
from pathway_bot.requests.moves import Actor, move, record_event

# Who holds each request, read in the same query as the requests.
_WITH_HOLDER = (joinedload(SupportRequest.holder), joinedload(SupportRequest.staff_holder))
QUEUE_ORDER = (SupportRequest.risk_flag.desc(), SupportRequest.created_at, SupportRequest.id)


def _in_scope_of(key: ApiKey) -> tuple:
    """A key sees its own area's requests in its own districts, nothing else; a key worker's
    key, only the requests allocated to them."""
    if key.role == KEY_WORKER:
        return (SupportRequest.area == key.area, SupportRequest.key_worker_key_id == key.id)
    return (SupportRequest.area == key.area, SupportRequest.district.in_(key.district_ids))


def in_scope(key: ApiKey, request: SupportRequest) -> bool:
    if request.area != key.area:
        return False
    if key.role == KEY_WORKER:
        return request.key_worker_key_id == key.id
    return request.district in key.district_ids


@dataclass(frozen=True)
class Page:
    items: list[SupportRequest]
    page: int
    per_page: int
    total: int


def list_requests(session: Session, key: ApiKey, *, status: str | None, page: int,
                  per_page: int) -> Page:
    """The key's districts' requests in the queue's order: flagged first, then oldest first."""
    where = [*_in_scope_of(key)]
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        where.append(SupportRequest.status == status)
    total = session.scalar(select(func.count()).select_from(SupportRequest).where(*where))
    items = session.scalars(select(SupportRequest).where(*where).options(*_WITH_HOLDER)
                            .order_by(*QUEUE_ORDER)
                            .offset((page - 1) * per_page).limit(per_page))
    return Page(list(items), page, per_page, total or 0)


def list_raised_by(session: Session, key: ApiKey, *, status: str | None, page: int,
                   per_page: int) -> Page:
    """The requests this key raised (a practitioner's own), whatever their district, oldest
    first."""
    where = [SupportRequest.area == key.area, SupportRequest.raised_by_key_id == key.id]
    if status is not None:
        where.append(SupportRequest.status == status)
    total = session.scalar(select(func.count()).select_from(SupportRequest).where(*where))
    items = session.scalars(select(SupportRequest).where(*where)
                            .order_by(SupportRequest.created_at, SupportRequest.id)
                            .offset((page - 1) * per_page).limit(per_page))
    return Page(list(items), page, per_page, total or 0)


def get_request(session: Session, key: ApiKey, request_id: str) -> SupportRequest:
    request = session.get(SupportRequest, request_id, options=list(_WITH_HOLDER))
    if request is None or not in_scope(key, request):
        raise NotFound("There is no request with that id in your districts.")
    return request


def request_history(session: Session, key: ApiKey, request_id: str) -> list[RequestEvent]:
    get_request(session, key, request_id)
    return list(session.scalars(select(RequestEvent)
                                .where(RequestEvent.request_id == request_id)
                                .order_by(RequestEvent.id)))


def pull_next_request(session: Session, key: ApiKey, *, now: datetime
                      ) -> SupportRequest | None:
    """Claim and return the first queued request in the key's districts in the queue's order
(the oldest flagged one, else the oldest); None if none wait.

    One statement picks and claims: UPDATE ... WHERE id = (the oldest queued) RETURNING.
    PostgreSQL locks the chosen row FOR UPDATE SKIP LOCKED, so concurrent pulls each take a
    different request without waiting; SQLite runs one writer at a time (BEGIN IMMEDIATE).
    Either way the update also requires the row to be still queued.
    """
    claimed = next_status(QUEUED, "claim")
    oldest = (select(SupportRequest.id)
              .where(*_in_scope_of(key), SupportRequest.status == QUEUED)
              .order_by(*QUEUE_ORDER).limit(1)
              .with_for_update(skip_locked=True)  # rendered only where the database has it
              .scalar_subquery())
    request = session.scalars(
        update(SupportRequest)
        .where(SupportRequest.id == oldest, SupportRequest.status == QUEUED)
        .values(status=claimed, claimed_by=key.id, claimed_at=now, updated_at=now,
                acknowledged_at=func.coalesce(SupportRequest.acknowledged_at, now))
        .returning(SupportRequest)
        .execution_options(synchronize_session=False, populate_existing=True)).one_or_none()
    if request is None:
        session.rollback()
        return None
    record_event(session, request, action="claim", actor=Actor.from_key(key),
                 from_status=QUEUED, to_status=claimed, now=now, note="pulled from the queue")
    session.commit()
    return request


def claim_request(session: Session, key: ApiKey, request_id: str, *, now: datetime
                  ) -> SupportRequest:
    """Claim a queued request; claiming one you already hold changes nothing."""
    request = get_request(session, key, request_id)
    if request.status == CLAIMED and request.claimed_by == key.id:
        return request
    _not_held_by_someone_else(request, key)
    with unit_of_work(session):
        return move(session, request, "claim", Actor.from_key(key), now=now,
                    claimed_by=key.id, claimed_at=now,
                    acknowledged_at=request.acknowledged_at or now)


def release_request(session: Session, key: ApiKey, request_id: str, *, now: datetime,
                    note: str | None = None) -> SupportRequest:
    """Put a claimed request back in the queue, where it keeps its place (oldest first)."""
    request = _held_request(session, key, request_id, "release")
    with unit_of_work(session):
        return move(session, request, "release", Actor.from_key(key), now=now, note=note,
                    held_by=key.id, claimed_by=None, claimed_at=None)


def allocate_request(session: Session, key: ApiKey, request_id: str, *, now: datetime,
                     to: str | None, lead_professional: dict | None, note: str | None,
                     key_worker: dict | None = None, area: Area | None = None,
                     key_worker_account: StaffAccount | None = None) -> SupportRequest:
    """Allocate to a service or lead professional and, with `key_worker` ({"key", "first_name",
    "role", "family_preference"}), name the key worker the family can contact: their key
    then sees the request. Only a first name and a role are kept for the family to see.
    With `key_worker_account` (a key worker who signs in to the console), that person is
    named instead, and sees the request on their own pages."""
    request = _held_request(session, key, request_id, "allocate")
    decision = {"to": to, "lead_professional": lead_professional, "note": note}
    named: dict = {}
    if key_worker is not None:
        if area is None:
            raise ValueError("naming a key worker needs the area their key belongs to")
        worker = find_key_worker(session, area, key_worker["key"])
        named = {"key_worker_key_id": worker.id, "key_worker": _json(
            {"first_name": key_worker["first_name"], "role": key_worker["role"],
             "family_preference": key_worker.get("family_preference")})}
    elif key_worker_account is not None:
        if key_worker_account.role != KEY_WORKER or key_worker_account.area != request.area \
                or request.district not in key_worker_account.district_ids \
                or not key_worker_account.active:
            raise ValidationFailed("Name a key worker who works in the request's district.",
                                   errors={"key_worker": ["no such key worker"]})
        named = {"key_worker_key_id": key_worker_account.id, "key_worker": _json(
            {"first_name": key_worker_account.name.split()[0], "role": "key worker",
             "family_preference": None})}
    with unit_of_work(session):
        return move(session, request, "allocate", Actor.from_key(key), now=now, note=note,
                    held_by=key.id, decision=_json(decision), allocated_at=now,
                    decided_at=now, **named)


def decline_request(session: Session, key: ApiKey, request_id: str, *, now: datetime,
                    reason: str, signposted_to: str | None) -> SupportRequest:
    """Decline with a reason and signposting; both are shown to the family."""
    request = _held_request(session, key, request_id, "decline")
    decision = {"reason": reason, "signposted_to": signposted_to}
    with unit_of_work(session):
        return move(session, request, "decline", Actor.from_key(key), now=now, note=reason,
                    held_by=key.id, decision=_json(decision), decided_at=now)


def _held_request(session: Session, key: ApiKey, request_id: str, action: str
                  ) -> SupportRequest:
    request = get_request(session, key, request_id)
    next_status(request.status, action)  # an illegal move is refused before anything else
    _not_held_by_someone_else(request, key)
    return request


def _not_held_by_someone_else(request: SupportRequest, key: ApiKey) -> None:
    if request.status == CLAIMED and request.claimed_by != key.id:
        raise Conflict("Another coordinator holds this request. They can release it.")


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
