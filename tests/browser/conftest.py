"""A live Pathway Bot on a free port and Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pathway_bot import PROJECT_ROOT
from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.runtime import Runtime
from tests.conftest import build_test_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
QUICK_EXIT_PAGE = "<!doctype html><title>Weather</title><h1>Weather forecast</h1>"


def _serve(app) -> tuple[str, Callable[[], None]]:
    """A WSGI app on a free local port, in a thread; returns its address and a way to stop it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=5)

    return f"http://127.0.0.1:{server.server_port}", stop


def _everyday_site(_environ, start_response) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [QUICK_EXIT_PAGE.encode()]


@pytest.fixture(scope="session")
def quick_exit_site() -> Iterator[str]:
    """A local stand-in for the everyday site the quick exit goes to. Playwright cannot
    intercept where a redirect leads, and /exit answers with one."""
    address, stop = _serve(_everyday_site)
    yield f"{address}/weather"
    stop()


def _flows_leaving_for(site: str, folder: Path) -> Path:
    """The project's flows and area, with the quick exit sent to `site`."""
    flows = folder / "flows"
    shutil.copytree(PROJECT_ROOT / "flows", flows)
    area = flows / "area" / "area.yaml"
    area.write_text(re.sub(r"(?m)^quick_exit_url: .*$", f"quick_exit_url: {site}",
                           area.read_text(encoding="utf-8")), encoding="utf-8")
    return flows


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, quick_exit_site) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("live")
    config = build_test_config(f"sqlite:///{folder / 'pathway.db'}", folder, testing=False,
                               flows_dir=_flows_leaving_for(quick_exit_site, folder))
    init_database(Runtime.build(config))
    app = create_app(config)
    address, stop = _serve(app)
    yield address
    stop()
    app.extensions["pathway_bot"].database.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, base_url: str, *, javascript: bool, width: int = 1280,
              height: int = 900):
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda message: page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    return page


@pytest.fixture
def page(browser, live_server):
    page = _new_page(browser, live_server, javascript=True)
    yield page
    page.context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    page = _new_page(browser, live_server, javascript=False)
    yield page
    page.context.close()


@pytest.fixture
def new_page(browser, live_server):
    opened = []

    def make(**options):
        opened.append(_new_page(browser, live_server, **options))
        return opened[-1]

    yield make
    for page in opened:
        page.context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def runtime_for_flows(tmp_path_factory):
    """The flows as the live server runs them, to answer their questions."""
    folder = tmp_path_factory.mktemp("flows")
    return Runtime.build(build_test_config(f"sqlite:///{folder / 'unused.db'}", folder))
