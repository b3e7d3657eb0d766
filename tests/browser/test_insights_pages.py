"""The insights pages and the family's pages after the outcome, in a real Chromium: axe finds
no WCAG 2.2 A or AA violation on any of them, and the charts are drawn without script."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.insights.feedback import Feedback
from pathway_bot.persistence.models.insights import EqualityAnswer
from pathway_bot.runtime import Runtime
from tests.browser.conftest import _serve
from tests.browser.keyboard import start_by_keyboard, walk_by_keyboard
from tests.browser.test_accessibility import axe_violations
from tests.conftest import build_test_config
from tests.insights_factories import profile_for, walk
from tests.requests_factories import create_key, create_request
from tests.web.helpers import ELIGIBLE

pytestmark = pytest.mark.browser

PAGES = ("/console/insights", "/console/insights/where-people-stop",
         "/console/insights/feedback", "/console/insights/equality")


def _flows_with_equality_monitoring(folder):
    flows = folder / "flows"
    shutil.copytree(PROJECT_ROOT / "flows", flows)
    area = flows / "area" / "area.yaml"
    area.write_text(re.sub(r"(?m)^equality_monitoring: .*$", "equality_monitoring: true",
                           area.read_text(encoding="utf-8")), encoding="utf-8")
    return flows


def _figures(runtime) -> str:
    """Conversations, requests, feedback and equality answers; the manager key's text."""
    started = datetime.now(UTC) - timedelta(days=20)
    for n, district in enumerate(("stroud",) * 7 + ("cheltenham",) * 2):
        _, _, view = walk(runtime, profile_for(district, 3 + n), now=started)
        with runtime.database.session() as session:
            runtime.insights.feedback(session, view.conversation,
                                      Feedback("conversation", n % 3 != 0, "Clear, thank you"),
                                      district=district, suggested_services=())
            session.add(EqualityAnswer(conversation_id=view.conversation.id,
                                       area=runtime.area.id, district=district,
                                       month=started.strftime("%Y-%m"),
                                       ethnicity="white_british", answered_at=started))
            session.commit()
    walk(runtime, profile_for("stroud", 9), stop_after=2, now=started)
    with runtime.database.session() as session:
        for _ in range(6):
            create_request(session, runtime, now=started)
        _, key = create_key(session, runtime, role="manager",
                            districts=runtime.area.district_ids, name="Manager")
    return key


@pytest.fixture(scope="module")
def insights_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("insights")
    config = build_test_config(f"sqlite:///{folder / 'pathway.db'}", folder, testing=False,
                               flows_dir=_flows_with_equality_monitoring(folder))
    runtime = Runtime.build(config)
    init_database(runtime)
    key = _figures(runtime)
    runtime.database.dispose()
    app = create_app(config)
    address, stop = _serve(app)
    yield address, key
    stop()
    app.extensions["pathway_bot"].database.dispose()


def _as_manager(browser, address, key, javascript=True):
    return browser.new_context(base_url=address, java_script_enabled=javascript,
                               viewport={"width": 1280, "height": 900},
                               extra_http_headers={"Authorization": f"Bearer {key}"})


def test_no_insights_page_has_wcag_a_or_aa_violations(browser, insights_server, screenshots):
    address, key = insights_server
    context = _as_manager(browser, address, key)
    page = context.new_page()
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text
            else None)
    found = {}
    try:
        for path in (*PAGES, "/console/insights?from=April"):
            page.goto(path)
            report = axe_violations(page)
            if report:
                found[path] = report
            name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
            page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert not found, "\n\n".join(f"== {p}\n{r}" for p, r in found.items())
    assert csp == []


def test_the_charts_are_drawn_without_javascript_with_their_tables(browser, insights_server):
    address, key = insights_server
    context = _as_manager(browser, address, key, javascript=False)
    page = context.new_page()
    try:
        page.goto("/console/insights")
        charts = page.locator("svg.chart").count()
        assert charts >= 4
        assert page.locator("section.insight table").count() >= charts
        assert page.get_by_text("fewer than 5").count() > 0
    finally:
        context.close()


def test_the_family_pages_after_the_outcome_have_no_wcag_violations(browser, insights_server,
                                                                    runtime_for_flows):
    address, _ = insights_server
    context = browser.new_context(base_url=address, viewport={"width": 390, "height": 844})
    page = context.new_page()
    found = {}
    try:
        start_by_keyboard(page, "parent_carer")
        walk_by_keyboard(page, ELIGIBLE, runtime_for_flows.engines.get("family"))
        page.goto("/outcome")
        page.goto("/feedback")
        for name in ("feedback", "feedback with an error", "thank you", "equality",
                     "equality thank you"):
            if name == "feedback with an error":
                page.click("form button[type=submit].button")
                page.wait_for_selector("[data-error-summary]")
            elif name == "thank you":
                page.check("#helpful")
                page.click("form button[type=submit].button")
                page.wait_for_url("**/feedback/thank-you")
            elif name == "equality":
                page.click("a[href='/about-the-child']")
                page.wait_for_url("**/about-the-child")
            elif name == "equality thank you":
                page.check("#gender")
                page.click("form button[type=submit].button")
                page.wait_for_url("**/about-the-child/thank-you")
            report = axe_violations(page)
            if report:
                found[name] = report
    finally:
        context.close()
    assert not found, "\n\n".join(f"== {p}\n{r}" for p, r in found.items())
