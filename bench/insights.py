"""How long the insights page takes over 100,000 conversations and 10,000 requests.

    .venv/bin/python bench/insights.py [--conversations 100000] [--requests 10000]
                                       [--views 40] [--database-url URL]

Conversations are real ones, walked through the flows once per district and kind (finished,
stopped part-way), then copied with new ids over the last twelve months; requests are
written with their audit trail (raised, claimed, allocated or declined). The first view
rolls every conversation up into its anonymous row (timed apart). Between views 25
conversations move (as a busy service would have them); a page brings the rows up to date
only when its last roll-up is over a minute old, so that cost (finding what moved reads the
whole conversation table) is timed apart too: `roll_up_of_25_changed_p95_ms`, paid by one
view a minute at most. The database defaults to a fresh SQLite file; a --database-url (e.g.
PostgreSQL) has its tables emptied: never point it at one that matters.

The last line printed is JSON: {"database": ..., "page_p95_ms": ..., "api_p95_ms": ..., ...}.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pathway_bot.app import create_app  # noqa: E402
from pathway_bot.bootstrap import init_database  # noqa: E402
from pathway_bot.config import Config  # noqa: E402
from pathway_bot.persistence.conversation_store import StoredConversation  # noqa: E402
from pathway_bot.persistence.models import Conversation  # noqa: E402
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest  # noqa: E402
from pathway_bot.requests import keys  # noqa: E402
from tests.insights_factories import profile_for, walk  # noqa: E402

NOW = datetime.now(UTC)
TABLES = ("equality_answer", "feedback_answer", "conversation_insight", "insight_count",
          "request_insight", "insight_mark", "resume_code",
          "outbox_message", "request_addition", "request_event", "support_request",
          "api_key", "conversation")
TIERS = ("universal", "early_help", "early_intervention", "targeted")


def _runtime_app(url: str | None, folder: Path):
    config = Config(database_url=url or f"sqlite:///{folder / 'bench.db'}",
                    secret_key="bench", instance_dir=folder, ratelimit_enabled=False)
    app = create_app(config)
    runtime = app.extensions["pathway_bot"]
    init_database(runtime)
    if url:
        with runtime.database.engine.begin() as connection:
            if runtime.database.dialect == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY"))
            else:
                for table in TABLES:
                    connection.execute(text(f"DELETE FROM {table}"))
    return app, runtime


def _templates(runtime) -> list[dict]:
    """Real conversations: per district, a few finished with different needs and ages, and a
    few stopped part-way."""
    rows = []
    needs = ({"social_emotional_mental_health": 3}, {"communication_interaction": 2},
             {"cognition_learning": 4}, {"health": 1, "family_circumstances": 1})
    for district in runtime.area.district_ids:
        for n, age in enumerate((2, 7, 12, 16, 19)):
            walk(runtime, profile_for(district, age, **needs[n % len(needs)]))
            walk(runtime, profile_for(district, age), stop_after=1 + n * 2)
    with runtime.database.session() as session:
        for row in session.execute(select(*[getattr(Conversation, f) for f in
                                            StoredConversation.__dataclass_fields__])):
            rows.append(dict(row._mapping))
        session.execute(text("DELETE FROM conversation"))
        session.commit()
    return rows


def _conversations(runtime, count: int, rng: random.Random) -> None:
    templates = _templates(runtime)
    batch = []
    with runtime.database.engine.begin() as connection:
        for _ in range(count):
            row = dict(rng.choice(templates))
            started = NOW - timedelta(seconds=rng.randint(0, 360 * 86400))
            row.update(id=uuid.uuid4().hex, created_at=started, updated_at=started,
                       finished_at=started if row["finished_at"] else None)
            batch.append(row)
            if len(batch) == 5000:
                connection.execute(insert(Conversation.__table__), batch)
                batch = []
        if batch:
            connection.execute(insert(Conversation.__table__), batch)


def _requests(runtime, count: int, rng: random.Random) -> None:
    requests, events = [], []
    for n in range(count):
        raised = NOW - timedelta(seconds=rng.randint(0, 360 * 86400))
        path = rng.choice((["queued"], ["queued", "claimed"],
                           ["queued", "claimed", "allocated"],
                           ["queued", "claimed", "allocated"],
                           ["queued", "claimed", "declined"], ["queued", "withdrawn"]))
        at = raised
        request_id = uuid.uuid4().hex
        for i, status in enumerate(path):
            events.append({"request_id": request_id, "at": at, "action": status,
                           "from_status": path[i - 1] if i else None, "to_status": status,
                           "actor_role": "coordinator", "actor_name": "bench"})
            at += timedelta(hours=rng.randint(2, 24 * 20))
        requests.append({
            "id": request_id, "reference": f"B{n:09d}", "area": runtime.area.id,
            "district": rng.choice(runtime.area.district_ids), "status": path[-1],
            "source": "conversation", "outcome": "tier", "tier": rng.choice(TIERS[2:]),
            "tier_level": 3, "created_at": raised, "updated_at": at, "locale": "en",
            "risk_flag": False, "consent_wording": "bench", "consent_given_at": raised})
    with runtime.database.engine.begin() as connection:
        for start in range(0, len(requests), 2000):
            connection.execute(insert(SupportRequest.__table__), requests[start:start + 2000])
        for start in range(0, len(events), 5000):
            connection.execute(insert(RequestEvent.__table__), events[start:start + 5000])


def _touch_some(runtime, rng: random.Random, ids: list[str], how_many: int) -> None:
    """Conversations that moved since the last view: their revision is bumped."""
    with runtime.database.engine.begin() as connection:
        for conversation_id in rng.sample(ids, how_many):
            connection.execute(update(Conversation).where(Conversation.id == conversation_id)
                               .values(revision=Conversation.revision + 1))


def _timed(client, url: str, headers: dict) -> float:
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return elapsed * 1000


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--views", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    rng = random.Random(21)
    with tempfile.TemporaryDirectory() as folder:
        app, runtime = _runtime_app(args.database_url, Path(folder))
        filled = time.perf_counter()
        _conversations(runtime, args.conversations, rng)
        _requests(runtime, args.requests, rng)
        filled = time.perf_counter() - filled
        with runtime.database.session() as session:
            _, key = keys.create_key(session, runtime.area, role=keys.MANAGER,
                                     districts=runtime.area.district_ids, name="bench",
                                     now=NOW)
            ids = list(session.scalars(select(Conversation.id)))
        headers = {"Authorization": f"Bearer {key}"}
        client = app.test_client()
        first = _timed(client, "/console/insights", headers)
        page, api, funnels = [], [], []
        for _ in range(args.views):
            _touch_some(runtime, rng, ids, 25)
            page.append(_timed(client, "/console/insights", headers))
            _touch_some(runtime, rng, ids, 25)
            api.append(_timed(client, "/api/v1/insights", headers))
            _touch_some(runtime, rng, ids, 25)
            funnels.append(_timed(client, "/console/insights/where-people-stop", headers))
        with runtime.database.session() as session:
            runtime.insights.roll_up(session)  # what moved during the views, not timed
        rolled = []
        for _ in range(10):
            _touch_some(runtime, rng, ids, 25)
            with runtime.database.session() as session:
                started = time.perf_counter()
                runtime.insights.roll_up(session)
                rolled.append((time.perf_counter() - started) * 1000)
        runtime.database.dispose()
        print(json.dumps({
            "database": runtime.database.dialect, "conversations": args.conversations,
            "requests": args.requests, "views": args.views,
            "fill_s": round(filled, 1), "first_view_with_full_roll_up_s": round(first / 1000, 1),
            "page_p50_ms": round(statistics.median(page), 1), "page_p95_ms": _p95(page),
            "api_p95_ms": _p95(api), "funnels_p95_ms": _p95(funnels),
            "roll_up_of_25_changed_p95_ms": _p95(rolled),
        }))


if __name__ == "__main__":
    main()
