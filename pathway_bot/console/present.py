"""A request as the console shows it: its stored JSON read back, and how long it has waited."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.persistence.models.staff import RequestTransfer

# A need at this level or above is "main" (SPEC 3: 2 is moderate), as on the agenda.
MAIN_NEED_LEVEL = 2


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def age_in_days(request: SupportRequest, now: datetime) -> int:
    return max(0, (now - request.created_at).days)


def main_needs(profile: dict | None) -> list[str]:
    needs = (profile or {}).get("needs") or {}
    return sorted((need for need, level in needs.items() if level >= MAIN_NEED_LEVEL),
                  key=lambda need: -needs[need])


def queue_row(request: SupportRequest, now: datetime,
              transfer: RequestTransfer | None = None) -> dict[str, Any]:
    profile = loads(request.profile) or {}
    return {"id": request.id, "reference": request.reference, "district": request.district,
            "status": request.status, "tier": request.tier, "age_days": age_in_days(request, now),
            "child_age": profile.get("age"), "risk_flag": request.risk_flag,
            "likely_duplicate_of": request.likely_duplicate_of,
            "holder": request.holder_name, "claimed_by": request.claimed_by,
            "raised_at": request.created_at, "main_needs": main_needs(profile),
            "transferred_from": transfer.from_district if transfer else None}


def full(request: SupportRequest) -> dict[str, Any]:
    """Everything the request carries, for reading before anyone claims it."""
    profile = loads(request.profile) or {}
    return {"profile": profile, "needs": profile.get("needs") or {},
            "answers": loads(request.answers), "reasons": loads(request.reasons) or [],
            "contact": loads(request.contact), "family_contact": loads(request.family_contact),
            "lead_professional": loads(request.lead_professional), "summary": request.summary,
            "child": loads(request.child), "child_view": request.child_view,
            "agencies": loads(request.agencies), "tried": loads(request.tried),
            "support_tried": profile.get("support_tried"),
            "consent": {"given_at": request.consent_given_at,
                        "wording": request.consent_wording,
                        **(loads(request.consent_record) or {})},
            "decision": loads(request.decision), "erased": request.erased_at is not None}
