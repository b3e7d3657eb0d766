"""The allocations console in Debian's Chromium: sign in with a password and a TOTP code,
work the queue (open, claim, allocate, decline, transfer), print the agenda, the timeout
warning, a key worker recording a plan, and axe-core on every console page with and without
JavaScript."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest

from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.requests import queue
from pathway_bot.runtime import Runtime
from tests.browser.conftest import _new_page, _serve
from tests.browser.test_accessibility import axe_violations
from tests.conftest import build_test_config
from tests.requests_factories import create_request
from tests.staff_factories import create_staff, next_code, stored

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
_people = itertools.count()


class Console:
    def __init__(self, address: str, runtime: Runtime):
        self.address = address
        self.runtime = runtime

    def person(self, **overrides):
        """A new set-up coordinator each time: each signs in with a code of its own."""
        number = next(_people)
        with self.runtime.database.session() as session:
            return create_staff(session, self.runtime.staff,
                                email=f"coordinator{number}@example.org",
                                name=f"Coordinator {number}", **overrides)

    def request(self) -> str:
        with self.runtime.database.session() as session:
            raised = create_request(session, self.runtime)
            session.commit()
            return raised.reference

    def key_worker(self):
        number = next(_people)
        with self.runtime.database.session() as session:
            return create_staff(session, self.runtime.staff, role="key_worker",
                                email=f"keyworker{number}@example.org",
                                name=f"Key Worker {number}")

    def allocated_to(self, worker) -> str:
        """A request a coordinator has claimed and allocated to this key worker."""
        coordinator = self.person()
        with self.runtime.database.session() as session:
            raised = create_request(session, self.runtime)
            session.commit()
            by = stored(session, coordinator)
            now = self.runtime.clock()
            queue.claim_request(session, by, raised.id, now=now)
            queue.allocate_request(session, by, raised.id, now=now, to=None,
                                   lead_professional=None, note=None,
                                   key_worker_account=stored(session, worker))
            return raised.reference


def _console(tmp_path_factory, **overrides) -> Iterator[Console]:
    folder = tmp_path_factory.mktemp("console")
    config = build_test_config(f"sqlite:///{folder / 'pathway.db'}", folder, testing=False,
                               **overrides)
    init_database(Runtime.build(config))
    app = create_app(config)
    address, stop = _serve(app)
    yield Console(address, app.extensions["pathway_bot"])
    stop()
    app.extensions["pathway_bot"].database.dispose()


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    yield from _console(tmp_path_factory)


@pytest.fixture(scope="module")
def hurried_console(tmp_path_factory):
    """Signs people out after 8 seconds idle, warning them 5 seconds before."""
    yield from _console(tmp_path_factory, console_idle_seconds=8, console_warning_seconds=5)


@pytest.fixture
def open_page(browser):
    opened = []

    def make(console: Console, *, javascript: bool = True):
        opened.append(_new_page(browser, console.address, javascript=javascript))
        opened[-1].context.console_javascript = javascript
        return opened[-1]

    yield make
    for page in opened:
        page.context.close()


def sign_in(page, console: Console, person, lands_on: str = "**/console/queue") -> None:
    page.goto("/console/sign-in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/console/sign-in/code")
    page.get_by_label("Security code").fill(next_code(person, console.runtime.clock()))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lands_on)


def no_violations(page, where: str) -> None:
    report = axe_violations(page) if _script_runs(page) else _axe_on_the_html(page)
    assert report == "", f"{where}: {report}"


def _script_runs(page) -> bool:
    return page.context.console_javascript


def _axe_on_the_html(page) -> str:
    """axe itself needs script: check the very HTML the server sent, in a context where
    our own script stays out, so the page is as a browser without JavaScript shows it."""
    html = page.content()
    checker = page.context.browser.new_context(bypass_csp=True)
    try:
        other = checker.new_page()
        other.route("**/console.js", lambda route: route.abort())
        other.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/livez")
        other.set_content(html)
        return axe_violations(other)
    finally:
        checker.close()


def open_request(page, reference: str) -> None:
    page.goto("/console/queue")
    page.get_by_role("link", name=reference).click()
    page.wait_for_selector("[data-status]")


def test_a_coordinator_signs_in_and_works_the_queue(console, open_page):
    allocated, declined, moved = console.request(), console.request(), console.request()
    page = open_page(console)
    sign_in(page, console, console.person())
    no_violations(page, "queue")

    open_request(page, allocated)
    assert page.locator("[data-status]").inner_text() == "Waiting"  # read before claiming
    no_violations(page, "request before claiming")
    page.locator("[data-action=claim]").click()
    page.wait_for_selector("[data-action=allocate]")
    no_violations(page, "request held")
    page.get_by_label("A named lead professional or key worker").check()
    page.get_by_label("Their name").fill("Jo Keyworker")
    page.get_by_label("Their role").fill("Key worker")
    page.locator("[data-action=allocate]").click()
    page.wait_for_selector("[data-status=allocated]")

    open_request(page, declined)
    page.locator("[data-action=claim]").click()
    page.locator("[data-action=decline]").click()  # nothing filled in
    page.wait_for_selector("[data-error-summary]")
    no_violations(page, "decline with errors")
    page.get_by_label("Why it is declined").fill("Needs are met at school")
    page.get_by_label("Where the family can go instead").fill("The school's SENCo")
    page.locator("[data-action=decline]").click()
    page.wait_for_selector("[data-status=declined]")

    open_request(page, moved)
    page.get_by_label("District").select_option("cotswold")
    page.get_by_label("Why it is transferred").fill("The family moved")
    page.locator("[data-action=transfer]").click()
    page.wait_for_selector(f"[data-transfer='{moved}']")
    assert page.locator(f"[data-request='{moved}']").count() == 0


def test_the_agenda_prints_on_a4_without_the_forms(console, open_page):
    reference = console.request()
    page = open_page(console)
    sign_in(page, console, console.person())
    page.get_by_role("link", name="Allocations meetings").click()
    no_violations(page, "meetings")
    page.get_by_role("link", name="Stroud", exact=False).first.click()
    page.wait_for_selector(f"[data-agenda-item='{reference}']")
    no_violations(page, "agenda")
    page.emulate_media(media="print")
    assert not page.locator(".console-nav").is_visible()
    assert not page.locator("form.console-no-print").is_visible()
    assert page.locator(f"[data-agenda-item='{reference}']").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_every_console_page_has_no_axe_violations(console, open_page, javascript):
    page = open_page(console, javascript=javascript)
    page.goto("/console/sign-in")
    no_violations(page, "sign in")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("[data-error-summary]")
    no_violations(page, "sign in with errors")
    with console.runtime.database.session() as session:
        link = console.runtime.staff.create(session, role="coordinator", districts=["stroud"],
                                            email=f"setup{next(_people)}@example.org",
                                            name="Set Up")
    page.goto(f"/console/set-up/{link.token}")
    no_violations(page, "set-up password")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("[data-secret]")
    no_violations(page, "set-up app")
    secret = page.locator("[data-secret]").get_attribute("data-secret")
    from pathway_bot.staff import totp
    page.get_by_label("Security code").fill(totp.code_at(secret, console.runtime.clock()))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("[data-recovery-codes]")
    no_violations(page, "recovery codes")

    reference = console.request()
    sign_in(page, console, console.person())
    no_violations(page, "queue")
    open_request(page, reference)
    no_violations(page, "request")
    page.goto("/console/meetings")
    no_violations(page, "meetings")
    page.goto("/console/meetings/stroud")
    no_violations(page, "agenda")
    page.goto("/console/requests/not-a-request")
    no_violations(page, "not found")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/console/signed-out")
    no_violations(page, "signed out")


def test_the_timeout_warning_is_announced_and_can_keep_the_person_signed_in(
        hurried_console, open_page):
    page = open_page(hurried_console)
    sign_in(page, hurried_console, hurried_console.person())
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    dialog.wait_for(state="visible", timeout=8000)
    no_violations(page, "timeout warning")
    stay = page.get_by_role("button", name="Stay signed in")
    assert stay.evaluate("element => element === document.activeElement")
    stay.click()
    dialog.wait_for(state="hidden")
    assert "/console/queue" in page.url  # still signed in, the idle clock started again
    # Left alone, the page signs itself out at the limit.
    page.wait_for_url("**/console/signed-out?timed_out=1", timeout=15000)
    assert page.locator("[data-timed-out]").is_visible()


def test_without_javascript_the_page_simply_expires(hurried_console, open_page):
    page = open_page(hurried_console, javascript=False)
    sign_in(page, hurried_console, hurried_console.person())
    page.wait_for_timeout(9000)
    page.goto("/console/queue")
    assert "/console/signed-out" in page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_key_worker_signs_in_and_records_a_plan(console, open_page, javascript):
    worker = console.key_worker()
    reference = console.allocated_to(worker)
    page = open_page(console, javascript=javascript)
    sign_in(page, console, worker, lands_on="**/console/key-worker")
    page.wait_for_selector(f"[data-request='{reference}']")
    no_violations(page, "my requests")
    page.get_by_role("link", name=reference).click()
    page.wait_for_selector("[data-status=allocated]")
    no_violations(page, "casework, allocated")

    page.locator("[data-action=plan]").click()  # nothing filled in
    page.wait_for_selector("[data-error-summary]")
    no_violations(page, "plan with errors")
    assert page.locator("[data-status=allocated]").count() == 1

    review_on = (console.runtime.casework.today() + timedelta(days=42)).isoformat()
    page.get_by_label("Outcome 1", exact=True).fill("Goes into school three mornings a week")
    page.get_by_label("Priority of outcome 1").select_option("1")
    page.get_by_label("The plan", exact=True).fill("Weekly nurture group sessions")
    page.get_by_label("Next review by").fill(review_on)
    page.get_by_label("How often to review", exact=True).select_option("6")
    page.get_by_label("What the family said about how often to review").fill(
        "Every six weeks suits us")
    page.locator("[data-action=plan]").click()
    page.wait_for_selector("[data-status=planned]")
    assert "Goes into school three mornings a week" in page.locator(
        "[data-plan-outcomes]").inner_text()
    assert worker.email.split("@")[0].replace("keyworker", "Key Worker ") in page.locator(
        "[data-event=plan]").inner_text()
    no_violations(page, "casework, planned")
    page.locator("[data-action=start_review]").click()
    page.wait_for_selector("[data-status=in_review]")
    no_violations(page, "casework, in review")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_overdue_view_has_no_axe_violations(console, open_page, javascript):
    reference = console.request()  # raised long ago: past its response times
    page = open_page(console, javascript=javascript)
    sign_in(page, console, console.person())
    page.get_by_role("link", name="Overdue").click()
    page.wait_for_selector(f"[data-breach='{reference}']")
    no_violations(page, "overdue")
