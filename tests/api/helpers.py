"""Small factories for API tests."""

from __future__ import annotations

from typing import Any

from pathway_bot.assessment import NeedsProfile, decide
from pathway_bot.engine import FlowEngine
from tests.support.scripted import scripted_answer

PROBLEM = "application/problem+json"


class Chat:
    """A conversation driven over HTTP, as a client system would."""

    def __init__(self, client, flow: str = "family", locale: str = "en"):
        self.client = client
        response = client.post("/api/v1/conversations", json={"flow": flow, "locale": locale})
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        self.id, self.token, self.step = body["id"], body["token"], body["step"]
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.outcome = None

    @property
    def url(self) -> str:
        return f"/api/v1/conversations/{self.id}"

    @property
    def question(self) -> str:
        return self.step["question"]["id"]

    def answer(self, value: Any, question: str | None = None):
        response = self.client.post(f"{self.url}/answers", headers=self.headers,
                                    json={"question": question or self.question,
                                          "answer": value})
        self._take(response)
        return response

    def back(self):
        response = self.client.post(f"{self.url}/back", headers=self.headers)
        self._take(response)
        return response

    def _take(self, response) -> None:
        if response.status_code == 200:
            body = response.get_json()
            self.step, self.outcome = body["step"], body["outcome"]

    def walk(self, profile: dict, engine: FlowEngine):
        while self.step is not None:
            question = engine.flow.questions[self.question]
            response = self.answer(scripted_answer(question, profile))
            assert response.status_code == 200, response.get_json()
        return self.outcome


def expected_decision(profile: dict, rules):
    return decide(NeedsProfile.from_dict(profile), rules)
