"""The figures as they may be shown: every count under 5 hidden, and every count that would
give one away (see `suppression`). A hidden count is None ("fewer than 5").

The report holds codes (districts, outcomes, questions, statuses); transports put them into
words. It is plain data, the same for the JSON, the CSV and the pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.insights.bands import AGE_BAND_CODES, UNKNOWN
from pathway_bot.insights.equality import CHOICES
from pathway_bot.insights.figures import (
    CONVERSATION_SUBJECT,
    MOVES,
    NOT_FINISHED,
    OUTCOMES,
    Comments,
    ConversationFigures,
    Period,
    RequestFigures,
    Scope,
    median,
    percentile,
)
from pathway_bot.insights.settings import InsightSettings
from pathway_bot.insights.suppression import (
    THRESHOLD,
    SuppressedTable,
    suppress,
    suppress_sharing_column_totals,
)

NOT_ANSWERED = "not_answered"
HELPFUL_COLUMNS = ("helpful", "not_helpful")
OUTCOME_COLUMNS = (*OUTCOMES, NOT_FINISHED)


def table_dict(table: SuppressedTable) -> dict[str, Any]:
    return {
        "rows": list(table.rows), "columns": list(table.columns),
        "cells": [[c.value for c in row] for row in table.cells],
        "row_totals": [c.value for c in table.row_totals],
        "column_totals": [c.value for c in table.column_totals],
        "total": table.total.value,
    }


def small(value: int) -> int | None:
    return value if value >= THRESHOLD else None


def _rounded(value: int) -> int | None:
    """A count rounded to the nearest 5 (under 5: hidden)."""
    return None if value < THRESHOLD else 5 * round(value / 5)


def _grid(counts: Counter[Any], rows: Sequence[Any],
          columns: Sequence[Any]) -> list[list[int]]:
    return [[counts.get((row, column), 0) for column in columns] for row in rows]


def _district_rows(scope: Scope) -> list[str | None]:
    return [*scope.districts, *((None,) if scope.whole_area else ())]


def _label(code: str | None) -> str:
    return UNKNOWN if code is None else code


def conversations_section(figures: ConversationFigures, scope: Scope) -> dict[str, Any]:
    districts = _district_rows(scope)
    bands = [*AGE_BAND_CODES, None]
    by_district, by_band = suppress_sharing_column_totals([
        ([_label(d) for d in districts], OUTCOME_COLUMNS,
         _grid(figures.by_district, districts, OUTCOME_COLUMNS)),
        ([_label(b) for b in bands], OUTCOME_COLUMNS,
         _grid(figures.by_age_band, bands, OUTCOME_COLUMNS)),
    ])
    needs = suppress(list(NEED_AREAS), [_label(d) for d in districts],
                     _grid(figures.needs, NEED_AREAS, districts))
    started = by_district.total.value
    not_finished = by_district.column_totals[-1].value
    finished = None if started is None or not_finished is None \
        else small(started - not_finished)
    return {"started": started, "finished": finished,
            "by_district": table_dict(by_district), "by_age_band": table_dict(by_band),
            "by_need_area": table_dict(needs)}


def funnel_sections(figures: ConversationFigures,
                    question_order: dict[str, tuple[str, ...]]) -> list[dict[str, Any]]:
    """Per flow and language: how many reached each question (rounded to 5) and how many
    stopped there (small numbers hidden, with the finished as the last row)."""
    funnels = []
    for (flow, locale), funnel in sorted(figures.funnels.items()):
        order = [q for q in question_order.get(flow, ()) if q in funnel["reached"]]
        order += sorted(q for q in funnel["reached"] if q not in order)
        stopped = suppress([*order, "finished"], ["stopped"],
                           [[funnel["stopped"].get(q, 0)] for q in order]
                           + [[funnel["finished"]]])
        funnels.append({
            "flow": flow, "locale": locale, "started": stopped.total.value,
            "finished": stopped.cells[-1][0].value,
            "questions": [{"question": q, "reached": _rounded(funnel["reached"][q]),
                           "stopped": stopped.cells[n][0].value}
                          for n, q in enumerate(order)],
        })
    return funnels


def _statuses(settings: InsightSettings, found: Counter[tuple[str, str]]) -> list[str]:
    seen = {status for _, status in found}
    return [*(s for s in settings.request_statuses if s in seen or s in _LIFECYCLE),
            *sorted(seen - set(settings.request_statuses))]


# The statuses every request can be in today; the settings name more as they come.
_LIFECYCLE = ("queued", "claimed", "allocated", "declined", "withdrawn")


def _timing(days: list[float]) -> dict[str, Any]:
    if len(days) < THRESHOLD:
        return {"requests": None, "median_days": None, "p90_days": None}
    return {"requests": len(days), "median_days": round(median(days), 1),
            "p90_days": round(percentile(days, 0.9), 1)}


def requests_section(figures: RequestFigures, scope: Scope, settings: InsightSettings,
                     overdue_targets: Sequence[str] = ()) -> dict[str, Any]:
    statuses = _statuses(settings, figures.by_status)
    by_status = suppress(list(scope.districts), statuses,
                         _grid(figures.by_status, scope.districts, statuses))
    times: dict[str, Any] = {}
    for milestone, by_district in figures.times.items():
        if by_district is None:
            times[milestone] = None  # not recorded yet
            continue
        everyone = [d for values in by_district.values() for d in values]
        times[milestone] = {**_timing(everyone), "by_district": [
            {"district": district, **_timing(by_district.get(district, []))}
            for district in scope.districts]}
    districts = list(scope.districts)
    moved = suppress(districts, MOVES, _grid(figures.moved, districts, MOVES))
    overdue = None if figures.overdue is None else table_dict(suppress(
        districts, list(overdue_targets), _grid(figures.overdue, districts, overdue_targets)))
    return {
        "raised": by_status.total.value, "by_status": table_dict(by_status), "times": times,
        "queue_depth": [{"at": at.isoformat(), "waiting": small(n)}
                        for at, n in figures.queue_depth],
        # transfers out of each district and requests closed there, in the period
        "moved": table_dict(moved),
        # open requests that have missed each response time today (whatever the period)
        "overdue": overdue,
    }


def feedback_section(counts: dict[str, Counter[bool]], comments: Comments) -> dict[str, Any]:
    subjects = [CONVERSATION_SUBJECT, *sorted(s for s in counts if s != CONVERSATION_SUBJECT)]
    table = suppress(subjects, HELPFUL_COLUMNS,
                     [[counts.get(s, Counter())[True], counts.get(s, Counter())[False]]
                      for s in subjects])
    return {"by_subject": table_dict(table),
            "comments": [{"subject": s, "month": m, "helpful": bool(h), "comment": c}
                         for s, m, h, c in comments]}


def equality_section(enabled: bool,
                     figures: dict[str, Counter[str | None]]) -> dict[str, Any]:
    section: dict[str, Any] = {"enabled": enabled}
    for question, choices in CHOICES.items():
        rows = [*choices, NOT_ANSWERED]
        counts: Counter[str | None] = figures.get(question, Counter())
        values = [[counts.get(c, 0)] for c in choices] + [[counts.get(None, 0)]]
        section[question] = table_dict(suppress(rows, ["count"], values))
    return section


def period_dict(period: Period) -> dict[str, str]:
    return {"from": period.first_month, "to": period.last_month}
