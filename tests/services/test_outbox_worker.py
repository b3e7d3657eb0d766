"""The worker sends each message at least once and loses none: through a real SMTP server,
through retries and dead letters, through a worker dying mid-batch and two workers at once."""

import threading
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from pathway_bot.cli import cli
from pathway_bot.config import NotificationSettings
from pathway_bot.notifications import OutboxWorker
from pathway_bot.notifications.configured import senders_from
from pathway_bot.notifications.report import outbox_report
from pathway_bot.notifications.senders import SendFailed
from pathway_bot.persistence.models.outbox import OutboxMessage
from tests.requests_factories import NOW, create_request
from tests.services.test_outbox_messages import family_contact
from tests.support.mail import SmtpServer

EMAIL_ONLY = {"safe_to_text": False}


class Clock:
    def __init__(self):
        self.now = NOW + timedelta(days=1)  # after every request the factories raise

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


class RecordingSender:
    """Records what it is handed; fails as it is told to."""

    def __init__(self, fail_with=None, die_after=None):
        self.sent: list[str] = []
        self.fail_with = fail_with
        self.die_after = die_after
        self.lock = threading.Lock()

    def send(self, message):
        if self.fail_with is not None:
            raise self.fail_with
        with self.lock:
            self.sent.append(message.id)
        if self.die_after is not None and len(self.sent) == self.die_after:
            raise WorkerKilled  # handed over, then gone before it could say so

    def close(self):
        pass


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the worker may catch it."""


@pytest.fixture
def clock():
    return Clock()


def make_worker(runtime, clock, senders, **settings) -> OutboxWorker:
    chosen = NotificationSettings(**{"batch_size": 10, **settings})
    return OutboxWorker(sessions=runtime.database.session, senders=senders, settings=chosen,
                        clock=clock)


def queue_messages(runtime, count, **contact) -> list[str]:
    with runtime.database.session() as session:
        for _ in range(count):
            create_request(session, runtime, contact=family_contact(**contact))
        return list(session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))


def states(runtime) -> dict[str, int]:
    with runtime.database.session() as session:
        return {state: n for state, n in outbox_report(session).counts.items() if n}


def test_a_message_arrives_through_a_real_smtp_server_with_its_outbox_id(runtime, clock):
    [queued] = queue_messages(runtime, 1, **EMAIL_ONLY)
    with SmtpServer() as smtp:
        settings = NotificationSettings(smtp_url=smtp.url, mail_from="pathway@glos.example")
        worker = make_worker(runtime, clock, senders_from(settings))
        assert worker.send_due() == 1
        [arrived] = smtp.messages
    assert smtp.message_ids() == [queued]
    assert arrived["To"] == "sam@example.org" and arrived["From"] == "pathway@glos.example"
    assert arrived["Subject"].startswith("We have your request for support")
    assert "/track" in arrived.get_payload(decode=True).decode()


def test_a_sent_message_keeps_only_what_the_audit_needs(runtime, clock):
    [queued] = queue_messages(runtime, 1, **EMAIL_ONLY)
    make_worker(runtime, clock, {"email": RecordingSender()}).send_due()
    with runtime.database.session() as session:
        sent = session.get(OutboxMessage, queued)
    assert (sent.state, sent.sent_at, sent.kind, sent.channel) == ("sent", clock.now,
                                                                   "raised", "email")
    assert (sent.address, sent.subject, sent.body) == (None, None, None)


def test_with_no_sender_configured_messages_stay_queued(runtime, clock):
    queue_messages(runtime, 1)
    worker = make_worker(runtime, clock, senders_from(NotificationSettings()))
    assert "messages stay queued" in worker.describe()
    email_only = make_worker(runtime, clock, {"email": RecordingSender()})
    assert "No sender for sms" in email_only.describe()
    assert worker.send_due() == 0
    assert states(runtime) == {"queued": 2}


def test_a_channel_without_a_sender_waits_while_the_other_is_sent(runtime, clock):
    queue_messages(runtime, 1)
    make_worker(runtime, clock, {"email": RecordingSender()}).send_due()
    assert states(runtime) == {"queued": 1, "sent": 1}


def test_a_failed_send_is_retried_later_and_later_then_becomes_a_dead_letter(runtime, clock):
    [queued] = queue_messages(runtime, 1, **EMAIL_ONLY)
    failing = RecordingSender(fail_with=SendFailed("smtp 451"))
    worker = make_worker(runtime, clock, {"email": failing}, max_attempts=3,
                         retry_after_seconds=60)
    waits = []
    for _ in range(3):
        assert worker.send_due() == 1
        assert worker.send_due() == 0  # not due again until the backoff has passed
        with runtime.database.session() as session:
            row = session.get(OutboxMessage, queued)
        waits.append(row.next_attempt_at - clock.now)
        clock.advance(hours=1)
    assert waits[:2] == [timedelta(seconds=60), timedelta(seconds=120)]
    assert (row.state, row.attempts, row.last_error) == ("dead", 3, "smtp 451")
    with runtime.database.session() as session:
        [dead] = outbox_report(session).dead_letters
    assert dead.id == queued and "sam@" not in repr(dead)


def test_a_message_refused_for_good_is_a_dead_letter_at_once(runtime, clock):
    queue_messages(runtime, 1, **EMAIL_ONLY)
    refused = RecordingSender(fail_with=SendFailed("smtp 550 recipient", permanent=True))
    make_worker(runtime, clock, {"email": refused}).send_due()
    assert states(runtime) == {"dead": 1}


def test_a_worker_killed_mid_batch_loses_nothing(runtime, clock):
    queued = queue_messages(runtime, 8, **EMAIL_ONLY)
    dying = RecordingSender(die_after=3)
    with pytest.raises(WorkerKilled):
        make_worker(runtime, clock, {"email": dying}).send_due()
    assert states(runtime) == {"sent": 2, "sending": 8 - 2}

    clock.advance(seconds=NotificationSettings().lease_seconds + 1)  # the dead one's lease ends
    survivor = RecordingSender()
    make_worker(runtime, clock, {"email": survivor}).send_due()
    assert states(runtime) == {"sent": 8}
    assert sorted(set(dying.sent + survivor.sent)) == queued  # none lost
    assert len(dying.sent + survivor.sent) == 8 + 1  # the one in the crash window, twice
    assert set(dying.sent) & set(survivor.sent) == {dying.sent[-1]}


def test_a_live_workers_messages_are_not_taken_by_another(runtime, clock):
    queue_messages(runtime, 2, **EMAIL_ONLY)
    with runtime.database.session() as session:
        session.execute(OutboxMessage.__table__.update().values(state="sending",
                                                                lease_until=clock.now
                                                                + timedelta(minutes=5)))
        session.commit()
    assert make_worker(runtime, clock, {"email": RecordingSender()}).send_due() == 0


def test_a_lease_running_short_gives_the_rest_of_the_batch_back(runtime, clock):
    queue_messages(runtime, 3, **EMAIL_ONLY)
    sender = RecordingSender()
    worker = make_worker(runtime, clock, {"email": sender}, lease_seconds=10,
                         send_timeout_seconds=10)
    worker.send_due()
    assert sender.sent == [] and states(runtime) == {"queued": 3}
    with runtime.database.session() as session:
        assert set(session.scalars(select(OutboxMessage.attempts))) == {0}


def test_two_workers_at_once_send_each_message_once(runtime, clock):
    queued = queue_messages(runtime, 40, **EMAIL_ONLY)
    shared = RecordingSender()
    workers = [make_worker(runtime, clock, {"email": shared}, batch_size=5) for _ in range(2)]
    start = threading.Barrier(2)

    def drain(worker):
        start.wait()
        while worker.send_due():
            pass

    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(shared.sent) == queued
    assert states(runtime) == {"sent": 40}


def test_stopping_gives_back_what_was_not_tried(runtime, clock):
    queue_messages(runtime, 3, **EMAIL_ONLY)
    stop = threading.Event()
    stop.set()
    sender = RecordingSender()
    make_worker(runtime, clock, {"email": sender}).send_due(stop)
    assert sender.sent == [] and states(runtime) == {"queued": 3}


def test_the_outbox_command_shows_counts_and_dead_letters_without_personal_data(
        runtime, clock):
    queue_messages(runtime, 1)
    refused = RecordingSender(fail_with=SendFailed("notify 400", permanent=True))
    make_worker(runtime, clock, {"sms": refused}).send_due()
    result = CliRunner().invoke(cli, ["outbox"], obj=runtime)
    assert result.exit_code == 0, result.output
    assert "queued: 1  sending: 0  sent: 0  dead: 1" in result.output
    assert "raised to family by sms  1 attempt(s)  notify 400" in result.output
    assert "07700" not in result.output and "sam@" not in result.output


LOGIN_WITHOUT_TLS = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@LOGIN_WITHOUT_TLS
def test_the_smtp_sender_logs_in_when_the_url_has_a_login(runtime, clock):
    [queued] = queue_messages(runtime, 1, **EMAIL_ONLY)
    with SmtpServer(login=("mailer", "s3cret")) as smtp:
        url = smtp.url.replace("smtp://", "smtp://mailer:s3cret@")
        settings = NotificationSettings(smtp_url=url, mail_from="pathway@glos.example")
        make_worker(runtime, clock, senders_from(settings)).send_due()
    assert smtp.message_ids() == [queued]


@LOGIN_WITHOUT_TLS
def test_a_wrong_smtp_login_is_retried_not_lost(runtime, clock):
    queue_messages(runtime, 1, **EMAIL_ONLY)
    with SmtpServer(login=("mailer", "s3cret")) as smtp:
        url = smtp.url.replace("smtp://", "smtp://mailer:wrong@")
        # The test server answers a wrong login by going quiet: a short timeout says it.
        settings = NotificationSettings(smtp_url=url, mail_from="pathway@glos.example",
                                        send_timeout_seconds=1)
        make_worker(runtime, clock, senders_from(settings)).send_due()
    assert smtp.messages == [] and states(runtime) == {"queued": 1}
