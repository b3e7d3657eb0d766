"""REST v1: a request's life after allocation, by its key worker (or a coordinator of its
district): first contact, the plan, reviews, a new concern, closing. Routes on the requests
blueprint."""

from __future__ import annotations

from api.requests import auth
from api.requests.casework_schemas import (
    CloseSchema,
    ConcernSchema,
    NoteSchema,
    PlanSchema,
    ReviewSchema,
)
from api.requests.schemas import SupportRequestSchema
from api.requests.views import API_KEY, blp, caseworker_key, present
from pathway_bot.extensions import db_session, runtime
from pathway_bot.requests.casework import Plan, Review


@blp.post("/<string:request_id>/first-contact")
@auth.requires(None)
@blp.arguments(NoteSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def first_contact(body: dict, request_id: str):
    """The key worker has been in touch with the family: stops the first-contact clock."""
    return present(runtime().casework.record_first_contact(
        db_session(), caseworker_key(), request_id, note=body.get("note")))


@blp.post("/<string:request_id>/plan")
@auth.requires(None)
@blp.arguments(PlanSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def record_plan(body: dict, request_id: str):
    """The outcomes agreed with the family and their priority, the plan, and the next
    review date, with the family's say in how often. 409 unless allocated or planned."""
    return present(runtime().casework.record_plan(
        db_session(), caseworker_key(), request_id, Plan(**body)))


@blp.post("/<string:request_id>/start-review")
@auth.requires(None)
@blp.arguments(NoteSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def start_review(body: dict, request_id: str):
    """A review of the plan begins; the family is told. 409 unless planned."""
    return present(runtime().casework.start_review(
        db_session(), caseworker_key(), request_id, note=body.get("note")))


@blp.post("/<string:request_id>/review")
@auth.requires(None)
@blp.arguments(ReviewSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def review(body: dict, request_id: str):
    """What the review decided: `continue`, `step_down` (with the lower `tier`), `step_up`
    (with the `needs` that changed: a new request for the group, told once, is raised and
    its id and reference are in `new_request`), or `close`. 409 unless in review."""
    reviewed, raised = runtime().casework.record_review(
        db_session(), caseworker_key(), request_id, Review(**body))
    shown = present(reviewed)
    if raised is not None:
        shown["new_request"] = {"id": raised.id, "reference": raised.reference}
    return shown


@blp.post("/<string:request_id>/new-concern")
@auth.requires(None)
@blp.arguments(ConcernSchema())
@blp.response(201, SupportRequestSchema)
@blp.doc(security=API_KEY)
def new_concern(body: dict, request_id: str):
    """Something new worries the family: a new assessment from what is already known goes
    to the group as a new request (returned); this one keeps its support meanwhile."""
    return present(runtime().casework.raise_new_concern(
        db_session(), caseworker_key(), request_id, summary=body["summary"],
        needs=body.get("needs")))


@blp.post("/<string:request_id>/close")
@auth.requires(None)
@blp.arguments(CloseSchema())
@blp.response(200, SupportRequestSchema)
@blp.doc(security=API_KEY)
def close(body: dict, request_id: str):
    """Close a request being supported, with the reason. 409 for one not yet allocated."""
    return present(runtime().casework.close(db_session(), caseworker_key(), request_id,
                                            reason=body["reason"]))
