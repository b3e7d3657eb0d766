"""Asking for support from the outcome, the confirmation, and tracking a request."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from uuid import uuid4

from babel import UnknownLocaleError
from babel.dates import format_date
from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.conversations.service import ConversationView
from pathway_bot.errors import Conflict, NotEligible, NotFound, ValidationFailed
from pathway_bot.extensions import count_failed_authentication, db_session, runtime
from pathway_bot.requests.contact import CONTACT_METHODS
from pathway_bot.requests.lifecycle import WITHDRAWN, can
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import never_cache
from pathway_bot.web.errors import register_page_errors
from pathway_bot.web.locale import current_locale, t
from pathway_bot.web.rendering import support_request_for
from pathway_bot.web.security import protect_forms

bp = Blueprint("web_requests", __name__)
bp.after_request(never_cache)
register_page_errors(bp)
protect_forms(bp)

SEE_OTHER = 303
CONTACT_FIELDS = ("name", "phone", "email", "preferred_contact_method")
# The first input of each question on the form, for the error summary's links.
FIELD_IDS = {"preferred_contact_method": "method"}


def _finished_view() -> ConversationView:
    view = chat_session.current_view()
    if view is None:
        raise NotFound("no conversation in this browser")
    return view


def _render_form(view: ConversationView, values: dict, errors: dict[str, str],
                 key: str) -> str:
    error_list = [(FIELD_IDS.get(name, name), message) for name, message in errors.items()]
    return render_template("request_form.html", values=values, errors=errors,
                           error_list=error_list,
                           idempotency_key=key,
                           consent_wording=runtime().conversation_requests.consent_wording(view),
                           methods=CONTACT_METHODS)


def _can_ask(view: ConversationView) -> bool:
    return view.finished and view.decision is not None and view.decision.eligible


@bp.get("/request")
def request_form() -> str | Response:
    view = _finished_view()
    if not _can_ask(view):
        return redirect(url_for("web.outcome"))
    if support_request_for(view):
        return redirect(url_for("web_requests.confirmation"))
    return _render_form(view, {}, {}, uuid4().hex)


@bp.post("/request")
def raise_support_request() -> Response | tuple[str, int]:
    view = _finished_view()
    if not _can_ask(view):
        return redirect(url_for("web.outcome"), SEE_OTHER)
    values = {name: request.form.get(name, "") for name in CONTACT_FIELDS}
    key = request.form.get("idempotency_key") or uuid4().hex
    errors = {} if request.form.get("consent") == "yes" \
        else {"consent": t("web.request.error.consent")}
    if not errors:
        try:
            _raise(values, key)
            return redirect(url_for("web_requests.confirmation"), SEE_OTHER)
        except ValidationFailed as failed:
            errors = _contact_errors(failed.errors)
        except NotEligible:
            return redirect(url_for("web.outcome"), SEE_OTHER)
    return _render_form(view, values, errors, key), 422


def _raise(values: dict, key: str) -> None:
    """The same use case as the API: the request carries the story already told."""
    contact = {name: value for name, value in values.items() if value.strip()}
    runtime().conversation_requests.raise_request(db_session(), *chat_session.credentials(),
                                                  contact=contact, consent=True,
                                                  idempotency_key=key)


def _contact_errors(errors: dict) -> dict[str, str]:
    """The service names fields as contact.<field>; each gets one plain message."""
    shown = {}
    for name in errors:
        field = name.removeprefix("contact.")
        if field in CONTACT_FIELDS:
            shown[field] = t(f"web.request.error.{field}")
    return shown or {"phone": t("web.request.error.phone")}


@bp.get("/request/confirmation")
def confirmation() -> str | Response:
    view = _finished_view()
    found = runtime().conversation_requests.request_for(db_session(), view)
    if found is None:
        return redirect(url_for("web.outcome"))
    meeting = runtime().requests.next_meeting(found)
    return render_template("confirmation.html", reference=found.reference,
                           district=t(f"district.{found.district}"),
                           meeting=meeting_day(meeting),
                           withdrawn=found.status == WITHDRAWN,
                           can_withdraw=can(found.status, "withdraw"))


@bp.post("/request/withdraw")
def withdraw() -> Response:
    """Only the browser that raised the request holds its conversation, so only it can
    withdraw it: knowing the reference is never enough."""
    view = _finished_view()
    if runtime().conversation_requests.request_for(db_session(), view) is None:
        return redirect(url_for("web.outcome"), SEE_OTHER)
    # If the group picked it up meanwhile (a conflict), the page says where it stands now.
    with suppress(Conflict):
        runtime().conversation_requests.withdraw(db_session(),
                                                 *chat_session.credentials_or_not_found())
    return redirect(url_for("web_requests.confirmation"), SEE_OTHER)


def meeting_day(day: date) -> str:
    pattern = t("request.meeting_date_format")
    try:
        return format_date(day, pattern, locale=current_locale())
    except (UnknownLocaleError, ValueError, LookupError):
        return format_date(day, pattern, locale="en")


@bp.get("/track")
def track() -> str:
    return render_template("track.html", has_conversation=chat_session.credentials() is not None,
                           reference="", status=None, error=None)


@bp.post("/track")
def track_reference() -> tuple[str, int] | str:
    reference = request.form.get("reference", "").strip()
    held = chat_session.credentials()
    view = chat_session.current_view() if held else None
    found = runtime().conversation_requests.find_by_reference(db_session(), view, reference) \
        if view and reference else None
    if found is None:
        if view and reference:
            count_failed_authentication()  # a reference is a secret of sorts
        return render_template("track.html", has_conversation=view is not None,
                               reference=reference, status=None,
                               error=t("web.track.error.not_found")), 422
    return render_template("track.html", has_conversation=True, reference=found.reference,
                           status=runtime().requests.describe_for_family(found,
                                                                         current_locale()),
                           error=None)
