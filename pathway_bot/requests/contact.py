"""What the allocations group needs to get back to someone, asked only when a request is raised."""

from __future__ import annotations

import re

from pathway_bot.errors import ValidationFailed
from pathway_bot.persistence.models.outbox import EMAIL, SMS

CONTACT_METHODS: tuple[str, ...] = ("phone", "text", "email")
# Each is its own answer: a family may be safe to text but not to call, say. Notifications
# read exactly these names and use only the channels marked true.
SAFE_TO: tuple[str, ...] = ("safe_to_call", "safe_to_text", "safe_to_email",
                            "safe_to_leave_message")
COMMUNICATION_NEEDS: tuple[str, ...] = ("makaton", "bsl", "easy_read")
TEXT_FIELDS: tuple[str, ...] = (
    "name", "relationship", "phone", "email", "preferred_contact_method",
    "preferred_language", "communication_other", "own_words",
)
FLAG_FIELDS: tuple[str, ...] = (*SAFE_TO, "interpreter_needed")
CONTACT_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *FLAG_FIELDS, "communication_needs")
_LIMITS = {"name": 120, "relationship": 60, "phone": 30, "email": 254,
           "preferred_language": 60, "communication_other": 200, "own_words": 4000}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9 +()\-]+$")
# What each way of getting in touch needs to be known, and to be safe.
_METHOD_NEEDS = {"phone": "phone", "text": "phone", "email": "email"}
_METHOD_SAFE = {"phone": "safe_to_call", "text": "safe_to_text", "email": "safe_to_email"}


def clean_contact(contact: dict | None, *, required: bool) -> dict:
    """Trimmed contact details, or ValidationFailed naming each field that is wrong.

    `required`: a family's request needs a way to reach them; a practitioner's request is
    reached through its lead professional instead.
    """
    raw = contact or {}
    cleaned: dict = {k: v.strip() for k, v in raw.items()
                     if k in TEXT_FIELDS and isinstance(v, str) and v.strip()}
    cleaned.update({k: v for k, v in raw.items() if k in FLAG_FIELDS and isinstance(v, bool)})
    needs = raw.get("communication_needs")
    if _is_list_of(needs, COMMUNICATION_NEEDS) and needs:
        cleaned["communication_needs"] = list(dict.fromkeys(needs))
    errors = _field_errors(raw, cleaned)
    if required and not (cleaned.get("phone") or cleaned.get("email")):
        errors.setdefault("phone", []).append("give a phone number or an email address")
    _check_method(cleaned, errors)
    if errors:
        raise ValidationFailed("Some contact details are missing or not valid: see errors.",
                               errors={f"contact.{k}": v for k, v in errors.items()})
    return cleaned


def _check_method(cleaned: dict, errors: dict[str, list[str]]) -> None:
    method = cleaned.get("preferred_contact_method")
    if method in _METHOD_NEEDS and not cleaned.get(_METHOD_NEEDS[method]):
        errors.setdefault(_METHOD_NEEDS[method], []).append(
            f"needed to contact you by {method}")
    # Asking to be reached in a way that was said not to be safe is a contradiction to
    # resolve now, not something a coordinator should discover on the phone.
    if method in _METHOD_SAFE and cleaned.get(_METHOD_SAFE[method]) is False:
        errors.setdefault("preferred_contact_method", []).append(
            f"you said it is not safe to contact you by {method}")


def _field_errors(raw: dict, cleaned: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in raw.items():
        if name not in CONTACT_FIELDS:
            errors[name] = ["not a contact detail we ask for"]
        elif value is None:
            continue
        elif name in TEXT_FIELDS and not isinstance(value, str):
            errors[name] = ["must be text"]
        elif name in FLAG_FIELDS and not isinstance(value, bool):
            errors[name] = ["must be true or false"]
        elif name == "communication_needs" and not _is_list_of(value, COMMUNICATION_NEEDS):
            errors[name] = [f"a list of {', '.join(COMMUNICATION_NEEDS)}"]
    for name, text in cleaned.items():
        if name in _LIMITS and len(text) > _LIMITS[name]:
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


def _is_list_of(value, allowed: tuple[str, ...]) -> bool:
    return isinstance(value, list) and all(item in allowed for item in value)


def _looks_like_phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE_CHARS.match(value)) and 7 <= digits <= 15


def channels_safe_to_use(contact: dict) -> dict[str, bool]:
    """Where a message may go: a channel the family marked safe, with its address given."""
    return {EMAIL: contact.get("safe_to_email") is True and bool(contact.get("email")),
            SMS: contact.get("safe_to_text") is True and bool(contact.get("phone"))}
