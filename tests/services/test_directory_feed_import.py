"""`pathway-bot services import URL`: a live feed's paged /services, served locally."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from pathway_bot.cli import cli
from pathway_bot.directory.oruk_export import services_page
from pathway_bot.directory.repository import all_services
from tests.directory_support import create_service

SERVICES = [create_service(name=f"Feed service {n}") for n in range(5)]


def oruk_1_page(number: int, size: int) -> dict:
    chunk = SERVICES[number * size:(number + 1) * size]
    return {"totalElements": len(SERVICES), "totalPages": -(-len(SERVICES) // size),
            "number": number, "size": size, "first": number == 0,
            "last": (number + 1) * size >= len(SERVICES),
            "content": [{"id": f"svc-{s.name[-1]}", "name": s.name, "status": "active",
                         "organization": {"id": "org-1", "name": "An organisation"}}
                        for s in chunk]}


class Feed(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        page = int(parse_qs(parts.query).get("page", ["0"])[0])
        if parts.path == "/v3/services":
            page = page or 1
            chunk = SERVICES[(page - 1) * 2:page * 2]
            body = services_page(chunk, total_items=len(SERVICES), page_number=page, size=2)
        elif parts.path == "/v1/services":
            body = oruk_1_page(page, 2)
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def run(config, monkeypatch):
    monkeypatch.setenv("PATHWAY_DATABASE_URL", config.database_url)
    monkeypatch.setenv("PATHWAY_INSTANCE_DIR", str(config.instance_dir))

    def invoke(*args):
        from click.testing import CliRunner

        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def imported_names(runtime) -> set[str]:
    with runtime.database.session() as session:
        return {s.name for s in all_services(session)}


def test_every_page_of_an_oruk_3_feed_is_imported(run, feed_url, runtime):
    result = run("services", "import", f"{feed_url}/v3/services")
    assert result.exit_code == 0, result.output
    assert "Imported ORUK 3.0: 5 new" in result.output
    assert {s.name for s in SERVICES} <= imported_names(runtime)


def test_every_page_of_an_oruk_1_feed_is_imported(run, feed_url, runtime):
    result = run("services", "import", f"{feed_url}/v1/services")
    assert result.exit_code == 0, result.output
    assert "Imported ORUK 1.0: 5 new" in result.output


def test_a_feed_that_cannot_be_fetched_imports_nothing(run, feed_url, runtime):
    before = imported_names(runtime)
    result = run("services", "import", f"{feed_url}/missing")
    assert result.exit_code != 0 and "could not be fetched" in result.output
    assert imported_names(runtime) == before
