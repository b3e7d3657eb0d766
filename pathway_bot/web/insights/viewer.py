"""Who is looking at the insights pages: the one place that decides it.

Today: a manager API key sent as `Authorization: Bearer <key>` (a browser extension, a
reverse proxy or a test can send it). When the staff console's sign-in arrives, this becomes
the signed-in manager account, scoped the same way (area and districts), and nothing else in
the insights pages changes.
"""

from __future__ import annotations

from flask import request

from pathway_bot.errors import Unauthorised
from pathway_bot.extensions import count_failed_authentication, db_session
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests import keys


def insights_viewer() -> ApiKey:
    """The manager looking: 401 without valid credentials, 403 if they are not a manager's.
    Wrong credentials are counted like every other wrong credential (429 past the limit)."""
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    try:
        key = keys.authenticate(db_session(),
                                presented.strip() if scheme.lower() == "bearer" else None)
    except Unauthorised:
        count_failed_authentication()
        raise
    return keys.require_role(key, keys.MANAGER)
