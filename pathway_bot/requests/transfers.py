"""Moving a request to another district's allocations group: the wrong district, or the
family moved.

A transfer is not a status: a queued request stays queued, in the new district's queue in
its old place (oldest first); a request its coordinator holds is let go as it moves, for the
new group to take. Both groups can read it back: the new one in the request's history and
its queue, the old one in its list of requests transferred out (reference, where, why).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from pathway_bot.area import Area
from pathway_bot.errors import Conflict, ValidationFailed
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.persistence.models.staff import MeetingDecision, RequestTransfer
from pathway_bot.requests.lifecycle import CLAIMED, OPEN_STATUSES, QUEUED, next_status
from pathway_bot.requests.moves import Actor, record_event
from pathway_bot.requests.queue import get_request

TRANSFER = "transfer"
REASON_MAX = 2000
# How many of the latest transfers out a group's list shows.
TRANSFERS_OUT_SHOWN = 50


@dataclass(frozen=True)
class TransferOut:
    reference: str
    from_district: str
    to_district: str
    reason: str
    at: datetime
    by: str


def transfer_request(session: Session, scope, request_id: str, *, area: Area,
                     to_district: str, reason: str, actor: Actor, now: datetime
                     ) -> SupportRequest:
    """Move an open request (queued, or held by the caller) to `to_district`'s group.

    `scope` is whoever acts (an API key or a staff account): the request must be in one of
    their districts; the destination may be any district of the area. ValidationFailed
    (422), or Conflict (409) if someone else holds it or it has been decided; nothing
    changes then.
    """
    request = get_request(session, scope, request_id)
    _check(area, request, to_district, reason)
    before, from_district = request.status, request.district
    if before not in OPEN_STATUSES:
        raise Conflict(f"A request that is {before} cannot be transferred.")
    if before == CLAIMED:
        if request.claimed_by != scope.id:
            raise Conflict("Another coordinator holds this request. They can release it.")
        next_status(before, "release")  # held by the caller: it is let go as it moves
    condition = [SupportRequest.id == request.id, SupportRequest.status == before,
                 SupportRequest.district == from_district]
    condition.append(SupportRequest.claimed_by == scope.id if before == CLAIMED
                     else SupportRequest.claimed_by.is_(None))
    values = {"district": to_district, "status": QUEUED, "claimed_by": None,
              "claimed_at": None, "updated_at": now}
    with unit_of_work(session):
        moved = session.execute(update(SupportRequest).where(*condition).values(**values)
                                .execution_options(synchronize_session=False))
        if moved.rowcount != 1:
            raise Conflict("Someone else changed this request just now. Open it again.")
        for name, value in values.items():
            set_committed_value(request, name, value)
        record_event(session, request, action=TRANSFER, actor=actor, from_status=before,
                     to_status=QUEUED, now=now,
                     note=f"from {from_district} to {to_district}: {reason.strip()}")
        session.add(RequestTransfer(area=request.area, request_id=request.id,
                                    from_district=from_district, to_district=to_district,
                                    reason=reason.strip(), actor_name=actor.name,
                                    actor_id=actor.key_id, at=now))
    return request


def _check(area: Area, request: SupportRequest, to_district: str, reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if area.district(to_district) is None:
        errors["district"] = [f"give one of {', '.join(area.district_ids)}"]
    elif to_district == request.district:
        errors["district"] = ["the request is in this district already: choose another"]
    if not reason or not reason.strip() or len(reason.strip()) > REASON_MAX:
        errors["reason"] = [f"say why, in 1 to {REASON_MAX} characters"]
    if errors:
        raise ValidationFailed("The request could not be transferred: see errors.",
                               errors=errors)


def transfers_out(session: Session, scope) -> list[TransferOut]:
    """The latest requests moved out of the caller's districts, newest first."""
    rows = session.execute(
        select(RequestTransfer, SupportRequest.reference)
        .join(SupportRequest, SupportRequest.id == RequestTransfer.request_id)
        .where(RequestTransfer.area == scope.area,
               RequestTransfer.from_district.in_(scope.district_ids))
        .order_by(RequestTransfer.at.desc(), RequestTransfer.id.desc())
        .limit(TRANSFERS_OUT_SHOWN))
    return [TransferOut(reference, t.from_district, t.to_district, t.reason, t.at,
                        t.actor_name) for t, reference in rows]


def transferred_in(session: Session, request_ids: list[str]) -> dict[str, RequestTransfer]:
    """The latest transfer of each of these requests that has one: where it came from."""
    latest: dict[str, RequestTransfer] = {}
    if not request_ids:
        return latest
    for transfer in session.scalars(select(RequestTransfer)
                                    .where(RequestTransfer.request_id.in_(request_ids))
                                    .order_by(RequestTransfer.id)):
        latest[transfer.request_id] = transfer
    return latest


def erase_transfer_words(session: Session, request: SupportRequest) -> None:
    """Erasure blanks why a request was moved and what a meeting noted of it (they may name
    the family's circumstances); that it was moved, and decided, stays. The caller commits."""
    session.execute(update(RequestTransfer).where(RequestTransfer.request_id == request.id)
                    .values(reason=""))
    session.execute(update(MeetingDecision).where(MeetingDecision.request_id == request.id)
                    .values(note=None))
