"""Insights over the database: totals are what the rows say, and survive purge and erasure."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pathway_bot.insights.figures import NOT_FINISHED, Period, Scope, conversation_figures
from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.models.insights import (
    ConversationInsight,
    EqualityAnswer,
    FeedbackAnswer,
)
from pathway_bot.persistence.models.requests import SupportRequest
from tests.insights_factories import STARTED, profile_for, walk
from tests.requests_factories import create_key, create_request

PERIOD = Period("2025-01", "2026-12")


def _whole_area(runtime) -> Scope:
    return Scope(runtime.area.id, runtime.area.district_ids, whole_area=True)


def _some_conversations(runtime):
    walk(runtime, profile_for("stroud", 9))
    walk(runtime, profile_for("stroud", 14, communication_interaction=4))
    walk(runtime, profile_for("cheltenham", 3, health=1))
    walk(runtime, profile_for("gloucester", 17), stop_after=3)
    walk(runtime, profile_for("gloucester", 7), stop_after=1)


def _counted_from_the_conversations(session):
    """What the conversation rows themselves say: (started, finished, by district)."""
    rows = session.execute(select(Conversation.outcome, Conversation.finished_at)).all()
    by_district = Counter()
    for outcome, _finished_at in rows:
        if outcome:
            record = json.loads(outcome)
            column = record["tier"] if record["outcome"] == "tier" else record["outcome"]
            by_district[(record["profile"]["district"], column)] += 1
    finished = sum(1 for outcome, _ in rows if outcome)
    return len(rows), finished, by_district


def test_conversation_totals_are_the_counts_in_the_database(runtime):
    _some_conversations(runtime)
    with runtime.database.session() as session:
        runtime.insights.roll_up(session)
        figures = conversation_figures(session, _whole_area(runtime), PERIOD)
        started, finished, by_district = _counted_from_the_conversations(session)
    assert (figures.started, figures.finished) == (started, finished) == (5, 3)
    finished_cells = {cell: n for cell, n in figures.by_district.items()
                      if cell[1] != NOT_FINISHED}
    assert finished_cells == dict(by_district)
    assert sum(figures.by_age_band.values()) == started


def test_where_people_stop_counts_the_question_each_one_is_at(runtime):
    _some_conversations(runtime)
    with runtime.database.session() as session:
        runtime.insights.roll_up(session)
        funnel = conversation_figures(session, _whole_area(runtime), PERIOD) \
            .funnels[("family", "en")]
        states = Counter(session.scalars(select(Conversation.state)
                                         .where(Conversation.outcome.is_(None))))
    assert dict(funnel["stopped"]) == dict(states)
    assert funnel["started"] == 5 and funnel["finished"] == 3
    first_question = runtime.engines.get("family").start().snapshot.state
    assert funnel["reached"][first_question] == 5


def test_the_anonymous_rows_stay_when_conversations_are_purged(runtime):
    _some_conversations(runtime)
    with runtime.database.session() as session:
        before = conversation_figures(session, _whole_area(runtime), PERIOD) \
            if runtime.insights.roll_up(session) else None
    purged = runtime.conversations.purge_abandoned(90, now=STARTED + timedelta(days=200))
    assert purged == 5
    with runtime.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
        after = conversation_figures(session, _whole_area(runtime), PERIOD)
        linked = session.scalar(select(func.count()).select_from(ConversationInsight)
                                .where(ConversationInsight.conversation_id.is_not(None)))
    assert (after.started, after.finished, after.by_district, after.funnels) == \
        (before.started, before.finished, before.by_district, before.funnels)
    assert linked == 0


def test_a_purge_keeps_the_last_question_even_if_insights_were_never_looked_at(runtime):
    walk(runtime, profile_for("stroud", 9), stop_after=2)
    runtime.conversations.purge_abandoned(90, now=STARTED + timedelta(days=200))
    with runtime.database.session() as session:
        row = session.scalars(select(ConversationInsight)).one()
    assert row.conversation_id is None and not row.finished and row.last_question


def test_erasure_keeps_an_anonymous_row_and_erases_what_the_family_told(runtime):
    conversation_id, token, view = walk(runtime, profile_for("stroud", 9))
    with runtime.database.session() as session:
        runtime.insights.feedback(session, view.conversation, _feedback("Useful, thanks"),
                                  district="stroud", suggested_services=())
        session.add(EqualityAnswer(conversation_id=conversation_id, area=runtime.area.id,
                                   district="stroud", month="2025-10", ethnicity="irish",
                                   answered_at=STARTED))
        session.commit()
    with runtime.database.session() as session:
        runtime.conversations.erase(session, conversation_id, token)
    with runtime.database.session() as session:
        row = session.scalars(select(ConversationInsight)).one()
        feedback = session.scalars(select(FeedbackAnswer)).one()
        equality = session.scalar(select(func.count()).select_from(EqualityAnswer))
    assert (row.conversation_id, row.district, row.age_band, row.finished) == \
        (None, "stroud", "5-10", True)
    assert "9" not in row.reached and "stroud" not in row.reached
    assert (feedback.conversation_id, feedback.comment, feedback.helpful) == (None, None, True)
    assert equality == 0


def _feedback(comment):
    from pathway_bot.insights.feedback import Feedback
    return Feedback("conversation", True, comment)


def test_request_totals_are_the_counts_in_the_database_and_outlive_the_purge(runtime):
    with runtime.database.session() as session:
        for _ in range(6):
            create_request(session, runtime)
        create_request(session, runtime, profile={"district": "cheltenham"})
        scope = _whole_area(runtime)
        shown = runtime.insights.report(session, scope, PERIOD, ("requests",))
        counted = dict(session.execute(select(SupportRequest.district, func.count())
                                       .group_by(SupportRequest.district)).all())
    table = shown["requests"]["by_status"]
    stroud = table["rows"].index("stroud")
    assert table["row_totals"][stroud] == counted["stroud"] == 6
    assert table["row_totals"][table["rows"].index("cheltenham")] is None  # one: hidden
    assert shown["requests"]["raised"] == sum(counted.values())


def test_a_manager_key_sees_only_its_own_districts(runtime):
    walk(runtime, profile_for("stroud", 9))
    walk(runtime, profile_for("cheltenham", 9))
    with runtime.database.session() as session:
        key, _ = create_key(session, runtime, role="manager", districts=("stroud",))
        scope = runtime.insights.scope_for(key)
        runtime.insights.roll_up(session)
        figures = conversation_figures(session, scope, PERIOD)
    assert scope.whole_area is False
    assert {district for district, _ in figures.by_district} == {"stroud"}


def test_a_coordinator_key_gets_no_insights(runtime):
    from pathway_bot.errors import Forbidden
    with runtime.database.session() as session:
        key, _ = create_key(session, runtime, role="coordinator")
    with pytest.raises(Forbidden):
        runtime.insights.scope_for(key)


def _counted(session):
    from pathway_bot.persistence.models.insights import InsightCount
    return session.scalar(select(func.sum(InsightCount.conversations))), Counter(
        dict(session.execute(select(InsightCount.finished, func.sum(InsightCount.conversations))
                             .group_by(InsightCount.finished)).all()))


def test_rolling_up_again_counts_nobody_twice_and_a_finished_conversation_moves(runtime):
    conversation_id, token, view = walk(runtime, profile_for("stroud", 9), stop_after=3)
    with runtime.database.session() as session:
        runtime.insights.roll_up(session)
        runtime.insights.roll_up(session)
        assert _counted(session) == (1, Counter({False: 1}))
    engine = runtime.conversations.engine_for(view.conversation)
    from tests.support.scripted import scripted_answer
    while view.step is not None:
        question = engine.flow.questions[view.step.question.id]
        view = runtime.conversations.answer(conversation_id, token, question.id,
                                            scripted_answer(question, profile_for("stroud", 9)))
    with runtime.database.session() as session:
        runtime.insights.roll_up(session)
        assert _counted(session) == (1, Counter({False: 0, True: 1}))


def test_a_roll_up_that_lost_the_race_moves_no_count(runtime):
    from pathway_bot.insights import rollup
    conversation_id, _, _ = walk(runtime, profile_for("stroud", 9), stop_after=2)
    with runtime.database.session() as session:
        runtime.insights.roll_up(session)
        stored = runtime.conversation_store
        with stored.turn() as turn:
            conversation = turn.get(conversation_id)
        row = session.scalars(select(ConversationInsight)).one()
        moved = Counter()
        # Read at an older revision: another roll-up has written the row since.
        rollup._keep(session, runtime.engines, conversation, row.id, row.revision - 1,
                     ("elsewhere",), moved)
        assert moved == Counter()


def test_the_roll_up_command_brings_the_rows_up_to_date(runtime):
    from click.testing import CliRunner

    from pathway_bot.cli import cli
    walk(runtime, profile_for("stroud", 9))
    walk(runtime, profile_for("cotswold", 4), stop_after=1)
    result = CliRunner().invoke(cli, ["insights", "roll-up"], obj=runtime)
    assert result.exit_code == 0, result.output
    assert "Brought 2 conversation(s)" in result.output
    again = CliRunner().invoke(cli, ["insights", "roll-up"], obj=runtime)
    assert "Brought 0 conversation(s)" in again.output


def test_a_manager_key_is_made_from_the_command_line(runtime):
    from click.testing import CliRunner

    from pathway_bot.cli import cli
    result = CliRunner().invoke(cli, ["create-key", "--role", "manager", "--district", "stroud",
                                      "--name", "Stroud service manager"], obj=runtime)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("pbk_")


def test_time_to_allocation_is_what_the_audit_trail_says_and_follows_new_entries(runtime):
    from pathway_bot.insights.figures import request_figures
    from pathway_bot.persistence.models.requests import RequestEvent
    from pathway_bot.requests import queue
    from tests.requests_factories import NOW

    with runtime.database.session() as session:
        coordinator, _ = create_key(session, runtime)
        raised = [create_request(session, runtime) for _ in range(6)]
        scope, period = _whole_area(runtime), Period("2025-01", "2026-12")
        for n, request in enumerate(raised[:5]):
            queue.claim_request(session, coordinator, request.id, now=NOW + timedelta(days=n))
            queue.allocate_request(session, coordinator, request.id,
                                   now=NOW + timedelta(days=n, hours=12),
                                   to="Family support", lead_professional=None, note=None)
        runtime.insights.report(session, scope, period, ("requests",))
        figures = request_figures(session, scope, period, runtime.insights.settings, NOW)
        expected = sorted(
            (at - created_at).total_seconds() / 86400 for at, created_at in session.execute(
                select(RequestEvent.at, SupportRequest.created_at)
                .join(SupportRequest, SupportRequest.id == RequestEvent.request_id)
                .where(RequestEvent.to_status == "allocated")))
        assert sorted(figures.times["allocation"]["stroud"]) == pytest.approx(expected)
        assert figures.times["first_contact"] == {}  # nobody contacted yet
        queue.claim_request(session, coordinator, raised[5].id, now=NOW + timedelta(days=9))
        queue.allocate_request(session, coordinator, raised[5].id, now=NOW + timedelta(days=10),
                               to="Family support", lead_professional=None, note=None)
        shown = runtime.insights.report(session, scope, period, ("requests",))
        created = session.get(SupportRequest, raised[5].id).created_at
    timing = shown["requests"]["times"]["allocation"]
    six = [*expected, (NOW + timedelta(days=10) - created).total_seconds() / 86400]
    assert timing["requests"] == 6
    assert timing["median_days"] == round(statistics.median(six), 1)
