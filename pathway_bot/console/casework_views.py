"""After allocation, in the console: a key worker's "My requests", each request's casework
(first contact, the plan, reviews, a new concern, closing), and the coordinator's overdue
view.

Every step goes through Casework with the signed-in person as the scope a key would be: a key
worker sees only the requests allocated to them (any other is a 404 page), a coordinator
only their districts'. A bad form is an error summary that changes nothing; a step the
lifecycle refuses is said plainly, with the request shown as it now stands (409).
"""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for

from pathway_bot.console import present
from pathway_bot.console.blueprint import bp
from pathway_bot.console.forms import Form
from pathway_bot.console.signing_in import SEE_OTHER, reads_queue, signed_in
from pathway_bot.errors import Conflict, NotEligible, ValidationFailed
from pathway_bot.extensions import db_session, runtime
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.requests import queue
from pathway_bot.requests.casework import (
    CASEWORKERS,
    CLOSE,
    REVIEW_OUTCOMES,
    STEP_DOWN,
    Plan,
    Review,
)
from pathway_bot.requests.lifecycle import can
from pathway_bot.staff import KEY_WORKER

MY_PAGE = 200
PLAN_OUTCOMES = 3  # rows for agreed outcomes on the plan form; at least one is needed
REVIEW_EVERY_WEEKS = ("2", "4", "6", "8", "12", "26")
# A field Casework refuses, as the form names it and the words the summary gives.
REFUSED_FIELDS = {"next_review_on": "console.error.next_review_on_range",
                  "tier": "console.error.step_down_tier",
                  "outcome": "console.error.review_outcome"}

works_cases = signed_in(lambda role: role in CASEWORKERS)


@bp.get("/key-worker")
@signed_in(lambda role: role == KEY_WORKER)
def key_worker_home(person: StaffAccount):
    """My requests: those allocated to this key worker, whatever their status."""
    session, casework, now = db_session(), runtime().casework, runtime().clock()
    mine = queue.list_requests(session, person, status=None, page=1, per_page=MY_PAGE).items
    return render_template("console/my_requests.html", rows=[
        {**present.queue_row(r, now), "time_left": casework.time_left(r),
         "next_review_on": r.next_review_on} for r in mine])


@bp.get("/overdue")
@reads_queue
def overdue_page(person: StaffAccount):
    """Every response time missed on a request still open in the person's districts."""
    session, casework = db_session(), runtime().casework
    late = casework.overdue(session, person, page=1, per_page=MY_PAGE).items
    today = casework.today()
    return render_template("console/overdue.html",
                           breaches=casework.times.breaches(late, today))


def _case_page(person: StaffAccount, request_id: str, *, form: Form | None = None,
               action: str | None = None, conflict: str | None = None, status: int = 200):
    session, app_runtime = db_session(), runtime()
    casework = app_runtime.casework
    item = queue.get_request(session, person, request_id)
    history = queue.request_history(session, person, request_id)
    levels = app_runtime.requests.rules.tier_levels
    lower = [t for t, level in levels.items() if level < (item.tier_level or 0)]
    return render_template(
        "console/case.html", item=item, row=present.queue_row(item, app_runtime.clock()),
        full=present.full(item), plan=present.loads(item.plan), history=history,
        clocks=casework.clocks(item), form=form or Form({}), action=action,
        conflict=conflict, can=lambda step: can(item.status, step),
        lower_tiers=lower, review_outcomes=REVIEW_OUTCOMES,
        review_every=REVIEW_EVERY_WEEKS, plan_rows=range(1, PLAN_OUTCOMES + 1),
    ), status


@bp.get("/casework/<request_id>")
@works_cases
def case_page(person: StaffAccount, request_id: str):
    return _case_page(person, request_id)


def _step(person: StaffAccount, request_id: str, work, *, action: str, form: Form,
          first_field: str):
    """Run the casework step, or show the form again with what is wrong and change nothing."""
    if not form.errors:
        try:
            work()
        except ValidationFailed as refused:
            for name in refused.errors or {first_field: None}:
                form.error(name if name in REFUSED_FIELDS else first_field,
                           REFUSED_FIELDS.get(name, "console.error.casework_refused"))
        except NotEligible:  # a step up or new concern whose new assessment cannot go on
            form.error(first_field, "console.error.not_eligible")
        except Conflict as refused:
            db_session().rollback()
            return _case_page(person, request_id, form=form, action=action,
                              conflict=refused.detail, status=409)
        else:
            return redirect(url_for("console.case_page", request_id=request_id), SEE_OTHER)
    db_session().rollback()
    return _case_page(person, request_id, form=form, action=action, status=422)


def _day(form: Form, name: str, message_id: str, *, optional: bool = False) -> date | None:
    value = form.text(name, max_length=10)
    if not value and optional:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        form.error(name, message_id)
        return None


@bp.post("/casework/<request_id>/first-contact")
@works_cases
def first_contact(person: StaffAccount, request_id: str):
    form = Form(request.form)
    note = form.text("contact_note", max_length=4000)
    return _step(person, request_id, lambda: runtime().casework.record_first_contact(
        db_session(), person, request_id, note=note or None), action="first_contact",
        form=form, first_field="contact_note")


@bp.post("/casework/<request_id>/plan")
@works_cases
def plan(person: StaffAccount, request_id: str):
    form = Form(request.form)
    outcomes = []
    for n in range(1, PLAN_OUTCOMES + 1):
        words = form.text(f"outcome_{n}", max_length=1000)
        priority = form.values.get(f"priority_{n}", "").strip()
        if words:
            if priority not in {str(p) for p in range(1, PLAN_OUTCOMES + 1)}:
                form.error(f"priority_{n}", "console.error.outcome_priority")
            else:
                outcomes.append({"outcome": words, "priority": int(priority)})
    if not outcomes and "outcome_1" not in form.errors:
        form.error("outcome_1", "console.error.outcome_missing")
    words = form.required("plan", "console.error.plan_missing", max_length=8000)
    review_on = _day(form, "next_review_on", "console.error.next_review_on")
    every = form.choice("review_every_weeks", REVIEW_EVERY_WEEKS,
                        "console.error.review_every_weeks")
    say = form.required("family_say_on_reviews", "console.error.family_say")

    def work():
        assert review_on is not None
        runtime().casework.record_plan(db_session(), person, request_id, Plan(
            outcomes=outcomes, plan=words, next_review_on=review_on,
            review_every_weeks=int(every), family_say_on_reviews=say))
    return _step(person, request_id, work, action="plan", form=form,
                 first_field="outcome_1")


@bp.post("/casework/<request_id>/start-review")
@works_cases
def start_review(person: StaffAccount, request_id: str):
    form = Form(request.form)
    note = form.text("start_review_note", max_length=4000)
    return _step(person, request_id, lambda: runtime().casework.start_review(
        db_session(), person, request_id, note=note or None), action="start_review",
        form=form, first_field="start_review_note")


@bp.post("/casework/<request_id>/review")
@works_cases
def review(person: StaffAccount, request_id: str):
    form = Form(request.form)
    outcome = form.choice("outcome", REVIEW_OUTCOMES, "console.error.review_outcome")
    note = form.required("review_note", "console.error.review_note", max_length=4000)
    review_on = None
    if outcome and outcome != CLOSE:
        review_on = _day(form, "next_review_on", "console.error.next_review_on")
    tier = form.text("tier", max_length=40) if outcome == STEP_DOWN else None
    if outcome == STEP_DOWN and not tier:
        form.error("tier", "console.error.step_down_tier")

    def work():
        runtime().casework.record_review(db_session(), person, request_id, Review(
            outcome=outcome, note=note, next_review_on=review_on, tier=tier or None))
    return _step(person, request_id, work, action="review", form=form, first_field="outcome")


@bp.post("/casework/<request_id>/new-concern")
@works_cases
def new_concern(person: StaffAccount, request_id: str):
    form = Form(request.form)
    summary = form.required("concern", "console.error.concern_missing", max_length=4000)
    return _step(person, request_id, lambda: runtime().casework.raise_new_concern(
        db_session(), person, request_id, summary=summary, needs=None),
        action="new_concern", form=form, first_field="concern")


@bp.post("/casework/<request_id>/close")
@works_cases
def close(person: StaffAccount, request_id: str):
    form = Form(request.form)
    reason = form.required("close_reason", "console.error.close_reason", max_length=4000)
    return _step(person, request_id, lambda: runtime().casework.close(
        db_session(), person, request_id, reason=reason), action="close", form=form,
        first_field="close_reason")
