"""App servers behind Debian's nginx, for the scale-out tests and `bench/scale_out.py`.

Each app server is `pathway-bot serve` (gunicorn and an outbox worker beside it) on its own
free loopback port; all share one database and one Redis. nginx runs as a child process
with its own prefix and a configuration written into a temporary folder: it never reads or
touches /etc/nginx. Its upstream answers in turn (round robin), and it tells the client
which server answered in `X-Upstream`.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.served import PATHWAY_BOT
from tests.support.servers import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """\
{user}
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    upstream pathway_bot {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://pathway_bot;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Request-Id $request_id;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A refused connection is tried on the next server; a POST already sent is not.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


@dataclass
class AppServer:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        """The gunicorn master (which `serve` becomes) and its children: its workers and the
        outbox worker beside them."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [self.process.pid, *(int(pid) for pid in children.read_text().split())]
        except OSError:
            return [self.process.pid]

    def kill(self) -> None:
        """Killed outright, by PID: no graceful shutdown, answers in flight are cut."""
        for pid in self.pids():
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Balanced:
    port: int
    servers: list[AppServer]
    folder: Path
    nginx: subprocess.Popen | None = None
    upstreams_seen: list[str] = field(default_factory=list)

    def call(self, method: str, path: str, body: dict | None = None, *,
             token: str | None = None, client: str = "127.0.0.1", timeout: float = 30
             ) -> tuple[int, dict | None, str]:
        """One request through the balancer from loopback address `client` (rate limits
        count per client address): (status, JSON body or None, the server that answered)."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                                source_address=(client, 0))
        try:
            connection.request(method, path, None if body is None else json.dumps(body),
                               headers)
            response = connection.getresponse()
            raw = response.read()
            return response.status, _json(raw), response.getheader("X-Upstream", "")
        finally:
            connection.close()


def _json(raw: bytes) -> dict | None:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def start_app_server(environ: dict, folder: Path, index: int, workers: int) -> AppServer:
    port = free_port()
    log = folder / f"server-{index}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(PATHWAY_BOT), "serve", "--port", str(port), "--workers", str(workers)],
            env={**environ, "PATHWAY_INSTANCE_DIR": str(folder / f"instance-{index}")},
            stdout=output, stderr=subprocess.STDOUT)
    server = AppServer(port, process, log)
    _wait_until_live(server)
    return server


def _wait_until_live(server: AppServer, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"pathway-bot serve exited: {server.log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            connection.request("GET", "/livez")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("pathway-bot serve did not come up")
        time.sleep(0.2)


def start_nginx(folder: Path, servers: Sequence[AppServer]) -> tuple[int, subprocess.Popen]:
    prefix = folder / "nginx"
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    port = free_port()
    upstream = "\n".join(f"        server {server.address} max_fails=1 fail_timeout=30s;"
                         for server in servers)
    # As root, nginx would run its workers as nobody, who cannot read a private temp folder.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, prefix=prefix, servers=upstream, port=port))
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf),
                                "-g", "daemon off;"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/livez")
            if connection.getresponse().status == 200:
                return port, process
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("nginx did not come up")
        time.sleep(0.1)


@contextmanager
def balanced(environ: dict, folder: Path, *, servers: int, workers: int = 1
             ) -> Iterator[Balanced]:
    """`servers` app servers behind nginx. The first creates or upgrades the schema alone;
    the others start once it is live, so no two migrate at once."""
    with ExitStack() as cleanup:
        started: list[AppServer] = []
        cleanup.callback(lambda: [server.stop() for server in started])
        for index in range(servers):
            started.append(start_app_server(environ, folder, index, workers))
        port, nginx = start_nginx(folder, started)

        def stop_nginx() -> None:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()

        cleanup.callback(stop_nginx)
        yield Balanced(port=port, servers=started, folder=folder, nginx=nginx)
