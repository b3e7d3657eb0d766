"""Checks that need every flow at once."""

from __future__ import annotations

from collections.abc import Iterable

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.checks.problem import Problem
from pathway_bot.flows.model import Flow

IMPACT_LEVELS = frozenset({0, 1, 2, 3, 4})


def need_levels(flows: Iterable[Flow]) -> dict[str, set[int]]:
    levels: dict[str, set[int]] = {area: {0} for area in NEED_AREAS}  # unasked means 0
    for flow in flows:
        for question in flow.questions.values():
            for fill in question.fills:
                if fill.field.startswith("needs."):
                    values = {o.value for o in question.options if isinstance(o.value, int)}
                    levels[fill.field.removeprefix("needs.")] |= values
    return levels


def check_all_levels(flows: list[Flow]) -> Iterable[Problem]:
    for area, levels in need_levels(flows).items():
        missing = sorted(IMPACT_LEVELS - levels)
        if missing:
            yield Problem("flows", "levels", f"no flow can record {area} at level(s) {missing}")


def check_one_flow_per_respondent(flows: list[Flow]) -> Iterable[Problem]:
    """A respondent (and so a start-page answer) leads to one flow, whatever its versions."""
    names: dict[str, set[str]] = {}
    for flow in flows:
        names.setdefault(flow.respondent, set()).add(flow.name)
    for respondent, serving in sorted(names.items()):
        if len(serving) > 1:
            yield Problem("flows", "respondent", f"flows {sorted(serving)} all answer for "
                          f"{respondent}; give each flow its own respondent")


def check_across_flows(flows: list[Flow]) -> list[Problem]:
    return [*check_all_levels(flows), *check_one_flow_per_respondent(flows)]
