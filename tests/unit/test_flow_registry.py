"""Flows describe themselves: who answers each, how the start page offers it, the words
agreed to and who a request comes from are read from the flow files."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pathway_bot.engine import Engines
from pathway_bot.errors import FlowError, NotFound
from pathway_bot.flows import Raiser, load_flow_registry
from tests.unit.conftest import FLOWS_DIR


@pytest.fixture
def registry():
    return load_flow_registry(FLOWS_DIR)


@pytest.mark.parametrize(("respondent", "flow"), [("parent_carer", "family"),
                                                  ("young_person", "young_person"),
                                                  ("practitioner", "practitioner")])
def test_each_respondent_answers_its_own_flow(registry, respondent, flow):
    assert registry.flow_for_respondent(respondent).name == flow


def test_a_respondent_no_flow_is_for_is_not_found(registry):
    with pytest.raises(NotFound):
        registry.flow_for_respondent("grandparent")


def test_the_start_page_offers_every_flow_in_the_order_the_flows_give(registry):
    choices = registry.start_choices()
    assert [c.who for c in choices] == ["parent_carer", "young_person", "practitioner"]
    assert choices[0].label == "web.start.who.parent_carer"


def test_a_flow_names_the_words_agreed_to_and_who_raises_its_requests(registry):
    assert registry.consent_wording("practitioner") == "request.consent.practitioner_chat"
    assert registry.raised_by("family", 1) == Raiser("family", "the family")


def test_district_options_come_from_the_area(engines, area):
    question = engines.get("young_person").flow.questions["district"]
    assert [o.value for o in question.options] == list(area.district_ids)
    assert [o.label for o in question.options] == [d.name for d in area.districts]


def test_options_from_something_the_area_does_not_have_stops_the_engine(registry, area):
    flow = registry.latest("family")
    broken = replace(flow, questions={**flow.questions, "district": replace(
        flow.questions["district"], options_from="area.wards")})
    with pytest.raises(FlowError, match=r"area\.wards"):
        Engines(replace(registry, flows={flow.key: broken}), area).get("family")
