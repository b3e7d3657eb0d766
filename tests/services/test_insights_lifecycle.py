"""Insights over the request lifecycle: time to first contact, transfers and closures, and
the requests that have missed a response time, each against counts read straight from the
database (SQLite here; PostgreSQL too when PATHWAY_TEST_DATABASE_URL is set, as in CI)."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from pathway_bot.insights.export import report_as_csv
from pathway_bot.insights.figures import Period, Scope
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from pathway_bot.persistence.models.staff import RequestTransfer
from pathway_bot.requests import queue
from pathway_bot.requests.moves import Actor
from pathway_bot.requests.transfers import transfer_request
from tests.requests_factories import NOW, create_key, create_request

PERIOD = Period("2025-01", "2026-12")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


@pytest.fixture
def coordinator(session, runtime):
    return create_key(session, runtime, districts=tuple(runtime.area.district_ids))[0]


def _whole_area(runtime) -> Scope:
    return Scope(runtime.area.id, runtime.area.district_ids, whole_area=True)


def _allocate(session, runtime, coordinator, request, when: datetime) -> None:
    queue.claim_request(session, coordinator, request.id, now=when)
    queue.allocate_request(session, coordinator, request.id, now=when + timedelta(hours=2),
                           to="Stroud Family Support", lead_professional=None, note=None)


def _requests_section(runtime, session):
    return runtime.insights.report(session, _whole_area(runtime), PERIOD,
                                   ("requests",))["requests"]


def _cell(table, row, column):
    return table["cells"][table["rows"].index(row)][table["columns"].index(column)]


def test_time_to_first_contact_is_what_the_requests_record(session, runtime, coordinator):
    raised = [create_request(session, runtime, now=NOW) for _ in range(7)]
    for n, request in enumerate(raised[:6]):
        _allocate(session, runtime, coordinator, request, NOW + timedelta(days=1))
        runtime.requests.clock = lambda n=n: NOW + timedelta(days=3 + 2 * n, hours=n)
        runtime.casework.record_first_contact(session, coordinator, request.id)

    timing = _requests_section(runtime, session)["times"]["first_contact"]

    days = sorted((contacted - created).total_seconds() / 86400
                  for created, contacted in session.execute(
                      select(SupportRequest.created_at, SupportRequest.first_contact_at)
                      .where(SupportRequest.first_contact_at.is_not(None))))
    assert len(days) == 6  # the seventh was never allocated
    assert timing["requests"] == 6
    assert timing["median_days"] == round(statistics.median(days), 1)
    assert timing["p90_days"] == round(days[math.ceil(0.9 * len(days)) - 1], 1)
    stroud = next(row for row in timing["by_district"] if row["district"] == "stroud")
    assert stroud["requests"] == 6
    first_contacts = session.scalar(select(func.count()).select_from(RequestEvent)
                                    .where(RequestEvent.action == "first_contact"))
    assert first_contacts == 6  # each was recorded once, in the history too


def test_fewer_than_5_first_contacts_show_no_times(session, runtime, coordinator):
    request = create_request(session, runtime, now=NOW)
    _allocate(session, runtime, coordinator, request, NOW + timedelta(days=1))
    runtime.casework.record_first_contact(session, coordinator, request.id)

    timing = _requests_section(runtime, session)["times"]["first_contact"]

    assert timing == {"requests": None, "median_days": None, "p90_days": None,
                      "by_district": timing["by_district"]}
    assert all(row["requests"] is None for row in timing["by_district"])


def test_transfers_and_closures_are_counted_from_the_history(session, runtime, coordinator):
    actor = Actor.from_key(coordinator)
    moved = [create_request(session, runtime, now=NOW) for _ in range(6)]
    for request in moved:
        transfer_request(session, coordinator, request.id, area=runtime.area,
                         to_district="cheltenham", reason="The family moved",
                         actor=actor, now=NOW + timedelta(days=1))
    back = moved[0]  # moved on again: two transfers, one out of each district
    transfer_request(session, coordinator, back.id, area=runtime.area, to_district="stroud",
                     reason="Moved back", actor=actor, now=NOW + timedelta(days=2))
    closing = [create_request(session, runtime, now=NOW) for _ in range(5)]
    for request in closing:
        _allocate(session, runtime, coordinator, request, NOW + timedelta(days=1))
        runtime.casework.close(session, coordinator, request.id, reason="Support finished")

    section = _requests_section(runtime, session)

    transfers_out = Counter(dict(session.execute(
        select(RequestTransfer.from_district, func.count())
        .group_by(RequestTransfer.from_district)).all()))
    closed = Counter(dict(session.execute(
        select(SupportRequest.district, func.count(func.distinct(RequestEvent.request_id)))
        .join(SupportRequest, SupportRequest.id == RequestEvent.request_id)
        .where(RequestEvent.to_status == "closed").group_by(SupportRequest.district)).all()))
    table = section["moved"]
    assert transfers_out == {"stroud": 6, "cheltenham": 1}
    assert _cell(table, "stroud", "transferred") == transfers_out["stroud"]
    assert _cell(table, "cheltenham", "transferred") is None  # one: fewer than 5
    assert _cell(table, "stroud", "closed") == closed["stroud"] == 5
    assert table["column_totals"][table["columns"].index("closed")] == 5
    # the transferred requests are still queued: a transfer is not a status
    assert _cell(section["by_status"], "cheltenham", "queued") == 5
    csv = report_as_csv({"requests": section})
    assert "requests,moved,stroud,transferred,6\r\n" in csv
    assert "requests,moved,stroud,closed,5\r\n" in csv


def test_overdue_counts_are_the_open_requests_past_their_response_times(
        session, runtime, coordinator):
    late = [create_request(session, runtime, now=NOW) for _ in range(6)]  # Tue 25 Nov
    create_request(session, runtime, now=NOW, profile={"district": "cotswold"})
    on_time = create_request(session, runtime, now=NOW)
    queue.claim_request(session, coordinator, on_time.id, now=NOW + timedelta(days=1))
    held = create_request(session, runtime, now=NOW)
    queue.claim_request(session, coordinator, held.id, now=NOW + timedelta(days=1))
    runtime.insights.clock = lambda: at(date(2025, 12, 1))  # acknowledging was due 28 Nov

    section = _requests_section(runtime, session)

    unacknowledged = Counter(dict(session.execute(
        select(SupportRequest.district, func.count())
        .where(SupportRequest.acknowledged_at.is_(None),
               SupportRequest.status.in_(("queued", "claimed")))
        .group_by(SupportRequest.district)).all()))
    table = section["overdue"]
    assert table["columns"] == ["acknowledge", "decide", "first_contact"]
    assert _cell(table, "stroud", "acknowledge") == unacknowledged["stroud"] == len(late)
    assert _cell(table, "cotswold", "acknowledge") is None  # one: fewer than 5
    assert _cell(table, "stroud", "decide") is None  # none before Stroud's meeting, 2 Dec
    ageing = runtime.casework.ageing(session, at(date(2025, 12, 1)))
    assert len(ageing["stroud"]) == _cell(table, "stroud", "acknowledge")

    runtime.insights.clock = lambda: at(date(2025, 12, 3))  # the meeting has gone by
    later = _requests_section(runtime, session)["overdue"]
    assert _cell(later, "stroud", "decide") == len(late) + 2  # the claimed ones too
    assert "requests,overdue,stroud,decide,8\r\n" in report_as_csv(
        {"requests": {"overdue": later}})


def test_a_manager_of_one_district_sees_no_other_districts_overdue_or_moved(
        session, runtime, coordinator):
    for _ in range(5):
        create_request(session, runtime, now=NOW, profile={"district": "cotswold"})
    manager, _ = create_key(session, runtime, role="manager", districts=("stroud",))
    runtime.insights.clock = lambda: at(date(2025, 12, 10))

    shown = runtime.insights.report(session, runtime.insights.scope_for(manager), PERIOD,
                                    ("requests",))["requests"]

    assert shown["overdue"]["rows"] == ["stroud"] and shown["overdue"]["total"] is None
    assert shown["moved"]["rows"] == ["stroud"]
