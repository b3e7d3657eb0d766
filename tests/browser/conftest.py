"""A live Pathway Bot on a free port and Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import threading
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("live")
    config = build_test_config(f"sqlite:///{folder / 'pathway.db'}", folder, testing=False)
    init_database(Runtime.build(config))
    app = create_app(config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
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
    # The quick exit goes to an everyday site; here it is answered locally.
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body=QUICK_EXIT_PAGE))
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
