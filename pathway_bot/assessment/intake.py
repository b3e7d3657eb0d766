"""A needs profile sent by another system: its place checked against the local area."""

from __future__ import annotations

from typing import Any

from pathway_bot.area import Area, normalise_postcode
from pathway_bot.area.routing import district_for
from pathway_bot.assessment.decision import Decision, decide
from pathway_bot.assessment.profile import NeedsProfile
from pathway_bot.assessment.rules import Rules


def profile_from_submission(data: dict[str, Any], area: Area, area_name: str) -> NeedsProfile:
    """`data` has passed the schema (types and ranges); this checks what needs the area."""
    postcode = data.get("postcode")
    district = district_for(area, data.get("district"), postcode, area_name)
    normalised = normalise_postcode(postcode) if postcode else None
    return NeedsProfile.from_dict({**data, "district": district, "postcode": normalised})


class Assessments:
    """Stateless assessments of profiles sent by other systems, in one local area."""

    def __init__(self, *, area: Area, rules: Rules, area_name: str):
        self.area = area
        self.rules = rules
        self.area_name = area_name  # in the area's own words, for what it tells callers

    def decide_submission(self, data: dict[str, Any]) -> Decision:
        return decide(profile_from_submission(data, self.area, self.area_name), self.rules)
