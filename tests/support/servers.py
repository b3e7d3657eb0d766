"""Throwaway PostgreSQL clusters and Redis servers, for tests that stop them on purpose.

The machine's own servers are shared and never touched: each of these has its own free port,
and is removed when the test is done with it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until(ready: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the server did not come up")
        time.sleep(0.1)


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


@dataclass
class ThrowawayPostgres:
    version: str
    name: str
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, action: str) -> None:
        subprocess.run(["pg_ctlcluster", self.version, self.name, action], check=True,
                       capture_output=True)

    def start(self) -> None:
        self._ctl("start")
        _wait_until(lambda: _answers(self.port))

    def stop(self) -> None:
        self._ctl("stop")


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    if not shutil.which("pg_createcluster") or not Path("/etc/postgresql").is_dir():
        pytest.skip("needs Debian's PostgreSQL cluster tools")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    cluster = ThrowawayPostgres(version, f"test_{uuid.uuid4().hex[:8]}", free_port())
    subprocess.run(["pg_createcluster", version, cluster.name, "--port", str(cluster.port),
                    "--", "--auth-local=trust", "--auth-host=trust"],
                   check=True, capture_output=True)
    try:
        cluster.start()
        yield cluster
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, cluster.name],
                       capture_output=True)


@dataclass
class ThrowawayRedis:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def freeze(self) -> None:
        """Still listening, never answering: the outage a short socket timeout is for."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        self.thaw()
        self.process.terminate()
        self.process.wait(timeout=10)


@contextmanager
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = ThrowawayRedis(port, process)
    try:
        _wait_until(lambda: _answers(port), seconds=10)
        yield server
    finally:
        if process.poll() is None:
            server.stop()
