"""One conversation as an anonymous row: what insights count, and nothing that names a child.

Kept: the flow, its language, the district, an age band, the questions reached (never an
answer), where it stopped, the outcome and the month it started. Not kept: the answers, the
postcode, the age itself, any free text, the day, the token.
"""

from __future__ import annotations

import json
from typing import Any

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.engine import FlowEngine, Snapshot
from pathway_bot.insights.bands import age_band, month_of
from pathway_bot.persistence.conversation_store import StoredConversation

# A need area counts as a need from "moderate" (2) up.
NEED_LEVEL_COUNTED = 2
# The outcome column: a tier's name, or the outcome itself when it is not a tier.
TIER = "tier"


def anonymous_row(conversation: StoredConversation, engine: FlowEngine) -> dict[str, Any]:
    snapshot = Snapshot.from_json(conversation.snapshot)
    outcome: str | None = None
    if conversation.outcome:
        record = json.loads(conversation.outcome)
        profile = record.get("profile") or {}
        outcome = record["tier"] if record["outcome"] == TIER else record["outcome"]
    else:
        profile = _partial_profile(engine, snapshot)
    reached = list(dict.fromkeys(snapshot.path))
    if not snapshot.finished and snapshot.state not in reached:
        reached.append(snapshot.state)
    needs = profile.get("needs") or {}
    counted = [area for area in NEED_AREAS
               if isinstance(needs.get(area), int) and needs[area] >= NEED_LEVEL_COUNTED]
    district = profile.get("district")
    return {
        "area": conversation.area, "flow": conversation.flow, "locale": conversation.locale,
        "district": district if isinstance(district, str) else None,
        "age_band": age_band(profile.get("age")),
        "last_question": snapshot.state, "reached": " ".join(reached),
        "finished": snapshot.finished or outcome is not None, "outcome": outcome,
        "needs": " " + "".join(f"{area} " for area in counted),
        "month": month_of(conversation.created_at),
    }


def _partial_profile(engine: FlowEngine, snapshot: Snapshot) -> dict[str, Any]:
    """What the answers so far say (district, age, needs); nothing if they cannot be read."""
    try:
        return engine.profile(snapshot)
    except Exception:  # a half-filled profile that does not build yet counts as unknown
        return {}
