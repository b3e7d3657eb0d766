"""The deployment files in deploy/ run as shipped: systemd accepts both units; the app
unit's commands start a production server (PostgreSQL, Redis, a secret) that the sample
nginx site puts behind TLS, with its security headers, its static files and HTTP sent to
HTTPS. Only the paths, ports and certificate are changed, as an installer changes them."""

from __future__ import annotations

import http.client
import os
import shlex
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.balanced import NGINX
from tests.support.databases import POSTGRES_URL, throwaway_database
from tests.support.servers import free_port

pytestmark = [pytest.mark.scale, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV = Path(sys.executable).parent.parent
STATIC = ROOT / "pathway_bot" / "web" / "static"
REDIS_URL = os.environ.get("PATHWAY_TEST_REDIS_URL")
METRICS_TOKEN = "t" * 32


def unit_settings(name: str) -> dict[str, list[str]]:
    """[Service] settings of a unit file, continuation lines joined, paths made ours."""
    text = (DEPLOY / "systemd" / name).read_text().replace("\\\n", " ")
    text = text.replace("/opt/pathway-bot/venv", str(VENV))
    settings: dict[str, list[str]] = {}
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def test_systemd_accepts_both_units(tmp_path):
    for name in ("pathway-bot.service", "pathway-bot-worker.service"):
        text = (DEPLOY / "systemd" / name).read_text().replace("/opt/pathway-bot/venv",
                                                               str(VENV))
        (tmp_path / name).write_text(text)
    verified = subprocess.run(["systemd-analyze", "verify", *map(str, tmp_path.iterdir())],
                              capture_output=True, text=True, check=False)
    assert verified.returncode == 0 and verified.stderr.strip() == "", verified.stderr


@pytest.fixture
def production_environment(tmp_path):
    if not (POSTGRES_URL and REDIS_URL):
        pytest.skip("needs PATHWAY_TEST_DATABASE_URL and PATHWAY_TEST_REDIS_URL")
    example = (DEPLOY / "pathway-bot.env.example").read_text()
    settings = dict(line.split("=", 1) for line in example.splitlines()
                    if line and not line.startswith("#"))
    with throwaway_database() as url:
        settings.update(PATHWAY_DATABASE_URL=url, PATHWAY_RATELIMIT_STORAGE_URI=REDIS_URL,
                        PATHWAY_INSTANCE_DIR=str(tmp_path / "instance"),
                        PATHWAY_METRICS_TOKEN=METRICS_TOKEN,
                        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"))
        (tmp_path / "metrics").mkdir()
        environ = {key: value for key, value in os.environ.items()
                   if not key.startswith("PATHWAY_")}
        yield {**environ, **settings}


def start_app_unit(environ: dict, port: int, log: Path) -> subprocess.Popen:
    settings = unit_settings("pathway-bot.service")
    for command in settings["ExecStartPre"]:
        subprocess.run(shlex.split(command), env=environ, check=True, capture_output=True)
    command = shlex.split(settings["ExecStart"][0].replace("127.0.0.1:8000",
                                                            f"127.0.0.1:{port}"))
    with log.open("wb") as output:
        return subprocess.Popen(command, env=environ, stdout=output, stderr=subprocess.STDOUT)


def sample_site(prefix: Path, *, app_port: int, http_port: int, https_port: int) -> Path:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=pathway.example.org", "-keyout", str(prefix / "key.pem"),
                    "-out", str(prefix / "cert.pem")], check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "pathway-bot.conf").read_text()
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/pathway.example.org/fullchain.pem": str(prefix / "cert.pem"),
        "/etc/letsencrypt/live/pathway.example.org/privkey.pem": str(prefix / "key.pem"),
        "/opt/pathway-bot/static/": f"{STATIC}/",
        "127.0.0.1:8000": f"127.0.0.1:{app_port}",
        "/var/log/nginx/": f"{prefix}/",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (prefix / "site.conf").write_text(site)
    (prefix / "temp").mkdir()
    conf = prefix / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(f"""{user}
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/site.conf;
}}
""")
    return conf


def https(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    connection.request("GET", path, headers={"Host": "pathway.example.org", **(headers or {})})
    response = connection.getresponse()
    response.read()
    return response


def wait_for(check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("not up in time")
        time.sleep(0.2)


def test_the_app_unit_and_the_sample_site_serve_production_over_tls(production_environment,
                                                                      tmp_path):
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = sample_site(prefix, app_port=app_port, http_port=http_port, https_port=https_port)
    app = start_app_unit(production_environment, app_port, tmp_path / "app.log")
    nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"])
    try:
        wait_for(lambda: https(https_port, "/livez").status == 200)

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/track?reference=x", headers={"Host": "pathway.example.org"})
        redirected = plain.getresponse()
        assert redirected.status == 301
        assert redirected.getheader("Location").startswith("https://pathway.example.org/")

        page = https(https_port, "/")
        assert page.status == 200  # production: HTTPS is required, and this is HTTPS
        assert len(page.headers.get_all("Strict-Transport-Security")) == 1
        assert page.getheader("X-Frame-Options") == "DENY"
        assert page.getheader("Content-Security-Policy")
        assert len(page.getheader("X-Request-Id")) == 32  # nginx's $request_id, passed on

        asset = https(https_port, "/assets/pathway.css")
        assert asset.status == 200 and asset.getheader("X-Request-Id") is None  # by nginx
        assert asset.getheader("X-Content-Type-Options") == "nosniff"
        assert asset.getheader("Strict-Transport-Security")

        scraped = https(https_port, "/metrics",
                        {"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert scraped.status == 200
        assert https(https_port, "/metrics").status == 401
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(10)
        app.send_signal(signal.SIGTERM)
        app.wait(30)
    assert app.returncode == 0


def test_the_worker_unit_starts_and_stops_on_sigterm(production_environment, tmp_path):
    settings = unit_settings("pathway-bot-worker.service")
    assert settings["KillSignal"] == ["SIGTERM"]
    # The schema first, as the app unit's init-db makes it.
    subprocess.run([str(VENV / "bin" / "pathway-bot"), "init-db"], env=production_environment,
                   check=True, capture_output=True)
    worker = subprocess.Popen(shlex.split(settings["ExecStart"][0]), env=production_environment,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    said = ""
    while "No sender is configured" not in said:  # said once it runs, its handlers set
        said = worker.stdout.readline().decode()
        assert said, "the worker stopped before it started"
    assert worker.poll() is None
    worker.send_signal(signal.SIGTERM)
    output = worker.communicate(timeout=30)[0].decode()
    assert worker.returncode == 0 and "Outbox worker stopped." in output
