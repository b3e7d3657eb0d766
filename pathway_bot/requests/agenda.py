"""The next allocations meeting's agenda for a district: as data, and as CSV for the meeting.

The agenda lists only what the group needs to plan the meeting (reference, age, tier, the
main areas of need, who holds it); contact details and the family's own words stay in the
request itself, opened by reference.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathway_bot.area import Area
from pathway_bot.area.meetings import MeetingCalendar
from pathway_bot.errors import NotFound
from pathway_bot.i18n import Catalogs
from pathway_bot.persistence.models.requests import ApiKey, SupportRequest
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.requests.lifecycle import OPEN_STATUSES
from pathway_bot.requests.queue import QUEUE_ORDER

# How the CSV marks a flagged request, for a meeting that reads it on paper.
RISK_MARK = "read first"
# A need at this level or above is "main" for the agenda (SPEC 3: 2 is moderate).
MAIN_NEED_LEVEL = 2
CSV_COLUMNS = ("reference", "raised_on", "district", "source", "tier", "age", "main_needs",
               "status", "claimed_by", "risk_flag", "carried_forward_from")


@dataclass(frozen=True)
class AgendaItem:
    id: str
    reference: str
    raised_on: date
    district: str
    source: str
    tier: str | None
    age: int | None
    main_needs: tuple[str, ...]
    status: str
    claimed_by: str | None
    risk_flag: bool = False  # the family's words may describe a risk: read before the meeting
    # Not decided at this earlier meeting: carried to this one (see requests.carry_forward).
    carried_forward_from: date | None = None


@dataclass(frozen=True)
class Agenda:
    district: str
    district_name: str
    allocations_group: str
    date: date
    date_needs_confirming: bool
    items: tuple[AgendaItem, ...]


def next_meeting_agenda(session: Session, key: ApiKey, district: str, *, area: Area,
                        catalogs: Catalogs, calendar: MeetingCalendar, now: datetime) -> Agenda:
    """Open requests (queued or being looked at) for the district's next meeting, in the
    queue's order: flagged ones first, each group oldest first."""
    found = area.district(district)
    if found is None or key.area != area.id or district not in key.district_ids:
        raise NotFound("There is no district with that id among your districts.")
    text = catalogs.text
    return Agenda(district=district, district_name=text(found.name),
                  allocations_group=text(area.group_for(found)),
                  date=calendar.next_meeting(district, calendar.local_date(now)),
                  date_needs_confirming=calendar.schedule(district).confirm,
                  items=tuple(_items(session, area.id, district, calendar)))


def _items(session: Session, area_id: str, district: str, calendar) -> list[AgendaItem]:
    rows = session.execute(
        select(SupportRequest, func.coalesce(ApiKey.name, StaffAccount.name))
        .outerjoin(ApiKey, ApiKey.id == SupportRequest.claimed_by)
        .outerjoin(StaffAccount, StaffAccount.id == SupportRequest.claimed_by)
        .where(SupportRequest.area == area_id, SupportRequest.district == district,
               SupportRequest.status.in_(OPEN_STATUSES))
        .order_by(*QUEUE_ORDER))
    return [_item(request, holder, calendar) for request, holder in rows]


def _item(request: SupportRequest, holder: str | None, calendar) -> AgendaItem:
    profile = json.loads(request.profile or "{}")
    needs = profile.get("needs") or {}
    main = sorted((area for area, level in needs.items() if level >= MAIN_NEED_LEVEL),
                  key=lambda area: -needs[area])
    return AgendaItem(id=request.id, reference=request.reference,
                      raised_on=calendar.local_date(request.created_at),
                      district=request.district, source=request.source, tier=request.tier,
                      age=profile.get("age"), main_needs=tuple(main), status=request.status,
                      claimed_by=holder, risk_flag=request.risk_flag,
                      carried_forward_from=request.carried_from)


def agenda_as_dict(agenda: Agenda) -> dict:
    return {
        "district": agenda.district, "district_name": agenda.district_name,
        "allocations_group": agenda.allocations_group, "date": agenda.date.isoformat(),
        "date_needs_confirming": agenda.date_needs_confirming,
        "items": [_item_dict(item) for item in agenda.items],
    }


def _item_dict(item: AgendaItem) -> dict:
    return {"id": item.id, "reference": item.reference, "raised_on": item.raised_on.isoformat(),
            "district": item.district, "source": item.source, "tier": item.tier,
            "age": item.age, "main_needs": list(item.main_needs), "status": item.status,
            "claimed_by": item.claimed_by, "risk_flag": item.risk_flag,
            "carried_forward_from": item.carried_forward_from.isoformat()
            if item.carried_forward_from else None}


def agenda_as_csv(agenda: Agenda) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in agenda.items:
        row = _item_dict(item)
        row["main_needs"] = ";".join(item.main_needs)
        row["risk_flag"] = RISK_MARK if item.risk_flag else ""
        writer.writerow([_safe_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _safe_cell(value) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: never let data do that.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
