"""A visitor without JavaScript: follows links and posts forms as a browser would."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tests.support.scripted import scripted_answer

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# A question page's URL says only where it is (/q/3); its form names the question.
QUESTION = re.compile(r'name="question" value="([^"]+)"')


class Visitor:
    def __init__(self, client):
        self.client = client
        self.page = ""
        self.response = None

    def get(self, url: str):
        self.response = self.client.get(url, follow_redirects=True)
        self.page = self.response.get_data(as_text=True)
        return self.response

    def csrf_token(self) -> str:
        if not CSRF.search(self.page):
            self.get("/")
        return CSRF.search(self.page).group(1)

    def post(self, url: str, data: dict | None = None, *, with_token: bool = True):
        form = dict(data or {})
        if with_token:
            form["csrf_token"] = self.csrf_token()
        self.response = self.client.post(url, data=form, follow_redirects=True)
        self.page = self.response.get_data(as_text=True)
        return self.response

    @property
    def path(self) -> str:
        return self.response.request.path

    def start(self, who: str = "parent_carer"):
        self.get("/")
        return self.post("/start", {"who": who})

    @property
    def question(self) -> str | None:
        """The id of the question on this page, or None when it is not a question page."""
        found = QUESTION.search(self.page) if self.path.startswith("/q/") else None
        return found.group(1) if found else None

    def answer(self, value: Any):
        return self.post(self.path, {"question": self.question, "answer": as_form(value)})

    def walk(self, profile: dict, engine) -> None:
        """Answer every question as this profile's person would, until the flow ends."""
        while (question_id := self.question) is not None:
            question = engine.flow.questions[question_id]
            response = self.answer(scripted_answer(question, profile))
            assert response.status_code == 200, self.page


def as_form(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [str(item) for item in value]
    return "" if value is None else str(value)


ELIGIBLE = {
    "age": 12, "postcode": "GL5 1AA", "respondent": "parent_carer",
    "needs": {"social_emotional_mental_health": 3, "education_participation": 2},
    "support_tried": "early_help", "progress_with_support": False, "has_ehcp": False,
    "risk_of_harm": False, "consent_to_share": True,
}


def child_form(age: int = 12, **overrides) -> dict:
    """The request form's boxes for the child: their name and a date of birth that makes
    them `age` today."""
    fields = {"child_name": "Alex Example", "dob_day": "1", "dob_month": "1",
              "dob_year": str(date.today().year - age)}
    fields.update(overrides)
    return fields
