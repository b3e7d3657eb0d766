"""The hostile suite's parts: an app with a cast of callers (two families, a coordinator of
each area district, a practitioner, a revoked key), and a fingerprint of the whole database
to show that an attack changed nothing.

Every module here is marked `hostile` (pytestmark); the fast suite leaves them out, and
`.ci/run` runs them on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.persistence.models import Base
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests import keys, queue
from pathway_bot.runtime import Runtime
from tests.api.helpers import Chat
from tests.api.test_conversation_requests_api import finished_chat, raise_for
from tests.conftest import POSTGRES_URL, _reset_postgres, build_test_config
from tests.requests_factories import NOW, create_key, create_request

CASES_SENT: Counter[str] = Counter()  # requests sent by each kind of attack, for the summary


def pytest_terminal_summary(terminalreporter) -> None:
    if CASES_SENT:
        figures = ", ".join(f"{kind}: {count}" for kind, count in sorted(CASES_SENT.items()))
        terminalreporter.write_line(f"hostile requests sent: {sum(CASES_SENT.values())} "
                                    f"({figures})")


def hostile_database(tmp_path, sqlite_template) -> str:
    """A fresh database: the real PostgreSQL when PATHWAY_TEST_DATABASE_URL names one."""
    if POSTGRES_URL:
        runtime = Runtime.build(build_test_config(POSTGRES_URL, tmp_path))
        init_database(runtime)
        _reset_postgres(POSTGRES_URL)
        init_database(runtime)
        runtime.database.dispose()
        return POSTGRES_URL
    path = tmp_path / "hostile.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@dataclass
class Cast:
    """Who calls: each with credentials of their own, and things of their own to reach."""

    family: Chat  # at its outcome, with a request raised from it
    other_family: Chat  # at its first question
    coordinator: str  # Stroud
    other_coordinator: str  # Cotswold
    practitioner: str
    revoked: str
    held_request: str  # claimed by `coordinator`
    queued_request: str

    @staticmethod
    def bearer(secret: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {secret}"}


def build_cast(client, runtime: Runtime) -> Cast:
    family = finished_chat(client, runtime)
    assert raise_for(client, family).status_code == 201
    with runtime.database.session() as session:
        stroud, coordinator = create_key(session, runtime)
        _, other = create_key(session, runtime, districts=("cotswold",), name="Cotswold")
        _, practitioner = create_key(session, runtime, role="practitioner", name="School")
        revoked_key, revoked = create_key(session, runtime, name="Gone")
        keys.revoke_key(session, revoked_key.id, now=NOW)
        held = create_request(session, runtime)
        queued = create_request(session, runtime)
        key = session.scalar(select(ApiKey).where(ApiKey.id == stroud.id))
        queue.claim_request(session, key, held.id, now=NOW)
        held_id, queued_id = held.id, queued.id
    return Cast(family=family, other_family=Chat(client), coordinator=coordinator,
                other_coordinator=other, practitioner=practitioner, revoked=revoked,
                held_request=held_id, queued_request=queued_id)


@pytest.fixture
def hostile_app(tmp_path, sqlite_template):
    # Rate limits off: the attacks are about what each request gets, not how many are let in.
    app = create_app(build_test_config(hostile_database(tmp_path, sqlite_template), tmp_path))
    yield app
    app.extensions["pathway_bot"].database.dispose()


@pytest.fixture
def hostile_client(hostile_app):
    return hostile_app.test_client()


@pytest.fixture
def hostile_runtime(hostile_app) -> Runtime:
    return hostile_app.extensions["pathway_bot"]


@pytest.fixture
def cast(hostile_client, hostile_runtime) -> Cast:
    return build_cast(hostile_client, hostile_runtime)


def database_fingerprint(runtime: Runtime) -> dict[str, str]:
    """A hash of every row of every table, by table: equal fingerprints, unchanged data."""
    fingerprint = {}
    with runtime.database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            fingerprint[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return fingerprint
