"""500 queued requests, 16 coordinators pulling at once: each request pulled exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pathway_bot.bootstrap import init_database
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from pathway_bot.runtime import Runtime
from tests.conftest import POSTGRES_URL, _reset_postgres
from tests.conftest import build_test_config as make_config
from tests.support.queue_drill import coordinator_keys, pull_until_empty, seed_queue

QUEUED = 500
ELSEWHERE = 50
COORDINATORS = 16


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_runtime(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'queue.db'}"
    elif POSTGRES_URL:
        url = POSTGRES_URL
        init_database(Runtime.build(make_config(url, tmp_path)))
        _reset_postgres(url)
    else:
        pytest.skip("set PATHWAY_TEST_DATABASE_URL to run against PostgreSQL")
    built = Runtime.build(make_config(url, tmp_path))
    init_database(built)
    yield built
    built.database.dispose()


@pytest.mark.load
@pytest.mark.timeout(300)
def test_sixteen_coordinators_pull_every_request_exactly_once(fresh_runtime):
    stroud = set(seed_queue(fresh_runtime, "stroud", QUEUED))
    cotswold = set(seed_queue(fresh_runtime, "cotswold", ELSEWHERE))

    drill = pull_until_empty(fresh_runtime, coordinator_keys(fresh_runtime, "stroud",
                                                             COORDINATORS))

    assert drill.errors == []
    pulled = [request_id for request_id, _, _ in drill.pulled]
    assert drill.duplicates == 0
    assert sorted(pulled) == sorted(stroud)
    assert not cotswold & set(pulled)
    assert {district for _, district, _ in drill.pulled} == {"stroud"}
    _assert_database_agrees(fresh_runtime, drill)


def _assert_database_agrees(runtime: Runtime, drill) -> None:
    holder = {request_id: key_id for request_id, _, key_id in drill.pulled}
    with runtime.database.session() as session:
        rows = session.execute(select(SupportRequest.id, SupportRequest.district,
                                      SupportRequest.status, SupportRequest.claimed_by)).all()
        claims = session.scalar(select(func.count()).select_from(RequestEvent)
                                .where(RequestEvent.action == "claim"))
    for request_id, district, status, claimed_by in rows:
        if district == "stroud":
            assert status == "claimed" and claimed_by == holder[request_id]
        else:
            assert status == "queued" and claimed_by is None
    assert claims == QUEUED
