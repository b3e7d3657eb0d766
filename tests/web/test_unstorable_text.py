"""The web chat holds form text to the API's rule: nothing a database cannot store."""

from __future__ import annotations

from tests.api.test_conversation_requests_api import ELIGIBLE
from tests.support.scripted import scripted_answer
from tests.web.helpers import as_form


def test_a_nul_in_a_typed_answer_is_a_422_page_and_the_question_stays(visitor, family_engine):
    visitor.start()
    while visitor.question != "own_words":
        question = family_engine.flow.questions[visitor.question]
        visitor.answer(as_form(scripted_answer(question, ELIGIBLE)))
    refused = visitor.answer("nul\x00here")
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    visitor.get("/question")
    assert visitor.question == "own_words"
