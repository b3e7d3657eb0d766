"""One wire format for every error: application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging
from copy import deepcopy
from http import HTTPStatus

from flask import Flask, Response, has_request_context, json, request
from flask_smorest import Api
from marshmallow import INCLUDE, Schema, fields
from werkzeug.exceptions import HTTPException

from pathway_bot.errors import (
    CredentialsRefused,
    PathwayError,
    TooManyFailedAttempts,
    ValidationFailed,
)
from pathway_bot.extensions import count_failed_authentication
from pathway_bot.observability.request_log import request_id_of
from pathway_bot.persistence.outage import RETRY_AFTER_SECONDS, is_database_unavailable

PROBLEM_CONTENT_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class ProblemSchema(Schema):
    """RFC 9457 allows members of a problem type's own: ours are named below, and a client
    must accept others."""

    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: true

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "field name -> list of messages"})
    reasons = fields.List(fields.String(), metadata={
        "description": "why an outcome does not qualify for a request for support"})
    current_question = fields.String(metadata={
        "description": "the question the conversation is asking now"})
    contacts = fields.List(fields.Dict(), metadata={
        "description": "who to contact now, when the refusal is for a safeguarding concern "
                       "or self-harm"})
    request_id = fields.String(metadata={
        "description": "this request's id, also in the X-Request-Id header: quote it when "
                       "reporting a problem"})


class UnreadableBody(PathwayError):
    code = "bad_request"
    status = 400
    title = "The request body could not be read"


SEND_JSON = "Send a JSON object with Content-Type: application/json."
FIELDS_NOT_VALID = "Some fields are missing or not valid: see errors."


def problem_type(code: str) -> str:
    return f"urn:pathway-bot:problem:{code}"


def problem_response(status: int, title: str, detail: str = "", *, code: str | None = None,
                     errors: dict | None = None, extra: dict | None = None,
                     headers: dict | None = None) -> Response:
    body: dict = {
        "type": problem_type(code) if code else "about:blank",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    request_id = request_id_of(request.environ) if has_request_context() else None
    if request_id:
        body["request_id"] = request_id
    response = Response(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _from_pathway_error(error: PathwayError) -> Response:
    if isinstance(error, CredentialsRefused):
        try:
            count_failed_authentication()
        except TooManyFailedAttempts as refused:
            error = refused
    headers = {"Retry-After": str(error.retry_after_seconds)} \
        if isinstance(error, TooManyFailedAttempts) else None
    return problem_response(error.status, error.title, error.detail, code=error.code,
                            errors=error.errors, extra=error.extra, headers=headers)


def _validation_messages(error: HTTPException) -> dict | None:
    # flask-smorest (webargs) puts marshmallow messages under data["messages"][location].
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if not messages:
        return None
    merged: dict = {}
    for location, location_messages in messages.items():
        if isinstance(location_messages, dict):
            merged.update(location_messages)
        else:  # e.g. {"json": ["Invalid JSON body."]}
            merged[location] = location_messages
    return merged or None


def _from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    headers = _protocol_headers(error)
    if status == 429:
        retry_after = getattr(error, "retry_after", None)
        headers["Retry-After"] = str(int(retry_after)) if retry_after else "60"
    errors = _validation_messages(error)
    if status == 422 and errors:
        return _from_pathway_error(ValidationFailed(FIELDS_NOT_VALID, errors=errors))
    if status == 400 and errors:
        return _from_pathway_error(UnreadableBody(SEND_JSON, errors=errors))
    detail = error.description if isinstance(error.description, str) else ""
    return problem_response(status, error.name, detail, headers=headers)


def _protocol_headers(error: HTTPException) -> dict[str, str]:
    """The headers HTTP asks of this error (Allow on a 405, say); the body is ours."""
    return {name: value for name, value in error.get_headers()
            if name.lower() != "content-type"}


def _from_too_deep(_error: RecursionError) -> Response:
    # Python's JSON parser recurses per level: a small body can nest past its limit.
    return problem_response(400, "The request body could not be read",
                            "The JSON nests too deeply.", code="bad_request")


def _from_unexpected(error: Exception) -> Response:
    if is_database_unavailable(error):
        return _database_unavailable(error)
    log.exception("unhandled error", exc_info=error)
    # Nothing can be promised about what was saved: the error may have come at any point.
    return problem_response(500, "Internal Server Error",
                            "Something went wrong on our side. Try again later.")


def _database_unavailable(error: Exception) -> Response:
    # The error's class only: its message can quote the values being written.
    log.error("database unavailable: %s", type(error).__name__)
    return problem_response(
        503, "The service is unavailable for a moment",
        "What you sent was not saved. Try again in a few seconds.",
        code="database_unavailable", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(PathwayError, _from_pathway_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(RecursionError, _from_too_deep)
    app.register_error_handler(Exception, _from_unexpected)


class ProblemApi(Api):
    """flask-smorest, documenting every error response as application/problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        content_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_CONTENT_TYPE
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = content_type


def documents_problems(_blp, *statuses: int):
    """Name the problems an operation can answer with, in the OpenAPI document.

    Records them where flask-smorest's alt_response does (the view's `_apidoc`), without the
    call-time wrapper alt_response adds for each status: documentation costs nothing per call.
    """
    def decorate(view):
        doc = deepcopy(getattr(view, "_apidoc", {}))
        responses = doc.setdefault("response", {}).setdefault("responses", {})
        for status in statuses:
            responses.setdefault(status, []).append(HTTPStatus(status).name)
        view._apidoc = doc
        return view

    return decorate
