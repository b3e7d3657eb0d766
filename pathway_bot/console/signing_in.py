"""Signing in (email and password, then a code), signing out, and the idle timeout.

The session cookie names the account and its session generation (bumped by a reset or a
disable, which ends every session at once) and when the person was last seen. Twenty
minutes idle and the next page signs them out; the timeout dialog (console.js) warns two
minutes before and can keep them signed in. Without JavaScript the page simply expires.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, redirect, render_template, request, session, url_for

from pathway_bot.console.blueprint import bp
from pathway_bot.console.forms import Form
from pathway_bot.extensions import count_failed_authentication, db_session, runtime
from pathway_bot.i18n import SOURCE_LOCALE
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.staff import KEY_WORKER
from pathway_bot.staff.errors import SignInRefused
from pathway_bot.staff.roles import reads_the_queue, works_the_queue
from pathway_bot.web.staff_session import SIGNED_IN

PENDING = "console_pending"
# The second step must follow the first within this long.
PENDING_SECONDS = 5 * 60
SEE_OTHER = 303
# Each role's first page: a key worker's is "My requests" (console/casework_views.py).
HOME = {KEY_WORKER: "console.key_worker_home"}
DEFAULT_HOME = "console.queue_page"


def _now() -> float:
    return runtime().clock().timestamp()


@bp.before_request
def speak_english():
    """The console's words are in English only for now: its pages say so (lang="en"), and the
    shared words they borrow (districts, tiers, needs) follow."""
    g.web_locale = SOURCE_LOCALE


@bp.before_request
def expire_idle_sessions():
    """Past the idle limit, the person is signed out before anything else happens."""
    held = session.get(SIGNED_IN)
    if not held:
        return None
    idle = runtime().config.console_idle_seconds
    if _now() - float(held.get("seen", 0)) > idle:
        session.pop(SIGNED_IN, None)
        return redirect(url_for("console.signed_out", timed_out=1), SEE_OTHER)
    held["seen"] = _now()
    session[SIGNED_IN] = held
    return None


def current_person() -> StaffAccount | None:
    if "console_person" not in g:
        held = session.get(SIGNED_IN)
        g.console_person = runtime().staff.signed_in(
            db_session(), held["id"], int(held["gen"])) if held else None
    return g.console_person


def signed_in(check: Callable[[str], bool] | None = None):
    """The view needs a signed-in person (and, with `check`, a role that passes it)."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            person = current_person()
            if person is None:
                session.pop(SIGNED_IN, None)
                return redirect(url_for("console.sign_in"), SEE_OTHER)
            if check is not None and not check(person.role):
                return render_template("console/error.html", kind="forbidden"), 403
            return view(person, *args, **kwargs)
        return wrapper
    return decorate


reads_queue = signed_in(reads_the_queue)
works_queue = signed_in(works_the_queue)


@bp.context_processor
def console_helpers() -> dict[str, Any]:
    config = runtime().config
    person = current_person() if session.get(SIGNED_IN) else None
    return {"person": person, "idle_seconds": config.console_idle_seconds,
            "warning_seconds": config.console_warning_seconds,
            "works_the_queue": works_the_queue(person.role) if person else False}


@bp.get("/")
@signed_in()
def home(person: StaffAccount):
    return redirect(url_for(HOME.get(person.role, DEFAULT_HOME)), SEE_OTHER)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = Form(request.form if request.method == "POST" else {})
    if request.method == "GET":
        return render_template("console/sign_in.html", form=form)
    email = form.required("email", "console.error.email_missing")
    password = form.required("password", "console.error.password_missing", strip=False)
    if form.errors:
        return render_template("console/sign_in.html", form=form), 422
    try:
        account = runtime().staff.check_password(db_session(), email, password)
    except SignInRefused:
        count_failed_authentication()  # per client address too: guessing across accounts
        form.error("email", "console.error.sign_in_refused")
        return render_template("console/sign_in.html", form=form, refused=True), 401
    session.pop(SIGNED_IN, None)
    session[PENDING] = {"id": account.id, "gen": account.session_generation, "at": _now()}
    return redirect(url_for("console.sign_in_code"), SEE_OTHER)


@bp.route("/sign-in/code", methods=["GET", "POST"])
def sign_in_code():
    pending = session.get(PENDING)
    if not pending or _now() - float(pending["at"]) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return redirect(url_for("console.sign_in"), SEE_OTHER)
    form = Form(request.form if request.method == "POST" else {})
    if request.method == "GET":
        return render_template("console/sign_in_code.html", form=form)
    code = form.required("code", "console.error.code_missing")
    if form.errors:
        return render_template("console/sign_in_code.html", form=form), 422
    try:
        account = runtime().staff.check_code(db_session(), pending["id"], code)
    except SignInRefused:
        count_failed_authentication()
        session.pop(PENDING, None)  # start again from the password: a code alone is not enough
        form = Form({})
        form.error("email", "console.error.sign_in_refused")
        return render_template("console/sign_in.html", form=form, refused=True), 401
    session.pop(PENDING, None)
    session[SIGNED_IN] = {"id": account.id, "gen": account.session_generation,
                          "seen": _now()}
    return redirect(url_for("console.home"), SEE_OTHER)


@bp.post("/sign-out")
def sign_out():
    session.pop(SIGNED_IN, None)
    session.pop(PENDING, None)
    return redirect(url_for("console.signed_out"), SEE_OTHER)


@bp.get("/signed-out")
def signed_out():
    return render_template("console/signed_out.html",
                           timed_out=request.args.get("timed_out") == "1")


@bp.post("/keep-alive")
@signed_in()
def keep_alive(person: StaffAccount):
    """The timeout dialog's "Stay signed in": being here has reset the idle clock."""
    return "", 204


def signed_in_at_all() -> bool:
    return bool(session.get(SIGNED_IN))


