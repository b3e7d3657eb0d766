"""Pages more than one view renders: the start page, the help for someone in danger, and
what the outcome page says of a request already raised."""

from __future__ import annotations

from typing import Any

from flask import render_template

from pathway_bot.assessment.outcome import present_contact
from pathway_bot.conversations.service import ConversationView
from pathway_bot.extensions import db_session, runtime
from pathway_bot.requests.lifecycle import WITHDRAWN
from pathway_bot.web import chat_session
from pathway_bot.web.locale import current_locale


def render_start(error: str | None = None) -> str:
    view = chat_session.current_view()
    return render_template("start.html", who_options=runtime().flows.start_choices(),
                           error=error,
                           in_progress=view is not None and not view.finished,
                           finished=view is not None and view.finished)


def safeguarding_contacts() -> list[dict]:
    """999 and the area's safeguarding front door first, then the others, from area data."""
    app_runtime, locale = runtime(), current_locale()
    return [present_contact(contact, app_runtime.catalogs, locale)
            for contact in app_runtime.area.contacts_for("safeguarding")]


def render_danger() -> str:
    return render_template("danger.html", contacts=safeguarding_contacts())


def support_request_for(view: ConversationView) -> dict[str, Any] | None:
    """The request this conversation raised, as the outcome page mentions it."""
    found = runtime().conversation_requests.request_for(db_session(), view)
    if found is None or found.status == WITHDRAWN:
        return None
    return {"reference": found.reference}
