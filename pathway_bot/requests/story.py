"""The story a request tells once: who the child or young person is, their own view, who is
already involved, what has been tried and the consent given.

Asked only when a request is raised, and only what the conversation does not already know.
Every field is checked and every error is reported at once, so a form can show them together.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pathway_bot.area import normalise_postcode
from pathway_bot.errors import ValidationFailed
from pathway_bot.requests.contact import clean_contact

OLDEST_AGE = 25
CHILD_TEXT_LIMITS = {"name": 120, "school_or_setting": 200, "address": 300,
                     "parental_responsibility": 300}
CHILD_FIELDS: tuple[str, ...] = (*CHILD_TEXT_LIMITS, "date_of_birth", "postcode",
                                 "age_confirmed")
CONSENT_GIVEN_BY: tuple[str, ...] = ("parent_carer", "young_person",
                                     "parent_carer_and_young_person")
CONSENT_HOW: tuple[str, ...] = ("in_person", "phone", "video_call", "written", "email",
                                "online")
# A list the web form offers as boxes to tick; anything else is kept in the person's words.
KNOWN_AGENCIES: tuple[str, ...] = (
    "school_or_setting", "gp", "health_visitor", "school_nurse", "camhs",
    "speech_and_language_therapy", "educational_psychology", "social_care", "early_help",
    "voluntary_or_community",
)
MAX_AGENCIES = 20
MAX_VIEW = 4000
MAX_REVIEW_CYCLES = 20
# The columns that hold it; erasure blanks every one.
STORY_FIELDS: tuple[str, ...] = ("child", "child_view", "agencies", "tried", "consent_record",
                                 "family_contact", "match_key")

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class Story:
    child: dict | None = None
    child_view: str | None = None
    agencies: list[str] | None = None
    tried: dict | None = None
    consent: dict | None = None
    errors: Errors = field(default_factory=dict)

    @property
    def date_of_birth(self) -> str | None:
        return (self.child or {}).get("date_of_birth")


def clean_story(raw: dict, *, today: date, stated_age: int | None, child_required: bool,
                consent_default: dict) -> Story:
    """The story checked; its `errors` name each field that is wrong (empty when all is well).

    `stated_age`: the age the conversation was told, checked against the date of birth.
    `consent_default`: who, when and how, when the caller does not say (a family ticking
    the box online, say).
    """
    errors: Errors = {}
    child = clean_child(raw.get("child"), today=today, stated_age=stated_age,
                        required=child_required, errors=errors)
    return Story(
        child=child,
        child_view=_text(raw.get("child_view"), MAX_VIEW, "child_view", errors),
        agencies=_agencies(raw.get("agencies_involved"), errors),
        tried=_tried(raw.get("support_tried"), errors),
        consent=_consent(raw.get("consent_details"), consent_default, today, errors),
        errors=errors)


def raise_if_wrong(errors: Errors) -> None:
    if errors:
        raise ValidationFailed("Some details are missing or not valid: see errors.",
                               errors=errors)


def checked_contact(raw: dict | None, *, required: bool, prefix: str,
                    errors: Errors) -> dict | None:
    """clean_contact, its errors added to `errors` under `prefix` instead of raised, so a
    form learns everything that is wrong at once."""
    try:
        return clean_contact(raw, required=required) or None
    except ValidationFailed as failed:
        for name, messages in failed.errors.items():
            errors[prefix + name.removeprefix("contact.")] = messages
        return None


# ---- the child or young person ------------------------------------------------------------

def clean_child(raw: Any, *, today: date, stated_age: int | None, required: bool,
                errors: Errors) -> dict | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, dict):
        errors["child"] = ["give the child's or young person's name and date of birth"]
        return None
    unknown = sorted(set(raw) - set(CHILD_FIELDS))
    for name in unknown:
        errors[f"child.{name}"] = ["not a detail we ask for"]
    child: dict[str, Any] = {}
    for name, limit in CHILD_TEXT_LIMITS.items():
        text = _text(raw.get(name), limit, f"child.{name}", errors)
        if text is not None:
            child[name] = text
    if required and "name" not in child and "child.name" not in errors:
        errors["child.name"] = ["give their name"]
    _postcode(raw.get("postcode"), child, errors)
    born = _date_of_birth(raw.get("date_of_birth"), today, required, errors)
    if born is not None:
        child["date_of_birth"] = born.isoformat()
        _check_age(born, today, stated_age, raw.get("age_confirmed"), child, errors)
    return child or None


def _postcode(raw: Any, child: dict, errors: Errors) -> None:
    if raw is None or raw == "":
        return
    normalised = normalise_postcode(raw) if isinstance(raw, str) else None
    if normalised is None:
        errors["child.postcode"] = ["not a UK postcode, like GL5 1AA"]
    else:
        child["postcode"] = normalised


def _date_of_birth(raw: Any, today: date, required: bool, errors: Errors) -> date | None:
    if raw is None or raw == "":
        if required:
            errors["child.date_of_birth"] = ["give their date of birth"]
        return None
    born = parse_date(raw)
    if born is None:
        errors["child.date_of_birth"] = ["not a real date: give it as YYYY-MM-DD"]
    elif born > today:
        errors["child.date_of_birth"] = ["must be today or in the past"]
    elif age_on(born, today) > OLDEST_AGE:
        errors["child.date_of_birth"] = [f"this service is for ages 0 to {OLDEST_AGE}"]
    else:
        return born
    return None


def _check_age(born: date, today: date, stated_age: int | None, confirmed: Any,
               child: dict, errors: Errors) -> None:
    """An age told earlier that the date of birth contradicts is asked about, never ignored:
    one of them is wrong, and the decision was made on the age."""
    age = age_on(born, today)
    if stated_age is None or age == stated_age:
        return
    if confirmed is True:
        child["age_given_earlier"] = stated_age  # the coordinator sees both
        return
    errors["child.date_of_birth"] = [
        f"this date of birth makes them {age}, but the age given earlier was {stated_age}: "
        "check it, or confirm it is right with age_confirmed"]


def parse_date(raw: Any) -> date | None:
    """An ISO date ('2016-03-04'); None for anything else, an impossible day included."""
    if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def age_on(born: date, today: date) -> int:
    """Whole years, as a person says their age."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# ---- the rest of the story ----------------------------------------------------------------

def _text(raw: Any, limit: int, name: str, errors: Errors) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        errors[name] = ["must be text"]
        return None
    text = raw.strip()
    if len(text) > limit:
        errors[name] = [f"at most {limit} characters"]
        return None
    return text or None


def _agencies(raw: Any, errors: Errors) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_AGENCIES \
            or not all(isinstance(item, str) and 0 < len(item.strip()) <= 200 for item in raw):
        errors["agencies_involved"] = [
            f"a list of at most {MAX_AGENCIES} names, each 1 to 200 characters"]
        return None
    return list(dict.fromkeys(item.strip() for item in raw)) or None


def _tried(raw: Any, errors: Errors) -> dict | None:
    """What has been tried: how many assess-plan-do-review cycles, and in the giver's words."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - {"review_cycles", "description"}:
        errors["support_tried"] = ["an object with review_cycles and description"]
        return None
    tried: dict[str, Any] = {}
    cycles = raw.get("review_cycles")
    if cycles is not None:
        if isinstance(cycles, bool) or not isinstance(cycles, int) \
                or not 0 <= cycles <= MAX_REVIEW_CYCLES:
            errors["support_tried.review_cycles"] = [f"a whole number, 0 to {MAX_REVIEW_CYCLES}"]
        else:
            tried["review_cycles"] = cycles
    description = _text(raw.get("description"), MAX_VIEW, "support_tried.description", errors)
    if description:
        tried["description"] = description
    return tried or None


def _consent(raw: Any, default: dict, today: date, errors: Errors) -> dict:
    """Who gave consent, on what day and how, and the words they were shown (if told)."""
    if raw is None:
        return dict(default)
    if not isinstance(raw, dict) or set(raw) - {"given_by", "given_on", "how", "wording"}:
        errors["consent_details"] = ["an object with given_by, given_on, how and wording"]
        return dict(default)
    consent = dict(default)
    _choice(raw, "given_by", CONSENT_GIVEN_BY, consent, errors)
    _choice(raw, "how", CONSENT_HOW, consent, errors)
    if raw.get("given_on") is not None:
        given_on = parse_date(raw["given_on"])
        if given_on is None or given_on > today:
            errors["consent_details.given_on"] = ["a real date, today or in the past"]
        else:
            consent["given_on"] = given_on.isoformat()
    wording = _text(raw.get("wording"), 2000, "consent_details.wording", errors)
    if wording:
        consent["wording_shown"] = wording
    return consent


def _choice(raw: dict, name: str, allowed: tuple[str, ...], into: dict, errors: Errors) -> None:
    value = raw.get(name)
    if value is None:
        return
    if value not in allowed:
        errors[f"consent_details.{name}"] = [f"one of {', '.join(allowed)}"]
    else:
        into[name] = value


# ---- likely duplicates ----------------------------------------------------------------------

def match_key(child: dict | None, secret: bytes) -> str | None:
    """A keyed hash of the child's normalised name and date of birth, so two requests for
    one child can be linked without the pair itself being kept for the match (and without
    anyone holding the table alone being able to test guesses against it)."""
    if not child or not child.get("name") or not child.get("date_of_birth"):
        return None
    wanted = f"{_normalised_name(child['name'])}|{child['date_of_birth']}"
    return hmac.new(secret, wanted.encode(), hashlib.sha256).hexdigest()


def _normalised_name(name: str) -> str:
    """'  Zoë  O'Brien ' and 'zoe obrien' are one name: no case, accents, marks or spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())
