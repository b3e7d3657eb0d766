"""Who is signed in to the staff console, for pages outside the console's own blueprint
(the insights pages): the same session cookie, the same idle limit."""

from __future__ import annotations

from flask import g, session

from pathway_bot.extensions import db_session, runtime
from pathway_bot.persistence.models.staff import StaffAccount

# The console's session key: the account, its session generation, when last seen.
SIGNED_IN = "console_staff"


def signed_in_staff() -> StaffAccount | None:
    """The signed-in staff account, or None; past the idle limit the session ends here too."""
    if "staff_person" in g:
        return g.staff_person
    held = session.get(SIGNED_IN)
    person = None
    if held:
        now = runtime().clock().timestamp()
        if now - float(held.get("seen", 0)) > runtime().config.console_idle_seconds:
            session.pop(SIGNED_IN, None)
        else:
            person = runtime().staff.signed_in(db_session(), held["id"], int(held["gen"]))
            if person is not None:
                session[SIGNED_IN] = {**held, "seen": now}
    g.staff_person = person
    return person
