"""The person's conversation, kept in the signed, HttpOnly session cookie (never in URLs)."""

from __future__ import annotations

from flask import session

from pathway_bot.conversations.service import ConversationView
from pathway_bot.errors import NotFound
from pathway_bot.extensions import enter_area, runtime

CHAT_KEY = "chat"


def remember(view: ConversationView, token: str) -> None:
    session[CHAT_KEY] = {"id": view.conversation.id, "token": token,
                         "area": view.conversation.area}


def follow(view: ConversationView) -> ConversationView:
    """The conversation's area is this browser's from now on: a postcode may have moved it
    (its district names, its contacts, its Local Offer)."""
    held = session.get(CHAT_KEY)
    area = view.conversation.area
    if isinstance(held, dict) and held.get("area") != area:
        session[CHAT_KEY] = {**held, "area": area}
    enter_area(area, refuse_another=False)
    return view


def enter_held_area() -> None:
    """Before a page: the area of the conversation this browser holds, if any."""
    if len(runtime().deployment.runtimes) == 1:
        return
    held = session.get(CHAT_KEY)
    if isinstance(held, dict) and isinstance(held.get("area"), str) \
            and runtime().deployment.serves(held["area"]):
        enter_area(held["area"], refuse_another=False)


def credentials() -> tuple[str, str] | None:
    held = session.get(CHAT_KEY)
    if not isinstance(held, dict) or not held.get("id") or not held.get("token"):
        return None
    return held["id"], held["token"]


def credentials_or_not_found() -> tuple[str, str]:
    held = credentials()
    if held is None:
        raise NotFound("no conversation in this browser")
    return held


def forget() -> None:
    session.pop(CHAT_KEY, None)


def current_view() -> ConversationView | None:
    """The conversation this browser holds, or None (never started, erased or purged)."""
    held = credentials()
    if held is None:
        return None
    try:
        return follow(runtime().conversations.open(*held))
    except NotFound:
        forget()
        return None
