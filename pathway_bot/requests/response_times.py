"""Response times: how long each step of a request may take, and how long it has left.

Targets are area data (response_times in flows/area/request_lifecycle.yaml), counted in the
area's working days: acknowledged (first claimed) within 3 working days of being raised;
decided at the first allocations meeting held 2 working days or more after it was raised;
first contact from the key worker within 10 working days of allocation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.area.lifecycle import ResponseTime
from pathway_bot.area.meetings import MeetingCalendar
from pathway_bot.area.working_days import WorkingDays
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.lifecycle import FINAL_STATUSES, UNFINISHED_STATUSES

ACKNOWLEDGE = "acknowledge"
DECIDE = "decide"
FIRST_CONTACT = "first_contact"


@dataclass(frozen=True)
class TargetClock:
    """One target for one request: when it is due, whether it was met, the time left."""

    target: str
    due_on: date
    met_on: date | None
    working_days_left: int | None  # None once met; below 0 when overdue
    needs_confirming: bool  # the area has still to confirm the target

    @property
    def overdue(self) -> bool:
        return self.met_on is None and (self.working_days_left or 0) < 0

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on


@dataclass(frozen=True)
class Breach:
    request_id: str
    reference: str
    district: str
    status: str
    target: str
    due_on: date
    working_days_over: int


class ResponseTimes:
    def __init__(self, *, targets: dict[str, ResponseTime], working_days: WorkingDays,
                 calendar: MeetingCalendar):
        self.targets = targets
        self.working_days = working_days
        self.calendar = calendar

    def day_of(self, moment: datetime) -> date:
        return self.calendar.local_date(moment)

    def decide_by(self, request: SupportRequest) -> date:
        """The first meeting held the target's working days or more after it was raised."""
        earliest = self.working_days.add(self.day_of(request.created_at),
                                         self.targets[DECIDE].working_days)
        return self.calendar.next_meeting(request.district, earliest)

    def listed_for(self, request: SupportRequest) -> date:
        """The meeting the request is listed for: its decision's, unless carried forward."""
        return request.meeting_on or self.decide_by(request)

    def clocks(self, request: SupportRequest, today: date) -> list[TargetClock]:
        """Each target that applies: met, or still running while the request is open."""
        raised = self.day_of(request.created_at)
        candidates = [
            (ACKNOWLEDGE, self.working_days.add(raised, self.targets[ACKNOWLEDGE].working_days),
             request.acknowledged_at),
            (DECIDE, self.decide_by(request), request.decided_at)]
        if request.allocated_at is not None:
            start = self.day_of(request.allocated_at)
            candidates.append((FIRST_CONTACT, self.working_days.add(
                start, self.targets[FIRST_CONTACT].working_days), request.first_contact_at))
        return [clock for clock in (self._clock(request, target, due, met, today)
                                    for target, due, met in candidates) if clock is not None]

    def _clock(self, request: SupportRequest, target: str, due: date,
               met: datetime | None, today: date) -> TargetClock | None:
        confirm = self.targets[target].confirm
        if met is not None:
            return TargetClock(target, due, self.day_of(met), None, confirm)
        if request.status in FINAL_STATUSES or request.erased_at is not None:
            return None  # nothing more will happen: no clock runs
        return TargetClock(target, due, None, self.working_days.between(today, due), confirm)

    def time_left(self, request: SupportRequest, today: date) -> TargetClock | None:
        """The target that is running now (the earliest due), or None."""
        running = [c for c in self.clocks(request, today) if c.met_on is None]
        return min(running, key=lambda c: c.due_on, default=None)

    def is_overdue(self, request: SupportRequest, today: date) -> bool:
        return any(clock.overdue for clock in self.clocks(request, today))

    def breaches(self, requests: Iterable[SupportRequest], today: date) -> list[Breach]:
        return [Breach(r.id, r.reference, r.district, r.status, c.target, c.due_on,
                       -(c.working_days_left or 0))
                for r in requests for c in self.clocks(r, today) if c.overdue]


def unfinished_requests(session: Session, *where) -> list[SupportRequest]:
    """Requests whose clocks may still run, oldest first."""
    return list(session.scalars(
        select(SupportRequest)
        .where(SupportRequest.status.in_(UNFINISHED_STATUSES),
               SupportRequest.erased_at.is_(None), *where)
        .order_by(SupportRequest.created_at, SupportRequest.id)))


def ageing_report(session: Session, times: ResponseTimes, *, area: str, district_ids:
                  tuple[str, ...], today: date) -> dict[str, list[Breach]]:
    """Every response time missed and still open, by district (each district listed, with
    none for a district that has no breach): what the daily ageing report prints."""
    found = times.breaches(unfinished_requests(session, SupportRequest.area == area), today)
    return {district: [b for b in found if b.district == district]
            for district in district_ids}


def overdue_counts(session: Session, times: ResponseTimes, *, area: str,
                   districts: tuple[str, ...], today: date) -> Counter[tuple[str, str]]:
    """How many open requests have missed each response time today: {(district, target): n}.
    The same clocks as the ageing report, read from the few columns they need (no request is
    loaded whole), for the insights."""
    r = SupportRequest
    rows = session.execute(
        select(r.district, r.status, r.created_at, r.acknowledged_at, r.decided_at,
               r.allocated_at, r.first_contact_at, r.erased_at)
        .where(r.area == area, r.district.in_(districts), r.status.in_(UNFINISHED_STATUSES),
               r.erased_at.is_(None)))
    # A row has every attribute the clocks read, by the same names as a request. Requests
    # alike in what the clocks read (the days, and which targets are met) share one reading:
    # a year of open requests is then a few hundred readings, not one each.
    counts: Counter[tuple[str, str]] = Counter()
    late: dict[tuple, list[str]] = {}
    for row in rows:
        alike = (row.district, row.status, times.day_of(row.created_at),
                 row.acknowledged_at is None, row.decided_at is None,
                 row.allocated_at and times.day_of(row.allocated_at),
                 row.first_contact_at is None)
        targets = late.get(alike)
        if targets is None:
            targets = late[alike] = [c.target for c in times.clocks(cast(Any, row), today)
                                     if c.overdue]
        for target in targets:
            counts[(row.district, target)] += 1
    return counts


def clock_as_dict(clock: TargetClock | None) -> dict | None:
    if clock is None:
        return None
    return {"target": clock.target, "due_on": clock.due_on.isoformat(),
            "met_on": clock.met_on.isoformat() if clock.met_on else None,
            "working_days_left": clock.working_days_left, "overdue": clock.overdue,
            "met_late": clock.met_late, "needs_confirming": clock.needs_confirming}
