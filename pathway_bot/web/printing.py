"""What a printed summary carries beyond the page: when it was printed, where it came from,
who to call if someone is in danger, and the one next step to take."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.core import UnknownLocaleError
from babel.dates import format_date
from flask import url_for

from pathway_bot.assessment.outcome import help_contacts, present_contact
from pathway_bot.engine.safety_check import HARM
from pathway_bot.extensions import runtime
from pathway_bot.web.locale import current_locale, t


def printed_summary(outcome: dict[str, Any],
                    support_request: dict[str, Any] | None) -> dict[str, Any]:
    service = runtime()
    locale = current_locale()
    profile = outcome.get("profile") or {}
    contacts = help_contacts(service.area, (HARM,), profile.get("respondent", "parent_carer"),
                             profile.get("age"))
    address = service.config.notifications.public_url.rstrip("/") + "/"
    return {
        "printed_on": _long_date(service.requests.calendar.local_date(service.clock()), locale),
        "service_address": address,
        "safety_contacts": [present_contact(c, service.catalogs, locale) for c in contacts],
        "next_step": _next_step(outcome, support_request, address),
    }


def _next_step(outcome: dict[str, Any], support_request: dict[str, Any] | None,
               address: str) -> str:
    if outcome.get("outcome") == "safeguarding":
        return t("web.summary.next.safeguarding")
    if support_request:
        return t("web.summary.next.request_raised", reference=support_request["reference"],
                 address=address.rstrip("/") + url_for("web_requests.track"))
    if (outcome.get("request_for_support") or {}).get("eligible"):
        return t("web.summary.next.can_ask", address=address)
    return t("web.summary.next.services")


def _long_date(day: date, locale: str) -> str:
    try:
        return format_date(day, format="long", locale=locale)
    except (UnknownLocaleError, ValueError, LookupError):
        return format_date(day, format="long", locale="en")
