"""What the outcome page adds: the request for support already raised, if any."""

from __future__ import annotations

from typing import Any

from pathway_bot.conversations.service import ConversationView


def outcome_extras(view: ConversationView) -> dict[str, Any]:
    from pathway_bot.web.requests_views import request_for

    return {"support_request": request_for(view)}
