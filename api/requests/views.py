"""REST v1: requests for support. Practitioners raise them; coordinators work the queue."""

from __future__ import annotations

import json

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.requests import auth
from api.requests.schemas import (
    AllocateSchema,
    DeclineSchema,
    PractitionerRequestSchema,
    QueueArgsSchema,
    ReleaseSchema,
    RequestEventSchema,
    RequestPageSchema,
    SupportRequestSchema,
    TrackedRequestSchema,
    TrackRequestSchema,
    TransferOutSchema,
    TransferSchema,
)
from api.schemas import PractitionerReceiptSchema, StorySchema
from pathway_bot.extensions import db_session, rate_limited, runtime
from pathway_bot.failed_attempts import limited_guessing
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from pathway_bot.requests import keys, queue
from pathway_bot.requests.additions import read_additions
from pathway_bot.requests.lifecycle import OPEN_STATUSES, QUEUED, stage_of
from pathway_bot.requests.moves import Actor
from pathway_bot.requests.response_times import clock_as_dict
from pathway_bot.requests.transfers import transfer_request, transfers_out

STORY_FIELDS = tuple(StorySchema().fields)
blp = Blueprint("requests", __name__, url_prefix="/api/v1/requests",
                description="Requests for support and the district allocations queue")
API_KEY = [{"apiKey": []}]


@blp.post("")
@auth.requires(keys.PRACTITIONER)
@blp.arguments(PractitionerRequestSchema())
@blp.response(201, PractitionerReceiptSchema)
@blp.doc(security=API_KEY)
def raise_from_practitioner(body: dict):
    """Raise a request with yourself as lead professional (practitioner key).

    422 with the reasons when the threshold is not met or consent is missing; for a
    safeguarding concern (`risk_of_harm`), the reasons say to follow your own safeguarding
    procedures and designated safeguarding lead, and `contacts` give the professionals'
    line. A summary that may describe a risk flags the request (`risk_flag`) and the reply
    carries `help`. Send an `Idempotency-Key` header to retry safely.
    """
    requests = runtime().requests
    created = requests.raise_for_practitioner(
        db_session(), auth.current_key(), profile=body["profile"],
        lead_professional=body["lead_professional"], summary=body["summary"],
        consent=body["consent"], idempotency_key=request.headers.get("Idempotency-Key"),
        details={name: body[name] for name in STORY_FIELDS if name in body})
    return requests.practitioner_receipt(created, body["profile"])


@blp.get("")
@auth.requires(None)  # a coordinator's queue, or with ?raised_by=me any key's own requests
@blp.arguments(QueueArgsSchema(), location="query", unknown=RAISE)
@blp.response(200, RequestPageSchema)
@blp.doc(security=API_KEY)
def list_requests(args: dict):
    """Your districts' requests, paged (`?status=queued`): flagged requests first (the
    family's words may describe a risk: read before the meeting), then the rest; oldest
    first within each.

    With `?raised_by=me`, the requests your key raised and where each stands (a
    practitioner's key). With `?overdue=true`, only those that have missed a response time
    and are still open. A key worker's key lists the requests allocated to them.
    """
    if args.get("raised_by") == "me":
        return _raised_by_me(args)
    key = auth.current_key()
    if key.role != keys.KEY_WORKER:  # a key worker lists the requests allocated to them
        keys.require_role(key, keys.COORDINATOR)
    if args.get("overdue"):
        page = runtime().casework.overdue(db_session(), key, page=args["page"],
                                          per_page=args["per_page"])
    else:
        page = queue.list_requests(db_session(), key, status=args.get("status"),
                                   page=args["page"], per_page=args["per_page"])
    return _page(page, present)


def _raised_by_me(args: dict) -> dict:
    key = auth.current_key()
    page = queue.list_raised_by(db_session(), key, status=args.get("status"),
                                page=args["page"], per_page=args["per_page"])
    return _page(page, present_to_raiser)


def _page(page: queue.Page, show) -> dict:
    return {"items": [show(item) for item in page.items], "page": page.page,
            "per_page": page.per_page, "total": page.total}


@blp.post("/track")
@blp.arguments(TrackRequestSchema())
@blp.response(200, TrackedRequestSchema)
def track(body: dict):
    """A family tracks its request from any device: the reference and the child's date of
    birth. No key needed; read-only; no names or details. A wrong pair is the same 404 as
    an unknown reference, and counts against the failed-authentication limit."""
    with limited_guessing():
        return runtime().requests.track_anywhere(
            db_session(), reference=body["reference"], date_of_birth=body["date_of_birth"],
            locale=_locale())


def _locale() -> str:
    wanted = request.accept_languages.best_match(runtime().catalogs.locales)
    return wanted or "en"


@blp.post("/pull")
@rate_limited("ratelimit_pull", per=auth.presented_key_identity)
@auth.requires(keys.COORDINATOR)
@blp.response(200, SupportRequestSchema)
@blp.alt_response(204, description="No request is waiting in your districts")
@blp.doc(security=API_KEY)
def pull_next():
    """Claim and return the next queued request in your districts: the oldest flagged one,
    else the oldest."""
    key = auth.current_key()
    pulled = queue.pull_next_request(db_session(), key, now=runtime().clock())
    if pulled is None:
        return Response(status=204)
    return present(pulled)


@blp.get("/<string:request_id>")
@auth.requires(None)
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def get_request(request_id: str):
    """Everything the request carries, with what the family added since (each `new` until
    the coordinator holding the request has read it). Another district's request is 404; a
    key worker's key sees only the requests allocated to them."""
    key = caseworker_key()
    item = queue.get_request(db_session(), key, request_id)
    shown = present(item)
    shown["additions"] = read_additions(db_session(), item, key, runtime().clock())
    return shown


@blp.get("/<string:request_id>/history")
@auth.requires(None)
@blp.response(200, RequestEventSchema(many=True))
@blp.doc(security=API_KEY)
def get_history(request_id: str):
    """Who did what, when: the append-only audit trail (coordinator or key worker keys)."""
    events = queue.request_history(db_session(), caseworker_key(), request_id)
    return [_event(event) for event in events]


@blp.post("/<string:request_id>/claim")
@auth.requires(keys.COORDINATOR)
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def claim(request_id: str):
    """Claim a queued request; 409 if someone else holds it."""
    return present(queue.claim_request(db_session(), auth.current_key(), request_id,
                                       now=runtime().clock()))


@blp.post("/<string:request_id>/allocate")
@auth.requires(keys.COORDINATOR)
@blp.arguments(AllocateSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def allocate(body: dict, request_id: str):
    """Allocate a request you hold to a service or a lead professional."""
    return present(queue.allocate_request(
        db_session(), auth.current_key(), request_id, now=runtime().clock(),
        to=body.get("to"), lead_professional=body.get("lead_professional"), note=body.get("note"),
        key_worker=body.get("key_worker"), area=runtime().area))


@blp.post("/<string:request_id>/decline")
@auth.requires(keys.COORDINATOR)
@blp.arguments(DeclineSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def decline(body: dict, request_id: str):
    """Decline a request you hold. The family sees the reason and the signposting."""
    return present(queue.decline_request(
        db_session(), auth.current_key(), request_id, now=runtime().clock(),
        reason=body["reason"], signposted_to=body.get("signposted_to")))


@blp.post("/<string:request_id>/release")
@auth.requires(keys.COORDINATOR)
@blp.arguments(ReleaseSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def release(body: dict, request_id: str):
    """Put a request you hold back in the queue, in its place."""
    return present(queue.release_request(db_session(), auth.current_key(), request_id,
                                         now=runtime().clock(), note=body.get("note")))


def caseworker_key():
    """A coordinator's or a key worker's key (403 for any other)."""
    key = auth.current_key()
    if key.role != keys.KEY_WORKER:
        keys.require_role(key, keys.COORDINATOR)
    return key


@blp.post("/<string:request_id>/transfer")
@auth.requires(keys.COORDINATOR)
@blp.arguments(TransferSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def transfer(body: dict, request_id: str):
    """Move a request to another district's allocations group (the wrong district, the
    family moved), with the reason. Queued, or held by you (it is let go as it moves); it
    keeps its place, oldest first, in the new district's queue, which now sees it. Not a
    status: it stays queued. 409 if someone else holds it or it has been decided; 422 for a
    district of another area or the one it is in. Afterwards it is 404 to your key, unless
    the new district is yours too; `GET /transferred-out` lists it."""
    key = auth.current_key()
    app_runtime = runtime()
    return present(transfer_request(
        db_session(), key, request_id, area=app_runtime.area, to_district=body["district"],
        reason=body["reason"], actor=Actor.from_key(key), now=app_runtime.clock()))


@blp.get("/transferred-out")
@auth.requires(keys.COORDINATOR)
@blp.response(200, TransferOutSchema(many=True))
@blp.doc(security=API_KEY)
def transferred_out():
    """The latest requests moved out of your districts, newest first: reference, from, to,
    why, when and by whom (the rest of the request is the new group's)."""
    return [vars(moved) for moved in transfers_out(db_session(), auth.current_key())]


def present(item: SupportRequest) -> dict:
    """A request as a coordinator or its key worker sees it."""
    return {
        "id": item.id, "reference": item.reference, "district": item.district,
        "status": item.status, "source": item.source, "outcome": item.outcome,
        "tier": item.tier, "tier_level": item.tier_level, "raised_at": item.created_at,
        "updated_at": item.updated_at, "next_meeting": _next_meeting(item),
        "profile": _loads(item.profile), "answers": _loads(item.answers),
        "reasons": _loads(item.reasons), "contact": _loads(item.contact),
        "lead_professional": _loads(item.lead_professional), "summary": item.summary,
        "risk_flag": item.risk_flag, "risk_note": runtime().requests.risk_note(item),
        "consent": {"given_at": item.consent_given_at, "wording": item.consent_wording,
                    **(_loads(item.consent_record) or {})},
        "claimed_by": _holder(item), "claimed_at": item.claimed_at,
        "decision": _loads(item.decision), "erased": item.erased_at is not None,
        **_story(item), **_after_allocation(item),
    }


def _after_allocation(item: SupportRequest) -> dict:
    """The stage, the key worker, the plan and the response-time clocks."""
    casework = runtime().casework
    return {"stage": stage_of(item.status), "key_worker": _loads(item.key_worker),
            "plan": _loads(item.plan), "next_review_on": _day(item.next_review_on),
            "meeting_on": _day(casework.times.listed_for(item))
            if item.status in OPEN_STATUSES else None,
            "carried_forward_from": _day(item.carried_from),
            "follows_request_id": item.follows_request_id,
            "time_left": clock_as_dict(casework.time_left(item)),
            "response_times": [clock_as_dict(c) for c in casework.clocks(item)]}


def _day(day) -> str | None:
    return None if day is None else day.isoformat()


def _story(item: SupportRequest) -> dict:
    """The story told once; the child's own view is kept apart from the adult's words."""
    return {"child": _loads(item.child), "child_view": item.child_view,
            "agencies_involved": _loads(item.agencies), "support_tried": _loads(item.tried),
            "family_contact": _loads(item.family_contact),
            "likely_duplicate_of": item.likely_duplicate_of}


def present_to_raiser(item: SupportRequest) -> dict:
    """A request as the practitioner who raised it sees it in their list: where it stands."""
    return {"id": item.id, "reference": item.reference, "district": item.district,
            "status": item.status, "source": item.source, "raised_at": item.created_at,
            "updated_at": item.updated_at, "next_meeting": _next_meeting(item),
            "erased": item.erased_at is not None}


def _next_meeting(item: SupportRequest) -> str | None:
    if item.status != QUEUED:
        return None
    return runtime().requests.next_meeting(item).isoformat()


def _holder(item: SupportRequest) -> dict | None:
    if item.claimed_by is None:
        return None
    return {"role": "coordinator", "name": item.holder_name}


def _event(event: RequestEvent) -> dict:
    return {"at": event.at, "action": event.action, "from_status": event.from_status,
            "to_status": event.to_status,
            "actor": {"role": event.actor_role, "name": event.actor_name}, "note": event.note}


def _loads(text: str | None):
    return None if text is None else json.loads(text)
