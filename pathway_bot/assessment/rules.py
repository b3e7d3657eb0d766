"""Load the decision rules (flows/rules.yaml) into frozen data, checking them as they load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pathway_bot import yaml_data
from pathway_bot.assessment.profile import SUPPORT_LEVELS
from pathway_bot.conditions import Predicate, compile_condition
from pathway_bot.errors import FlowError


@dataclass(frozen=True)
class CountRule:
    areas_at_or_above: int
    count_at_least: int
    reason: str


@dataclass(frozen=True)
class TierRule:
    tier: str
    level: int
    when_any: tuple[CountRule, ...]
    reason: str | None = None  # for the fallback tier, which has no count rules


@dataclass(frozen=True)
class SaidWhen:
    """A reason said when `when` holds over the outcome (the profile's fields and
    tier_level), never counted: it changes what to do next, not the level. `params` name the
    profile fields its sentence shows."""

    when: Predicate
    reason: str
    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestRule:
    min_tier_level: int
    requires_consent: bool
    young_person_min_age: int
    reasons: dict[str, str]


@dataclass(frozen=True)
class Rules:
    version: int
    min_age: int
    max_age: int
    support_levels: dict[str, int]
    tiers: tuple[TierRule, ...]
    step_up_when_progress_is: bool
    step_up_by: int
    step_up_reason: str
    request: RequestRule
    outcome_reasons: dict[str, str]
    need_level_reasons: dict[int, str]
    # For an area the person was not sure about (counted at level 2); optional.
    unsure_need_reason: str | None = None
    # Reasons said when their condition holds (the graduated approach); optional.
    said_when: tuple[SaidWhen, ...] = ()

    @property
    def tier_levels(self) -> dict[str, int]:
        return {rule.tier: rule.level for rule in self.tiers}

    def tier_at_level(self, level: int) -> str:
        return next(rule.tier for rule in self.tiers if rule.level == level)

    def message_ids(self) -> set[str]:
        ids = {self.step_up_reason, *self.request.reasons.values(),
               *self.outcome_reasons.values(), *self.need_level_reasons.values(),
               *((self.unsure_need_reason,) if self.unsure_need_reason else ()),
               *(said.reason for said in self.said_when)}
        for tier in self.tiers:
            ids.update(rule.reason for rule in tier.when_any)
            if tier.reason:
                ids.add(tier.reason)
        return ids


def _tier_rule(item: dict[str, Any]) -> TierRule:
    return TierRule(
        tier=item["tier"],
        level=int(item["level"]),
        when_any=tuple(CountRule(**rule) for rule in item.get("when_any") or ()),
        reason=item.get("reason"),
    )


def _said_when(item: dict[str, Any], source: str) -> SaidWhen:
    return SaidWhen(when=compile_condition(item["when"], f"{source}: said_when"),
                    reason=item["reason"], params=tuple(item.get("params") or ()))


def parse_rules(data: dict[str, Any], source: str = "rules.yaml") -> Rules:
    try:
        tiers = tuple(_tier_rule(item) for item in data["tiers"])
        request = data["request_for_support"]
        rules = Rules(
            version=int(data["version"]),
            min_age=int(data["age"]["min"]),
            max_age=int(data["age"]["max"]),
            support_levels={k: int(v) for k, v in data["support_levels"].items()},
            tiers=tiers,
            step_up_when_progress_is=bool(data["step_up"]["when_progress_is"]),
            step_up_by=int(data["step_up"]["by"]),
            step_up_reason=data["step_up"]["reason"],
            request=RequestRule(
                min_tier_level=int(request["min_tier_level"]),
                requires_consent=bool(request["requires_consent"]),
                young_person_min_age=int(request["young_person_min_age"]),
                reasons=dict(request["reasons"]),
            ),
            outcome_reasons=dict(data["outcome_reasons"]),
            need_level_reasons={int(k): v for k, v in data["need_level_reasons"].items()},
            unsure_need_reason=data.get("unsure_need_reason"),
            said_when=tuple(_said_when(item, source) for item in data.get("said_when") or ()),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FlowError(f"{source}: missing or malformed entry {error!s}; "
                        "compare it with the default flows/rules.yaml") from error
    _check(rules, source)
    return rules


def _check(rules: Rules, source: str) -> None:
    if set(rules.support_levels) != set(SUPPORT_LEVELS):
        raise FlowError(f"{source}: support_levels must name exactly {list(SUPPORT_LEVELS)}")
    levels = [tier.level for tier in rules.tiers]
    if levels != sorted(levels, reverse=True):
        raise FlowError(f"{source}: list tiers from the highest level down")
    if rules.tiers[-1].when_any:
        raise FlowError(f"{source}: the last tier is the fallback and takes no when_any rules")
    for tier in rules.tiers:
        if tier.tier not in rules.support_levels:
            raise FlowError(f"{source}: tier {tier.tier!r} is not one of the support levels")


@lru_cache(maxsize=8)
def load_rules(path: Path) -> Rules:
    with path.open(encoding="utf-8") as handle:
        return parse_rules(yaml_data.safe_load(handle), str(path))
