"""Chat-turn throughput through nginx for 1, 2 and 3 app servers on one PostgreSQL database.

    .venv/bin/python bench/scale_out.py [--seconds 10] [--clients 32] [--workers 2]
                                        [--servers 1,2,3]

Each app server is `pathway-bot serve` with --workers gunicorn workers (and its outbox worker)
on its own loopback port, behind Debian's nginx with a configuration of its own (see
tests/support/balanced.py); rate limits are off, as in bench/http_turns.py. 32 clients walk
whole family conversations through nginx for --seconds per server count. Prints turns per
second, latency, the CPU time a turn takes in the app servers, and each count's throughput
as a ratio of one server's; the last line is JSON.

Needs PostgreSQL (PATHWAY_BENCH_DATABASE_URL, default the local server; a database is made
for each run and dropped after) and nginx. On one machine every server shares its cores:
the ratios say what adding servers costs or gains here, not what separate machines give.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pathway_bot.area import load_area  # noqa: E402
from pathway_bot.engine import Engines  # noqa: E402
from pathway_bot.flows import load_flow_registry  # noqa: E402
from tests.support.balanced import balanced  # noqa: E402
from tests.support.scripted import scripted_answer  # noqa: E402
from tests.support.served import serve_environment  # noqa: E402

VIGNETTES = json.loads((ROOT / "tests" / "data" / "vignettes.json").read_text())
PROFILES = [v["profile"] for v in VIGNETTES if v["profile"]["respondent"] == "parent_carer"]
HOST = "127.0.0.1"


async def request(port: int, method: str, path: str, body: dict | None = None,
                  token: str | None = None) -> tuple[int, dict | None]:
    payload = json.dumps(body).encode() if body is not None else b""
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close",
            f"Content-Length: {len(payload)}"]
    if body is not None:
        head.append("Content-Type: application/json")
    if token:
        head.append(f"Authorization: Bearer {token}")
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
    await writer.drain()
    raw = await reader.read()  # nginx closes after the response (Connection: close)
    writer.close()
    header, _, content = raw.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    try:
        return status, (json.loads(content) if content else None)
    except ValueError:
        return status, None


async def family(port: int, flow, index: int, deadline: float, latencies: list[float],
                 errors: list[int]) -> None:
    while time.perf_counter() < deadline:
        profile = PROFILES[index % len(PROFILES)]
        index += 1
        status, started = await request(port, "POST", "/api/v1/conversations",
                                        {"flow": "family"})
        if status != 201 or not started:
            errors.append(status)
            continue
        url, token, step = (f"/api/v1/conversations/{started['id']}/answers",
                            started["token"], started["step"])
        while step is not None and time.perf_counter() < deadline:
            question = flow.questions[step["question"]["id"]]
            begun = time.perf_counter()
            status, body = await request(port, "POST", url, {
                "question": question.id, "answer": scripted_answer(question, profile)}, token)
            if time.perf_counter() < deadline:
                latencies.append((time.perf_counter() - begun) * 1000)
            if status != 200 or not body:
                errors.append(status)
                break
            step = body["step"]


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes and their children now alive (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    wanted, total = set(pids), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        if pid in wanted or int(fields[1]) in wanted:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def measure(cluster, flow, seconds: float, clients: int) -> dict:
    masters = [server.process.pid for server in cluster.servers]

    async def run(span: float) -> tuple[list[float], list[int]]:
        latencies: list[float] = []
        errors: list[int] = []
        deadline = time.perf_counter() + span
        await asyncio.gather(*(family(cluster.port, flow, i, deadline, latencies, errors)
                               for i in range(clients)))
        return latencies, errors

    asyncio.run(run(2))  # warm up: connections, caches, the machines compiled
    cpu_before, began = cpu_seconds(masters), time.perf_counter()
    latencies, errors = asyncio.run(run(seconds))
    elapsed = min(time.perf_counter() - began, seconds)
    cpu = cpu_seconds(masters) - cpu_before
    cuts = statistics.quantiles(latencies, n=100)
    return {"turns_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies), 1), "p99_ms": round(cuts[98], 1),
            "errors": len(errors), "turns": len(latencies),
            "app_cpu_us_per_turn": round(cpu / len(latencies) * 1e6)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--servers", default="1,2,3")
    args = parser.parse_args()
    from tests.support.databases import throwaway_database_at

    flow = Engines(load_flow_registry(ROOT / "flows"),
                   load_area(ROOT / "flows" / "area")).get("family").flow
    base = os.environ.get("PATHWAY_BENCH_DATABASE_URL",
                          "postgresql://postgres@127.0.0.1:5432/postgres")
    results = {}
    for count in (int(n) for n in args.servers.split(",")):
        with tempfile.TemporaryDirectory() as folder, throwaway_database_at(base) as url:
            environ = serve_environment(url, Path(folder), PATHWAY_RATELIMIT_ENABLED="false",
                                        PATHWAY_TRUSTED_PROXIES="1",
                                        PATHWAY_REQUEST_LOG="on")
            with balanced(environ, Path(folder), servers=count,
                          workers=args.workers) as cluster:
                results[count] = measure(cluster, flow, args.seconds, args.clients)
        print(f"{count} app server(s) x {args.workers} workers: {results[count]}")
    one = results.get(1, {}).get("turns_per_s")
    figures = {"servers": {str(n): r for n, r in results.items()},
               "ratio_to_one_server": {str(n): round(r["turns_per_s"] / one, 2)
                                       for n, r in results.items()} if one else {},
               "cores": os.cpu_count(), "clients": args.clients,
               "workers_per_server": args.workers}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
