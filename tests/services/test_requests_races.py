"""Two tabs raising a request for one conversation at once: one request, both told of it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.service import withdraw_request
from tests.requests_factories import NOW, create_request


def count_live(session, conversation_id: str) -> int:
    return session.scalar(select(func.count()).select_from(SupportRequest).where(
        SupportRequest.conversation_id == conversation_id,
        SupportRequest.status != "withdrawn"))


def test_the_schema_refuses_a_second_live_request_for_one_conversation(runtime):
    with runtime.database.session() as session:
        first = create_request(session, runtime, conversation_id="c1")
        twin = SupportRequest(**{column.key: getattr(first, column.key)
                                 for column in SupportRequest.__table__.columns})
        twin.id, twin.reference, twin.idempotency_hash = "f" * 32, "ZZZZ-ZZZZ", None
        session.add(twin)
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_withdrawn_request_leaves_room_for_a_new_one(runtime):
    with runtime.database.session() as session:
        first = create_request(session, runtime, conversation_id="c1")
        withdraw_request(session, first, now=NOW)
        second = create_request(session, runtime, conversation_id="c1", idempotency_key="k")
        assert second.id != first.id and count_live(session, "c1") == 1


def test_two_tabs_raising_at_once_store_one_request_and_both_get_its_reference(
        runtime, monkeypatch):
    if runtime.database.dialect != "postgresql":
        pytest.skip("SQLite takes the write lock before the check: the race needs PostgreSQL")
    # Both tabs pass the "already raised?" check before either commits.
    both_checked = threading.Barrier(2, timeout=10)
    requests = runtime.requests
    check_eligible = requests._check_eligible

    def check_then_wait(*args):
        check_eligible(*args)
        both_checked.wait()

    monkeypatch.setattr(requests, "_check_eligible", check_then_wait)

    def raise_in_tab(key: str | None) -> tuple[str, str]:
        with runtime.database.session() as session:
            raised = create_request(session, runtime, conversation_id="c1", idempotency_key=key)
            return raised.id, raised.reference

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(raise_in_tab, ["tab-1", None]))
    assert answers[0] == answers[1]
    with runtime.database.session() as session:
        assert count_live(session, "c1") == 1
