"""Errors on web pages are pages too, in the person's language: never JSON, never a trace."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from pathway_bot.errors import NotFound, PathwayError, TooManyFailedAttempts
from pathway_bot.persistence.outage import RETRY_AFTER_SECONDS, is_database_unavailable
from pathway_bot.web import chat_session
from pathway_bot.web.rendering import render_danger

log = logging.getLogger(__name__)
SEE_OTHER = 303

# Forms on the way to help: an expired one still shows who to call.
HELP_FORMS = frozenset({"web.report_whether_hurt", "web.someone_is_in_danger"})


def register_page_errors(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(CSRFError, _form_expired)
    blueprint.register_error_handler(NotFound, _conversation_gone)
    blueprint.register_error_handler(PathwayError, _pathway_error)
    blueprint.register_error_handler(HTTPException, _http_error)
    blueprint.register_error_handler(Exception, _unexpected)


def _form_expired(_error: CSRFError):
    # Help must never depend on a form token: the danger button always shows who to call.
    if request.endpoint in HELP_FORMS:
        return render_danger()
    return render_template("error.html", kind="expired"), 400


def _conversation_gone(_error: NotFound) -> Response:
    """No conversation in this browser (never started, left quickly, erased or purged): a
    page that shows nothing of one, never an answer from before."""
    chat_session.forget()
    return redirect(url_for("web.session_ended"), SEE_OTHER)


def _pathway_error(error: PathwayError):
    if isinstance(error, TooManyFailedAttempts):
        return render_template("error.html", kind="too_many"), error.status, {
            "Retry-After": str(error.retry_after_seconds)}
    return render_template("error.html", kind="invalid"), error.status


def _http_error(error: HTTPException):
    status = error.code or 500
    kind = "not_found" if status == 404 else "too_many" if status == 429 else "invalid"
    response = render_template("error.html", kind=kind), status
    return response


def _unexpected(error: Exception):
    if is_database_unavailable(error):
        log.error("database unavailable on a web page: %s", type(error).__name__)
        return render_template("error.html", kind="unavailable"), 503, {
            "Retry-After": str(RETRY_AFTER_SECONDS)}
    log.exception("unhandled error on a web page", exc_info=error)
    return render_template("error.html", kind="unexpected"), 500


# Where the API and the machines' endpoints live: their errors stay application/problem+json.
MACHINE_PATHS = ("/api/", "/livez", "/readyz", "/metrics")
WEB_ENDPOINTS = ("web.", "web_requests.")


def register_pages_for_unknown_urls(app: Flask) -> None:
    """An address no route answers (`/questions`, a mistyped link) is a page for a browser,
    with quick exit, a title and the page's language; the API's paths, and any client that
    does not ask for HTML first, keep the problem the API registered (called from here)."""
    problem_for = app.error_handler_spec[None][None].get(HTTPException)

    def page_or_problem(error: HTTPException):
        if problem_for is not None and not _wants_a_page():
            return problem_for(error)
        return _http_error(error)

    for status in (404, 405):
        app.register_error_handler(status, page_or_problem)


def _wants_a_page() -> bool:
    if (request.endpoint or "").startswith(WEB_ENDPOINTS):
        return True  # a web page's own 404 (a question it does not have) stays a page
    if request.path.startswith(MACHINE_PATHS):
        return False
    best = request.accept_mimetypes.best_match(
        ["application/problem+json", "application/json", "text/html"])
    return best == "text/html"
