"""The request form's fields: what is posted, the details the request service takes, and the
service's errors as the form's own messages (the GOV.UK error summary, every error at once).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from pathway_bot.extensions import runtime
from pathway_bot.requests.contact import COMMUNICATION_NEEDS, SAFE_TO
from pathway_bot.requests.story import (
    CONSENT_GIVEN_BY,
    KNOWN_AGENCIES,
    OLDEST_AGE,
    age_on,
    parse_date,
)
from pathway_bot.web.locale import t

LISTS = ("agencies", "communication_needs")
# The practitioner's own channels are not asked as "safe to": those are the family's.
CONSENT_HOW_ASKED = ("in_person", "phone", "video_call", "written", "email")
TEXT_FIELDS = (
    "child_name", "dob_day", "dob_month", "dob_year", "age_confirmed", "child_school",
    "child_postcode", "child_address", "child_parental_responsibility", "child_view",
    "agencies_other", "name", "relationship", "phone", "email", "preferred_contact_method",
    *SAFE_TO, "preferred_language", "interpreter_needed", "communication_other",
    "organisation", "family_name", "family_phone", "family_email", "consent_given_by",
    "consent_day", "consent_month", "consent_year", "consent_how", "consent_wording",
    "consent",
)
# The service's field -> the form's input (the first one, for the error summary's link).
_FORM_FIELD = {
    "child": "child_name", "child.name": "child_name", "child.date_of_birth": "dob_day",
    "child.school_or_setting": "child_school", "child.postcode": "child_postcode",
    "child.address": "child_address",
    "child.parental_responsibility": "child_parental_responsibility",
    "child_view": "child_view", "agencies_involved": "agencies_other",
    "family_contact.name": "family_name", "family_contact.phone": "family_phone",
    "family_contact.email": "family_email", "consent_details.given_by": "consent_given_by",
    "consent_details.given_on": "consent_day", "consent_details.how": "consent_how",
    "consent_details.wording": "consent_wording", "consent": "consent",
}
# The order of the form, so the summary lists errors as the page shows them.
FIELD_ORDER = ("child_name", "dob_day", "child_school", "child_postcode", "child_address",
               "child_parental_responsibility", "child_view", "agencies_other", "name",
               "relationship", "phone", "email", "preferred_contact_method", *SAFE_TO,
               "preferred_language", "communication_other", "organisation", "family_name",
               "family_phone", "family_email", "consent_given_by", "consent_day",
               "consent_how", "consent_wording", "consent")
# The first radio of a group carries the group's id.
FIELD_IDS = {"preferred_contact_method": "method"}


def posted_values(form: MultiDict) -> dict[str, Any]:
    values: dict[str, Any] = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    values.update({name: form.getlist(name) for name in LISTS})
    return values


def prefilled(answers: dict[str, Any]) -> dict[str, Any]:
    """Tell the story once: what the conversation already knows is filled in."""
    return {"child_postcode": answers.get("postcode") or "", "agencies": [],
            "communication_needs": []}


def details_from(values: dict[str, Any], *, practitioner: bool) -> tuple[dict, dict]:
    """(contact, details) for ConversationRequests.raise_request; blanks are left out."""
    contact = _present({
        "name": values["name"], "relationship": values["relationship"],
        "phone": values["phone"], "email": values["email"],
        "preferred_contact_method": values["preferred_contact_method"],
        "preferred_language": values["preferred_language"],
        "communication_other": values["communication_other"],
        **{name: _yes_no(values[name]) for name in SAFE_TO},
        "interpreter_needed": True if values["interpreter_needed"] == "yes" else None,
        "communication_needs": [n for n in values["communication_needs"]
                                if n in COMMUNICATION_NEEDS] or None,
    })
    details = _present({
        "child": _child(values), "child_view": values["child_view"],
        "agencies_involved": _agencies(values),
    })
    if practitioner:
        details.update(_practitioner_details(values))
    return contact, details


def _child(values: dict[str, Any]) -> dict:
    return _present({
        "name": values["child_name"],
        "date_of_birth": iso_date(values["dob_day"], values["dob_month"], values["dob_year"]),
        "age_confirmed": values["age_confirmed"] == "yes" or None,
        "school_or_setting": values["child_school"], "postcode": values["child_postcode"],
        "address": values["child_address"],
        "parental_responsibility": values["child_parental_responsibility"],
    })


def _agencies(values: dict[str, Any]) -> list[str] | None:
    chosen = [a for a in values["agencies"] if a in KNOWN_AGENCIES]
    if values["agencies_other"]:
        chosen.append(values["agencies_other"])
    return chosen or None


def _practitioner_details(values: dict[str, Any]) -> dict:
    return _present({
        "lead_professional": _present({"organisation": values["organisation"]}) or None,
        "family_contact": _present({"name": values["family_name"],
                                    "phone": values["family_phone"],
                                    "email": values["family_email"]}) or None,
        "consent_details": _present({
            "given_by": values["consent_given_by"],
            "given_on": iso_date(values["consent_day"], values["consent_month"],
                                  values["consent_year"]),
            "how": values["consent_how"], "wording": values["consent_wording"]}) or None,
    })


def iso_date(day: str, month: str, year: str) -> str | None:
    """Three boxes to 'YYYY-MM-DD'; what cannot be a date goes on as it is, to be refused."""
    if not (day or month or year):
        return None
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return f"{year}-{month}-{day}"


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _present(values: dict) -> dict:
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


# ---- errors as the form says them ---------------------------------------------------------

def form_errors(errors: dict, values: dict[str, Any], stated_age: int | None,
                today: date) -> dict[str, str]:
    """One plain message per form field, in the form's order."""
    fields = {_form_field(name) for name in errors}
    shown = {field: _message(field, values, stated_age, today) for field in fields}
    return {field: shown[field] for field in FIELD_ORDER if field in shown}


def _form_field(name: str) -> str:
    if name in _FORM_FIELD:
        return _FORM_FIELD[name]
    return name.removeprefix("contact.") if name.removeprefix("contact.") in FIELD_ORDER \
        else "consent" if name.startswith("consent") else "child_name"


def _message(field: str, values: dict[str, Any], stated_age: int | None, today: date) -> str:
    if field == "dob_day":
        return date_of_birth_message(values, stated_age, today)
    message_id = f"web.request.error.{field}"
    known = runtime().catalogs.has(message_id)
    return t(message_id if known else "web.request.error.too_long")


def date_of_birth_message(values: dict[str, Any], stated_age: int | None, today: date) -> str:
    raw = iso_date(values["dob_day"], values["dob_month"], values["dob_year"])
    born = parse_date(raw)
    if raw is None:
        return t("web.request.error.dob_missing")
    if born is None:
        return t("web.request.error.dob_invalid")
    if born > today:
        return t("web.request.error.dob_future")
    age = age_on(born, today)
    if age > OLDEST_AGE:
        return t("web.request.error.dob_too_old")
    return t("web.request.error.dob_mismatch", age=age, stated=stated_age)


def shows_age_check(errors: dict[str, str], values: dict[str, Any], stated_age: int | None,
                    today: date) -> bool:
    """The 'this date is right' box is offered once the date and the age disagree."""
    born = parse_date(iso_date(values["dob_day"], values["dob_month"], values["dob_year"]))
    return born is not None and born <= today and stated_age is not None \
        and age_on(born, today) != stated_age and ("dob_day" in errors
                                                   or values["age_confirmed"] == "yes")


CHOICES = {"agencies": KNOWN_AGENCIES, "communication_needs": COMMUNICATION_NEEDS,
           "consent_given_by": CONSENT_GIVEN_BY, "consent_how": CONSENT_HOW_ASKED,
           "safe_to": SAFE_TO}
