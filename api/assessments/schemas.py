"""The needs profile of SPEC section 3, as a request body."""

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
