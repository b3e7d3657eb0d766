"""What an allocations meeting decided, recorded during it, and past meetings read back.

The request's own history records each move; a decision here says which meeting took it
(or that the meeting put the request off to the next one), under the person's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathway_bot.errors import NotFound
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.persistence.models.staff import MeetingDecision
from pathway_bot.requests.moves import Actor

OUTCOMES: tuple[str, ...] = ("allocate", "decline", "transfer", "defer")
PAST_MEETINGS_SHOWN = 30


@dataclass(frozen=True)
class PastMeeting:
    district: str
    meeting_date: date
    decisions: int


def record_decision(session: Session, request: SupportRequest, *, district: str,
                    meeting_date: date, outcome: str, note: str | None, actor: Actor,
                    now: datetime) -> MeetingDecision:
    """Record it against `district`'s meeting on `meeting_date` (the request's district when
    the meeting took it: a transferred request has moved on since)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}")
    decision = MeetingDecision(area=request.area, district=district,
                               meeting_date=meeting_date.isoformat(), request_id=request.id,
                               reference=request.reference, outcome=outcome, note=note,
                               actor_id=actor.key_id or "", actor_name=actor.name, at=now)
    with unit_of_work(session):
        session.add(decision)
    return decision


def decisions_at(session: Session, scope, district: str, meeting_date: date
                 ) -> list[MeetingDecision]:
    if district not in scope.district_ids:
        raise NotFound("There is no district with that id among your districts.")
    return list(session.scalars(
        select(MeetingDecision)
        .where(MeetingDecision.area == scope.area, MeetingDecision.district == district,
               MeetingDecision.meeting_date == meeting_date.isoformat())
        .order_by(MeetingDecision.at, MeetingDecision.id)))


def past_meetings(session: Session, scope, *, before: date) -> list[PastMeeting]:
    """Meetings in the scope's districts that recorded decisions, latest first."""
    rows = session.execute(
        select(MeetingDecision.district, MeetingDecision.meeting_date, func.count())
        .where(MeetingDecision.area == scope.area,
               MeetingDecision.district.in_(scope.district_ids),
               MeetingDecision.meeting_date < before.isoformat())
        .group_by(MeetingDecision.district, MeetingDecision.meeting_date)
        .order_by(MeetingDecision.meeting_date.desc(), MeetingDecision.district)
        .limit(PAST_MEETINGS_SHOWN))
    return [PastMeeting(district, date.fromisoformat(day), count)
            for district, day, count in rows]
