"""Options a flow takes from the local area (`options_from`) rather than listing them.

Resolved once, when a flow version's engine is built: the area is data too, so a flow need
not repeat its districts, and cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pathway_bot.area import Area, Geography
from pathway_bot.errors import FlowError
from pathway_bot.flows.model import Flow, Option, Question

DISTRICTS = "area.districts"


def _districts(area: Area, reach: Geography) -> tuple[Option, ...]:
    own = tuple(Option(value=district.id, label=district.name) for district in area.districts)
    return own + _neighbours(area, reach)


def _neighbours(area: Area, reach: Geography) -> tuple[Option, ...]:
    """Districts of other areas that share an outward code with this one (GL12 is partly
    Stroud, partly South Gloucestershire), each offered only to a person whose postcode
    reaches it, so that someone on a boundary can choose the area they live in."""
    offered: dict[str, Option] = {}
    for code in area.outward_codes:
        for district_id in reach.match_postcode(code).districts:
            neighbour = reach.district(district_id)
            if area.district(district_id) is None and neighbour and district_id not in offered:
                offered[district_id] = Option(value=district_id, label=neighbour.name,
                                              when=_postcode_reaches(district_id),
                                              conditional=True)
    return tuple(offered.values())


def _postcode_reaches(district_id: str) -> Callable[[Any], bool]:
    def reaches(cursor: Any) -> bool:  # the turn's engine.machine.Cursor
        postcode = cursor.profile.get("postcode")
        return bool(postcode) and district_id in cursor.area.match_postcode(postcode).districts

    return reaches


# What `options_from` may name, and how each is read from the area and those it borders.
AREA_OPTIONS: dict[str, Callable[[Area, Geography], tuple[Option, ...]]] = {
    DISTRICTS: _districts,
}


def with_area_options(flow: Flow, area: Area, reach: Geography | None = None) -> Flow:
    """The flow with every `options_from` question given its options from the area."""
    if all(question.options_from is None for question in flow.questions.values()):
        return flow
    questions = {qid: _with_options(flow, question, area, reach or area)
                 for qid, question in flow.questions.items()}
    return replace(flow, questions=questions)


def _with_options(flow: Flow, question: Question, area: Area, reach: Geography) -> Question:
    if question.options_from is None:
        return question
    options_of = AREA_OPTIONS.get(question.options_from)
    if options_of is None:
        raise FlowError(f"{flow.source}: question {question.id} takes its options from "
                        f"{question.options_from!r}, which the area does not have; use one "
                        f"of {sorted(AREA_OPTIONS)}")
    return replace(question, options=options_of(area, reach))
