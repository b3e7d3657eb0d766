"""Someone is in danger; leave this site quickly."""

from tests.web.helpers import ELIGIBLE
from tests.web.test_flow import stored_answers


def test_someone_is_in_danger_during_a_conversation_shows_help_and_ends_nothing(
        visitor, runtime):
    visitor.start()
    visitor.answer(False)
    visitor.get("/help")
    page = visitor.page
    assert "call 999 now" in page
    assert page.index("999") < page.index("01452 426565")
    assert "Go back to the questions" in page and "I&#39;ve reported it" in page
    assert stored_answers(visitor, runtime) == {"harm": False}
    assert visitor.get("/question").request.path == "/q/2"


def test_someone_is_in_danger_without_a_conversation_shows_999_and_the_front_door(visitor):
    visitor.get("/")
    visitor.post("/someone-is-in-danger")
    page = visitor.page
    assert visitor.response.status_code == 200
    assert 'href="tel:999"' in page and "01452 426565" in page
    assert page.index('href="tel:999"') < page.index("01452 426565")


def test_someone_is_in_danger_still_shows_who_to_call_when_the_form_has_expired(visitor):
    response = visitor.post("/someone-is-in-danger", with_token=False)
    assert response.status_code == 200 and 'href="tel:999"' in visitor.page


def test_answering_yes_to_harm_goes_straight_to_help(visitor):
    visitor.start()
    visitor.answer(True)
    assert visitor.path == "/outcome" and 'href="tel:999"' in visitor.page


def test_someone_is_in_danger_after_the_outcome_shows_the_danger_page(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.post("/someone-is-in-danger")
    assert 'href="tel:999"' in visitor.page


def test_the_quick_exit_is_a_plain_link_that_works_without_javascript(visitor):
    page = visitor.get("/").get_data(as_text=True)
    assert '<a href="/exit" class="quick-exit" data-quick-exit' in page
