"""Requests have their own retention: one declined or withdrawn keeps its personal details
for PATHWAY_REQUEST_RETENTION_DAYS after it got there, then keeps only its anonymous row;
and the conversation behind a request still being worked on is never purged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from pathway_bot.bootstrap import purge_expired
from pathway_bot.cli import cli
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests import queue
from pathway_bot.requests.service import PERSONAL_FIELDS, purge_finished_requests
from tests.api.helpers import Chat
from tests.api.test_conversation_requests_api import finished_chat, raise_for
from tests.requests_factories import create_key, create_request

RETENTION = 365
LONG_AGO = timedelta(days=RETENTION + 30)
LATELY = timedelta(days=RETENTION - 30)


@pytest.fixture
def session(runtime):
    with runtime.database.session() as opened:
        yield opened


@pytest.fixture
def coordinator(session, runtime):
    return create_key(session, runtime)[0]


def declined(session, runtime, coordinator, *, ago: timedelta) -> SupportRequest:
    when = utcnow() - ago
    request = create_request(session, runtime, now=when - timedelta(days=1))
    queue.claim_request(session, coordinator, request.id, now=when)
    return queue.decline_request(session, coordinator, request.id, now=when,
                                 reason="Needs are met by school", signposted_to=None)


def withdrawn(session, runtime, *, ago: timedelta) -> SupportRequest:
    when = utcnow() - ago
    request = create_request(session, runtime, now=when - timedelta(days=1))
    return runtime.requests.withdraw(session, request, now=when)


def purge(session) -> int:
    return purge_finished_requests(session, RETENTION, utcnow())


def reloaded(session, request: SupportRequest) -> SupportRequest:
    session.expire_all()
    return session.get(SupportRequest, request.id)


def assert_anonymous(request: SupportRequest, status: str) -> None:
    assert request.status == status and request.erased_at is not None
    assert all(getattr(request, field) is None for field in PERSONAL_FIELDS)


def test_a_request_declined_past_the_retention_period_keeps_only_its_anonymous_row(
        session, runtime, coordinator):
    old = declined(session, runtime, coordinator, ago=LONG_AGO)
    assert purge(session) == 1
    purged = reloaded(session, old)
    assert_anonymous(purged, "declined")
    assert purged.reference and purged.district == "stroud" and purged.tier


def test_a_request_withdrawn_past_the_retention_period_is_purged_too(session, runtime):
    old = withdrawn(session, runtime, ago=LONG_AGO)
    assert purge(session) == 1
    assert_anonymous(reloaded(session, old), "withdrawn")


def test_a_request_finished_within_the_retention_period_keeps_its_details(
        session, runtime, coordinator):
    recent = declined(session, runtime, coordinator, ago=LATELY)
    assert purge(session) == 0
    assert reloaded(session, recent).contact is not None


def test_the_period_runs_from_when_it_was_finished_not_when_it_was_raised(
        session, runtime, coordinator):
    request = create_request(session, runtime, now=utcnow() - LONG_AGO)
    queue.claim_request(session, coordinator, request.id, now=utcnow() - LATELY)
    queue.decline_request(session, coordinator, request.id, now=utcnow() - LATELY,
                          reason="Needs are met by school", signposted_to=None)
    assert purge(session) == 0


def test_requests_still_being_worked_on_are_never_purged_however_old(
        session, runtime, coordinator):
    queued = create_request(session, runtime, now=utcnow() - LONG_AGO)
    claimed = create_request(session, runtime, now=utcnow() - LONG_AGO)
    queue.claim_request(session, coordinator, claimed.id, now=utcnow() - LONG_AGO)
    assert purge(session) == 0
    assert reloaded(session, queued).contact and reloaded(session, claimed).contact


def test_purging_twice_changes_nothing_more(session, runtime, coordinator):
    declined(session, runtime, coordinator, ago=LONG_AGO)
    assert purge(session) == 1
    assert purge(session) == 0


def test_the_conversation_behind_a_live_request_is_kept_and_still_tracks_it(
        client, runtime):
    chat = finished_chat(client, runtime)
    assert raise_for(client, chat).status_code == 201
    abandoned = Chat(client)
    later = utcnow() + timedelta(days=runtime.config.retention_days + 1)
    assert runtime.conversations.purge_abandoned(runtime.config.retention_days, later) == 1
    tracked = client.get(f"{chat.url}/request-for-support", headers=chat.headers)
    assert tracked.status_code == 200
    assert client.get(abandoned.url, headers=abandoned.headers).status_code == 404


def test_the_conversation_behind_a_withdrawn_request_is_purged(client, runtime):
    chat = finished_chat(client, runtime)
    raise_for(client, chat)
    assert client.delete(f"{chat.url}/request-for-support",
                         headers=chat.headers).status_code == 200
    later = utcnow() + timedelta(days=runtime.config.retention_days + 1)
    assert runtime.conversations.purge_abandoned(runtime.config.retention_days, later) == 1


def test_purge_expired_does_both_and_the_command_says_so(session, runtime, coordinator,
                                                         monkeypatch):
    declined(session, runtime, coordinator, ago=LONG_AGO)
    runtime.conversations.start(flow="family", locale="en", now=utcnow() - LONG_AGO)
    purged = purge_expired(runtime)
    assert (purged.conversations, purged.requests) == (1, 1)

    monkeypatch.setattr("pathway_bot.cli.build_runtime", lambda: runtime)
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "0 conversation(s)" in result.output and "0 request(s)" in result.output
