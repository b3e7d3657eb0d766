"""The decision of SPEC section 4: a pure function of the needs profile and the rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pathway_bot.assessment.profile import NEED_AREAS, NeedsProfile
from pathway_bot.assessment.rules import CountRule, Rules

SAFEGUARDING = "safeguarding"
OUT_OF_SCOPE = "out_of_scope"
TIER = "tier"
SELF_HARM = "self_harm"


@dataclass(frozen=True)
class Reason:
    """A sentence by message id. `terms` are params that are themselves message ids."""

    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    terms: dict[str, Any] = field(default_factory=dict)

    def render(self, text: Callable[..., str], locale: str) -> str:
        """`text` is Catalogs.text; terms are translated before they fill the sentence."""
        params = dict(self.params)
        params.update({name: text(term, locale) for name, term in self.terms.items()})
        return text(self.message_id, locale, **params)


@dataclass(frozen=True)
class Decision:
    outcome: str
    tier: str | None
    tier_level: int | None
    eligible: bool
    eligibility_reason: Reason
    reasons: tuple[Reason, ...]
    profile: NeedsProfile


def decide(profile: NeedsProfile, rules: Rules) -> Decision:
    if profile.risk_of_harm:
        return _without_tier(SAFEGUARDING, profile, rules)
    if profile.age is None or profile.age > rules.max_age:
        return _without_tier(OUT_OF_SCOPE, profile, rules)
    return _tier_decision(profile, rules)


def _worded_for(outcome: str, profile: NeedsProfile, table: Mapping[str, str]) -> Reason:
    """The outcome's words for this respondent if the rules have them, else everyone's."""
    return Reason(table.get(f"{outcome}_{profile.respondent}", table[outcome]))


def _self_harm_reasons(profile: NeedsProfile, rules: Rules) -> list[Reason]:
    """Self-harm is said, never counted: it changes no tier."""
    if profile.self_harm and SELF_HARM in rules.outcome_reasons:
        return [Reason(rules.outcome_reasons[SELF_HARM])]
    return []


def _without_tier(outcome: str, profile: NeedsProfile, rules: Rules) -> Decision:
    why = _worded_for(outcome, profile, rules.request.reasons)
    reasons = (_worded_for(outcome, profile, rules.outcome_reasons),
               *_self_harm_reasons(profile, rules), why)
    return Decision(outcome, None, None, False, why, reasons, profile)


def _holds(rule: CountRule, profile: NeedsProfile) -> bool:
    at_or_above = sum(1 for area in NEED_AREAS if profile.need(area) >= rule.areas_at_or_above)
    return at_or_above >= rule.count_at_least


def _tier_from_needs(profile: NeedsProfile, rules: Rules) -> tuple[int, Reason]:
    for tier in rules.tiers:
        for rule in tier.when_any:
            if _holds(rule, profile):
                return tier.level, Reason(rule.reason)
    fallback = rules.tiers[-1]
    return fallback.level, Reason(fallback.reason or "")


def _need_reasons(profile: NeedsProfile, rules: Rules) -> list[Reason]:
    present = [(profile.need(area), area) for area in NEED_AREAS if profile.need(area) > 0]
    present.sort(key=lambda item: -item[0])  # stable: canonical order within a level
    return [Reason(_need_reason(area, level, profile, rules), terms={"area": f"need.{area}"})
            for level, area in present]


def _need_reason(area: str, level: int, profile: NeedsProfile, rules: Rules) -> str:
    """What the person said of an area; "not sure" says so, and what it was counted as."""
    if area in profile.unsure_needs and rules.unsure_need_reason:
        return rules.unsure_need_reason
    return rules.need_level_reasons[level]


def _stepped_up(level: int, profile: NeedsProfile, rules: Rules) -> int | None:
    tried = rules.support_levels[profile.support_tried]
    if tried >= level and profile.progress_with_support is rules.step_up_when_progress_is:
        top = max(rules.tier_levels.values())
        return min(level + rules.step_up_by, top)
    return None


class _OutcomeFacts:
    """The outcome as the condition language reads it: the profile's fields by name, its
    needs as needs.<area>, and the level decided."""

    answers: Mapping[str, Any] = {}

    def __init__(self, profile: NeedsProfile, level: int):
        facts = profile.to_dict()
        needs = facts.pop("needs")
        self.profile = {**facts, **{f"needs.{area}": n for area, n in needs.items()},
                        "tier_level": level}


def _said_reasons(level: int, profile: NeedsProfile, rules: Rules) -> list[Reason]:
    """Reasons the rules say when they hold (the graduated approach): never counted."""
    if not rules.said_when:
        return []
    facts = _OutcomeFacts(profile, level)
    return [Reason(said.reason, params={name: facts.profile.get(name) for name in said.params})
            for said in rules.said_when if said.when(facts)]


def _eligibility(level: int, profile: NeedsProfile, rules: Rules) -> tuple[bool, Reason]:
    rule = rules.request
    if level < rule.min_tier_level:
        return False, Reason(rule.reasons["tier_too_low"])
    if profile.respondent == "young_person" and (profile.age or 0) < rule.young_person_min_age:
        return False, Reason(rule.reasons["young_person_under_age"],
                             params={"age": rule.young_person_min_age})
    if rule.requires_consent and not profile.consent_to_share:
        return False, Reason(rule.reasons["no_consent"])
    return True, Reason(rule.reasons["eligible"])


def _tier_decision(profile: NeedsProfile, rules: Rules) -> Decision:
    level, tier_reason = _tier_from_needs(profile, rules)
    reasons = [*_need_reasons(profile, rules), tier_reason]
    stepped = _stepped_up(level, profile, rules)
    if stepped is not None and stepped != level:
        level = stepped
        reasons.append(Reason(rules.step_up_reason,
                              terms={"tier": f"tier.{rules.tier_at_level(level)}"}))
    reasons += _said_reasons(level, profile, rules)
    eligible, why = _eligibility(level, profile, rules)
    reasons += [*_self_harm_reasons(profile, rules), why]
    return Decision(TIER, rules.tier_at_level(level), level, eligible, why, tuple(reasons),
                    profile)


def decide_profile(fields: Mapping[str, Any] | None, rules: Rules) -> Decision:
    """The decision for a needs profile given as its fields (a finished flow's, or an
    API body's): the one way every transport turns an ending into an outcome."""
    return decide(NeedsProfile.from_dict(dict(fields or {})), rules)
