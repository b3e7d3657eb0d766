"""Request and response shapes for requests for support. Unknown fields are refused."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.fields import Email, JsonBoolean, Text
from api.requests.casework_schemas import (
    ClockSchema,
    FamilyProgressSchema,
    KeyWorkerSchema,
    KeyWorkerShownSchema,
)
from api.schemas import NeedsProfileSchema, StorySchema
from pathway_bot.requests.lifecycle import STATUSES


def _text(maximum: int, **kwargs) -> Text:
    return Text(validate=validate.Length(min=1, max=maximum), **kwargs)


class LeadProfessionalSchema(Schema):
    name = _text(120, required=True)
    role = _text(120, required=True)
    organisation = _text(200, required=True)
    email = Email(required=True, validate=validate.Length(max=254))


class PractitionerRequestSchema(StorySchema):
    profile = fields.Nested(NeedsProfileSchema, required=True)
    lead_professional = fields.Nested(LeadProfessionalSchema, required=True)
    summary = _text(4000, required=True, metadata={"description": "The concern in their words"})
    consent = JsonBoolean(required=True, metadata={
        "enum": [True],
        "description": "JSON true only; anything else is 422. The family (and the child or "
                       "young person, where 12 or over) agreed to share this with the "
                       "allocations group"})


class QueueArgsSchema(Schema):
    status = Text(validate=validate.OneOf(STATUSES))
    raised_by = Text(validate=validate.OneOf(["me"]), metadata={
        "description": "`me`: the requests your key raised (practitioner keys); without it, "
                       "your districts' queue (coordinator keys)"})
    overdue = fields.Boolean(truthy={"true"}, falsy={"false"}, metadata={
        "description": "`true`: only requests that have missed a response time and are "
                       "still open"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class AllocatedLeadSchema(Schema):
    name = _text(120, required=True)
    role = _text(120)
    organisation = _text(200)
    email = Email(validate=validate.Length(max=254))


class AllocateSchema(Schema):
    to = _text(200, metadata={"description": "The service or team taking it on"})
    lead_professional = fields.Nested(AllocatedLeadSchema)
    note = _text(4000, metadata={"description": "For the group's records, not the family"})
    key_worker = fields.Nested(KeyWorkerSchema, metadata={
        "description": "the key worker or lead professional the family can contact"})

    @validates_schema
    def names_someone(self, data: dict, **_kwargs) -> None:
        if not data.get("to") and not data.get("lead_professional"):
            raise ValidationError("say who takes it on: to, lead_professional or both", "to")


class DeclineSchema(Schema):
    reason = _text(2000, required=True, metadata={"description": "Shown to the family"})
    signposted_to = _text(1000, metadata={"description": "Where the family can go instead; "
                                                         "shown to them"})


class ReleaseSchema(Schema):
    note = _text(4000)


class ActorSchema(Schema):
    role = fields.String()
    name = fields.String()


class ConsentSchema(Schema):
    given_at = fields.DateTime()
    wording = fields.String(metadata={"description": "what the person raising it agreed to"})
    given_by = fields.String()
    given_on = fields.String(metadata={"format": "date"})
    how = fields.String()
    wording_shown = fields.String(metadata={"description": "the words the family was shown"})


class AdditionSchema(Schema):
    at = fields.DateTime()
    text = fields.String(allow_none=True, metadata={"description": "null once erased"})
    new = fields.Boolean(metadata={"description": "true until the coordinator holding the "
                                   "request has read it"})


class TrackRequestSchema(Schema):
    reference = Text(required=True, validate=validate.Length(min=1, max=20))
    date_of_birth = Text(required=True, validate=validate.Length(min=1, max=20),
                         metadata={"format": "date", "description": "the child's or young "
                                   "person's, YYYY-MM-DD"})


class TrackedRequestSchema(FamilyProgressSchema):
    """Where a request stands, for any device: no names, no details of the story."""

    reference = fields.String()
    status = fields.String()
    description = fields.String(metadata={"description": "the status in plain words"})
    next_meeting = fields.String(allow_none=True, metadata={"format": "date"})
    in_touch_by = fields.String(allow_none=True, metadata={
        "format": "date", "description": "they will be in touch after this day"})
    who_will_be_in_touch = fields.String()
    meanwhile = fields.String(metadata={"description": "what to do while waiting"})


class SupportRequestSchema(Schema):
    id = fields.String()
    reference = fields.String()
    district = fields.String()
    status = fields.String()
    source = fields.String()
    outcome = fields.String()
    tier = fields.String(allow_none=True)
    tier_level = fields.Integer(allow_none=True)
    raised_at = fields.DateTime()
    updated_at = fields.DateTime()
    next_meeting = fields.String(allow_none=True)
    profile = fields.Dict(allow_none=True)
    answers = fields.Dict(allow_none=True)
    reasons = fields.List(fields.String(), allow_none=True)
    contact = fields.Dict(allow_none=True)
    lead_professional = fields.Dict(allow_none=True)
    summary = fields.String(allow_none=True)
    risk_flag = fields.Boolean(metadata={
        "description": "the family's words may describe a risk (harm or self-harm): read "
                       "before the meeting. Flagged requests come first in the queue"})
    risk_note = fields.String(allow_none=True, metadata={
        "description": "what the flag asks, in words; null when not flagged"})
    consent = fields.Nested(ConsentSchema)
    claimed_by = fields.Nested(ActorSchema, allow_none=True)
    claimed_at = fields.DateTime(allow_none=True)
    decision = fields.Dict(allow_none=True)
    erased = fields.Boolean()
    child = fields.Dict(allow_none=True)
    child_view = fields.String(allow_none=True)
    agencies_involved = fields.List(fields.String(), allow_none=True)
    support_tried = fields.Dict(allow_none=True)
    family_contact = fields.Dict(allow_none=True)
    additions = fields.List(fields.Nested(AdditionSchema), metadata={
        "description": "what the family added after raising it (GET by id only)"})
    likely_duplicate_of = fields.String(allow_none=True, metadata={
        "description": "the id of an open request for the same child (name and date of "
                       "birth) in the area: linked, never merged"})
    stage = fields.String(metadata={"description": "the seeds' stage the status is in"})
    key_worker = fields.Nested(KeyWorkerShownSchema, allow_none=True)
    plan = fields.Dict(allow_none=True)
    next_review_on = fields.String(allow_none=True, metadata={"format": "date"})
    meeting_on = fields.String(allow_none=True, metadata={
        "format": "date", "description": "the allocations meeting it is listed for"})
    carried_forward_from = fields.String(allow_none=True, metadata={
        "format": "date", "description": "the meeting it was not decided at"})
    follows_request_id = fields.String(allow_none=True, metadata={
        "description": "the request this new assessment follows on from"})
    time_left = fields.Nested(ClockSchema, allow_none=True, metadata={
        "description": "the response time running now; null when none is"})
    response_times = fields.List(fields.Nested(ClockSchema))
    new_request = fields.Dict(metadata={
        "description": "a review's step up: the new request raised for the group"})


class RequestPageSchema(Schema):
    items = fields.List(fields.Nested(SupportRequestSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class RequestEventSchema(Schema):
    at = fields.DateTime()
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    actor = fields.Nested(ActorSchema)
    note = fields.String(allow_none=True)


class TransferSchema(Schema):
    district = _text(40, required=True, metadata={
        "description": "The district whose allocations group takes the request on; another "
                       "district of the same area"})
    reason = _text(2000, required=True, metadata={
        "description": "Why: the wrong district, the family moved. Kept in the request's "
                       "history; both groups read it"})


class TransferOutSchema(Schema):
    reference = fields.String()
    from_district = fields.String()
    to_district = fields.String()
    reason = fields.String()
    at = fields.DateTime()
    by = fields.String()
