"""Where a request stands, in plain words for the family who raised it."""

from __future__ import annotations

import json
from datetime import date, datetime

from babel import UnknownLocaleError
from babel.dates import format_date

from pathway_bot.area.meetings import MeetingCalendar
from pathway_bot.i18n import Catalogs
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.lifecycle import (
    ALLOCATED,
    CLAIMED,
    CLOSED,
    DECLINED,
    IN_REVIEW,
    PLANNED,
    QUEUED,
)


def describe_status_for_family(request: SupportRequest, catalogs: Catalogs,
                               calendar: MeetingCalendar, locale: str, *, now: datetime) -> str:
    """E.g. 'Waiting for the Stroud allocations meeting on Tuesday 2 December.'"""
    text = catalogs.text
    district = text(f"district.{request.district}", locale)
    if request.erased_at is not None:
        return text("request.status.erased", locale)
    if request.status == QUEUED:
        return text("request.status.queued", locale, district=district,
                    date=meeting_day_for_family(request, catalogs, calendar, locale, now))
    if request.status == CLAIMED:
        return text("request.status.claimed", locale, district=district)
    decision = json.loads(request.decision or "{}")
    if request.status == ALLOCATED:
        return _allocated(decision, text, locale, district)
    if request.status == DECLINED:
        return _declined(decision, text, locale, district)
    if request.status in (PLANNED, IN_REVIEW, CLOSED):
        return text(f"lifecycle.status.{request.status}", locale)
    return text("request.status.withdrawn", locale)


def meeting_day_for_family(request: SupportRequest, catalogs: Catalogs,
                           calendar: MeetingCalendar, locale: str, now: datetime) -> str:
    """The day of the district's next allocations meeting, e.g. 'Tuesday 2 December'."""
    day = calendar.next_meeting(request.district, calendar.local_date(now))
    return day_for_family(day, catalogs, locale)


def day_for_family(day: date, catalogs: Catalogs, locale: str) -> str:
    """A day as families read it, e.g. 'Tuesday 2 December'."""
    pattern = catalogs.text("request.meeting_date_format", locale)
    try:
        return format_date(day, pattern, locale=locale)
    except (UnknownLocaleError, ValueError, LookupError):  # unknown to Babel: use English
        return format_date(day, pattern, locale="en")


def _allocated(decision: dict, text, locale: str, district: str) -> str:
    lead = (decision.get("lead_professional") or {}).get("name")
    who = decision.get("to") or lead
    if not who:
        return text("request.status.allocated", locale, district=district)
    return text("request.status.allocated_to", locale, district=district, to=who)


def _declined(decision: dict, text, locale: str, district: str) -> str:
    said = text("request.status.declined", locale, district=district,
                reason=decision.get("reason") or "")
    if decision.get("signposted_to"):
        said += " " + text("request.status.signposted", locale,
                           signposted_to=decision["signposted_to"])
    return said
