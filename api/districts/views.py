"""REST v1: a district's next allocations meeting and its agenda, as JSON or CSV."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from api.requests import auth
from pathway_bot.extensions import db_session, runtime
from pathway_bot.requests import keys
from pathway_bot.requests.agenda import agenda_as_csv, agenda_as_dict

blp = Blueprint("districts", __name__, url_prefix="/api/v1/districts",
                description="Districts and their allocations meetings")
CSV = "text/csv"


class MeetingArgsSchema(Schema):
    format = fields.String(validate=validate.OneOf(["json", "csv"]))


class AgendaItemSchema(Schema):
    id = fields.String()
    reference = fields.String()
    raised_on = fields.String()
    district = fields.String()
    source = fields.String()
    tier = fields.String(allow_none=True)
    age = fields.Integer(allow_none=True)
    main_needs = fields.List(fields.String())
    status = fields.String()
    claimed_by = fields.String(allow_none=True)
    risk_flag = fields.Boolean(metadata={"description": "the family's words may describe a "
                                         "risk: read before the meeting (listed first)"})
    carried_forward_from = fields.String(allow_none=True, metadata={
        "format": "date", "description": "not decided at this earlier meeting: carried "
                                         "forward to this one"})


class AgendaSchema(Schema):
    district = fields.String()
    district_name = fields.String()
    allocations_group = fields.String()
    date = fields.String(metadata={"description": "ISO date of the meeting"})
    date_needs_confirming = fields.Boolean(metadata={
        "description": "The schedule is sample data not yet checked with the group"})
    items = fields.List(fields.Nested(AgendaItemSchema))


@blp.get("/<string:district>/meetings/next")
@auth.requires(keys.COORDINATOR)
@blp.arguments(MeetingArgsSchema(), location="query", unknown=RAISE)
@blp.response(200, AgendaSchema, content_type="application/json")
@blp.doc(security=[{"apiKey": []}], responses={200: {"content": {CSV: {"schema": {
    "type": "string", "description": "the agenda, one request a row, with a header row"}}}}})
def next_meeting(args: dict, district: str):
    """The date and agenda of the district's next allocations meeting.

    CSV with `?format=csv` or `Accept: text/csv`. Another district's agenda is 404.
    """
    agenda = runtime().requests.next_meeting_agenda(db_session(), auth.current_key(),
                                                    district)
    if _wants_csv(args):
        filename = f"agenda-{agenda.district}-{agenda.date.isoformat()}.csv"
        return Response(agenda_as_csv(agenda), mimetype=CSV, headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})
    return agenda_as_dict(agenda)


def _wants_csv(args: dict) -> bool:
    if "format" in args:
        return args["format"] == "csv"
    return request.accept_mimetypes.best == CSV
