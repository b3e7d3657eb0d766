"""The outcome page explains itself: the four levels, the allocations group, what happens
next, and the routes the law gives the family, each with where it comes from."""

from markupsafe import escape

from tests.web.helpers import ELIGIBLE


def shown(runtime, message_id: str) -> str:
    return str(escape(runtime.text(message_id, "en")))


def test_the_outcome_explains_the_levels_the_allocations_group_and_what_happens_next(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    page = visitor.get("/outcome").get_data(as_text=True)
    for level in (1, 2, 3, 4):
        assert shown(runtime, f"explain.level.{level}") in page
    assert shown(runtime, "explain.allocations_group") in page
    assert shown(runtime, "explain.next.can_ask") in page


def test_a_plan_asked_for_shows_the_timescales_and_the_routes_to_disagree_with_sources(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk({**ELIGIBLE, "ehcp_requested": True}, family_engine)
    page = visitor.get("/outcome").get_data(as_text=True)
    for code in ("six_weeks", "twenty_weeks", "ask_yourself", "disagree", "complain",
                 "while_you_wait", "personal_budget"):
        assert f'data-next-step="{code}"' in page
    step = next(s for s in runtime.area.next_steps if s.code == "twenty_weeks")
    assert f'href="{escape(step.source)}"' in page


def test_a_fifteen_year_old_gets_the_prompts_for_sixteen(visitor, family_engine):
    visitor.start()
    visitor.walk({**ELIGIBLE, "age": 15}, family_engine)
    page = visitor.get("/outcome").get_data(as_text=True)
    assert 'data-next-step="dla_to_pip"' in page and 'data-next-step="own_decisions"' in page
    summary = visitor.get("/summary").get_data(as_text=True)
    assert 'data-next-step="dla_to_pip"' in summary


def test_a_young_person_reads_about_themselves_not_their_child(visitor, runtime):
    engine = runtime.engines.get("young_person")
    visitor.start("young_person")
    visitor.walk({**ELIGIBLE, "age": 17, "respondent": "young_person"}, engine)
    page = visitor.get("/outcome").get_data(as_text=True)
    assert "your child" not in page
    assert shown(runtime, "next_step.adult_services.young_person") in page
