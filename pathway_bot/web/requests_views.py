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
from pathway_bot.failed_attempts import limited_guessing
from pathway_bot.requests.contact import CONTACT_METHODS
from pathway_bot.requests.lifecycle import DECLINED, WITHDRAWN, can
from pathway_bot.web import chat_session
from pathway_bot.web import request_form as form
from pathway_bot.web.answers import answered_questions
from pathway_bot.web.blueprint import never_cache
from pathway_bot.web.errors import register_page_errors
from pathway_bot.web.flow_pages import engine_of
from pathway_bot.web.locale import current_locale, t
from pathway_bot.web.rendering import support_request_for
from pathway_bot.web.security import protect_forms

bp = Blueprint("web_requests", __name__)
bp.after_request(never_cache)
register_page_errors(bp)
protect_forms(bp)

SEE_OTHER = 303


def _finished_view() -> ConversationView:
    view = chat_session.current_view()
    if view is None:
        raise NotFound("no conversation in this browser")
    return view


def _is_practitioner(view: ConversationView) -> bool:
    return view.conversation.flow == "practitioner"


def _stated_age(view: ConversationView) -> int | None:
    return view.decision.profile.age if view.decision else None


def _render_form(view: ConversationView, values: dict, errors: dict[str, str],
                 key: str) -> str:
    error_list = [(form.FIELD_IDS.get(name, name), message) for name, message in errors.items()]
    today = runtime().requests.today()
    return render_template(
        "request_form.html", values=values, errors=errors, error_list=error_list,
        idempotency_key=key, methods=CONTACT_METHODS, form_options=form.CHOICES,
        consent_wording=runtime().conversation_requests.consent_wording(view),
        practitioner=_is_practitioner(view),
        young_person=view.conversation.flow == "young_person",
        age_check=form.shows_age_check(errors, values, _stated_age(view), today))


def _can_ask(view: ConversationView) -> bool:
    return view.finished and view.decision is not None and view.decision.eligible


@bp.get("/request")
def request_form() -> str | Response:
    view = _finished_view()
    if not _can_ask(view):
        return redirect(url_for("web.outcome"))
    if support_request_for(view):
        return redirect(url_for("web_requests.confirmation"))
    values = {**form.posted_values(request.args), **form.prefilled(view.answers)}
    return _render_form(view, values, {}, uuid4().hex)


@bp.post("/request")
def raise_support_request() -> Response | tuple[str, int]:
    view = _finished_view()
    if not _can_ask(view):
        return redirect(url_for("web.outcome"), SEE_OTHER)
    values = form.posted_values(request.form)
    key = request.form.get("idempotency_key") or uuid4().hex
    try:
        _raise(view, values, key)
        return redirect(url_for("web_requests.confirmation"), SEE_OTHER)
    except ValidationFailed as failed:
        errors = form.form_errors(failed.errors, values, _stated_age(view),
                                  runtime().requests.today())
    except NotEligible:
        return redirect(url_for("web.outcome"), SEE_OTHER)
    return _render_form(view, values, errors, key), 422


def _raise(view: ConversationView, values: dict, key: str) -> None:
    """The same use case as the API: the request carries the story already told, and the
    service checks every field (consent included) at once."""
    contact, details = form.details_from(values, practitioner=_is_practitioner(view))
    runtime().conversation_requests.raise_request(
        db_session(), *chat_session.credentials_or_not_found(), contact=contact,
        consent=values["consent"] == "yes", idempotency_key=key, details=details)


@bp.get("/request/confirmation")
def confirmation() -> str | Response:
    view = _finished_view()
    if runtime().conversation_requests.request_for(db_session(), view) is None:
        return redirect(url_for("web.outcome"))
    return _render_confirmation(view, added=request.args.get("added") == "1")


def _render_confirmation(view: ConversationView, *, added: bool = False,
                         addition_error: str | None = None, addition: str = "") -> str:
    found = runtime().conversation_requests.request_for(db_session(), view)
    if found is None:
        raise NotFound("no request for this conversation")
    meeting = runtime().requests.next_meeting(found)
    return render_template("confirmation.html", reference=found.reference,
                           district=t(f"district.{found.district}"),
                           meeting=meeting_day(meeting),
                           withdrawn=found.status == WITHDRAWN,
                           can_withdraw=can(found.status, "withdraw"),
                           can_add=found.status not in (WITHDRAWN, DECLINED),
                           added=added, addition_error=addition_error, addition=addition)


@bp.get("/request/copy")
def request_copy() -> str | Response:
    """A printable copy of what was sent."""
    view = _finished_view()
    copy = runtime().conversation_requests.copy_of_request(db_session(), view)
    if copy is None:
        return redirect(url_for("web.outcome"))
    return render_template("request_copy.html", copy=copy, sent_on=meeting_day(
        runtime().requests.calendar.local_date(copy["sent_at"])),
        rows=answered_questions(engine_of(view), view.snapshot, runtime().catalogs,
                                current_locale()))


@bp.post("/request/add")
def add_to_request() -> Response | tuple[str, int]:
    """Something new since the request was sent: it joins the request, and the coordinator
    sees it as new."""
    view = _finished_view()
    text = request.form.get("addition", "")
    try:
        runtime().conversation_requests.add_information(
            db_session(), *chat_session.credentials_or_not_found(), text)
    except ValidationFailed:
        return _render_confirmation(view, addition_error=t("web.confirmation.add_error"),
                                    addition=text), 422
    return redirect(url_for("web_requests.confirmation", added=1), SEE_OTHER)


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
    return _render_track({}, {})


def _render_track(values: dict, errors: dict[str, str], *, status: str | None = None,
                  tracked: dict | None = None, reference: str = "",
                  progress: dict | None = None) -> str:
    review = (progress or {}).get("next_review_on")
    return render_template(
        "track.html", has_conversation=chat_session.credentials() is not None,
        values=values, errors=errors,
        error_list=[(name, message) for name, message in errors.items()],
        reference=reference, status=status, tracked=tracked, progress=progress or tracked,
        next_review=meeting_day(date.fromisoformat(review)) if review else None,
        in_touch_by=meeting_day(date.fromisoformat(tracked["in_touch_by"]))
        if tracked and tracked.get("in_touch_by") else None)


@bp.post("/track")
def track_reference() -> tuple[str, int] | str:
    """From the browser that raised it, the reference is enough; from any other, the child's
    date of birth is needed too. Nothing here says whether a reference exists."""
    values = {name: request.form.get(name, "").strip()
              for name in ("reference", "dob_day", "dob_month", "dob_year")}
    own = _own_request(values["reference"])
    if own is not None:
        requests = runtime().requests
        return _render_track(values, {}, reference=own.reference,
                             status=requests.describe_for_family(own, current_locale()),
                             progress=requests.tracking(own, current_locale()))
    born = form.iso_date(values["dob_day"], values["dob_month"], values["dob_year"])
    errors = _track_errors(values["reference"], born)
    if errors:
        if values["reference"] and chat_session.credentials() is not None:
            count_failed_authentication()  # a reference is a secret of sorts
        return _render_track(values, errors), 422
    try:
        with limited_guessing():
            tracked = runtime().requests.track_anywhere(
                db_session(), reference=values["reference"], date_of_birth=born or "",
                locale=current_locale())
    except (NotFound, ValidationFailed):  # one answer for every way of not matching
        return _render_track(values, {"reference": t("web.track.error.not_found")}), 422
    return _render_track(values, {}, reference=tracked["reference"],
                         status=tracked["description"], tracked=tracked)


def _own_request(reference: str):
    view = chat_session.current_view() if chat_session.credentials() else None
    if view is None or not reference:
        return None
    return runtime().conversation_requests.find_by_reference(db_session(), view, reference)


def _track_errors(reference: str, born: str | None) -> dict[str, str]:
    # A browser holding a conversation asked about a reference that is not its own.
    if chat_session.credentials() is not None and born is None:
        return {"reference": t("web.track.error.not_found")}
    errors = {}
    if not reference:
        errors["reference"] = t("web.track.error.reference")
    if born is None:
        errors["dob_day"] = t("web.track.error.dob")
    return errors
