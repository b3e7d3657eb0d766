"""A database that goes away: every write is a 503 saying nothing was saved, with
Retry-After, /readyz goes 503, and the service recovers by itself when it comes back."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exc

from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.persistence.conversation_store import ConversationStore
from tests.api.helpers import PROBLEM, Chat
from tests.conftest import build_test_config
from tests.support.servers import throwaway_postgres
from tests.web.helpers import Visitor


def assert_not_saved(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    assert int(response.headers["Retry-After"]) > 0
    assert "not saved" in response.get_json()["detail"]


def database_away(*_args, **_kwargs):
    raise exc.OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error"))


def test_an_answer_while_the_database_is_away_is_a_503_saying_it_was_not_saved(
        client, monkeypatch):
    chat = Chat(client)
    monkeypatch.setattr(ConversationStore, "turn", database_away)
    assert_not_saved(chat.answer(False))


def test_a_web_answer_while_the_database_is_away_is_a_503_page(client, monkeypatch):
    visitor = Visitor(client)
    visitor.start()
    monkeypatch.setattr(ConversationStore, "turn", database_away)
    page = visitor.answer(False)
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "was not saved" in visitor.page


@pytest.mark.postgres
def test_postgres_stopping_and_starting_again_is_503_then_back_without_a_restart(tmp_path):
    with throwaway_postgres() as postgres:
        app = create_app(build_test_config(postgres.url, tmp_path))
        runtime = app.extensions["pathway_bot"]
        init_database(runtime)
        client = app.test_client()
        chat = Chat(client)
        try:
            postgres.stop()
            assert_not_saved(chat.answer(False))
            assert_not_saved(client.post("/api/v1/conversations", json={"flow": "family"}))
            assert client.get("/readyz").status_code == 503
            postgres.start()
            assert client.get("/readyz").status_code == 200
            assert chat.answer(False).status_code == 200
            assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {
                "harm": False}
        finally:
            runtime.database.dispose()
