"""Errors on web pages are pages too, in the person's language: never JSON, never a trace."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from pathway_bot.errors import PathwayError, TooManyFailedAttempts
from pathway_bot.persistence.outage import RETRY_AFTER_SECONDS, is_database_unavailable
from pathway_bot.web.rendering import render_danger

log = logging.getLogger(__name__)


def register_page_errors(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(CSRFError, _form_expired)
    blueprint.register_error_handler(PathwayError, _pathway_error)
    blueprint.register_error_handler(HTTPException, _http_error)
    blueprint.register_error_handler(Exception, _unexpected)


def _form_expired(_error: CSRFError):
    # Help must never depend on a form token: the danger button always shows who to call.
    if request.endpoint == "web.someone_is_in_danger":
        return render_danger()
    return render_template("error.html", kind="expired"), 400


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
