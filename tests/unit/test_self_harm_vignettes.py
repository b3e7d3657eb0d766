"""Self-harm at 9, 14 and 19, with and without other needs (tests/data/vignettes_self_harm.json):
crisis help that fits the age, the tier of the needs alone, and the assessment carried on."""

from __future__ import annotations

import json

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.assessment import NeedsProfile, decide
from pathway_bot.assessment.outcome import outcome_contacts
from tests.unit.test_engine import walk

VIGNETTES = json.loads((PROJECT_ROOT / "tests" / "data" / "vignettes_self_harm.json")
                       .read_text())
BY_STORY = {"ids": lambda v: v["story"][:50]}
FLOW_FOR = {"parent_carer": "family", "young_person": "young_person",
            "practitioner": "practitioner"}


@pytest.mark.parametrize("vignette", VIGNETTES, **BY_STORY)
def test_self_harm_gives_the_tier_of_the_needs_alone(rules, vignette):
    decision = decide(NeedsProfile.from_dict(vignette["profile"]), rules)
    expected = vignette["expected"]
    assert (decision.outcome, decision.tier, decision.eligible) == (
        expected["outcome"], expected["tier"], expected["eligible"])
    without = decide(NeedsProfile.from_dict({**vignette["profile"], "self_harm": False}), rules)
    assert (without.tier, without.eligible) == (decision.tier, decision.eligible)


@pytest.mark.parametrize("vignette", VIGNETTES, **BY_STORY)
def test_self_harm_shows_the_crisis_help_that_fits_the_age(rules, area, catalogs, vignette):
    decision = decide(NeedsProfile.from_dict(vignette["profile"]), rules)
    shown = [c["id"] for c in outcome_contacts(decision, area, catalogs, "en")]
    assert shown[0] == "emergency"
    assert set(vignette["crisis_contacts"]["include"]) <= set(shown)
    assert not set(vignette["crisis_contacts"]["exclude"]) & set(shown)
    assert any("self-harm" in reason.render(catalogs.text, "en")
               for reason in decision.reasons)


@pytest.mark.parametrize("vignette", VIGNETTES, **BY_STORY)
def test_the_chat_asks_about_self_harm_and_carries_on_to_every_need(engines, rules, vignette):
    profile = vignette["profile"]
    finished = walk(engines.get(FLOW_FOR[profile["respondent"]]), profile)
    assert finished.ending == "outcome" and finished.profile["self_harm"] is True
    asked_needs = {qid for qid in finished.snapshot.path if qid in profile["needs"]}
    assert asked_needs == {area for area, level in profile["needs"].items() if level}
    decision = decide(NeedsProfile.from_dict(finished.profile), rules)
    assert decision.tier == vignette["expected"]["tier"]
