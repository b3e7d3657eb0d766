"""Benchmark: search with filters over generated services (10,000 by default), on SQLite and
PostgreSQL.

    .venv/bin/python bench/directory.py [--services 10000] [--queries 400] [--sql]

PostgreSQL is read from PATHWAY_BENCH_POSTGRES_URL (default: a `pathway_dir_bench` database
on 127.0.0.1, dropped and made afresh). The records are as rich as the Local Offer's own
(phones, contacts, opening times, eligibility, search words, audiences). Each query is what
GET /api/v1/services does below HTTP: read the directory's revision from the database, then
search the services held in memory (correct the words, filter, rank, count) and take a page
of 20 whole services. The first search after a change loads the services and builds the
index: that time is reported apart. `--sql` measures the database's own full-text search
instead (the earlier path), for comparison.
Last line: {"services": N, "sqlite_p95_ms": ..., "postgres_p95_ms": ..., ...}
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text, update

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.directory import snapshot
from pathway_bot.directory.finder import Synonyms
from pathway_bot.directory.local_offer import LocalOffer
from pathway_bot.directory.records import (
    Contact,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Term,
)
from pathway_bot.directory.repository import save_services
from pathway_bot.directory.search import ServiceQuery, search_services
from pathway_bot.directory.taxonomy import (
    ACCESS_ROUTES,
    ACCESS_TAXONOMY,
    AUDIENCE_TAXONOMY,
    AUDIENCES,
    NEED_SEARCH_WORDS,
    NEED_TAXONOMY,
    TIER_TAXONOMY,
    TIERS,
    term_id,
)
from pathway_bot.directory.text import search_document, service_facets
from pathway_bot.persistence.db import Database
from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.persistence.models.directory import (
    DirectoryOrganisation,
    DirectoryRevision,
    DirectoryService,
)

DISTRICTS = ("cheltenham", "cotswold", "forest_of_dean", "gloucester", "stroud", "tewkesbury")
NAME_WORDS = ("club", "group", "support", "service", "team", "hub", "drop-in", "project",
              "network", "clinic", "advice", "line", "centre", "programme", "café")
TOPIC_WORDS = sorted({w for words in NEED_SEARCH_WORDS.values() for w in words.split()}
                     | {"play", "sport", "music", "art", "nature", "football", "swimming"})
# What people type: real words, a few with typos, and words the index does not hold.
QUERIES = ("autism", "autisim", "dyslexa", "dyslexia", "speech therapy", "anxiety",
           "young carers", "counselling", "councelling", "wheelchair", "adhd", "parenting",
           "deaf", "transition college", "sleep", "football club", "mental health", "epilepsy")
PAGE_SIZE = 20
SYNONYMS = Path(__file__).resolve().parent.parent / "flows" / "area" / "search_synonyms.yaml"


def term(taxonomy: str, code: str) -> Term:
    return Term(id=term_id(taxonomy, code), taxonomy=taxonomy, code=code, name=code,
                description=code)


def generate(count: int, seed: int = 4) -> list[Service]:
    rng = random.Random(seed)
    organisations = [Organisation(id=str(uuid.UUID(int=rng.getrandbits(128))),
                                  name=f"Organisation {i}") for i in range(300)]
    return [_service(rng, organisations) for _ in range(count)]


def _service(rng: random.Random, organisations: list[Organisation]) -> Service:
    needs = rng.sample(NEED_AREAS, rng.randint(1, 3))
    tiers = rng.sample(TIERS, rng.randint(1, 2))
    access = rng.sample(ACCESS_ROUTES, rng.randint(1, 2))
    districts = rng.sample(DISTRICTS, rng.choice((1, 1, 2, 6)))
    low = rng.randint(0, 18)
    topic = rng.sample(TOPIC_WORDS, 8)
    service_id = str(uuid.UUID(int=rng.getrandbits(128)))
    number = f"01452 {rng.randint(100000, 999999)}"
    return Service(
        id=service_id,
        name=f"{topic[0].title()} {rng.choice(NAME_WORDS)}",
        organisation=rng.choice(organisations),
        description=" ".join(["Help with", *topic[1:], "for children and young people."]),
        url=f"https://example.org/{service_id}", email=f"team{rng.randint(1, 999)}@example.org",
        min_age=low, max_age=rng.randint(low, 25),
        phones=(Phone(str(uuid.UUID(int=rng.getrandbits(128))), number),),
        contacts=(Contact(str(uuid.UUID(int=rng.getrandbits(128))), name="Duty worker",
                          phones=(Phone(str(uuid.UUID(int=rng.getrandbits(128))), number),)),),
        schedules=(Schedule(str(uuid.UUID(int=rng.getrandbits(128))), freq="WEEKLY",
                            byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00",
                            description="Monday to Friday, 9am to 5pm"),),
        eligibility=f"Children and young people aged {low} and over with {topic[1]} needs.",
        search_words=" ".join(rng.sample(TOPIC_WORDS, 4)),
        source=f"https://example.org/{service_id}", source_quote=f"Call us on {number}.",
        areas=tuple(ServiceArea(str(uuid.UUID(int=rng.getrandbits(128))), d, d)
                    for d in districts),
        terms=tuple(term(NEED_TAXONOMY, n) for n in needs)
        + tuple(term(TIER_TAXONOMY, t) for t in tiers)
        + tuple(term(ACCESS_TAXONOMY, a) for a in access)
        + tuple(term(AUDIENCE_TAXONOMY, a) for a in rng.sample(AUDIENCES, rng.randint(1, 2))),
    )


def query_mix(count: int, seed: int = 7) -> list[ServiceQuery]:
    """Searches with filters, as the API and signposting make them."""
    rng = random.Random(seed)
    return [ServiceQuery(q=rng.choice((*QUERIES, None)), age=rng.randint(0, 25),
                         district=rng.choice(DISTRICTS),
                         needs=tuple(rng.sample(NEED_AREAS, rng.randint(0, 2))),
                         tiers=tuple(rng.sample(TIERS, rng.randint(0, 1))), size=PAGE_SIZE)
            for _ in range(count)]


def load(database: Database, services: list[Service], fast: bool = False) -> float:
    upgrade_schema(database.engine)
    started = time.perf_counter()
    if fast:
        fast_load(database, services)
    for start in range(0, 0 if fast else len(services), 1000):
        with database.session() as session:
            save_services(session, services[start:start + 1000])
            session.commit()
    with database.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def fast_load(database: Database, services: list[Service]) -> None:
    """Each service's row and snapshot written with Core, many at once; the child rows
    (phones, areas, terms ...) are left out. What the in-memory search reads (the snapshots of
    the active services, and the revision) is all there; use it for --services 100000, where
    the ORM's save takes most of an hour on a shared machine."""
    organisations = {s.organisation.id: s.organisation for s in services}
    with database.engine.begin() as connection:
        connection.execute(insert(DirectoryOrganisation), [
            {"id": o.id, "name": o.name, "description": ""} for o in organisations.values()])
        pk_of = dict(connection.execute(select(DirectoryOrganisation.id,
                                               DirectoryOrganisation.pk)).all())
        now = datetime.now(UTC)
        for start in range(0, len(services), 5000):
            connection.execute(insert(DirectoryService), [
                {"id": s.id, "organisation_pk": pk_of[s.organisation.id], "name": s.name,
                 "description": s.description, "url": s.url, "email": s.email,
                 "status": s.status, "min_age": s.min_age, "max_age": s.max_age,
                 "source": s.source, "last_modified": now, "search_text": search_document(s),
                 "facets": service_facets(s), "snapshot": snapshot.dump(s)}
                for s in services[start:start + 5000]])
        moved = connection.execute(update(DirectoryRevision).where(DirectoryRevision.id == 1)
                                   .values(revision=DirectoryRevision.revision + 1))
        if not moved.rowcount:
            connection.execute(insert(DirectoryRevision).values(id=1, revision=1))


def measure(database: Database, queries: list[ServiceQuery], sql: bool) -> dict:
    timings = []
    extra = {}
    if sql:
        with database.session() as session:
            for query in queries[:20]:  # warm caches and the connection
                search_services(session, query)
            for query in queries:
                started = time.perf_counter()
                search_services(session, query)
                timings.append((time.perf_counter() - started) * 1000)
    else:
        offer = LocalOffer(database.hot_connections, Synonyms.load(SYNONYMS))
        started = time.perf_counter()
        offer.current().search(queries[0])  # loads the services, builds the index
        extra["load_and_index_s"] = round(time.perf_counter() - started, 2)
        for query in queries[:20]:
            offer.current().search(query)
        for query in queries:
            started = time.perf_counter()
            offer.current().search(query)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "max_ms": round(timings[-1], 2), **extra}


def fresh_postgres(url: str) -> str:
    admin_url, name = url.rsplit("/", 1)
    engine = create_engine(f"{admin_url}/postgres".replace("postgresql://",
                                                          "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url


def run(label: str, url: str, services: list[Service], queries: list[ServiceQuery],
        sql: bool, fast: bool = False) -> dict:
    database = Database(url)
    seconds = load(database, services, fast)
    figures = measure(database, queries, sql)
    database.dispose()
    held = (f"; first search (load + index) {figures['load_and_index_s']} s"
            if "load_and_index_s" in figures else "")
    print(f"{label}: stored {len(services)} services in {seconds:.1f} s{held}; search with "
          f"filters p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
          f"max {figures['max_ms']} ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--sql", action="store_true",
                        help="measure the database's full-text search instead")
    parser.add_argument("--fast-load", action="store_true",
                        help="store rows and snapshots only, with Core (see fast_load)")
    args = parser.parse_args()
    services, queries = generate(args.services), query_mix(args.queries)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = run("SQLite", f"sqlite:///{folder}/bench.db", services, queries, args.sql,
                     args.fast_load)
    postgres_url = os.environ.get("PATHWAY_BENCH_POSTGRES_URL",
                                  "postgresql://postgres@127.0.0.1:5432/pathway_dir_bench")
    postgres = run("PostgreSQL", fresh_postgres(postgres_url), services, queries, args.sql,
                   args.fast_load)
    figures = {"services": args.services, "search": "sql" if args.sql else "in_memory",
               "sqlite_p95_ms": sqlite["p95_ms"], "postgres_p95_ms": postgres["p95_ms"]}
    if not args.sql:
        figures |= {"sqlite_load_and_index_s": sqlite["load_and_index_s"],
                    "postgres_load_and_index_s": postgres["load_and_index_s"]}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
