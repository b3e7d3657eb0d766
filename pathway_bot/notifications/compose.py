"""What a message says, and to whom: the reference, the status in plain words, what happens
next and the tracking link, in the family's language.

Never the child's name, their needs, what the coordinator wrote about them, or a staff
member's personal details: a message can be read by whoever holds the phone or the inbox.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from pathway_bot.area.meetings import MeetingCalendar
from pathway_bot.i18n import Catalogs
from pathway_bot.persistence.models.outbox import EMAIL, SMS
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.announcements import ALLOCATED, CARRIED_FORWARD, DECLINED, RAISED
from pathway_bot.requests.contact import channels_safe_to_use
from pathway_bot.requests.family import day_for_family, meeting_day_for_family

FAMILY = "family"
LEAD_PROFESSIONAL = "lead_professional"
# The practitioner who raised a request is told what the allocations group decided.
_DECISIONS = (ALLOCATED, DECLINED)


@dataclass(frozen=True)
class Draft:
    """One message to one address, ready for the outbox."""

    audience: str
    channel: str
    address: str
    locale: str
    subject: str | None
    body: str


class Composer:
    def __init__(self, *, catalogs: Catalogs, calendar: MeetingCalendar, track_url: str):
        self.catalogs = catalogs
        self.calendar = calendar
        self.track_url = track_url

    def drafts(self, request: SupportRequest, event: str, now: datetime) -> list[Draft]:
        """Every message the event causes: to the family on each channel they marked safe,
        and a decision to the practitioner who raised the request."""
        to_family = self._to_family(request, event, now)
        told = {draft.address.casefold() for draft in to_family}
        return to_family + self._to_lead_professional(request, event, now, told)

    def _to_family(self, request: SupportRequest, event: str, now: datetime) -> list[Draft]:
        contact = json.loads(request.contact or "{}")
        safe = channels_safe_to_use(contact)
        drafts = []
        if safe[EMAIL]:
            drafts.append(self._email(FAMILY, contact["email"], request, event, now))
        if safe[SMS]:
            drafts.append(self._sms(contact["phone"], request, event, now))
        return drafts

    def _to_lead_professional(self, request: SupportRequest, event: str, now: datetime,
                              told: set[str]) -> list[Draft]:
        email = (json.loads(request.lead_professional or "null") or {}).get("email")
        if event not in _DECISIONS or not email or email.casefold() in told:
            return []
        return [self._email(LEAD_PROFESSIONAL, email, request, event, now)]

    def _email(self, audience: str, address: str, request: SupportRequest, event: str,
               now: datetime) -> Draft:
        locale = request.locale
        words = self._words(audience, request, event, now)
        body = self._text("notification.email.body", locale, **words)
        subject = self._text(f"notification.{audience}.{event}.subject", locale, **words)
        return Draft(audience, EMAIL, address, locale, subject, body)

    def _sms(self, address: str, request: SupportRequest, event: str, now: datetime) -> Draft:
        words = self._words(FAMILY, request, event, now)
        return Draft(FAMILY, SMS, address, request.locale, None,
                     self._text("notification.sms.body", request.locale, **words))

    def _words(self, audience: str, request: SupportRequest, event: str,
               now: datetime) -> dict[str, str]:
        """The parts every message is made of, in the request's language."""
        locale = request.locale
        prefix = f"notification.{audience}.{event}"
        facts = self._facts(request, event, now)
        return {"reference": request.reference, "track_url": self.track_url,
                "status": self._status(prefix, event, locale, facts),
                "next": self._text(f"{prefix}.next", locale, **facts)}

    def _facts(self, request: SupportRequest, event: str, now: datetime) -> dict[str, str]:
        locale = request.locale
        decision = json.loads(request.decision or "{}")
        facts = {"district": self._text(f"district.{request.district}", locale),
                 # Organisations and services only: never a named member of staff.
                 "to": decision.get("to") or "",
                 "signposted_to": decision.get("signposted_to") or ""}
        if event in (RAISED, CARRIED_FORWARD):
            facts["date"] = meeting_day_for_family(request, self.catalogs, self.calendar,
                                                   locale, now)
        if request.next_review_on is not None:
            facts["review_date"] = day_for_family(request.next_review_on, self.catalogs,
                                                  locale)
        return facts

    def _status(self, prefix: str, event: str, locale: str, facts: dict[str, str]) -> str:
        if event == ALLOCATED and not facts["to"]:
            return self._text(f"{prefix}.status_unnamed", locale, **facts)
        status = self._text(f"{prefix}.status", locale, **facts)
        if event == DECLINED and facts["signposted_to"]:
            status += " " + self._text("notification.declined.signposted", locale, **facts)
        return status

    def _text(self, message_id: str, locale: str, **params: str) -> str:
        return self.catalogs.text(message_id, locale, **params)


class AreaComposers:
    """Each request's messages in its own area's words and meeting dates."""

    def __init__(self, by_area: Mapping[str, Composer], home: str):
        self.by_area = by_area
        self.home = by_area[home]

    def drafts(self, request: SupportRequest, event: str, now: datetime) -> list[Draft]:
        return self.by_area.get(request.area, self.home).drafts(request, event, now)
