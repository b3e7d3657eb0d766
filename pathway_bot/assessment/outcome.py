"""The outcome a person reads (SPEC section 4): the decision, in words, with where to go next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pathway_bot.area import Area, Contact
from pathway_bot.assessment.decision import OUT_OF_SCOPE, SAFEGUARDING, Decision
from pathway_bot.assessment.next_steps import next_steps
from pathway_bot.engine.safety_check import HARM, SELF_HARM
from pathway_bot.i18n import Catalogs

# The area's list of contacts for each risk (flows/area/contacts.yaml, shown_for).
CONTACTS_FOR_RISK = {HARM: "safeguarding", SELF_HARM: "crisis"}
# Practitioners reporting harm follow their own procedures, with the professionals' line.
PRACTITIONER_CONTACTS_FOR_RISK = {HARM: "safeguarding_professional"}


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


def help_contacts(area: Area, kinds: Sequence[str], respondent: str,
                  age: int | None) -> list[Contact]:
    """Who to contact for each risk, the first risk's contacts first, each once, only those
    serving a child of `age` (all of them while the age is not known)."""
    found: dict[str, Contact] = {}
    for kind in kinds:
        situation = CONTACTS_FOR_RISK[kind]
        if respondent == "practitioner":
            situation = PRACTITIONER_CONTACTS_FOR_RISK.get(kind, situation)
        for contact in area.contacts_for(situation, age):
            found.setdefault(contact.id, contact)
    return list(found.values())


def outcome_risks(decision: Decision) -> tuple[str, ...]:
    """The risks an outcome shows help for: harm for safeguarding, and self-harm whenever
    it was told, whatever the outcome."""
    profile = decision.profile
    return (*((HARM,) if decision.outcome == SAFEGUARDING else ()),
            *((SELF_HARM,) if profile.self_harm else ()))


def outcome_contacts(decision: Decision, area: Area, catalogs: Catalogs,
                     locale: str) -> list[dict[str, Any]]:
    profile = decision.profile
    if decision.outcome == OUT_OF_SCOPE:
        # Past the ages the area's services serve: every one is shown as the way on.
        contacts = area.contacts_for(OUT_OF_SCOPE)
    else:
        contacts = help_contacts(area, outcome_risks(decision), profile.respondent, profile.age)
    return [present_contact(c, catalogs, locale) for c in contacts]


def present_outcome(decision: Decision, area: Area, catalogs: Catalogs, locale: str, *,
                    services: list[dict[str, Any]] | None = None,
                    might_not_know: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    text = catalogs.text
    tier_words = None
    if decision.tier:
        summary = f"tier.{decision.tier}.summary"
        own = f"{summary}.{decision.profile.respondent}"  # worded for who is answering
        tier_words = {"name": text(f"tier.{decision.tier}", locale),
                      "summary": text(own if catalogs.has(own) else summary, locale)}
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
        "next_steps": next_steps(decision, area, catalogs, locale),
    }
