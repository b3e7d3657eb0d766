"""Who is looking at the insights pages: the one place that decides it.

A service manager or an administrator signed in to the staff console (password and code),
or a manager API key sent as `Authorization: Bearer <key>` (a system, or a test); either is
scoped the same way, to its area and districts.
"""

from __future__ import annotations

from flask import request

from pathway_bot.errors import Forbidden, Unauthorised
from pathway_bot.extensions import count_failed_authentication, db_session, enter_area
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.requests import keys
from pathway_bot.staff.roles import ADMINISTRATOR, SERVICE_MANAGER
from pathway_bot.web.staff_session import signed_in_staff

MANAGERS = frozenset({SERVICE_MANAGER, ADMINISTRATOR})


def insights_viewer() -> ApiKey | StaffAccount:
    """The manager looking: 401 without valid credentials, 403 if they are not a manager's.
    Wrong credentials are counted like every other wrong credential (429 past the limit)."""
    person = signed_in_staff()
    if person is not None:
        if person.role not in MANAGERS:
            raise Forbidden("Insights are for service managers and administrators.")
        return person
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    try:
        key = keys.authenticate(db_session(),
                                presented.strip() if scheme.lower() == "bearer" else None)
    except Unauthorised:
        count_failed_authentication()
        raise
    keys.require_role(key, keys.MANAGER)
    enter_area(key.area)  # its own area's pages, and never under another area's address
    return key
