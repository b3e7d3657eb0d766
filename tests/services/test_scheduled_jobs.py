"""Scheduled jobs run by the worker: each once in its period however many servers look, one
runner at a time (a PostgreSQL advisory lock), a failing job never stopping the others."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from pathway_bot.jobs import JOBS, Job, Scheduler, run_due_jobs
from pathway_bot.jobs.schedule import last_runs, one_runner
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.models.outbox import DEAD, QUEUED, SENDING, OutboxMessage
from pathway_bot.runtime import Runtime
from tests.conftest import build_test_config
from tests.support.databases import POSTGRES_URL, throwaway_database


def counting_job(name: str = "count", every: timedelta = timedelta(hours=1)):
    ran: list[int] = []
    return Job(name, every, lambda _runtime: ran.append(1) or f"{len(ran)} run(s)"), ran


def test_the_worker_runs_purge_and_outbox_retries_on_a_schedule():
    assert {job.name for job in JOBS} >= {"purge", "outbox-retries"}


def test_a_job_runs_once_in_its_period_and_again_after_it(runtime):
    job, ran = counting_job()
    assert run_due_jobs(runtime, [job]) == ["count: 1 run(s)"]
    assert run_due_jobs(runtime, [job]) == []
    later = replace(runtime, clock=lambda: utcnow() + timedelta(hours=2))
    assert run_due_jobs(later, [job]) == ["count: 2 run(s)"]
    assert len(ran) == 2 and last_runs(runtime)["count"].runs == 2


def test_a_failing_job_is_recorded_and_the_next_one_still_runs(runtime):
    def broken(_runtime):
        raise RuntimeError("07700 900123 must never reach the record")

    after, _ran = counting_job("after")
    outcomes = run_due_jobs(runtime, [Job("broken", timedelta(hours=1), broken), after])
    assert outcomes == ["broken: failed: RuntimeError", "after: 1 run(s)"]
    assert last_runs(runtime)["broken"].last_outcome == "failed: RuntimeError"


def test_the_purge_job_erases_abandoned_conversations(runtime):
    runtime.conversations.start(flow="family", locale="en",
                                now=utcnow() - timedelta(days=400))
    assert run_due_jobs(runtime, [job for job in JOBS if job.name == "purge"]) == [
        "purge: 1 conversation(s), 0 request(s) erased"]


def test_the_outbox_retries_job_queues_again_messages_whose_worker_died(runtime):
    from tests.requests_factories import create_request

    with runtime.database.session() as session:
        request = create_request(session, runtime)
        session.commit()
        now = utcnow()
        for attempts in (1, runtime.config.notifications.max_attempts):
            session.add(OutboxMessage(
                id=f"m{attempts}", request_id=request.id, kind="received",
                audience="family", channel="email", locale="en", state=SENDING,
                attempts=attempts,
                lease_until=now - timedelta(minutes=1), next_attempt_at=now,
                created_at=now, updated_at=now))
        session.commit()
    retries = [job for job in JOBS if job.name == "outbox-retries"]
    assert run_due_jobs(runtime, retries) == [
        "outbox-retries: 1 message(s) queued again, 1 made dead letters"]
    with runtime.database.session() as session:
        states = dict(session.execute(select(OutboxMessage.id, OutboxMessage.state)
                                      .where(OutboxMessage.id.like("m%"))).all())
    assert states == {"m1": QUEUED, f"m{runtime.config.notifications.max_attempts}": DEAD}


def test_the_scheduler_thread_runs_due_jobs_until_stopped(runtime):
    job, ran = counting_job()
    stop = threading.Event()
    thread = Scheduler(runtime, [job], poll_seconds=0.05).start(stop)
    for _ in range(100):
        if ran:
            break
        stop.wait(0.05)
    stop.set()
    thread.join(5)
    assert ran == [1] and not thread.is_alive()


def test_jobs_lists_each_job_and_when_it_last_ran(runtime, monkeypatch):
    monkeypatch.setenv("PATHWAY_DATABASE_URL", runtime.config.database_url)
    run_due_jobs(runtime, [job for job in JOBS if job.name == "purge"])
    result = CliRunner().invoke(__import__("pathway_bot.cli").cli.cli, ["jobs"])
    assert result.exit_code == 0, result.output
    assert "purge  every 1 day" in result.output and "last started" in result.output
    assert "outbox-retries" in result.output and "never run" in result.output


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs PATHWAY_TEST_DATABASE_URL")
def test_on_postgresql_a_job_another_server_is_running_is_skipped(tmp_path):
    from pathway_bot.bootstrap import init_database

    with throwaway_database() as url:
        first = Runtime.build(build_test_config(url, tmp_path))
        second = Runtime.build(build_test_config(url, tmp_path))
        init_database(first)
        job, ran = counting_job()
        try:
            with one_runner(first.database.engine, job.name) as held:
                assert held
                with one_runner(second.database.engine, job.name) as also:
                    assert not also
                assert run_due_jobs(second, [job]) == []
            assert run_due_jobs(second, [job]) == ["count: 1 run(s)"]
            assert run_due_jobs(first, [job]) == []  # already run in its period
        finally:
            first.database.dispose()
            second.database.dispose()
        assert ran == [1]


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs PATHWAY_TEST_DATABASE_URL")
def test_on_postgresql_many_workers_at_once_run_a_due_job_exactly_once(tmp_path):
    from pathway_bot.bootstrap import init_database

    with throwaway_database() as url:
        runtimes = [Runtime.build(build_test_config(url, tmp_path)) for _ in range(6)]
        init_database(runtimes[0])
        ran: list[int] = []
        lock = threading.Lock()

        def slow(_runtime):
            with lock:
                ran.append(1)
            threading.Event().wait(0.3)
            return "ran"

        job = Job("once", timedelta(hours=1), slow)
        start = threading.Barrier(len(runtimes))

        def worker(runtime):
            start.wait()
            run_due_jobs(runtime, [job])

        threads = [threading.Thread(target=worker, args=(r,)) for r in runtimes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        for runtime in runtimes:
            runtime.database.dispose()
        assert ran == [1]


def test_the_ageing_job_carries_a_request_its_meeting_did_not_decide_to_the_next(runtime):
    from tests.requests_factories import create_request

    with runtime.database.session() as session:
        create_request(session, runtime, now=utcnow() - timedelta(days=60))
        session.commit()
    ageing = [job for job in JOBS if job.name == "ageing"]
    [outcome] = run_due_jobs(runtime, ageing)
    assert outcome.startswith("ageing: 1 request(s) carried forward, ")
    assert "response time(s) missed" in outcome
