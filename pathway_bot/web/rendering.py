"""Pages more than one view renders: the start page, the help for someone in danger, and
what the outcome page says of a request already raised."""

from __future__ import annotations

from typing import Any

from babel import UnknownLocaleError
from babel.lists import format_list
from flask import render_template

from pathway_bot.assessment.outcome import present_contact
from pathway_bot.conversations.service import ConversationView
from pathway_bot.extensions import db_session, fixed_area, runtime
from pathway_bot.requests.lifecycle import WITHDRAWN, can
from pathway_bot.web import chat_session
from pathway_bot.web.flow_pages import where_now
from pathway_bot.web.locale import current_locale, t


def render_start(error: str | None = None) -> str:
    view = chat_session.current_view()
    return render_template("start.html", who_options=runtime().flows.start_choices(),
                           error=error, areas_served=_areas_served(),
                           in_progress=view is not None and not view.finished,
                           finished=view is not None and view.finished)


def _areas_served() -> str | None:
    """"Gloucestershire and South Gloucestershire" where a postcode may lead to any of them;
    None where the page is one area's alone (its host or path prefix fixed it)."""
    deployment = runtime().deployment
    if len(deployment.runtimes) == 1 or fixed_area() is not None:
        return None
    locale = current_locale()
    names = [each.text(each.area.name, locale) for each in deployment.runtimes.values()]
    try:
        return format_list(names, locale=locale)
    except (UnknownLocaleError, ValueError):
        return format_list(names, locale="en")


def safeguarding_contacts() -> list[dict]:
    """999 and the area's safeguarding front door first, then the others, from area data."""
    app_runtime, locale = runtime(), current_locale()
    return [present_contact(contact, app_runtime.catalogs, locale)
            for contact in app_runtime.area.contacts_for("safeguarding")]


def questions_under_way() -> ConversationView | None:
    """The conversation this browser holds, while it is still asking questions."""
    view = chat_session.current_view()
    return view if view is not None and not view.finished else None


def render_danger() -> str:
    """Help first; during the questions, the way back to them is offered after it."""
    view = questions_under_way()
    return render_template("danger.html", contacts=safeguarding_contacts(),
                           questions_url=where_now(view) if view else None)


def support_request_for(view: ConversationView) -> dict[str, Any] | None:
    """The request this conversation raised and still stands, as the pages speak of it."""
    found = runtime().conversation_requests.request_for(db_session(), view)
    if found is None or found.status == WITHDRAWN:
        return None
    return {"reference": found.reference, "district": t(f"district.{found.district}"),
            # Deleting the answers withdraws a request the group has not decided on yet.
            "withdrawn_by_deleting": can(found.status, "erase")}
