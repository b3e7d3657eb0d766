"""The next steps an outcome shows: the statutory routes (an EHC plan in place or asked for,
disagreeing, complaining, personal budgets, support while waiting) and the prompts on the way
to adult life, chosen by the area's data rules (flows/area/next_steps.yaml), each with the
public page it comes from."""

from __future__ import annotations

from typing import Any

from pathway_bot.area import Area
from pathway_bot.assessment.decision import Decision
from pathway_bot.i18n import Catalogs


class OutcomeFacts:
    """An outcome as the condition language reads it: the profile's fields by name, its
    needs as needs.<area>, and the level decided (0 when there is none)."""

    answers: dict[str, Any] = {}

    def __init__(self, decision: Decision):
        facts = decision.profile.to_dict()
        needs = facts.pop("needs")
        self.profile = {**facts, **{f"needs.{area}": level for area, level in needs.items()},
                        "tier_level": decision.tier_level or 0}


def next_steps(decision: Decision, area: Area, catalogs: Catalogs,
               locale: str) -> list[dict[str, Any]]:
    if decision.outcome == "safeguarding" or not area.next_steps:
        return []
    facts = OutcomeFacts(decision)
    respondent = decision.profile.respondent
    return [{"code": step.code, "kind": step.kind,
             "text": _worded(catalogs, f"next_step.{step.code}", respondent, locale),
             "source": step.source}
            for step in area.next_steps if step.shows(facts)]


def _worded(catalogs: Catalogs, message_id: str, respondent: str, locale: str) -> str:
    own = f"{message_id}.{respondent}"
    return catalogs.text(own if catalogs.has(own) else message_id, locale)
