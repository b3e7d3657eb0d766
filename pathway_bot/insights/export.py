"""Insights as CSV: every table of a report in one long sheet (one figure a row), and the
feedback per Local Offer service for the annual report. Hidden counts read "fewer than 5"."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from pathway_bot.insights.figures import CONVERSATION_SUBJECT

FEWER_THAN_5 = "fewer than 5"
LONG_COLUMNS = ("section", "table", "row", "column", "value")
FEEDBACK_COLUMNS = ("service_id", "service_name", "helpful", "not_helpful", "comments")
TOTAL = "total"


def _cell(value: Any) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: never let data do that.
    text = FEWER_THAN_5 if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and {"rows", "columns", "cells"} <= set(value)


def _table_rows(section: str, name: str, table: dict[str, Any]) -> Iterator[list[Any]]:
    for row, cells, total in zip(table["rows"], table["cells"], table["row_totals"],
                                 strict=True):
        for column, value in zip(table["columns"], cells, strict=True):
            yield [section, name, row, column, value]
        if len(table["columns"]) > 1:
            yield [section, name, row, TOTAL, total]
    for column, value in zip(table["columns"], table["column_totals"], strict=True):
        yield [section, name, TOTAL, column, value]
    yield [section, name, TOTAL, TOTAL, table["total"]]


def _rows(report: Mapping[str, Any]) -> Iterator[list[Any]]:
    for section in ("conversations", "requests", "feedback", "equality"):
        part = report.get(section)
        if not isinstance(part, dict):
            continue
        for name, value in part.items():
            if _is_table(value):
                yield from _table_rows(section, name, value)
            elif isinstance(value, int | type(None)) and name not in ("enabled", "overdue"):
                yield [section, name, "", "", value]
        for point in part.get("queue_depth", ()):
            yield [section, "queue_depth", point["at"], "waiting", point["waiting"]]
        for milestone, timing in (part.get("times") or {}).items():
            if timing is None:
                yield [section, f"time_to_{milestone}", "", "", "not recorded yet"]
                continue
            for district in ({"district": TOTAL, **timing}, *timing["by_district"]):
                for measure in ("requests", "median_days", "p90_days"):
                    yield [section, f"time_to_{milestone}", district["district"], measure,
                           district[measure]]
    for funnel in report.get("funnels", ()):
        name = f"{funnel['flow']}:{funnel['locale']}"
        for question in funnel["questions"]:
            yield ["funnels", name, question["question"], "reached_rounded_to_5",
                   question["reached"]]
            yield ["funnels", name, question["question"], "stopped", question["stopped"]]
        yield ["funnels", name, "finished", "stopped", funnel["finished"]]
        yield ["funnels", name, TOTAL, "started", funnel["started"]]


def report_as_csv(report: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LONG_COLUMNS)
    for row in _rows(report):
        writer.writerow([_cell(v) if i == 4 or v is not None else ""
                         for i, v in enumerate(row)])
    return out.getvalue()


def feedback_by_service_csv(feedback: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One row per suggested service (and the conversation itself): the counts, and the
    comments given about it, for the Local Offer's annual report."""
    table = feedback["by_subject"]
    comments: dict[str, list[str]] = {}
    for comment in feedback["comments"]:
        comments.setdefault(comment["subject"], []).append(
            f"{comment['month']}: {comment['comment']}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FEEDBACK_COLUMNS)
    for subject, (helpful, not_helpful) in zip(table["rows"], table["cells"], strict=True):
        name = "(the conversation itself)" if subject == CONVERSATION_SUBJECT \
            else names.get(subject, subject)
        writer.writerow([_cell(subject), _cell(name), _cell(helpful), _cell(not_helpful),
                         _cell(" | ".join(comments.get(subject, [])))])
    return out.getvalue()
