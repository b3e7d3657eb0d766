"""What the outcome page adds when requests for support are part of this installation."""

from __future__ import annotations

from typing import Any

from pathway_bot.conversations.service import ConversationView


def outcome_extras(view: ConversationView) -> dict[str, Any]:
    from pathway_bot.web import requests_available

    if not requests_available():
        return {"request_pages": False, "support_request": None}
    from pathway_bot.web.requests_views import request_for

    return {"request_pages": True, "support_request": request_for(view)}
