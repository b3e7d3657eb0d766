"""The allocations meeting: each district's next meeting and its agenda, grouped by tier
with the flags and what has been tried, printable on A4; decisions recorded during it; past
meetings with what they decided."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from pathway_bot.console import present
from pathway_bot.console.blueprint import bp
from pathway_bot.console.forms import Form
from pathway_bot.console.queue_views import actor, meeting_date
from pathway_bot.console.signing_in import SEE_OTHER, reads_queue, works_queue
from pathway_bot.errors import NotFound
from pathway_bot.extensions import db_session, runtime
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.requests import queue
from pathway_bot.requests.meeting_decisions import decisions_at, past_meetings, record_decision

# The agenda's sections, most support first; a request without a tier comes last.
TIER_ORDER = ("targeted", "early_intervention", "early_help", "universal", None)


@bp.get("/meetings")
@reads_queue
def meetings_page(person: StaffAccount):
    app_runtime = runtime()
    calendar, today = app_runtime.requests.calendar, app_runtime.requests.calendar.local_date(
        app_runtime.clock())
    upcoming = [{"district": d, "date": calendar.next_meeting(d, today),
                 "confirm": calendar.schedule(d).confirm} for d in person.district_ids]
    return render_template("console/meetings.html", upcoming=upcoming,
                           past=past_meetings(db_session(), person, before=today))


def _agenda(person: StaffAccount, district: str):
    app_runtime = runtime()
    agenda = app_runtime.requests.next_meeting_agenda(db_session(), person, district)
    requests = {item.id: queue.get_request(db_session(), person, item.id)
                for item in agenda.items}
    sections = []
    for tier in TIER_ORDER:
        items = [(item, _extra(requests[item.id])) for item in agenda.items
                 if item.tier == tier or (tier is None and item.tier not in TIER_ORDER)]
        if items:
            sections.append({"tier": tier, "rows": items})
    return agenda, sections


def _extra(item: SupportRequest) -> dict:
    full = present.full(item)
    return {"tried": full["tried"], "support_tried": full["support_tried"],
            "likely_duplicate_of": item.likely_duplicate_of, "risk_flag": item.risk_flag}


@bp.get("/meetings/<district>")
@reads_queue
def agenda_page(person: StaffAccount, district: str):
    agenda, sections = _agenda(person, district)
    decided = decisions_at(db_session(), person, district, agenda.date)
    return render_template("console/agenda.html", agenda=agenda, sections=sections,
                           decided=decided, form=Form({}), references=_references(agenda))


def _references(agenda) -> dict[str, str]:
    return {item.id: item.reference for item in agenda.items}


@bp.post("/meetings/<district>/defer")
@works_queue
def defer(person: StaffAccount, district: str):
    """The meeting puts a request off to its next meeting: recorded, with why."""
    agenda, sections = _agenda(person, district)
    form = Form(request.form)
    ids = [item.id for item in agenda.items]
    request_id = form.choice("request_id", ids, "console.error.defer_request")
    note = form.required("defer_note", "console.error.defer_note")
    if form.errors:
        return render_template("console/agenda.html", agenda=agenda, sections=sections,
                               decided=decisions_at(db_session(), person, district,
                                                    agenda.date), form=form,
                               references=_references(agenda)), 422
    item = queue.get_request(db_session(), person, request_id)
    record_decision(db_session(), item, district=district, meeting_date=agenda.date,
                    outcome="defer", note=note, actor=actor(person), now=runtime().clock())
    return redirect(url_for("console.agenda_page", district=district), SEE_OTHER)


@bp.get("/meetings/<district>/<day>")
@reads_queue
def past_meeting_page(person: StaffAccount, district: str, day: str):
    held = meeting_date(day)
    if held is None:
        raise NotFound("There is no meeting on that day.")
    decided = decisions_at(db_session(), person, district, held)
    return render_template("console/past_meeting.html", district=district, day=held,
                           decided=decided)
