"""The queue: a person's districts, flagged first then oldest first; a request read in full
before anyone claims it; claim, release, allocate, decline and transfer.

Every call goes through the atomic queue functions (pathway_bot.requests.queue), with the
signed-in person as the scope an API key would be: another district's request is a 404
page, and two people can never hold one request.
"""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for

from pathway_bot.console import present
from pathway_bot.console.blueprint import bp
from pathway_bot.console.forms import Form
from pathway_bot.console.signing_in import SEE_OTHER, reads_queue, works_queue
from pathway_bot.errors import Conflict
from pathway_bot.extensions import db_session, runtime
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.requests import queue
from pathway_bot.requests.additions import read_additions
from pathway_bot.requests.lifecycle import CLAIMED, OPEN_STATUSES, QUEUED
from pathway_bot.requests.meeting_decisions import OUTCOMES, record_decision
from pathway_bot.requests.moves import Actor
from pathway_bot.requests.transfers import transfer_request, transferred_in, transfers_out

QUEUE_PAGE = 200
TO_SERVICE, TO_PERSON = "service", "person"


def actor(person: StaffAccount) -> Actor:
    """Who the request's history names: the person, by their own name."""
    return Actor(person.role, person.name, person.id)


@bp.get("/queue")
@reads_queue
def queue_page(person: StaffAccount):
    session, now = db_session(), runtime().clock()
    rows = []
    for status in OPEN_STATUSES:
        rows.extend(queue.list_requests(session, person, status=status, page=1,
                                        per_page=QUEUE_PAGE).items)
    rows.sort(key=lambda r: (not r.risk_flag, r.created_at, r.id))
    moved_in = transferred_in(session, [r.id for r in rows])
    casework = runtime().casework
    return render_template("console/queue.html",
                           rows=[{**present.queue_row(r, now, moved_in.get(r.id)),
                                  "time_left": casework.time_left(r)} for r in rows],
                           transfers=transfers_out(session, person))


def _request_page(person: StaffAccount, request_id: str, *, form: Form | None = None,
                  action: str | None = None, conflict: str | None = None, status: int = 200):
    session, app_runtime = db_session(), runtime()
    item = queue.get_request(session, person, request_id)
    history = queue.request_history(session, person, request_id)
    additions = read_additions(session, item, person, app_runtime.clock())
    services = sorted({s.name for s in app_runtime.local_offer.current().services})
    return render_template(
        "console/request.html", item=item, row=present.queue_row(item, app_runtime.clock()),
        full=present.full(item), history=history, additions=additions,
        risk_note=app_runtime.requests.risk_note(item),
        next_meeting=app_runtime.requests.next_meeting(item) if item.status == QUEUED else None,
        services=services, form=form or Form({}), action=action, conflict=conflict,
        mine=item.status == CLAIMED and item.claimed_by == person.id,
        districts=[d for d in app_runtime.area.district_ids if d != item.district],
        meeting=meeting_date(request.values.get("meeting")),
        key_workers=app_runtime.staff.key_workers(session, item.district),
    ), status


@bp.get("/requests/<request_id>")
@reads_queue
def request_page(person: StaffAccount, request_id: str):
    return _request_page(person, request_id)


def _decide(person: StaffAccount, request_id: str, work, *, action: str, form: Form,
            note: str | None = None):
    """Run the queue call; a conflict (someone else got there first) is said plainly on the
    request's page, shown again as it now stands. Taken in a meeting (the form names its
    date), a decision is recorded against that meeting too."""
    if form.errors:
        return _request_page(person, request_id, form=form, action=action, status=422)
    session, now = db_session(), runtime().clock()
    item = queue.get_request(session, person, request_id)
    district = item.district
    try:
        work()
    except Conflict as refused:
        return _request_page(person, request_id, form=form, action=action,
                             conflict=refused.detail, status=409)
    meeting = meeting_date(request.form.get("meeting"))
    if meeting is not None and action in OUTCOMES:
        record_decision(session, item, district=district, meeting_date=meeting,
                        outcome=action, note=note, actor=actor(person), now=now)
    if action == "transfer":  # in another district's queue now: back to this person's own
        return redirect(url_for("console.queue_page", transferred=item.reference), SEE_OTHER)
    return redirect(url_for("console.request_page", request_id=request_id,
                            **({"meeting": meeting.isoformat()} if meeting else {})),
                    SEE_OTHER)


@bp.post("/requests/<request_id>/claim")
@works_queue
def claim(person: StaffAccount, request_id: str):
    session, now = db_session(), runtime().clock()
    return _decide(person, request_id, lambda: queue.claim_request(
        session, person, request_id, now=now), action="claim", form=Form({}))


@bp.post("/requests/<request_id>/release")
@works_queue
def release(person: StaffAccount, request_id: str):
    session, now = db_session(), runtime().clock()
    form = Form(request.form)
    note = form.text("release_note", max_length=4000)
    return _decide(person, request_id, lambda: queue.release_request(
        session, person, request_id, now=now, note=note or None), action="release", form=form)


@bp.post("/requests/<request_id>/allocate")
@works_queue
def allocate(person: StaffAccount, request_id: str):
    session, now = db_session(), runtime().clock()
    form = Form(request.form)
    services = {s.name for s in runtime().local_offer.current().services}
    kind = form.choice("allocate_to", (TO_SERVICE, TO_PERSON), "console.error.allocate_to")
    service = lead = None
    if kind == TO_SERVICE:
        service = form.choice("service", services, "console.error.service")
    elif kind == TO_PERSON:
        lead = {"name": form.required("lead_name", "console.error.lead_name", max_length=120),
                "role": form.required("lead_role", "console.error.lead_role", max_length=120)}
    item = queue.get_request(session, person, request_id)
    workers = {w.id: w for w in runtime().staff.key_workers(session, item.district)}
    worker = form.choice("key_worker", workers, "console.error.key_worker", optional=True)
    note = form.text("allocate_note", max_length=4000)

    def work():
        queue.allocate_request(session, person, request_id, now=now, to=service or None,
                               lead_professional=lead, note=note or None,
                               key_worker_account=workers.get(worker))
    return _decide(person, request_id, work, action="allocate", form=form,
                   note=service or (lead or {}).get("name"))


@bp.post("/requests/<request_id>/decline")
@works_queue
def decline(person: StaffAccount, request_id: str):
    session, now = db_session(), runtime().clock()
    form = Form(request.form)
    reason = form.required("decline_reason", "console.error.decline_reason")
    signposted = form.required("signposted_to", "console.error.signposted_to",
                               max_length=1000)

    def work():
        queue.decline_request(session, person, request_id, now=now, reason=reason,
                              signposted_to=signposted)
    return _decide(person, request_id, work, action="decline", form=form, note=reason)


@bp.post("/requests/<request_id>/transfer")
@works_queue
def transfer(person: StaffAccount, request_id: str):
    session, app_runtime = db_session(), runtime()
    item = queue.get_request(session, person, request_id)
    form = Form(request.form)
    others = [d for d in app_runtime.area.district_ids if d != item.district]
    district = form.choice("transfer_district", others, "console.error.transfer_district")
    reason = form.required("transfer_reason", "console.error.transfer_reason")

    def work():
        transfer_request(session, person, request_id, area=app_runtime.area,
                         to_district=district, reason=reason, actor=actor(person),
                         now=app_runtime.clock())
    return _decide(person, request_id, work, action="transfer", form=form,
                   note=f"to {district}: {reason}")


def meeting_date(value: str | None) -> date | None:
    """The meeting a decision is taken in, as the agenda's links and forms name it."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
