"""Schemas at the boundary of the services API, named by purpose."""

from marshmallow import RAISE, Schema, fields, validate

from api.fields import Text
from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.directory.search import MAX_PAGE_SIZE
from pathway_bot.directory.taxonomy import AUDIENCES, TIERS

MAX_QUERY_LENGTH = 200


class ServiceQueryArgsSchema(Schema):
    class Meta:
        unknown = RAISE  # a misspelt filter must not silently widen the results

    q = Text(validate=validate.Length(max=MAX_QUERY_LENGTH),
                      metadata={"description": "Words to search for; spelling slips are "
                                "forgiven (\"dyslexa\" finds dyslexia support)"})
    need = fields.List(Text(validate=validate.OneOf(NEED_AREAS)),
                       metadata={"description": "Need area; repeat for any of several"})
    age = fields.Integer(validate=validate.Range(min=0, max=120),
                         metadata={"description": "Age in whole years"})
    district = Text(validate=validate.Length(max=40),
                             metadata={"description": "District id, e.g. stroud"})
    tier = fields.List(Text(validate=validate.OneOf(TIERS)),
                       metadata={"description": "Tier; repeat for any of several"})
    audience = fields.List(Text(validate=validate.OneOf(AUDIENCES)),
                           metadata={"description": "Who the services are for (families, "
                                     "young_people, practitioners); repeat for any of several"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class ServicePageSchema(Schema):
    """An Open Referral UK 3.0 page of services."""

    total_items = fields.Integer(required=True)
    total_pages = fields.Integer(required=True)
    page_number = fields.Integer(required=True)
    size = fields.Integer(required=True)
    first_page = fields.Boolean(required=True)
    last_page = fields.Boolean(required=True)
    empty = fields.Boolean(required=True)
    contents = fields.List(fields.Dict(), required=True,
                           metadata={"description": "ORUK 3.0 services"})
    corrections = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                              metadata={"description": "Search words not in the index, with "
                                        "the words searched for instead"})
