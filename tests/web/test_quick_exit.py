"""Leave this site quickly: one link to /exit that lets go of the conversation, and pages
whose URLs and titles give nothing away, because a browser's history cannot be cleared."""

import re

import pytest

from pathway_bot.errors import NotFound
from tests.support.scripted import scripted_answer
from tests.web.helpers import ELIGIBLE, child_form

# Pages that show answers, or what was decided from them.
PAGES_WITH_ANSWERS = ["/q/1", "/q/2", "/q/3", "/question", "/check-answers", "/outcome",
                      "/summary", "/request", "/request/confirmation", "/delete-answers"]
NEUTRAL_PAGES = {"/session-ended", "/help", "/"}
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def answered_a_few(visitor):
    visitor.start()
    visitor.answer(False)
    visitor.answer(12)
    visitor.answer("GL5 1AA")
    return visitor


def held_conversation(visitor) -> dict | None:
    with visitor.client.session_transaction() as session:
        return session.get("chat")


def test_leaving_quickly_redirects_to_the_areas_everyday_site(visitor, runtime):
    visitor.get("/")
    response = visitor.client.get("/exit")
    assert response.status_code == 303
    assert response.location == runtime.area.quick_exit_url == "https://www.bbc.co.uk/weather"


def test_leaving_quickly_lets_go_of_the_conversation_but_keeps_the_answers_stored(
        visitor, runtime):
    answered_a_few(visitor)
    held = held_conversation(visitor)
    visitor.client.get("/exit")
    assert held_conversation(visitor) is None
    # Stored until purged; only a saved resume code could reach them again.
    with runtime.conversation_store.turn() as turn:
        assert '"age":12' in turn.get(held["id"]).snapshot


def test_after_leaving_quickly_a_copy_of_the_old_cookie_opens_nothing(visitor, runtime):
    answered_a_few(visitor)
    held = held_conversation(visitor)
    visitor.client.get("/exit")
    with pytest.raises(NotFound):
        runtime.conversations.open(held["id"], held["token"])


def test_after_leaving_quickly_the_start_page_offers_no_way_back(visitor):
    answered_a_few(visitor)
    assert "Carry on where you left off" in visitor.get("/").get_data(as_text=True)
    visitor.client.get("/exit")
    assert "Carry on where you left off" not in visitor.get("/").get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES_WITH_ANSWERS)
def test_after_leaving_quickly_a_page_that_showed_answers_goes_to_a_neutral_page(
        visitor, family_engine, path):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.post("/request", {"consent": "yes", "phone": "07700 900123", **child_form()})
    visitor.client.get("/exit")
    visitor.get(path)  # as Back does: the page is asked for again (Cache-Control: no-store)
    assert visitor.path in NEUTRAL_PAGES
    assert "GL5 1AA" not in visitor.page and "07700 900123" not in visitor.page
    assert "12" not in TITLE.search(visitor.page).group(1)


def test_question_urls_and_titles_say_where_never_what_is_asked(visitor, family_engine,
                                                                 runtime):
    visitor.start()
    seen = 0
    while (question_id := visitor.question) is not None:
        seen += 1
        title = TITLE.search(visitor.page).group(1)
        question_text = runtime.text(family_engine.flow.questions[question_id].text, "en")
        assert visitor.path == f"/q/{seen}"
        assert title.startswith(f"Question {seen} of") and question_text not in title
        visitor.answer(scripted_answer(family_engine.flow.questions[question_id], ELIGIBLE))
    assert seen > 8


def test_an_old_question_url_redirects_to_its_place(visitor):
    visitor.start()
    visitor.answer(False)
    response = visitor.client.get("/questions/harm")
    assert response.status_code == 303 and response.location == "/q/1"
    visitor.get("/questions/harm")
    assert visitor.path == "/q/1" and visitor.question == "harm"


def test_the_start_page_says_once_how_to_leave_quickly_and_suggests_a_private_window(visitor):
    page = visitor.get("/").get_data(as_text=True)
    main = page[page.index('<main'):page.index('</main>')]
    assert main.count("press the Shift key 3 times") == 1
    assert "private window" in main


def test_every_page_has_the_exit_link_first_after_the_skip_link(visitor):
    page = visitor.get("/privacy").get_data(as_text=True)
    assert page.index('href="#main-content"') < page.index('href="/exit"') \
        < page.index('class="danger-button"')
