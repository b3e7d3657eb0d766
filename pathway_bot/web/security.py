"""Secure by default: CSRF on every form, a strict Content-Security-Policy, safe headers.

Cookies (HttpOnly, SameSite, Secure in production) are set in the app factory.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect

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
    csrf.init_app(app)
    exempt_rest_api(app)
    app.after_request(add_security_headers)


def exempt_rest_api(app: Flask) -> None:
    """The REST API (the `api` package) authenticates with bearer tokens, not cookies."""
    for blueprint in list(app.blueprints.values()):
        if blueprint.import_name.split(".")[0] == "api":
            csrf.exempt(blueprint)


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
