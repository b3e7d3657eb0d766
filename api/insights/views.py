"""REST v1: insights for service managers, as JSON or CSV (`?format=csv` or
`Accept: text/csv`). A manager key sees its own area and districts only."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.insights.schemas import InsightsArgsSchema, InsightsSchema
from api.requests import auth
from pathway_bot.extensions import db_session, runtime
from pathway_bot.insights.export import feedback_by_service_csv, report_as_csv
from pathway_bot.insights.service import SECTIONS
from pathway_bot.requests import keys

blp = Blueprint("insights", __name__, url_prefix="/api/v1/insights",
                description="Insights for service managers: counts under 5 are hidden")
CSV = "text/csv"
_CSV_DOC = {200: {"content": {CSV: {"schema": {
    "type": "string", "description": "one figure a row: section, table, row, column, value "
    "('fewer than 5' where hidden)"}}}}}


def _report(args: dict, sections) -> dict:
    insights = runtime().insights
    scope = insights.scope_for(auth.current_key(), args.get("district"))
    period = insights.period(args.get("from_"), args.get("to"))
    return insights.report(db_session(), scope, period, sections)


def _wants_csv(args: dict) -> bool:
    if "format" in args:
        return args["format"] == "csv"
    return request.accept_mimetypes.best == CSV


def _answer(args: dict, sections, name: str):
    shown = _report(args, sections)
    if _wants_csv(args):
        filename = f"insights-{name}-{shown['period']['from']}-{shown['period']['to']}.csv"
        return Response(report_as_csv(shown), mimetype=CSV, headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})
    return shown


def _documented(view):
    view = blp.doc(security=[{"apiKey": []}], responses=_CSV_DOC)(view)
    view = blp.response(200, InsightsSchema, content_type="application/json")(view)
    view = blp.arguments(InsightsArgsSchema(), location="query", unknown=RAISE)(view)
    return auth.requires(keys.MANAGER)(view)


@blp.get("")
@_documented
def everything(args: dict):
    """Every figure: conversations, where people stop, requests, feedback, equality."""
    return _answer(args, SECTIONS, "all")


@blp.get("/conversations")
@_documented
def conversations(args: dict):
    """Conversations started and finished; outcomes by district and age band; need areas."""
    return _answer(args, ("conversations",), "conversations")


@blp.get("/funnels")
@_documented
def funnels(args: dict):
    """Where people stop: per flow and language, how many reached and stopped at each
    question."""
    return _answer(args, ("funnels",), "funnels")


@blp.get("/requests")
@_documented
def requests_raised(args: dict):
    """Requests raised, by district and status; time to allocation; queue depth by week."""
    return _answer(args, ("requests",), "requests")


@blp.get("/feedback")
@_documented
def feedback(args: dict):
    """'Was this helpful?' about conversations and each suggested service, with comments.

    The CSV is one row per service, for the Local Offer's annual report."""
    shown = _report(args, ("feedback",))
    if _wants_csv(args):
        names = {s.id: s.name for s in runtime().local_offer.current().services}
        filename = f"feedback-by-service-{shown['period']['from']}-{shown['period']['to']}.csv"
        return Response(feedback_by_service_csv(shown["feedback"], names), mimetype=CSV,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return shown


@blp.get("/equality")
@_documented
def equality(args: dict):
    """Equality monitoring answers, where the area has switched them on (`enabled`)."""
    return _answer(args, ("equality",), "equality")
