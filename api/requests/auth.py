"""`Authorization: Bearer <api key>` for coordinators' and practitioners' systems."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import g
from flask_limiter.util import get_remote_address

from api.auth import bearer_token
from pathway_bot.extensions import db_session, enter_area
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests import keys


def requires(role: str | None) -> Callable[[Callable], Callable]:
    """The caller's key is checked before anything else in the request is read (401, or 403
    for the wrong role; any role for None), so bodies and queries are validated only for
    callers with a key.
    Put it just under the route decorator; the view reads the key with `current_key()`."""
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def checked(*args, **kwargs):
            key = g.api_key = require_key(role) if role else any_key()
            enter_area(key.area)  # a key acts in its own area only
            return view(*args, **kwargs)

        return checked

    return decorate


def current_key() -> ApiKey:
    """The key `requires` checked for this request."""
    return g.api_key


def require_key(role: str) -> ApiKey:
    """The caller's key: 401 if missing, unknown or revoked; 403 if it has the wrong role."""
    return keys.require_role(keys.authenticate(db_session(), bearer_token(required=False)), role)


def presented_key_identity() -> str:
    """Who a per-key rate limit counts: the key presented, by its hash (never the key itself
    in the limiter's storage), or the client address when none is sent."""
    presented = bearer_token(required=False)
    return f"api-key:{keys.hash_key(presented)}" if presented else get_remote_address()


def any_key() -> ApiKey:
    """The caller's key, whatever its role: 401 if missing, unknown or revoked."""
    return keys.authenticate(db_session(), bearer_token(required=False))
