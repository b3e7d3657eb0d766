"""The language switcher keeps every answer given so far."""

from tests.web.test_flow import stored_answers


def test_switching_language_keeps_the_answers_and_the_question(visitor, runtime):
    visitor.start()
    visitor.answer(False)
    visitor.answer(8)
    visitor.post("/language", {"locale": "cy", "next": "/q/3"})
    assert visitor.path == "/q/3"
    assert '<html lang="cy"' in visitor.page
    assert stored_answers(visitor, runtime) == {"harm": False, "age": 8}
    visitor.get("/q/2")
    assert 'value="8"' in visitor.page


def test_the_chosen_language_is_kept_for_the_next_pages(visitor):
    visitor.get("/")
    visitor.post("/language", {"locale": "cy", "next": "/"})
    assert '<html lang="cy"' in visitor.get("/privacy").get_data(as_text=True)


def test_the_switcher_offers_every_language_in_its_own_name(visitor):
    page = visitor.get("/").get_data(as_text=True)
    assert 'lang="cy">Cymraeg</button>' in page
    assert 'aria-current="true" lang="en">English</span>' in page


def test_a_language_we_do_not_have_changes_nothing(visitor):
    visitor.get("/")
    visitor.post("/language", {"locale": "xx", "next": "/"})
    assert '<html lang="en"' in visitor.page
