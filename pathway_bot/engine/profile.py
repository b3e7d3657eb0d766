"""Fill the needs profile from the answers on a conversation's path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pathway_bot.area import Geography
from pathway_bot.engine.safety_check import SAFETY_CHECK, fill_from_safety_check
from pathway_bot.flows.model import Flow

REPORT_HARM = "report_harm"  # recorded on the path when someone says a child is being harmed
RISK_OF_HARM = "risk_of_harm"  # the profile field REPORT_HARM on the path sets
SELF_HARM_FIELD = "self_harm"
# Filling a field here fills these too (a postcode gives the district it lies in).
ALSO_FILLS = {"postcode": ("district",)}


def fields_filled(field: str) -> tuple[str, ...]:
    """The profile fields a fill of `field` can set."""
    return (field, *ALSO_FILLS.get(field, ()))


def path_entries_filling(flow: Flow, fields: Iterable[str]) -> set[str]:
    """The entries of a path (questions, and a report of harm) that can set any of `fields`."""
    wanted = set(fields)
    entries = {question.id for question in flow.questions.values() for fill in question.fills
               if not wanted.isdisjoint(fields_filled(fill.field))}
    if RISK_OF_HARM in wanted:
        entries.add(REPORT_HARM)
    if not wanted.isdisjoint((RISK_OF_HARM, SELF_HARM_FIELD)):
        entries.add(SAFETY_CHECK)
    return entries


@dataclass(frozen=True)
class _Filling:
    answers: Mapping[str, Any]
    profile: dict[str, Any]


def build_profile(flow: Flow, path: Iterable[str], answers: Mapping[str, Any],
                  area: Geography) -> dict[str, Any]:
    profile: dict[str, Any] = {"respondent": flow.respondent, "needs": {}}
    facts = _Filling(answers, profile)
    for question_id in path:
        if question_id == REPORT_HARM:
            profile[RISK_OF_HARM] = True
            continue
        if question_id == SAFETY_CHECK:
            fill_from_safety_check(profile, answers)
            continue
        question = flow.questions[question_id]
        answer = answers.get(question_id)
        for fill in question.fills:
            if fill.when(facts):
                _apply(profile, fill.field, fill.resolve(answer), area)
    return profile


# Fields that gather from several answers: each fill adds to the list, once each.
COLLECTED = frozenset({"unsure_needs", "circumstances"})


def _apply(profile: dict[str, Any], field: str, value: Any, area: Geography) -> None:
    if value is None:
        return
    if field in COLLECTED:
        gathered = profile.setdefault(field, [])
        for item in value if isinstance(value, list) else [value]:
            if item not in gathered and item != "none":
                gathered.append(item)
        return
    if field.startswith("needs."):
        area_name = field.removeprefix("needs.")
        # Several questions can speak to one area: the highest impact stands.
        profile["needs"][area_name] = max(profile["needs"].get(area_name, 0), int(value))
        return
    profile[field] = value
    if field == "postcode":
        district = area.match_postcode(value).district
        if district:
            profile["district"] = district
