"""Schemas more than one resource uses: the needs profile (SPEC section 3), the outcome
(section 4) and the receipt for a request raised. Resources import these; none imports
another resource's schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.fields import JsonBoolean, Text
from pathway_bot.assessment import NEED_AREAS, RESPONDENTS, SUPPORT_LEVELS

LEVEL = validate.Range(min=0, max=4)


# Each area's impact, 0 none to 4 severe; a missing area is 0.
NeedsSchema = Schema.from_dict(
    {area: fields.Integer(strict=True, validate=LEVEL, load_default=0) for area in NEED_AREAS},
    name="Needs",
)


class NeedsProfileSchema(Schema):
    age = fields.Integer(required=True, strict=True, validate=validate.Range(min=0),
                         metadata={"description": "whole years; over 25 is out of scope"})
    district = Text(load_default=None)
    postcode = Text(load_default=None, validate=validate.Length(max=10))
    respondent = Text(required=True, validate=validate.OneOf(RESPONDENTS))
    needs = fields.Nested(NeedsSchema, load_default=dict)
    support_tried = Text(load_default="none", validate=validate.OneOf(SUPPORT_LEVELS))
    progress_with_support = JsonBoolean(load_default=None, allow_none=True)
    has_ehcp = JsonBoolean(load_default=False)
    risk_of_harm = JsonBoolean(load_default=False)
    consent_to_share = JsonBoolean(load_default=False)


class RequestForSupportEligibilitySchema(Schema):
    eligible = fields.Boolean()
    reason = fields.String()


class TierDescriptionSchema(Schema):
    name = fields.String()
    summary = fields.String()


class OutcomeSchema(Schema):
    outcome = fields.String(validate=validate.OneOf(["safeguarding", "out_of_scope", "tier"]))
    tier = fields.String(allow_none=True)
    tier_level = fields.Integer(allow_none=True)
    tier_description = fields.Nested(TierDescriptionSchema, allow_none=True)
    request_for_support = fields.Nested(RequestForSupportEligibilitySchema)
    reasons = fields.List(fields.String())
    profile = fields.Dict()
    contacts = fields.List(fields.Dict(), metadata={"description": "who to contact now "
                                                    "(safeguarding, out of scope)"})
    services = fields.List(fields.Dict(), metadata={"description": "Local Offer services "
                                                    "that fit, each with why"})
    might_not_know = fields.List(fields.Dict())


class ReceiptSchema(Schema):
    id = fields.String()
    reference = fields.String(metadata={"description": "Easy to read aloud: no 0/O or 1/I"})
    district = fields.String()
    status = fields.String()
    next_meeting = fields.String(metadata={"description": "ISO date of the next allocations "
                                                          "meeting"})
