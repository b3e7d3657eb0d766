"""Requests whose words may describe a risk are flagged, and coordinators see them first."""

from __future__ import annotations

import csv
import io
import logging

import pytest

from pathway_bot.requests import queue
from pathway_bot.requests.agenda import agenda_as_csv
from tests.requests_factories import NOW, create_key, create_request


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


@pytest.fixture
def stroud(session, runtime):
    return create_key(session, runtime, name="Stroud one")[0]


def test_self_harm_a_safety_check_or_worrying_words_flag_a_request(session, runtime):
    told = create_request(session, runtime, profile={"self_harm": True})
    checked = create_request(session, runtime, answers={"safety_check": False})
    summary = create_request(session, runtime, summary="Her dad hits her when he is angry.")
    notes = create_request(session, runtime, contact={
        "phone": "07700 900123", "own_words": "He says he wants to kill himself."})
    calm = create_request(session, runtime, summary="Mornings are the hardest.")
    assert [r.risk_flag for r in (told, checked, summary, notes, calm)] == [
        True, True, True, True, False]


def test_flagged_requests_come_first_then_oldest_first_within_each(session, runtime, stroud):
    oldest = create_request(session, runtime)
    flagged_later = create_request(session, runtime, profile={"self_harm": True})
    newest = create_request(session, runtime)
    flagged_last = create_request(session, runtime, summary="Her brother hits her.")
    listed = queue.list_requests(session, stroud, status="queued", page=1, per_page=10)
    assert [r.id for r in listed.items] == [flagged_later.id, flagged_last.id, oldest.id,
                                            newest.id]
    pulled = queue.pull_next_request(session, stroud, now=NOW)
    assert pulled.id == flagged_later.id


def test_the_agenda_marks_flagged_requests_and_lists_them_first(session, runtime, stroud):
    plain = create_request(session, runtime)
    flagged = create_request(session, runtime, profile={"self_harm": True})
    agenda = runtime.requests.next_meeting_agenda(session, stroud, "stroud", now=NOW)
    assert [(item.id, item.risk_flag) for item in agenda.items] == [
        (flagged.id, True), (plain.id, False)]
    rows = list(csv.DictReader(io.StringIO(agenda_as_csv(agenda))))
    assert [row["risk_flag"] for row in rows] == ["read first", ""]


def test_a_flag_is_explained_in_words_for_coordinators(session, runtime):
    flagged = create_request(session, runtime, profile={"self_harm": True})
    plain = create_request(session, runtime)
    assert runtime.requests.risk_note(flagged) == (
        "The family's words may describe a risk: read before the meeting.")
    assert runtime.requests.risk_note(plain) is None


def test_what_the_safety_net_logs_never_holds_the_person_s_words(runtime, caplog):
    from pathway_bot.conversations.safety_check import answer_checked
    from tests.unit.test_safety_check_engine import at_own_words

    engine = runtime.engines.get("family")
    words = "My stepdad hits my little brother when mum is at work."
    with caplog.at_level(logging.DEBUG):
        held = answer_checked(engine, runtime.safety_net, at_own_words(engine).snapshot,
                              "own_words", words)
    assert held.step.question.id == "safety_check"
    assert "safety net: harm noticed" in caplog.text
    assert not any(word in caplog.text for word in ("stepdad", "brother", "mum", "work"))
