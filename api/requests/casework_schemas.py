"""Shapes for a request's life after allocation: the key worker, the plan, reviews, the
response-time clocks. Unknown fields are refused."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.fields import Text
from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.requests.casework import REVIEW_OUTCOMES


def _text(maximum: int, **kwargs) -> Text:
    return Text(validate=validate.Length(min=1, max=maximum), **kwargs)


class KeyWorkerSchema(Schema):
    key = _text(64, required=True, metadata={
        "description": "the id or prefix of the key worker's own key_worker key: that key "
                       "then sees this request"})
    first_name = _text(40, required=True, metadata={"description": "shown to the family"})
    role = _text(120, required=True, metadata={
        "description": "e.g. family support worker; shown to the family"})
    family_preference = _text(1000, metadata={
        "description": "what the family said about who they would like"})


class KeyWorkerShownSchema(Schema):
    first_name = fields.String()
    role = fields.String()
    family_preference = fields.String(allow_none=True)


class NoteSchema(Schema):
    note = _text(4000)


class PlannedOutcomeSchema(Schema):
    outcome = _text(1000, required=True, metadata={"description": "in the family's words"})
    priority = fields.Integer(required=True, validate=validate.Range(min=1, max=20),
                              metadata={"description": "1 matters most"})


class PlanSchema(Schema):
    outcomes = fields.List(fields.Nested(PlannedOutcomeSchema), required=True,
                           validate=validate.Length(min=1, max=20))
    plan = _text(8000, required=True, metadata={
        "description": "who does what, by when, agreed with the family"})
    next_review_on = fields.Date(required=True)
    review_every_weeks = fields.Integer(required=True, validate=validate.Range(min=1, max=52))
    family_say_on_reviews = _text(1000, required=True, metadata={
        "description": "what the family said about how often to review"})


def _needs() -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=validate.OneOf(NEED_AREAS)),
                       values=fields.Integer(validate=validate.Range(min=0, max=4)),
                       metadata={"description": "only the needs that changed, 0 to 4"})


class ReviewSchema(Schema):
    outcome = Text(required=True, validate=validate.OneOf(REVIEW_OUTCOMES))
    note = _text(4000, required=True)
    next_review_on = fields.Date(metadata={"description": "required unless closing"})
    tier = Text(metadata={"description": "a step down's lower tier"})
    needs = _needs()


class ConcernSchema(Schema):
    summary = _text(4000, required=True)
    needs = _needs()


class CloseSchema(Schema):
    reason = _text(2000, required=True)


class ClockSchema(Schema):
    target = fields.String(metadata={"description": "acknowledge | decide | first_contact"})
    due_on = fields.String(metadata={"format": "date"})
    met_on = fields.String(allow_none=True, metadata={"format": "date"})
    working_days_left = fields.Integer(allow_none=True, metadata={
        "description": "null once met; below 0 when overdue"})
    overdue = fields.Boolean()
    met_late = fields.Boolean()
    needs_confirming = fields.Boolean(metadata={
        "description": "the area has still to confirm this target"})


class FamilyKeyWorkerSchema(Schema):
    first_name = fields.String()
    role = fields.String()


class FamilyProgressSchema(Schema):
    """What a family's tracking shows after the request is raised."""

    stage = fields.String(metadata={"description": "the seeds' stage: initial_contact, "
                                    "triaged, assess_and_decide, agree_and_allocate, plan or "
                                    "review_and_learn"})
    stage_text = fields.String(metadata={"description": "the stage in plain words"})
    key_worker = fields.Nested(FamilyKeyWorkerSchema, allow_none=True, metadata={
        "description": "who the family can contact: a first name and a role, nothing more"})
    next_review_on = fields.String(allow_none=True, metadata={"format": "date"})
