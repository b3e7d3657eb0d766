"""Conversation request and response bodies."""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import Schema, fields, validate

from api.fields import JsonBoolean, Storable, Text
from api.requests.casework_schemas import FamilyProgressSchema
from api.schemas import ContactSchema, HelpSchema, OutcomeSchema, ReceiptSchema, StorySchema


class ConversationCreateSchema(Schema):
    """Starting a conversation. Which flows there are is the loaded flows' to say: the app
    uses the schema made `for_flows` when it is built, which refuses any other."""

    flow = Text(required=True)
    locale = Text(load_default="en", validate=validate.Length(min=2, max=12))
    area = Text(load_default=None, metadata={
        "description": "The local area to start in (an area pack's id), when the person has "
                       "chosen it. Without it: the area the host name or path prefix names, "
                       "else the home area; a postcode answer may then move the conversation "
                       "to the area it is in."})

    @classmethod
    def for_flows(cls, flow_names: Iterable[str],
                  area_ids: Iterable[str] = ()) -> ConversationCreateSchema:
        schema = cls()
        schema.fields["flow"].validators.append(validate.OneOf(sorted(flow_names)))
        if area_ids:
            schema.fields["area"].validators.append(validate.OneOf(sorted(area_ids)))
        return schema


class ConversationUpdateSchema(Schema):
    locale = Text(required=True, validate=validate.Length(min=2, max=12))


class AnswerSchema(Schema):
    question = Text(required=True, validate=validate.Length(min=1, max=80))
    answer = fields.Raw(required=True, allow_none=True, validate=Storable(),
                        metadata={"description": "string, number, boolean, list of strings "
                                  "(multi) or null (skip an optional question)"})


class OptionSchema(Schema):
    value = fields.Raw(required=True)
    label = fields.String(required=True)
    hint = fields.String(allow_none=True)
    exclusive = fields.Boolean()


class QuestionSchema(Schema):
    id = fields.String(required=True, metadata={
        "description": "the question's id, to send with its answer. `safety_check` is the "
                       "confirming question asked when a free-text answer suggests a child "
                       "is being harmed or in danger, or self-harm or suicidal thoughts: a "
                       "yes_no question, asked before anything else (any other answer is a "
                       "409 naming current_question). Yes to harm ends in the safeguarding "
                       "outcome; yes to self-harm shows crisis help and the questions go on; "
                       "no goes on"})
    text = fields.String(required=True)
    help = fields.String(allow_none=True, metadata={"description": "a hint under the "
                                                    "question"})
    why = fields.String(allow_none=True, metadata={"description": "why we ask"})
    type = fields.String(required=True, validate=validate.OneOf(
        ["single", "multi", "yes_no", "number", "text", "postcode", "date"]))
    options = fields.List(fields.Nested(OptionSchema))
    required = fields.Boolean()
    min = fields.Integer(allow_none=True)
    max = fields.Integer(allow_none=True)
    answer = fields.Raw(allow_none=True, metadata={"description": "the answer given before "
                                                   "going back, kept to change"})


class ProgressSchema(Schema):
    answered = fields.Integer()
    estimated_total = fields.Integer()


class StepSchema(Schema):
    question = fields.Nested(QuestionSchema, required=True)
    progress = fields.Nested(ProgressSchema, required=True)
    help = fields.Nested(HelpSchema, metadata={
        "description": "present when help must be shown with this step, above the question: "
                       "at the safety_check (for what was noticed), and on every step once "
                       "self-harm is known"})


class ConversationSchema(Schema):
    id = fields.String()
    flow = fields.String()
    flow_version = fields.Integer()
    locale = fields.String()
    status = fields.String(validate=validate.OneOf(["in_progress", "finished"]))
    step = fields.Nested(StepSchema, allow_none=True)
    outcome = fields.Nested(OutcomeSchema, allow_none=True)
    answers = fields.Dict()


class ConversationCreatedSchema(Schema):
    id = fields.String()
    token = fields.String(metadata={"description": "the only key to this conversation; "
                                    "keep it secret"})
    flow = fields.String()
    locale = fields.String()
    step = fields.Nested(StepSchema)


class TurnSchema(Schema):
    """What an answer or a step back returns: the next step, or the outcome."""

    status = fields.String()
    step = fields.Nested(StepSchema, allow_none=True)
    outcome = fields.Nested(OutcomeSchema, allow_none=True)


class LeadOrganisationSchema(Schema):
    organisation = Text(validate=validate.Length(max=200))


class RaiseRequestSchema(StorySchema):
    """The person's contact, consent, and the story told once: the child's or young
    person's name and date of birth are needed."""

    contact = fields.Nested(ContactSchema, required=True)
    lead_professional = fields.Nested(LeadOrganisationSchema, metadata={
        "description": "the practitioner flow: the lead professional's organisation"})
    consent = JsonBoolean(required=True, metadata={
        "enum": [True], "description": "explicit agreement to share: JSON true only; "
        "anything else is 422"})


class RequestTrackingSchema(ReceiptSchema, FamilyProgressSchema):
    """The receipt of a request, with where it stands in plain words: its stage, the key
    worker and the next review once it has them."""

    description = fields.String(metadata={"description": "where it stands, in plain words"})


class TrackingArgsSchema(Schema):
    reference = Text(validate=validate.Length(min=4, max=20))


class AddInformationSchema(Schema):
    text = Text(required=True, validate=validate.Length(min=1, max=4000))


class AddedInformationSchema(Schema):
    reference = fields.String()
    added_at = fields.DateTime()


class ResumeCodeSchema(Schema):
    code = fields.String(metadata={"description": "shown this once: 3 groups of 4 letters"})
    expires_at = fields.DateTime()


class ResumeSchema(Schema):
    code = Text(required=True, validate=validate.Length(min=1, max=40))


class ResumedConversationSchema(ConversationSchema):
    token = fields.String(metadata={"description": "the new key to this conversation; the "
                                    "one held before stops working"})
