"""Through the forms: a practitioner's review cycles bring the graduated approach on the
outcome page, and every how-much page offers "Not sure yet"."""

from __future__ import annotations

from markupsafe import escape

from tests.support.scripted import scripted_answer

SENCO = {"age": 9, "district": "gloucester", "respondent": "practitioner",
         "needs": {"cognition_learning": 3, "communication_interaction": 3},
         "support_tried": "early_intervention", "progress_with_support": False,
         "has_ehcp": False, "risk_of_harm": False, "consent_to_share": True,
         "review_cycles": 2}


def outcome_page(visitor, runtime, profile) -> str:
    visitor.start("practitioner")
    visitor.walk(profile, runtime.engines.get("practitioner"))
    return visitor.get("/outcome").get_data(as_text=True)


def test_two_cycles_without_progress_show_the_graduated_approach_with_its_source(
        visitor, runtime):
    page = outcome_page(visitor, runtime, SENCO)
    assert 'data-next-step="graduated_approach"' in page
    assert str(escape(runtime.text("next_step.graduated_approach.practitioner", "en"))) in page
    step = next(s for s in runtime.area.next_steps if s.code == "graduated_approach")
    assert f'href="{escape(step.source)}"' in page
    assert "tried and checked 2 times" in page


def test_progress_made_after_two_cycles_shows_no_graduated_approach(visitor, runtime):
    page = outcome_page(visitor, runtime, {**SENCO, "progress_with_support": True})
    assert 'data-next-step="graduated_approach"' not in page
    assert "tried and checked" not in page


def test_a_practitioner_can_answer_not_sure_yet_and_check_answers_says_so(visitor, runtime):
    profile = {**SENCO, "needs": {"health": 2}, "unsure_needs": ["health"],
               "support_tried": "none", "progress_with_support": None}
    visitor.start("practitioner")
    engine = runtime.engines.get("practitioner")
    seen_health = False
    while (question := visitor.question) is not None:
        if question == "health":
            seen_health = True
            assert 'value="unsure"' in visitor.page and "Not sure yet" in visitor.page
        visitor.answer(scripted_answer(engine.flow.questions[question], profile))
    assert seen_health and visitor.path == "/check-answers"
    assert "Not sure yet" in visitor.page
    page = visitor.get("/outcome").get_data(as_text=True)
    assert str(escape(runtime.text("tier.early_help", "en"))) in page
    assert "not sure" in page
