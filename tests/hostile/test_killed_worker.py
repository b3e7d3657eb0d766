"""Chaos: `pathway-bot serve` with 2 gunicorn workers, 200 conversations answered at once,
and a worker killed by SIGKILL four times along the way. Every answer the server acknowledged
(a 200) must be stored; clients retry what was not acknowledged, as a chat client would, and
a retry must neither lose nor duplicate anything."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pathway_bot.area import load_area
from pathway_bot.engine import Engines
from pathway_bot.flows import load_flow_registry
from pathway_bot.locations import default_flows_dir
from tests.hostile.conftest import CASES_SENT
from tests.support.scripted import scripted_answer
from tests.support.served import ServedApp, serve_environment, served

CONVERSATIONS = 200
CLIENTS = 40  # conversations in flight at once; each client drives five, one after another
KILL_AFTER = (0.15, 0.35, 0.55, 0.75)  # kill a worker once this share of answers is in
RETRIES = 20
PROFILES = [profile for profile in json.loads(
    (Path(__file__).parents[1] / "data" / "vignettes.json").read_text())
    if profile["profile"]["respondent"] == "parent_carer"]

pytestmark = pytest.mark.hostile


@dataclass
class Chaos:
    app: ServedApp
    engines: Engines
    expected_answers: int
    acknowledged: dict[str, dict] = field(default_factory=dict)  # conversation -> answers
    tokens: dict[str, str] = field(default_factory=dict)
    answered: int = 0
    retried: int = 0
    killed: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, method: str, path: str, body: dict | None = None,
             token: str | None = None) -> tuple[int, dict | None]:
        """Sent until the server answers with something other than a 5xx: a killed worker
        drops its connections, and the master starts another."""
        for _attempt in range(RETRIES):
            try:
                status, answer = self.app.call(method, path, body, token, timeout=30)
            except (OSError, http.client.HTTPException):
                status, answer = 599, None
            if status < 500:
                return status, answer
            with self.lock:
                self.retried += 1
            time.sleep(0.05)
        raise AssertionError(f"{method} {path} never got an answer")

    def converse(self, index: int) -> None:
        status, started = self.call("POST", "/api/v1/conversations", {"flow": "family"})
        assert status == 201, started
        conversation, token, step = started["id"], started["token"], started["step"]
        with self.lock:
            self.tokens[conversation] = token
            self.acknowledged[conversation] = {}
        profile = PROFILES[index % len(PROFILES)]["profile"]
        flow = self.engines.get("family").flow
        while step is not None:
            question = step["question"]["id"]
            value = scripted_answer(flow.questions[question], profile)
            status, turn = self.call("POST", f"/api/v1/conversations/{conversation}/answers",
                                     {"question": question, "answer": value}, token)
            assert status == 200, turn
            with self.lock:
                self.acknowledged[conversation][question] = value
                self.answered += 1
            step = turn["step"]

    def kill_workers(self, stop: threading.Event) -> None:
        for share in KILL_AFTER:
            while self.answered < share * self.expected_answers and not stop.is_set():
                time.sleep(0.01)
            if stop.is_set():
                return
            victim = self.app.worker_pids()[0]
            os.kill(victim, signal.SIGKILL)
            self.killed.append(victim)
            self.app.wait_for_workers(2)


@pytest.mark.timeout(420)
def test_every_acknowledged_answer_survives_a_killed_worker(database_url, tmp_path):
    environ = serve_environment(database_url, tmp_path, PATHWAY_RATELIMIT_ENABLED="false")
    engines = Engines(load_flow_registry(default_flows_dir()),
                      load_area(default_flows_dir() / "area"))
    with served(environ, workers=2, log=tmp_path / "serve.log") as app:
        chaos = Chaos(app, engines, expected_answers=CONVERSATIONS * 10)
        stop = threading.Event()
        killer = threading.Thread(target=chaos.kill_workers, args=(stop,))
        killer.start()
        try:
            with ThreadPoolExecutor(CLIENTS) as clients:
                list(clients.map(chaos.converse, range(CONVERSATIONS)))
        finally:
            stop.set()
            killer.join(timeout=60)
        stored = {conversation: chaos.call("GET", f"/api/v1/conversations/{conversation}",
                                           token=token)[1]["answers"]
                  for conversation, token in chaos.tokens.items()}

    CASES_SENT["chaos answers acknowledged"] += chaos.answered
    CASES_SENT["chaos retries"] += chaos.retried
    assert len(chaos.killed) == len(KILL_AFTER), "the workers were not killed mid-chat"
    assert len(stored) == CONVERSATIONS
    lost = {conversation: {q: v for q, v in answers.items() if stored[conversation].get(q) != v}
            for conversation, answers in chaos.acknowledged.items()}
    assert {conversation: gone for conversation, gone in lost.items() if gone} == {}
    print(f"chaos: {chaos.answered} answers acknowledged, {chaos.retried} retried, "
          f"workers killed: {chaos.killed}")
