"""The failed-authentication limit: a client address that keeps guessing is refused.

Tracking a request (reference + date of birth) and resuming a conversation (a resume code)
are both ways in without a key, so a wrong try costs the client one of a few an hour,
counted in the rate limiter's storage (Redis in production) and shared by both.

Each failure here also counts against the limit on every wrong credential (ten a minute per
client address, `extensions.count_failed_authentication`), which API keys and conversation
tokens share.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse
from werkzeug.exceptions import TooManyRequests

from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.extensions import LIMITER, count_failed_authentication

FAILED_AUTHENTICATION_LIMIT = parse("10 per hour")
_SCOPE = "failed-authentication"
_AN_HOUR = 3600


def _strategy():
    limiter = current_app.extensions[LIMITER]
    return limiter.limiter if limiter.enabled else None


def refuse_if_too_many_failures() -> None:
    """429 before anything is looked up, once this address has failed too often."""
    strategy = _strategy()
    if strategy is None:
        return
    try:
        allowed = strategy.test(FAILED_AUTHENTICATION_LIMIT, _SCOPE, get_remote_address())
    except Exception:  # the limiter's storage is away: its own fallback logs it; let it be
        return
    if not allowed:
        raise TooManyRequests("Too many tries that did not match. Try again in an hour.",
                              retry_after=_AN_HOUR)


def count_failure() -> None:
    strategy = _strategy()
    if strategy is None:
        return
    try:
        strategy.hit(FAILED_AUTHENTICATION_LIMIT, _SCOPE, get_remote_address())
    except Exception:
        return


@contextmanager
def limited_guessing() -> Iterator[None]:
    """Refuse an address that has failed too often; count this try if it does not match
    (NotFound) or could never match (ValidationFailed: a code or reference of the wrong
    shape)."""
    refuse_if_too_many_failures()
    try:
        yield
    except (NotFound, ValidationFailed):
        count_failure()
        # The same try counts against the limit on every wrong credential too (ten a minute).
        count_failed_authentication()
        raise
