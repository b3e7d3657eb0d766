"""The outcome a person reads (SPEC section 4): the decision, in words, with where to go next."""

from __future__ import annotations

from typing import Any

from pathway_bot.area import Area, Contact
from pathway_bot.assessment.decision import Decision
from pathway_bot.i18n import Catalogs

CONTACTS_FOR_OUTCOME = {"safeguarding": "safeguarding", "out_of_scope": "out_of_scope"}


def present_contact(contact: Contact, catalogs: Catalogs, locale: str) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": contact.id,
        "name": catalogs.text(contact.name, locale),
        "description": catalogs.text(contact.description, locale),
    }
    for field in ("phone", "email", "url"):
        if getattr(contact, field):
            shown[field] = getattr(contact, field)
    if contact.confirm:
        shown["check"] = catalogs.text("contact.confirm", locale)
    return shown


def outcome_contacts(decision: Decision, area: Area, catalogs: Catalogs,
                     locale: str) -> list[dict[str, Any]]:
    situation = CONTACTS_FOR_OUTCOME.get(decision.outcome)
    if situation is None:
        return []
    return [present_contact(c, catalogs, locale) for c in area.contacts_for(situation)]


def present_outcome(decision: Decision, area: Area, catalogs: Catalogs, locale: str, *,
                    services: list[dict[str, Any]] | None = None,
                    might_not_know: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    text = catalogs.text
    tier_words = None
    if decision.tier:
        tier_words = {"name": text(f"tier.{decision.tier}", locale),
                      "summary": text(f"tier.{decision.tier}.summary", locale)}
    return {
        "outcome": decision.outcome,
        "tier": decision.tier,
        "tier_level": decision.tier_level,
        "tier_description": tier_words,
        "request_for_support": {
            "eligible": decision.eligible,
            "reason": decision.eligibility_reason.render(text, locale),
        },
        "reasons": [reason.render(text, locale) for reason in decision.reasons],
        "profile": decision.profile.to_dict(),
        "contacts": outcome_contacts(decision, area, catalogs, locale),
        "services": services or [],
        "might_not_know": might_not_know or [],
    }
