"""The canonical needs profile every assessment ends in."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# The SEND Code of Practice's four broad areas, then the whole-child, whole-family areas.
NEED_AREAS: tuple[str, ...] = (
    "communication_interaction",
    "cognition_learning",
    "social_emotional_mental_health",
    "sensory_physical",
    "health",
    "family_circumstances",
    "education_participation",
    "caring_responsibilities",
    "preparing_for_adulthood",
)
RESPONDENTS: tuple[str, ...] = ("parent_carer", "young_person", "practitioner")
SUPPORT_LEVELS: tuple[str, ...] = (
    "none", "universal", "early_help", "early_intervention", "targeted",
)
MAX_NEED_LEVEL = 4


# The circumstances a flow may record (the `circumstances` question's options).
CIRCUMSTANCES = ("excluded", "few_friends", "bereaved", "trauma", "care_experienced",
                 "youth_justice", "alternative_provision")
# Whether things changed lately, and for how long (the `changes` question's options).
CHANGES = ("none", "weeks", "months", "longer", "not_sure")


@dataclass(frozen=True)
class NeedsProfile:
    # None only when the conversation stopped for safeguarding before age was asked.
    age: int | None
    respondent: str
    district: str | None = None
    postcode: str | None = None
    needs: dict[str, int] = field(default_factory=dict)
    support_tried: str = "none"
    progress_with_support: bool | None = None
    has_ehcp: bool = False
    risk_of_harm: bool = False
    # Self-harm or suicidal thoughts: brings crisis help and flags a request, never a tier.
    self_harm: bool = False
    consent_to_share: bool = False
    # Need areas where the person did not know how much: counted at level 2 ("quite a lot").
    unsure_needs: tuple[str, ...] = ()
    # Facts that steer signposting and next steps, never the tier: care_experienced,
    # youth_justice, alternative_provision, excluded, bereaved, trauma, few_friends.
    circumstances: tuple[str, ...] = ()
    # Whether things changed lately, and for how long: none, weeks, months, longer, not_sure.
    changed: str | None = None
    # An EHC needs assessment asked for (by the family or the setting), no plan yet.
    ehcp_requested: bool = False
    # How many assess-plan-do-review cycles of SEN support have been tried (practitioners).
    review_cycles: int | None = None

    def need(self, area: str) -> int:
        return self.needs.get(area, 0)

    def complete_needs(self) -> dict[str, int]:
        """Every area, missing ones at 0, in the canonical order."""
        return {area: self.need(area) for area in NEED_AREAS}

    def to_dict(self) -> dict[str, Any]:
        # Every field but needs is a plain value: no deep copy needed (dataclasses.asdict
        # made one, and every outcome renders its profile twice).
        data = {name: getattr(self, name) for name in _FIELDS}
        data["needs"] = self.complete_needs()
        data["unsure_needs"] = list(self.unsure_needs)
        data["circumstances"] = list(self.circumstances)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NeedsProfile:
        """Build from already-validated data (the API schema or the engine validate first)."""
        return cls(
            age=None if data.get("age") is None else int(data["age"]),
            respondent=data["respondent"],
            district=data.get("district"),
            postcode=data.get("postcode"),
            needs={area: int(level) for area, level in (data.get("needs") or {}).items()},
            support_tried=data.get("support_tried") or "none",
            progress_with_support=data.get("progress_with_support"),
            has_ehcp=bool(data.get("has_ehcp", False)),
            risk_of_harm=bool(data.get("risk_of_harm", False)),
            self_harm=bool(data.get("self_harm", False)),
            consent_to_share=bool(data.get("consent_to_share", False)),
            unsure_needs=tuple(data.get("unsure_needs") or ()),
            circumstances=tuple(data.get("circumstances") or ()),
            changed=data.get("changed"),
            ehcp_requested=bool(data.get("ehcp_requested", False)),
            review_cycles=None if data.get("review_cycles") is None
            else int(data["review_cycles"]),
        )


_FIELDS = tuple(f.name for f in fields(NeedsProfile))
