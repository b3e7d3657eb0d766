"""Factories for requests for support and API keys: sensible defaults, override what matters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

from pathway_bot.assessment import NeedsProfile, decide, load_rules
from pathway_bot.requests import keys

NOW = datetime(2025, 11, 25, 10, 0, tzinfo=UTC)  # a Tuesday; Stroud meets on 2 December
CONSENT = "I agree to share what I have told you with the Stroud allocations group."
_tick = count()


def eligible_profile(**overrides) -> dict:
    profile = {
        "age": 9, "district": "stroud", "respondent": "parent_carer",
        "needs": {"social_emotional_mental_health": 3, "education_participation": 2},
        "support_tried": "early_help", "progress_with_support": False,
        "has_ehcp": False, "risk_of_harm": False, "consent_to_share": True,
    }
    profile.update(overrides)
    return profile


def create_decision(runtime, **profile_overrides):
    rules = load_rules(runtime.config.flows_dir / "rules.yaml")
    return decide(NeedsProfile.from_dict(eligible_profile(**profile_overrides)), rules)


def create_request(session, runtime, *, profile: dict | None = None, **overrides):
    """A queued request from a conversation; each one raised later than the last."""
    arguments = {
        "decision": create_decision(runtime, **(profile or {})),
        "answers": {"age": 9, "worry": "He will not go into school"},
        "source": "conversation",
        "conversation_id": f"conv{next(_tick):028d}",
        "contact": {"name": "Sam", "phone": "07700 900123",
                    "preferred_contact_method": "phone", "preferred_language": "English"},
        "consent_wording": CONSENT,
        "idempotency_key": None,
        "lead_professional": None,
        "summary": None,
        "now": NOW + timedelta(seconds=next(_tick)),
    }
    arguments.update(overrides)
    return runtime.requests.raise_request(session, **arguments)


def create_key(session, runtime, *, role: str = "coordinator", districts=("stroud",),
               name: str = "Stroud coordinator"):
    """(the stored key, the key text a client sends)."""
    return keys.create_key(session, runtime.area, role=role, districts=districts, name=name,
                           now=NOW)


def born_aged(age: int, today: date | None = None) -> str:
    """A date of birth that makes someone `age` today: 1 January of the year."""
    today = today or date.today()
    return date(today.year - age, 1, 1).isoformat()


def create_child(age: int = 9, **overrides) -> dict:
    """The child a request is about, as the request form asks for them."""
    child = {"name": "Alex Example", "date_of_birth": born_aged(age)}
    child.update(overrides)
    return child
