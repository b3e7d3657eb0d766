"""What the allocations group needs to get back to someone, asked only when a request is raised."""

from __future__ import annotations

import re

from pathway_bot.errors import ValidationFailed
from pathway_bot.persistence.models.outbox import EMAIL, SMS

CONTACT_METHODS: tuple[str, ...] = ("phone", "text", "email")
# The family's answers to "is it safe to call / text / email / leave a message?": true only
# when they said so. A channel nobody marked safe is never used.
SAFE_TO_FIELDS: tuple[str, ...] = ("safe_to_call", "safe_to_text", "safe_to_email",
                                   "safe_to_leave_message")
CONTACT_FIELDS: tuple[str, ...] = (
    "name", "phone", "email", "preferred_contact_method", "preferred_language", "own_words",
    *SAFE_TO_FIELDS,
)
_LIMITS = {"name": 120, "phone": 30, "email": 254, "preferred_language": 60, "own_words": 4000}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9 +()\-]+$")
# What each way of getting in touch needs to be known.
_METHOD_NEEDS = {"phone": "phone", "text": "phone", "email": "email"}


def clean_contact(contact: dict | None, *, required: bool) -> dict:
    """Trimmed contact details, or ValidationFailed naming each field that is wrong.

    `required`: a family's request needs a way to reach them; a practitioner's request is
    reached through its lead professional instead.
    """
    cleaned: dict = {k: v.strip() for k, v in (contact or {}).items()
                     if isinstance(v, str) and v.strip() and k not in SAFE_TO_FIELDS}
    cleaned.update((k, v) for k, v in (contact or {}).items()
                   if k in SAFE_TO_FIELDS and isinstance(v, bool))
    errors = _field_errors(contact or {}, cleaned)
    if required and not (cleaned.get("phone") or cleaned.get("email")):
        errors.setdefault("phone", []).append("give a phone number or an email address")
    method = cleaned.get("preferred_contact_method")
    if method in _METHOD_NEEDS and not cleaned.get(_METHOD_NEEDS[method]):
        errors.setdefault(_METHOD_NEEDS[method], []).append(
            f"needed to contact you by {method}")
    if errors:
        raise ValidationFailed("Some contact details are missing or not valid: see errors.",
                               errors={f"contact.{k}": v for k, v in errors.items()})
    return cleaned


def _field_errors(raw: dict, cleaned: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in raw:
        if name not in CONTACT_FIELDS:
            errors[name] = ["not a contact detail we ask for"]
        elif name in SAFE_TO_FIELDS:
            if raw[name] is not None and not isinstance(raw[name], bool):
                errors[name] = ["must be true or false"]
        elif raw[name] is not None and not isinstance(raw[name], str):
            errors[name] = ["must be text"]
    for name, value in cleaned.items():
        if name in _LIMITS and len(value) > _LIMITS[name]:
            errors.setdefault(name, []).append(f"at most {_LIMITS[name]} characters")
    if "email" in cleaned and not _EMAIL.match(cleaned["email"]):
        errors.setdefault("email", []).append("not an email address")
    if "phone" in cleaned and not _looks_like_phone(cleaned["phone"]):
        errors.setdefault("phone", []).append("not a phone number")
    method = cleaned.get("preferred_contact_method")
    if method is not None and method not in CONTACT_METHODS:
        errors.setdefault("preferred_contact_method", []).append(
            f"one of {', '.join(CONTACT_METHODS)}")
    return errors


def _looks_like_phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE_CHARS.match(value)) and 7 <= digits <= 15


def channels_safe_to_use(contact: dict) -> dict[str, bool]:
    """Where a message may go: a channel the family marked safe, with its address given."""
    return {EMAIL: contact.get("safe_to_email") is True and bool(contact.get("email")),
            SMS: contact.get("safe_to_text") is True and bool(contact.get("phone"))}
