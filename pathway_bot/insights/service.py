"""Insights for service managers: the use cases, and the hooks that keep anonymous rows
when conversations are purged or erased."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pathway_bot.area import Area
from pathway_bot.engine import Engines
from pathway_bot.errors import Forbidden, ValidationFailed
from pathway_bot.insights import equality, figures, report, request_rollup, rollup
from pathway_bot.insights.bands import month_of
from pathway_bot.insights.feedback import Feedback, FeedbackKept, check_feedback, record_feedback
from pathway_bot.insights.figures import Period, Scope
from pathway_bot.insights.rows import anonymous_row
from pathway_bot.insights.settings import InsightSettings
from pathway_bot.persistence.conversation_store import StoredConversation
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.safety import SafetyNet

MANAGER = "manager"
# Who may read insights: a manager's API key, or a service manager's or an administrator's
# console account (the same area-and-districts scope either way).
VIEWING_ROLES: frozenset[str] = frozenset({MANAGER, "service_manager", "administrator"})
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DEFAULT_MONTHS = 12
# The pages bring the anonymous rows up to date when the last roll-up in this process is
# older than this: finding the conversations that moved reads the whole conversation table,
# which is too slow for every view of a busy service.
ROLL_UP_EVERY_SECONDS = 60
SECTIONS: tuple[str, ...] = ("conversations", "funnels", "requests", "feedback", "equality")


class Insights:
    def __init__(self, *, area: Area, engines: Engines, settings: InsightSettings,
                 sessions: Callable[[], AbstractContextManager[Session]],
                 safety_net: SafetyNet, clock: Callable[[], datetime],
                 question_order: dict[str, tuple[str, ...]],
                 overdue: figures.OverdueCounter | None = None,
                 overdue_targets: tuple[str, ...] = ()):
        self.area = area
        self.engines = engines
        self.settings = settings
        self.sessions = sessions
        self.safety_net = safety_net
        self.clock = clock
        self.question_order = question_order
        self.rolled_up_at: datetime | None = None
        # The response-time clocks belong to the requests: they are handed in, and count
        # the overdue requests of a scope (see requests.response_times.overdue_counts).
        self.overdue = overdue
        self.overdue_targets = overdue_targets
        self._overdue_read: dict[Scope, tuple[datetime, Counter[tuple[str, str]]]] = {}

    # ---- who may see what ------------------------------------------------------------------

    def scope_for(self, key: ApiKey | StaffAccount, district: str | None = None) -> Scope:
        """A manager's area and districts (a key's, or a console account's), narrowed to one
        of them if asked."""
        if key.role not in VIEWING_ROLES:
            raise Forbidden(f"This needs a manager's key or account, not a {key.role}'s.")
        districts = tuple(d for d in key.district_ids if self.area.district(d) is not None)
        whole = key.area == self.area.id and set(districts) == set(self.area.district_ids)
        if district:
            if district not in districts:
                raise ValidationFailed("That district is not one this key may see.",
                                       errors={"district": [f"use one of {', '.join(districts)}"]})
            return Scope(key.area, (district,), whole_area=False)
        return Scope(key.area, districts, whole_area=whole)

    def period(self, first: str | None, last: str | None) -> Period:
        """Whole months; by default the twelve months up to this one."""
        errors = {name: ["give a month as YYYY-MM"]
                  for name, value in (("from", first), ("to", last))
                  if value is not None and not _MONTH.match(value)}
        if errors:
            raise ValidationFailed("The period could not be read: see errors.", errors=errors)
        now = self.clock()
        last = last or month_of(now)
        if first is None:
            year, month = (int(p) for p in last.split("-"))
            month -= DEFAULT_MONTHS - 1
            while month < 1:
                year, month = year - 1, month + 12
            first = f"{year:04d}-{month:02d}"
        if first > last:
            raise ValidationFailed("The period ends before it starts.",
                                   errors={"from": ["must not be after 'to'"]})
        return Period(first, last)

    # ---- the figures -----------------------------------------------------------------------

    def report(self, session: Session, scope: Scope, period: Period,
               sections: Collection[str] = SECTIONS) -> dict[str, Any]:
        """The figures of `sections`, small numbers hidden. Brings the anonymous rows up to
        date first (only conversations that moved since their row was made are read)."""
        shown: dict[str, Any] = {"area": scope.area, "districts": list(scope.districts),
                                 "period": report.period_dict(period)}
        if {"conversations", "funnels"} & set(sections):
            self.roll_up_if_stale(session)
            assert self.rolled_up_at is not None
            shown["conversations_as_of"] = self.rolled_up_at.isoformat(timespec="seconds")
            conversations = figures.conversation_figures(session, scope, period)
            if "conversations" in sections:
                shown["conversations"] = report.conversations_section(conversations, scope)
            if "funnels" in sections:
                shown["funnels"] = report.funnel_sections(conversations, self.question_order)
        if "requests" in sections:
            with unit_of_work(session):
                request_rollup.roll_up_requests(session, self.settings)
            requests = figures.request_figures(session, scope, period, self.settings,
                                               self.clock())
            requests.overdue = self._overdue(session, scope)
            shown["requests"] = report.requests_section(requests, scope, self.settings,
                                                        self.overdue_targets)
        if "feedback" in sections:
            counts, comments = figures.feedback_figures(session, scope, period)
            shown["feedback"] = report.feedback_section(counts, comments)
        if "equality" in sections:
            shown["equality"] = report.equality_section(
                self.area.equality_monitoring,
                figures.equality_figures(session, scope, period)
                if self.area.equality_monitoring else {})
        return shown

    def _overdue(self, session: Session, scope: Scope) -> Counter[tuple[str, str]] | None:
        """Open requests past their response times now, read again when the last reading for
        this scope is a minute old (it reads the clocks of every open request)."""
        if self.overdue is None:
            return None
        now = self.clock()
        kept = self._overdue_read.get(scope)
        if kept is not None and 0 <= (now - kept[0]).total_seconds() < ROLL_UP_EVERY_SECONDS:
            return kept[1]
        counts = self.overdue(session, scope, now)
        self._overdue_read[scope] = (now, counts)
        return counts

    def roll_up(self, session: Session) -> int:
        """Bring every anonymous row up to date now; how many conversations were read."""
        with unit_of_work(session):
            done = rollup.roll_up(session, self.engines)
            request_rollup.roll_up_requests(session, self.settings)
        # From when it finished: a long first roll-up is not followed at once by another.
        # Whatever moved meanwhile is found by the next one (rows are matched by revision).
        self.rolled_up_at = self.clock()
        return done

    def roll_up_if_stale(self, session: Session) -> None:
        last = self.rolled_up_at
        if last is None or (self.clock() - last).total_seconds() >= ROLL_UP_EVERY_SECONDS:
            self.roll_up(session)

    # ---- hooks for the conversations service ----------------------------------------------

    def keep_before_erasure(self, session: Session, conversation: StoredConversation) -> None:
        """In the erasure's transaction: the conversation's last state becomes its anonymous
        row, which then stops naming it; its feedback's words and equality answers go."""
        rollup.keep_row(session, self.engines, conversation)
        rollup.let_go(session, conversation.id)

    def keep_before_purge(self, cutoff: datetime) -> None:
        """Before the purge: the rows of every conversation it may erase are brought up to
        date, so they keep how far each got."""
        with self.sessions() as session, unit_of_work(session):
            rollup.roll_up(session, self.engines, untouched_before=cutoff)

    def let_go_after_purge(self) -> None:
        with self.sessions() as session, unit_of_work(session):
            rollup.let_go_of_the_purged(session)

    # ---- what families tell us -------------------------------------------------------------

    def feedback(self, session: Session, conversation: StoredConversation, feedback: Feedback,
                 *, district: str | None, suggested_services: Collection[str]) -> FeedbackKept:
        checked = check_feedback(feedback, suggested_services)
        return record_feedback(session, self.safety_net, checked,
                               conversation_id=conversation.id, area=conversation.area,
                               flow=conversation.flow, district=district,
                               month=month_of(conversation.created_at))

    def equality_answers(self, session: Session, conversation: StoredConversation,
                         answers: dict[str, str | None], *, district: str | None) -> None:
        checked = equality.check_answers(answers)
        equality.record_equality(session, enabled=self.area.equality_monitoring,
                                 conversation_id=conversation.id, area=conversation.area,
                                 district=district, month=month_of(conversation.created_at),
                                 answers=checked, now=self.clock())

    def district_of(self, conversation: StoredConversation) -> str | None:
        """The district an anonymous row of this conversation names (for its feedback)."""
        district = anonymous_row(conversation, self.engines.get(
            conversation.flow, conversation.flow_version, conversation.area))["district"]
        return district if isinstance(district, str) else None


