"""The insights pages: an overview, where people stop, feedback, and equality monitoring.

Views translate the filters into a call on `runtime().insights` and put the report's codes
into words; every count hidden by small-number suppression reads "fewer than 5".
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from pathway_bot.errors import Forbidden, PathwayError, TooManyFailedAttempts, ValidationFailed
from pathway_bot.extensions import db_session, runtime
from pathway_bot.insights.export import feedback_by_service_csv, report_as_csv
from pathway_bot.insights.figures import CONVERSATION_SUBJECT
from pathway_bot.insights.service import SECTIONS
from pathway_bot.web.insights import charts
from pathway_bot.web.insights.viewer import insights_viewer
from pathway_bot.web.locale import t

bp = Blueprint("insights_console", __name__, url_prefix="/console/insights")
FILTERS = ("from", "to", "district")


@bp.after_request
def never_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(PathwayError)
def _refused(error: PathwayError):
    headers = {"Retry-After": str(error.retry_after_seconds)} \
        if isinstance(error, TooManyFailedAttempts) else {}
    kind = "forbidden" if isinstance(error, Forbidden) else \
        "too_many" if isinstance(error, TooManyFailedAttempts) else "unauthorised"
    return render_template("insights/refused.html", kind=kind), error.status, headers


def _looked_up(sections) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(the report, or None when the filters could not be read; the page's filter form)."""
    key = insights_viewer()
    insights = runtime().insights
    asked = {name: (request.args.get(name) or "").strip() for name in FILTERS}
    form = {"values": asked, "districts": [(d, t(runtime().area.district(d).name))
                                           for d in key.district_ids
                                           if runtime().area.district(d)],
            "errors": {}}
    try:
        scope = insights.scope_for(key, asked["district"] or None)
        period = insights.period(asked["from"] or None, asked["to"] or None)
    except ValidationFailed as invalid:
        form["errors"] = {field: t(f"insights.filters.error.{field}")
                          for field in (invalid.errors or {}) if field in FILTERS}
        form["errors"] = form["errors"] or {"from": t("insights.filters.error.from")}
        return None, form
    form["values"] = {**asked, "from": period.first_month, "to": period.last_month}
    return insights.report(db_session(), scope, period, sections), form


def _page(template: str, sections, **extra):
    shown, form = _looked_up(sections)
    status = 400 if shown is None else 200
    return render_template(template, report=shown, form=form, words=Words(),
                           query=_query(form), **extra), status


def _query(form: dict) -> str:
    from urllib.parse import urlencode
    return urlencode({k: v for k, v in form["values"].items() if v})


@bp.get("")
def overview():
    return _page("insights/overview.html", ("conversations", "requests"))


@bp.get("/where-people-stop")
def funnels():
    return _page("insights/funnels.html", ("funnels",))


@bp.get("/feedback")
def feedback():
    return _page("insights/feedback.html", ("feedback",),
                 names={s.id: s.name for s in runtime().local_offer.current().services})


@bp.get("/equality")
def equality():
    return _page("insights/equality.html", ("equality",))


@bp.get("/export.csv")
def export():
    shown, form = _looked_up(SECTIONS)
    if shown is None:
        return render_template("insights/overview.html", report=None, form=form,
                               words=Words(), query=""), 400
    return _csv(report_as_csv(shown), f"insights-{shown['period']['from']}-"
                                      f"{shown['period']['to']}.csv")


@bp.get("/feedback-by-service.csv")
def feedback_export():
    shown, form = _looked_up(("feedback",))
    if shown is None:
        return render_template("insights/feedback.html", report=None, form=form,
                               words=Words(), query="", names={}), 400
    names = {s.id: s.name for s in runtime().local_offer.current().services}
    return _csv(feedback_by_service_csv(shown["feedback"], names),
                f"feedback-by-service-{shown['period']['from']}-{shown['period']['to']}.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class Words:
    """The report's codes in words, and its tables and charts ready for the templates."""

    def count(self, value: int | None) -> str:
        return t("insights.fewer_than_5") if value is None else f"{value:,}"

    def district(self, code: str) -> str:
        district = runtime().area.district(code)
        return t(district.name) if district else t("insights.unknown")

    def outcome(self, code: str) -> str:
        return t(f"insights.outcome.{code}")

    def need(self, code: str) -> str:
        return t(f"insights.need.{code}")

    def status(self, code: str) -> str:
        return t(f"insights.status.{code}") if runtime().catalogs.has(
            f"insights.status.{code}") else code.replace("_", " ")

    def move(self, code: str) -> str:
        return t(f"insights.moved.{code}")

    def target(self, code: str) -> str:
        return t(f"insights.target.{code}") if runtime().catalogs.has(
            f"insights.target.{code}") else code.replace("_", " ")

    def band(self, code: str) -> str:
        return t("insights.unknown") if code == "unknown" else t("insights.age_band", band=code)

    def answer(self, question: str, code: str) -> str:
        return t(f"insights.equality.{question}.{code}")

    def question(self, flow: str, question_id: str, locale: str) -> str:
        """The words of a question as people saw them, to find wording that loses people."""
        try:
            question = runtime().engines.get(flow).flow.questions[question_id]
        except (KeyError, PathwayError):
            return question_id
        return runtime().text(question.text, locale)

    def table(self, table: dict, rows, columns, *, totals: bool = True) -> dict[str, Any]:
        return {
            "columns": [columns(c) for c in table["columns"]],
            "rows": [{"label": rows(r), "cells": [self.count(v) for v in cells],
                      "total": self.count(total)}
                     for r, cells, total in zip(table["rows"], table["cells"],
                                                table["row_totals"], strict=True)],
            "column_totals": [self.count(v) for v in table["column_totals"]],
            "total": self.count(table["total"]),
            "with_row_totals": totals and len(table["columns"]) > 1,
        }

    def labels(self, codes, kind: str) -> list[str]:
        """Codes in words: kind is a method of this class (district, outcome, need ...)."""
        return [getattr(self, kind)(code) for code in codes]

    def subject_namer(self, names: dict[str, str]):
        def name(subject: str) -> str:
            if subject == CONVERSATION_SUBJECT:
                return t("insights.feedback.conversation")
            return names.get(subject, subject)
        return name

    def answer_namer(self, question: str):
        return lambda code: self.answer(question, code)

    def count_heading(self, _code: str) -> str:
        return t("insights.count")

    def helpful(self, code: str) -> str:
        return t(f"insights.feedback.{code}")

    def bars(self, name: str, labels, values) -> Any:
        return charts.bar_chart(name, list(zip(labels, values, strict=True)),
                                hidden_words=t("insights.fewer_than_5"))

    def line(self, name: str, labels, values) -> Any:
        return charts.line_chart(name, list(zip(labels, values, strict=True)),
                                 hidden_words=t("insights.fewer_than_5"))

    # ---- summaries in words: what each chart shows, for everyone -------------------------

    def biggest(self, labels, values) -> tuple[str, str] | None:
        shown = [(v, label) for label, v in zip(labels, values, strict=True) if v is not None]
        if not shown:
            return None
        value, label = max(shown, key=lambda pair: pair[0])
        return label, self.count(value)

    def summary(self, message_id: str, labels, values, **params) -> str:
        """`message_id` with the largest shown figure, or the "all hidden" sentence."""
        found = self.biggest(labels, values)
        if found is None:
            return t("insights.summary.all_hidden")
        return t(message_id, label=found[0], count=found[1], **params)
