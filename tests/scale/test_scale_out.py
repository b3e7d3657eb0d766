"""Scaling out: app servers behind nginx share PostgreSQL and Redis, and hold nothing else.

A conversation answered through each server in turn loses nothing; rate limits are counted
once across servers; 16 coordinators pulling through the balancer get each request exactly
once; a server killed by its PID mid-load loses no acknowledged answer and the balancer
routes around it; the outbox workers of every server send each message once.

nginx does not send a POST on to another server once it has been sent (a killed server's
answer in flight is a 502): the client sends the same answer again, and only answers the
server acknowledged count as lost if they are missing.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from pathway_bot.area import load_area
from pathway_bot.engine import Engines
from pathway_bot.flows import load_flow_registry
from pathway_bot.runtime import Runtime
from tests.conftest import build_test_config
from tests.requests_factories import create_key, create_request
from tests.scale.conftest import SERVERS
from tests.support.scripted import scripted_answer

pytestmark = [pytest.mark.scale, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
ENGINES = Engines(load_flow_registry(ROOT / "flows"), load_area(ROOT / "flows" / "area"))
FAMILY = ENGINES.get("family").flow
PROFILE = {"age": 9, "district": "stroud", "respondent": "parent_carer",
           "needs": {"social_emotional_mental_health": 3, "education_participation": 2},
           "support_tried": "early_help", "progress_with_support": False, "has_ehcp": False,
           "risk_of_harm": False, "consent_to_share": False}
RETRIES = 8


class Conversation:
    """A family's conversation through the balancer, retrying what the balancer could not
    deliver, and recording each answer a server acknowledged."""

    def __init__(self, cluster, client: str):
        self.cluster, self.client = cluster, client
        self.acknowledged: dict[str, object] = {}
        self.servers: list[str] = []
        self.retried = 0
        status, body = self._call("POST", "/api/v1/conversations", {"flow": "family"})
        assert status == 201, (status, body)
        self.id, self.token, self.step = body["id"], body["token"], body["step"]

    def _call(self, method, path, body=None, token=None):
        for attempt in range(RETRIES):
            try:
                status, answer, upstream = self.cluster.call(method, path, body, token=token,
                                                              client=self.client)
            except OSError:
                status, answer, upstream = 599, None, ""
            if status < 500:
                if upstream:
                    self.servers.append(upstream)
                return status, answer
            self.retried += 1
            time.sleep(0.05 * (attempt + 1))
        raise AssertionError(f"{method} {path}: still {status} after {RETRIES} tries")

    def answer_next(self) -> None:
        question = FAMILY.questions[self.step["question"]["id"]]
        value = scripted_answer(question, PROFILE)
        status, body = self._call("POST", f"/api/v1/conversations/{self.id}/answers",
                                  {"question": question.id, "answer": value}, self.token)
        if status == 200:
            self.acknowledged[question.id] = value
            self.step = body["step"]
        elif status == 409:  # saved by a server that died before it could say so
            self.step = self.stored()["step"]
        else:
            raise AssertionError((status, body))

    def finish(self) -> None:
        while self.step is not None:
            self.answer_next()

    def stored(self) -> dict:
        status, body = self._call("GET", f"/api/v1/conversations/{self.id}", token=self.token)
        assert status == 200, (status, body)
        return body

    def lost(self) -> dict:
        answers = self.stored()["answers"]
        return {question: value for question, value in self.acknowledged.items()
                if answers.get(question) != value}


def runtime_on(cluster, tmp_path) -> Runtime:
    return Runtime.build(build_test_config(cluster.database_url, tmp_path))


def test_a_conversation_answered_through_every_server_in_turn_loses_nothing(cluster):
    conversation = Conversation(cluster, "127.0.0.11")
    conversation.finish()
    assert len(set(conversation.servers)) == SERVERS
    assert conversation.acknowledged and conversation.lost() == {}
    assert conversation.stored()["status"] == "finished"


def test_rate_limits_are_counted_once_across_servers(cluster):
    results = [cluster.call("POST", "/api/v1/conversations", {"flow": "family"},
                            client="127.0.0.12") for _ in range(30)]
    codes = Counter(status for status, _body, _server in results)
    assert codes == {201: 20, 429: 10}  # 20 a minute, however many servers
    assert len({server for _status, _body, server in results}) == SERVERS


def test_sixteen_coordinators_pulling_through_the_balancer_get_each_request_once(
        cluster, tmp_path):
    runtime = runtime_on(cluster, tmp_path)
    with runtime.database.session() as session:
        raised = {create_request(session, runtime).id for _ in range(64)}
        keys = [create_key(session, runtime, name=f"coordinator {n}")[1] for n in range(16)]
        session.commit()
    runtime.database.dispose()
    pulled: list[str] = []
    lock = threading.Lock()

    def coordinator(key: str, index: int) -> None:
        while True:
            status, body, _server = cluster.call("POST", "/api/v1/requests/pull", token=key,
                                                 client=f"127.0.1.{index + 1}")
            if status == 204:
                return
            assert status == 200, (status, body)
            with lock:
                pulled.append(body["id"])

    threads = [threading.Thread(target=coordinator, args=(key, n))
               for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(pulled) == len(set(pulled)), "a request was pulled twice"
    assert set(pulled) == raised


def test_the_outbox_workers_of_every_server_send_each_message_once(cluster, smtp, tmp_path):
    runtime = runtime_on(cluster, tmp_path)
    before = len(smtp.messages)
    with runtime.database.session() as session:
        for _ in range(40):
            create_request(session, runtime, contact={
                "email": "family@example.org", "safe_to_email": True})
        session.commit()
    runtime.database.dispose()
    deadline = time.monotonic() + 60
    while len(smtp.messages) - before < 40 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # any duplicate would arrive by now
    sent = smtp.message_ids()[before:]
    assert len(sent) == 40 and len(set(sent)) == 40


def test_a_server_killed_mid_load_loses_no_acknowledged_answer(cluster):
    conversations: list[Conversation] = []
    failures: list[BaseException] = []
    stop = threading.Event()
    lock = threading.Lock()

    def family() -> None:
        try:
            while not stop.is_set():
                # Each conversation is another family, from an address of its own: one
                # address answering flat out for seconds would meet the per-client limit.
                with lock:
                    number = len(conversations)
                    conversation = Conversation(
                        cluster, f"127.0.{2 + number // 250}.{number % 250 + 1}")
                    conversations.append(conversation)
                conversation.finish()
        except BaseException as error:  # reported below, with the rest
            failures.append(error)

    threads = [threading.Thread(target=family) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    victim = cluster.servers[-1]
    victim.kill()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(120)

    assert failures == []
    lost = {c.id: c.lost() for c in conversations if c.lost()}
    assert lost == {}
    answered = sum(len(c.acknowledged) for c in conversations)
    served_by = Counter(server for c in conversations for server in c.servers)
    print(f"{answered} answers acknowledged, {sum(c.retried for c in conversations)} "
          f"retried, by server: {dict(served_by)}")
    assert answered > 50 and served_by[victim.address] > 0
    # The balancer routes around the dead server: everything after is answered.
    after = [cluster.call("GET", "/livez", client="127.0.0.13") for _ in range(20)]
    assert {status for status, _body, _server in after} == {200}
    assert victim.address not in {server for _status, _body, server in after}
