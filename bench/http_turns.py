"""Chat-turn throughput over HTTP against the server's bare /livez, measured in one run.

    .venv/bin/python bench/http_turns.py [--seconds 12] [--round 2] [--clients 32]
                                         [--workers 2]

Serves the app with gunicorn as `pathway-bot serve` does (rate limits off, a fresh SQLite
database), then drives it from 32 concurrent clients with GET /livez and with answer turns
of whole family conversations (each client starts a conversation, untimed, and answers to
the outcome, outcome and signposting included). The two alternate in short rounds, so a
machine whose speed drifts affects both alike. Prints throughput, latency and the CPU time
each request took in the server's workers and in this client (a turn's share of starting its
conversation included; on Linux, from /proc). CPU time is far steadier than throughput on a
shared machine: the figure to compare changes by. The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pathway_bot.area import load_area
from pathway_bot.cli import GUNICORN_APP
from pathway_bot.engine import Engines
from pathway_bot.flows import load_flow_registry

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only bench/ is on sys.path; tests/support (not installed) is in the checkout.
sys.path.insert(0, str(ROOT))
from tests.support.scripted import scripted_answer  # noqa: E402

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
    # Half-close now: gunicorn's sync worker lingers after each response until the peer
    # closes (RFC 9112 section 9.6). A proxy in front of it closes at once; this one Python
    # event loop, serving 32 connections, would hold each worker idle until it got round to
    # closing (about 40% of the workers' time, measured), a wait that is not the server's.
    writer.write_eof()
    raw = await reader.read()
    writer.close()
    header, _, content = raw.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    return status, (json.loads(content) if content else None)


class Recorder:
    def __init__(self, deadline: float):
        self.deadline = deadline
        self.latencies: list[float] = []
        self.errors = 0
        self.elapsed = 0.0
        self.server_cpu = 0.0  # seconds, all workers
        self.client_cpu = 0.0

    def merge(self, other: Recorder) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.elapsed += other.elapsed
        self.server_cpu += other.server_cpu
        self.client_cpu += other.client_cpu

    async def timed(self, call):
        started = time.perf_counter()
        status, body = await call
        if time.perf_counter() < self.deadline:
            self.latencies.append((time.perf_counter() - started) * 1000)
            if status >= 400:
                self.errors += 1
        return status, body


async def livez_client(port: int, recorder: Recorder) -> None:
    while time.perf_counter() < recorder.deadline:
        await recorder.timed(request(port, "GET", "/livez"))


async def turn_client(port: int, recorder: Recorder, engines: Engines, index: int) -> None:
    flow = engines.get("family").flow
    while time.perf_counter() < recorder.deadline:
        profile = PROFILES[index % len(PROFILES)]
        index += 1
        _, started = await request(port, "POST", "/api/v1/conversations", {"flow": "family"})
        url, token, step = (f"/api/v1/conversations/{started['id']}/answers",
                            started["token"], started["step"])
        while step is not None and time.perf_counter() < recorder.deadline:
            question = flow.questions[step["question"]["id"]]
            answer = {"question": question.id, "answer": scripted_answer(question, profile)}
            status, body = await recorder.timed(request(port, "POST", url, answer, token))
            step = body["step"] if status == 200 else None


async def measure(port: int, seconds: float, clients: int, make_client,
                  server_cpu=lambda: 0.0) -> Recorder:
    recorder = Recorder(time.perf_counter() + seconds)
    started, server_before, client_before = (
        time.perf_counter(), server_cpu(), time.process_time())
    await asyncio.gather(*(make_client(recorder, i) for i in range(clients)))
    recorder.elapsed = min(time.perf_counter() - started, seconds)
    recorder.server_cpu = server_cpu() - server_before
    recorder.client_cpu = time.process_time() - client_before
    return recorder


def summary(recorder: Recorder) -> dict:
    cuts = statistics.quantiles(recorder.latencies, n=100)
    requests = len(recorder.latencies)
    return {"rps": requests / recorder.elapsed,
            "p50": statistics.median(recorder.latencies), "p99": cuts[98],
            "errors": recorder.errors, "requests": requests,
            "server_cpu_us": recorder.server_cpu / requests * 1e6,
            "client_cpu_us": recorder.client_cpu / requests * 1e6}


def workers_cpu(server: subprocess.Popen):
    """The CPU seconds the server's workers have used so far (0 where /proc is absent)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def used() -> float:
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone since the listing
                continue
            if int(fields[1]) == server.pid:  # parent pid, then utime and stime
                total += int(fields[11]) + int(fields[12])
        return total / ticks

    return used


def serve(port: int, workers: int, folder: Path,
          settings: dict[str, str] | None = None) -> subprocess.Popen:
    """gunicorn serving a fresh SQLite database in `folder`, with `settings` (PATHWAY_...)
    on top of the environment's."""
    env = {**os.environ, "PATHWAY_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
           "PATHWAY_RATELIMIT_ENABLED": "false", "PATHWAY_INSTANCE_DIR": str(folder),
           **(settings or {})}
    subprocess.run([sys.executable, "-m", "pathway_bot.cli", "init-db"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"{HOST}:{port}", "--backlog", "2048", "--log-level", "warning", GUNICORN_APP],
        env=env, cwd=ROOT)
    for _ in range(100):
        try:
            asyncio.run(request(port, "GET", "/livez"))
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def alternate(args, engines: Engines, server_cpu) -> tuple[dict, dict]:
    def livez(recorder, _index):
        return livez_client(args.port, recorder)

    def turns(recorder, index):
        return turn_client(args.port, recorder, engines, index)

    asyncio.run(measure(args.port, 1, args.clients, livez))  # warm up
    asyncio.run(measure(args.port, 1, args.clients, turns))
    totals = {livez: Recorder(0), turns: Recorder(0)}
    for _ in range(max(1, round(args.seconds / args.round))):
        for workload, total in totals.items():
            total.merge(asyncio.run(measure(args.port, args.round, args.clients, workload,
                                            server_cpu)))
    return summary(totals[livez]), summary(totals[turns])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12,
                        help="per workload, split into rounds of --round seconds")
    parser.add_argument("--round", type=float, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    engines = Engines(load_flow_registry(ROOT / "flows"), load_area(ROOT / "flows" / "area"))
    with tempfile.TemporaryDirectory() as folder:
        server = serve(args.port, args.workers, Path(folder))
        try:
            livez, turns = alternate(args, engines, workers_cpu(server))
        finally:
            server.terminate()
            server.wait(timeout=10)
    for name, figures in (("GET /livez", livez), ("answer turn", turns)):
        print(f"{name:12s} {figures['rps']:8.0f} req/s  p50 {figures['p50']:6.1f} ms  "
              f"p99 {figures['p99']:6.1f} ms  errors {figures['errors']}/{figures['requests']}  "
              f"CPU a request: server {figures['server_cpu_us']:4.0f} us, "
              f"client {figures['client_cpu_us']:4.0f} us")
    print(json.dumps({"livez_rps": round(livez["rps"]), "turn_rps": round(turns["rps"]),
                      "ratio": round(turns["rps"] / livez["rps"], 2),
                      "turn_p50_ms": round(turns["p50"], 1),
                      "turn_p99_ms": round(turns["p99"], 1)}))


if __name__ == "__main__":
    main()
