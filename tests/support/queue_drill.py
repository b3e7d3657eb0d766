"""Many coordinators pulling from one queue at once: shared by the load test
(tests/load/test_queue_concurrency.py) and the queue bench (bench/queue_pulls.py)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from pathway_bot.assessment import NeedsProfile, decide, load_rules
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests.keys import create_key
from pathway_bot.requests.queue import pull_next_request
from pathway_bot.runtime import Runtime

# Made-up people for drills: no real personal data.
_DRILL_CONTACT = {"name": "Drill", "email": "drill@example.org",
                  "preferred_contact_method": "email"}


def seed_queue(runtime: Runtime, district: str, count: int) -> list[str]:
    """Raise `count` eligible requests in `district` through the real service; their ids."""
    rules = load_rules(runtime.config.flows_dir / "rules.yaml")
    profile = NeedsProfile(age=10, respondent="parent_carer", district=district,
                           needs={"social_emotional_mental_health": 4}, consent_to_share=True)
    decision = decide(profile, rules)
    start = utcnow()
    ids = []
    with runtime.database.session() as session:
        for n in range(count):
            request = runtime.requests.raise_request(
                session, decision=decision, answers={}, source="conversation",
                conversation_id=f"drill-{district}-{n}", contact=_DRILL_CONTACT,
                consent_wording="Drill", idempotency_key=None, lead_professional=None,
                summary=None, now=start + timedelta(microseconds=n))
            ids.append(request.id)
    return ids


def coordinator_keys(runtime: Runtime, district: str, count: int) -> list[str]:
    with runtime.database.session() as session:
        return [create_key(session, runtime.area, role="coordinator", districts=[district],
                           name=f"Drill coordinator {n}", now=utcnow())[0].id
                for n in range(count)]


@dataclass
class PullDrill:
    """What happened when one thread per coordinator key pulled until nothing was left."""

    pulled: list[tuple[str, str, str]] = field(default_factory=list)  # (request, district, key)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        counts = Counter(request_id for request_id, _, _ in self.pulled)
        return sum(n - 1 for n in counts.values() if n > 1)

    @property
    def pulls_per_second(self) -> float:
        return len(self.pulled) / self.seconds if self.seconds else 0.0


def pull_until_empty(runtime: Runtime, key_ids: list[str]) -> PullDrill:
    """One thread per key, all released at once, each pulling until nothing is left."""
    drill = PullDrill()
    lock = threading.Lock()
    start = threading.Barrier(len(key_ids) + 1)
    threads = [threading.Thread(target=_coordinator, args=(runtime, key_id, start, drill, lock))
               for key_id in key_ids]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    drill.seconds = time.perf_counter() - began
    return drill


def _coordinator(runtime: Runtime, key_id: str, start: threading.Barrier, drill: PullDrill,
                 lock: threading.Lock) -> None:
    mine: list[tuple[str, str, str]] = []
    with runtime.database.session() as session:
        key = session.get(ApiKey, key_id)
        session.commit()
        start.wait()
        try:
            while (request := pull_next_request(session, key, now=utcnow())) is not None:
                mine.append((request.id, request.district, key_id))
        except Exception as error:  # reported by the drill, never lost
            with lock:
                drill.errors.append(f"{type(error).__name__}: {error}")
    with lock:
        drill.pulled.extend(mine)
