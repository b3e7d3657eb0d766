"""Secure by default: CSRF on every form, a strict Content-Security-Policy, safe headers.

Cookies (HttpOnly, SameSite, Secure in production) are set in the app factory.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, request
from flask_wtf.csrf import CSRFProtect

from pathway_bot.storable_text import is_storable_text

csrf = CSRFProtect()

# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin only: the quick-exit destination never learns where the person came from,
    # while our own form posts keep the referrer CSRF checks need over HTTPS.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def init_security(app: Flask) -> None:
    # A family may pause for a long time: the token lasts as long as their session.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # Checked only where the web chat takes forms (protect_forms): the REST API
    # authenticates with bearer tokens, not cookies, so it has no form to forge.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.after_request(add_security_headers)
    if app.extensions["pathway_bot"].config.production:
        app.after_request(require_https)


def protect_forms(blueprint: Blueprint) -> None:
    """Every form this blueprint takes must carry the session's CSRF token, and only text
    that can be stored (the API's rule, see `storable_text`)."""
    blueprint.before_request(csrf.protect)
    blueprint.before_request(refuse_unstorable_form_text)


def refuse_unstorable_form_text() -> None:
    if not all(is_storable_text(value) for _name, value in request.form.items(multi=True)):
        abort(422)


# Production is served over HTTPS only: browsers are told never to try plain HTTP again.
# Not sent elsewhere, where a laptop on http://localhost must keep working.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

_SECURITY_HEADER_NAMES = {name.lower(): name for name in SECURITY_HEADERS}


def add_security_headers(response: Response) -> Response:
    """Each header unless the view set its own. Runs on every response, so the names already
    set are read once (Headers.setdefault raises and catches an error for each absent one)."""
    headers = response.headers
    present = {name.lower() for name, _value in headers}
    for lowered, name in _SECURITY_HEADER_NAMES.items():
        if lowered not in present:
            headers.add(name, SECURITY_HEADERS[name])
    return response


def require_https(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response
