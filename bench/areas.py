"""What serving many areas costs a worker: start-up, memory, and a chat turn.

    .venv/bin/python bench/areas.py [--packs 50] [--starts 3] [--seconds 12] [--round 2]
                                    [--clients 32] [--workers 2]

Three deployments, each built as a worker builds it (a fresh process, `create_app`):
- one area: Gloucestershire's pack alone (a copy of flows/ without flows/areas);
- two areas: flows/ as shipped (Gloucestershire and South Gloucestershire);
- two areas and `--packs` synthetic packs (tests/support/synthetic_packs.py), named by
  PATHWAY_AREA_PACKS, as a deployment for every council in England would be.

For each: the time `create_app` takes in a new process (median of `--starts`) and the
worker's resident memory once it has (VmRSS), then once it has answered a conversation in
each of three areas. Last, the turn bench of bench/http_turns.py against gunicorn serving
the one-area deployment and the many-area one at once, the two driven in alternate rounds,
so that the machine's drift falls on both alike: the ratio of their turn rates is the figure
(1.00: loading more areas costs a turn nothing). The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.http_turns import (  # noqa: E402
    Recorder,
    measure,
    serve,
    summary,
    turn_client,
    workers_cpu,
)
from pathway_bot.area import load_area  # noqa: E402
from pathway_bot.engine import Engines  # noqa: E402
from pathway_bot.flows import load_flow_registry  # noqa: E402
from tests.support.synthetic_packs import write_synthetic_pack  # noqa: E402

# Run in a fresh interpreter: build the app, then answer one conversation per area through
# the test client, reporting seconds and kilobytes as JSON.
WORKER = r"""
import json, sys, time
started = time.perf_counter()
from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
imported = time.perf_counter()
app = create_app()
built = time.perf_counter()
def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
after_build = rss_kb()
runtime = app.extensions["pathway_bot"]
init_database(runtime)
client = app.test_client()
areas = list(runtime.deployment.runtimes)
for area in (areas[0], areas[len(areas) // 2], areas[-1]):
    body = client.post("/api/v1/conversations", json={"flow": "family", "area": area}).get_json()
    assert "token" in body, body
print(json.dumps({"import_s": imported - started, "create_app_s": built - imported,
                  "rss_built_kb": after_build, "rss_used_kb": rss_kb(), "areas": len(areas)}))
"""


def deployments(folder: Path, packs: int) -> dict[str, dict[str, str]]:
    """Each deployment's settings (PATHWAY_...)."""
    one = folder / "one" / "flows"
    shutil.copytree(ROOT / "flows", one, ignore=shutil.ignore_patterns("areas"))
    synthetic = folder / "synthetic"
    folders = [write_synthetic_pack(synthetic, n) for n in range(1, packs + 1)]
    return {"one area": {"PATHWAY_FLOWS_DIR": str(one)},
            "two areas": {},
            f"{packs + 2} areas": {"PATHWAY_AREA_PACKS": ":".join(map(str, folders))}}


def start_up(settings: dict[str, str], starts: int, folder: Path) -> dict:
    runs = []
    for index in range(starts):
        instance = folder / f"start-{len(settings)}-{index}"
        env = {**os.environ, "PATHWAY_DATABASE_URL": f"sqlite:///{instance / 'db.sqlite'}",
               "PATHWAY_INSTANCE_DIR": str(instance), "PATHWAY_RATELIMIT_ENABLED": "false",
               "PATHWAY_REQUEST_LOG": "off", **settings}
        done = subprocess.run([sys.executable, "-c", WORKER], env=env, cwd=ROOT, check=True,
                              capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def turns_against(ports: dict[str, int], args, engines: Engines, cpu) -> dict[str, dict]:
    def driving(port: int):
        return lambda recorder, index: turn_client(port, recorder, engines, index)

    for port in ports.values():  # warm up
        asyncio.run(measure(port, 1, args.clients, driving(port)))
    totals = {name: Recorder(0) for name in ports}
    for _ in range(max(1, round(args.seconds / args.round))):
        for name, port in ports.items():
            totals[name].merge(asyncio.run(measure(port, args.round, args.clients,
                                                   driving(port), cpu[name])))
    return {name: summary(total) for name, total in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=50)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=12)
    parser.add_argument("--round", type=float, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8775)
    args = parser.parse_args()
    engines = Engines(load_flow_registry(ROOT / "flows"), load_area(ROOT / "flows" / "area"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        settings = deployments(folder, args.packs)
        starts = {name: start_up(each, args.starts, folder) for name, each in settings.items()}
        for name, figures in starts.items():
            print(f"{name:10s} create_app {figures['create_app_s'] * 1000:7.0f} ms  "
                  f"(imports {figures['import_s'] * 1000:4.0f} ms)  memory "
                  f"{figures['rss_built_kb'] / 1024:6.1f} MiB built, "
                  f"{figures['rss_used_kb'] / 1024:6.1f} MiB after three areas' turns")
        many = list(settings)[-1]
        quiet = {"PATHWAY_REQUEST_LOG": "off"}
        served = {"one area": {**settings["one area"], **quiet}, many: {**settings[many], **quiet}}
        ports = {name: args.port + index for index, name in enumerate(served)}
        servers = {}
        try:
            for name, each in served.items():
                instance = folder / f"served-{ports[name]}"
                instance.mkdir()
                servers[name] = serve(ports[name], args.workers, instance, each)
            cpu = {name: workers_cpu(server) for name, server in servers.items()}
            turns = turns_against(ports, args, engines, cpu)
        finally:
            for server in servers.values():
                server.terminate()
                server.wait(timeout=10)
    for name, figures in turns.items():
        print(f"turns, {name:9s} {figures['rps']:7.0f} turns/s  p50 {figures['p50']:5.1f} ms  "
              f"p99 {figures['p99']:5.1f} ms  errors {figures['errors']}/{figures['requests']}  "
              f"server CPU a turn {figures['server_cpu_us']:4.0f} us")
    ratio = turns[many]["rps"] / turns["one area"]["rps"]
    cpu_ratio = turns[many]["server_cpu_us"] / turns["one area"]["server_cpu_us"]
    print(f"{many} against one: turn rate x{ratio:.2f}, server CPU a turn x{cpu_ratio:.2f}")
    print(json.dumps({"start_up": starts, "turns": {k: {"rps": round(v["rps"]),
                      "p99_ms": round(v["p99"], 1), "server_cpu_us": round(v["server_cpu_us"])}
                      for k, v in turns.items()},
                      "turn_rate_ratio": round(ratio, 2), "cpu_ratio": round(cpu_ratio, 2)}))


if __name__ == "__main__":
    main()
