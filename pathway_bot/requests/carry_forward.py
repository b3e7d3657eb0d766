"""A request the allocations group did not decide at the meeting it was listed for goes to the
next one, visibly: an entry in its history (announced, so the family is told through the
outbox) and a flag on the next meeting's agenda. Never silently.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.errors import Conflict
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.lifecycle import OPEN_STATUSES
from pathway_bot.requests.moves import SYSTEM, move
from pathway_bot.requests.response_times import ResponseTimes


def carry_forward_missed_meetings(session: Session, times: ResponseTimes, *, area: str,
                                  now: datetime) -> list[SupportRequest]:
    """Carry every undecided request whose meeting has passed to its district's next one.
    Commits; safe to run again the same day (a request carried is listed for a meeting that
    has not passed yet). Returns the requests carried."""
    today = times.day_of(now)
    carried = []
    with unit_of_work(session):
        waiting = session.scalars(
            select(SupportRequest)
            .where(SupportRequest.area == area, SupportRequest.status.in_(OPEN_STATUSES),
                   SupportRequest.erased_at.is_(None))
            .order_by(SupportRequest.created_at, SupportRequest.id))
        for request in list(waiting):
            missed = times.listed_for(request)
            if missed >= today:
                continue
            to = times.calendar.next_meeting(request.district, today)
            listed = request.meeting_on
            # Another run carrying it at the same moment changes meeting_on first: one wins.
            still = (SupportRequest.meeting_on.is_(None) if listed is None
                     else SupportRequest.meeting_on == listed)
            try:  # a move that loses changes nothing: the rest go on
                move(session, request, "carry_forward", SYSTEM, now=now, guard=(still,),
                     note=f"Not decided at the meeting on {missed.isoformat()}: carried to "
                          f"the meeting on {to.isoformat()}.",
                     meeting_on=to, carried_from=missed)
            except Conflict:
                continue  # carried by the other run, or decided just now
            carried.append(request)
    return carried
