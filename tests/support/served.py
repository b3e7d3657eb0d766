"""`pathway-bot serve` run for real: gunicorn and its workers on a free loopback port, for
tests that need separate worker processes (shared rate limits, a worker killed mid-chat).

Traffic goes only to 127.0.0.1; the server is stopped and waited for when the test is done.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import free_port

PATHWAY_BOT = Path(sys.executable).with_name("pathway-bot")


@dataclass
class ServedApp:
    port: int
    process: subprocess.Popen

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the children of the master, which `serve` becomes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def wait_for_workers(self, count: int, seconds: float = 30) -> list[int]:
        deadline = time.monotonic() + seconds
        while len(pids := self.worker_pids()) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"gunicorn has {len(pids)} workers, not {count}")
            time.sleep(0.1)
        return pids

    def call(self, method: str, path: str, body: dict | None = None,
             token: str | None = None, timeout: float = 30) -> tuple[int, dict | None]:
        """One request on its own connection: (status, JSON body or None)."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        sent = urllib.request.Request(self.base_url + path, data=data, method=method,
                                      headers=headers)
        try:
            with urllib.request.urlopen(sent, timeout=timeout) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as refused:
            return refused.code, _json(refused.read())


def _json(raw: bytes) -> dict | None:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def serve_environment(database_url: str, instance_dir: Path, **settings: str) -> dict:
    """The environment `serve` reads its configuration from (PATHWAY_* settings)."""
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith("PATHWAY_")}
    environ.update(PATHWAY_DATABASE_URL=database_url, PATHWAY_SECRET_KEY="test-secret",
                   PATHWAY_INSTANCE_DIR=str(instance_dir), **settings)
    return environ


@contextmanager
def served(environ: dict, *, workers: int, log: Path) -> Iterator[ServedApp]:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(PATHWAY_BOT), "serve", "--port", str(port), "--workers", str(workers)],
            env=environ, stdout=output, stderr=subprocess.STDOUT)
        app = ServedApp(port, process)
        try:
            _wait_until_live(app)
            app.wait_for_workers(workers)
            yield app
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_live(app: ServedApp, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if app.process.poll() is not None:
            raise RuntimeError(f"pathway-bot serve exited with {app.process.returncode}")
        try:
            if app.call("GET", "/livez", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("pathway-bot serve did not come up")
        time.sleep(0.2)
