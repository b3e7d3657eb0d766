"""The figures, counted in SQL over the anonymous rows and the requests, before any number
is hidden (see `suppression` and `report` for what may be shown).

Every figure is for one area, the districts a manager may see, and a period of whole months.
A manager whose key covers the whole area also sees conversations whose district is not
known yet; a manager of some districts sees only those districts.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pathway_bot.insights.settings import InsightSettings
from pathway_bot.persistence.models.insights import (
    EqualityAnswer,
    FeedbackAnswer,
    InsightCount,
    RequestInsight,
    RequestMilestone,
)
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from pathway_bot.persistence.models.staff import RequestTransfer

NOT_FINISHED = "not_finished"
OUTCOMES: tuple[str, ...] = ("universal", "early_help", "early_intervention", "targeted",
                             "safeguarding", "out_of_scope")
CONVERSATION_SUBJECT = "conversation"


@dataclass(frozen=True)
class Scope:
    """What a manager may see: one area, some of its districts."""

    area: str
    districts: tuple[str, ...]
    whole_area: bool  # every district of the area: conversations with none known too


@dataclass(frozen=True)
class Period:
    first_month: str  # YYYY-MM, included
    last_month: str  # YYYY-MM, included

    @property
    def starts(self) -> datetime:
        year, month = (int(p) for p in self.first_month.split("-"))
        return datetime(year, month, 1, tzinfo=UTC)

    @property
    def ends(self) -> datetime:
        """The first moment after the period."""
        year, month = (int(p) for p in self.last_month.split("-"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return datetime(year, month, 1, tzinfo=UTC)


@dataclass
class ConversationFigures:
    started: int = 0
    finished: int = 0
    # (district or None, outcome or NOT_FINISHED) -> count; the same by age band
    by_district: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    by_age_band: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    # (need area, district or None) -> conversations with that need at moderate or above
    needs: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    # (flow, locale) -> {"started", "finished", "reached": Counter, "stopped": Counter}
    funnels: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


@dataclass
class RequestFigures:
    raised: int = 0
    # (district, status now) -> count, for requests raised in the period
    by_status: Counter[tuple[str, str]] = field(default_factory=Counter)
    # milestone -> (district -> [days from raised to the milestone]), None: not recorded
    times: dict[str, dict[str, list[float]] | None] = field(default_factory=dict)
    # [(week ending, requests waiting then)]
    queue_depth: list[tuple[datetime, int]] = field(default_factory=list)
    # (district, "transferred" or "closed") -> how many happened in the period: transfers
    # out of the district (a transfer is not a status), and requests that reached closed
    moved: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (district, target) -> open requests that have missed that response time today;
    # None: the response times are not known here
    overdue: Counter[tuple[str, str]] | None = None


TRANSFERRED = "transferred"
CLOSED = "closed"
MOVES: tuple[str, ...] = (TRANSFERRED, CLOSED)
FIRST_CONTACT = "first_contact"
# Counts the open requests of a scope that have missed each response time at a moment.
OverdueCounter = Callable[[Session, Scope, datetime], Counter[tuple[str, str]]]


Comments = list[tuple[str, str, bool, str | None]]


def _conversation_filters(scope: Scope, period: Period) -> list[Any]:
    c = InsightCount
    where = [c.area == scope.area, c.month >= period.first_month,
             c.month <= period.last_month, c.conversations > 0]
    in_districts = c.district.in_(scope.districts)
    where.append(or_(in_districts, c.district.is_(None)) if scope.whole_area else in_districts)
    return where


def conversation_figures(session: Session, scope: Scope, period: Period) -> ConversationFigures:
    """One read of the anonymous rows' counts; everything else is added up from them."""
    c = InsightCount
    rows = session.execute(
        select(c.flow, c.locale, c.district, c.age_band, c.finished, c.outcome, c.needs,
               c.last_question, c.reached, c.conversations)
        .where(*_conversation_filters(scope, period)))
    figures = ConversationFigures()
    for flow, locale, district, band, finished, outcome, needs, last, reached, n in rows:
        column = outcome if finished and outcome else NOT_FINISHED
        figures.started += n
        figures.finished += n if column != NOT_FINISHED else 0
        figures.by_district[(district, column)] += n
        figures.by_age_band[(band, column)] += n
        for need in needs.split():
            figures.needs[(need, district)] += n
        funnel = figures.funnels.setdefault((flow, locale), {
            "started": 0, "finished": 0, "reached": Counter(), "stopped": Counter()})
        funnel["started"] += n
        if column == NOT_FINISHED:
            funnel["stopped"][last] += n
        else:
            funnel["finished"] += n
        for question in reached.split():
            funnel["reached"][question] += n
    return figures


def request_figures(session: Session, scope: Scope, period: Period, settings: InsightSettings,
                    now: datetime) -> RequestFigures:
    r = SupportRequest
    in_scope = [r.area == scope.area, r.district.in_(scope.districts)]
    figures = RequestFigures()
    raised = session.execute(
        select(r.district, r.status, func.count())
        .where(*in_scope, r.created_at >= period.starts, r.created_at < period.ends)
        .group_by(r.district, r.status))
    for district, status, n in raised:
        figures.by_status[(district, status)] += n
        figures.raised += n
    starts, ends = period.starts.timestamp(), period.ends.timestamp()
    ri, rm = RequestInsight, RequestMilestone
    in_scope_rows = [ri.area == scope.area, ri.district.in_(scope.districts)]
    # Times to each milestone, for requests raised in the period (kept by the requests'
    # roll-up from the audit trail, in seconds since 1970).
    times: dict[str, dict[str, list[float]]] = {m: defaultdict(list)
                                                for m in settings.milestones}
    for district, milestone, seconds in session.execute(
            select(ri.district, rm.milestone, rm.reached - ri.raised)
            .join(rm, rm.request_id == ri.request_id)
            .where(*in_scope_rows, ri.raised >= starts, ri.raised < ends)):
        if milestone in times:
            times[milestone][district].append(seconds / 86400)
    for milestone, statuses in settings.milestones.items():
        figures.times[milestone] = dict(times[milestone]) if statuses else None
    figures.times[FIRST_CONTACT] = _first_contact_times(session, in_scope, period)
    figures.moved = _moved(session, scope, period)
    joined, left = [], []
    for raised_at, left_at in session.execute(
            select(ri.raised, ri.left_queue).where(*in_scope_rows, ri.raised < ends)):
        joined.append(raised_at)
        if left_at is not None:
            left.append(left_at)
    figures.queue_depth = _queue_depth(sorted(joined), sorted(left), starts,
                                       min(ends, now.timestamp()))
    return figures


def _first_contact_times(session: Session, in_scope: list[Any],
                         period: Period) -> dict[str, list[float]]:
    """Days from raised to the key worker's first contact (recorded on the request when it
    is made), for requests raised in the period."""
    r = SupportRequest
    days: dict[str, list[float]] = defaultdict(list)
    for district, raised, contacted in session.execute(
            select(r.district, r.created_at, r.first_contact_at)
            .where(*in_scope, r.created_at >= period.starts, r.created_at < period.ends,
                   r.first_contact_at.is_not(None))):
        if contacted is not None:  # (so selected)
            days[district].append((contacted.timestamp() - raised.timestamp()) / 86400)
    return dict(days)


def _moved(session: Session, scope: Scope, period: Period) -> Counter[tuple[str, str]]:
    """Transfers out of each district and requests closed in each, in the period."""
    t, e, r = RequestTransfer, RequestEvent, SupportRequest
    moved: Counter[tuple[str, str]] = Counter()
    for district, n in session.execute(
            select(t.from_district, func.count())
            .where(t.area == scope.area, t.from_district.in_(scope.districts),
                   t.at >= period.starts, t.at < period.ends)
            .group_by(t.from_district)):
        moved[(district, TRANSFERRED)] += n
    for district, n in session.execute(
            select(r.district, func.count(func.distinct(e.request_id)))
            .join(r, r.id == e.request_id)
            .where(r.area == scope.area, r.district.in_(scope.districts),
                   e.to_status == CLOSED,
                   e.at >= period.starts, e.at < period.ends)
            .group_by(r.district)):
        moved[(district, CLOSED)] += n
    return moved


def _queue_depth(joined: list[float], left: list[float], starts: float,
                 last: float) -> list[tuple[datetime, int]]:
    """Requests waiting at the end of each week of the period (and at its end): raised by
    then, and not yet moved on to a status outside the queue."""
    week = 7 * 86400
    points = []
    moment = starts + week
    while moment < last:
        points.append(moment)
        moment += week
    points.append(last)
    return [(datetime.fromtimestamp(at, UTC), bisect_right(joined, at) - bisect_right(left, at))
            for at in points]


def percentile(values: list[float], share: float) -> float:
    """The value `share` of the way up the sorted values (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def feedback_figures(session: Session, scope: Scope,
                     period: Period) -> tuple[dict[str, Counter[bool]], Comments]:
    """{subject: Counter({True: n, False: n})} and the comments, newest month first."""
    f = FeedbackAnswer
    where = [f.area == scope.area, f.month >= period.first_month, f.month <= period.last_month]
    in_districts = f.district.in_(scope.districts)
    where.append(or_(in_districts, f.district.is_(None)) if scope.whole_area else in_districts)
    counts: dict[str, Counter[bool]] = defaultdict(Counter)
    for subject, helpful, n in session.execute(
            select(f.subject, f.helpful, func.count()).where(*where)
            .group_by(f.subject, f.helpful)):
        counts[subject][bool(helpful)] += n
    comments: Comments = [(subject, month, helpful, comment) for subject, month, helpful, comment in
                session.execute(select(f.subject, f.month, f.helpful, f.comment)
                                .where(*where, f.comment.is_not(None))
                                .order_by(f.month.desc(), f.id.desc()))]
    return dict(counts), comments


EQUALITY_QUESTIONS = ("ethnicity", "gender", "disability")


def equality_figures(session: Session, scope: Scope,
                     period: Period) -> dict[str, Counter[str | None]]:
    q = EqualityAnswer
    where = [q.area == scope.area, q.month >= period.first_month, q.month <= period.last_month]
    in_districts = q.district.in_(scope.districts)
    where.append(or_(in_districts, q.district.is_(None)) if scope.whole_area else in_districts)
    figures: dict[str, Counter[str | None]] = {}
    for question in EQUALITY_QUESTIONS:
        column = getattr(q, question)
        figures[question] = Counter({answer: n for answer, n in session.execute(
            select(column, func.count()).where(*where).group_by(column))})
    return figures

