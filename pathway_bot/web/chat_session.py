"""The person's conversation, kept in the signed, HttpOnly session cookie (never in URLs)."""

from __future__ import annotations

from flask import session

from pathway_bot.conversations.service import ConversationView
from pathway_bot.errors import NotFound
from pathway_bot.extensions import runtime

CHAT_KEY = "chat"


def remember(view: ConversationView, token: str) -> None:
    session[CHAT_KEY] = {"id": view.conversation.id, "token": token}


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
        return runtime().conversations.open(*held)
    except NotFound:
        forget()
        return None
