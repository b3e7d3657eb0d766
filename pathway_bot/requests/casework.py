"""After allocation: the key worker's casework on a request, and the clocks that watch it.

The key worker named at allocation (or a coordinator of the request's district) records the
first contact, the agreed outcomes with their priority, the plan and the next review date
(with the family's say in how often), and each review, which keeps, steps up or steps down
the support or closes the request. A step up or a new concern starts a new assessment that
tells the story once: the new request carries everything the first already holds.

Functions a staff console can call as they are: each takes the caller's key and commits its
own transaction; a move the lifecycle refuses is a 409 that changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from pathway_bot.errors import Conflict, Forbidden, ValidationFailed
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import ApiKey, SupportRequest
from pathway_bot.requests import queue
from pathway_bot.requests.carry_forward import carry_forward_missed_meetings
from pathway_bot.requests.keys import COORDINATOR, KEY_WORKER
from pathway_bot.requests.lifecycle import next_status
from pathway_bot.requests.moves import Actor, move
from pathway_bot.requests.response_times import (
    Breach,
    ResponseTimes,
    TargetClock,
    ageing_report,
    unfinished_requests,
)
from pathway_bot.requests.service import Requests
from pathway_bot.requests.story import Story

CONTINUE, STEP_UP, STEP_DOWN, CLOSE = "continue", "step_up", "step_down", "close"
REVIEW_OUTCOMES: tuple[str, ...] = (CONTINUE, STEP_UP, STEP_DOWN, CLOSE)
CASEWORKERS = (KEY_WORKER, COORDINATOR)
_LONGEST_UNTIL_REVIEW = timedelta(days=366)


@dataclass(frozen=True)
class Plan:
    outcomes: list[dict]  # [{"outcome": words, "priority": 1 is first}]
    plan: str
    next_review_on: date
    review_every_weeks: int
    family_say_on_reviews: str


@dataclass(frozen=True)
class Review:
    outcome: str
    note: str
    next_review_on: date | None = None
    tier: str | None = None  # a step down's lower tier
    needs: dict | None = None  # a step up's changed needs, level by area


class Casework:
    def __init__(self, *, requests: Requests, times: ResponseTimes):
        self.requests = requests
        self.times = times

    # ---- the clocks --------------------------------------------------------------------

    def today(self, now: datetime | None = None) -> date:
        return self.times.day_of(now or self.requests.clock())

    def time_left(self, request: SupportRequest) -> TargetClock | None:
        return self.times.time_left(request, self.today())

    def clocks(self, request: SupportRequest) -> list[TargetClock]:
        return self.times.clocks(request, self.today())

    def overdue(self, session: Session, key: ApiKey, *, page: int, per_page: int
                ) -> queue.Page:
        """The key's requests that have missed a response time and are still open, in the
        queue's order."""
        today = self.today()
        late = [r for r in unfinished_requests(session, *queue._in_scope_of(key))
                if self.times.is_overdue(r, today)]
        late.sort(key=lambda r: (not r.risk_flag, r.created_at, r.id))
        start = (page - 1) * per_page
        return queue.Page(late[start:start + per_page], page, per_page, len(late))

    def ageing(self, session: Session, now: datetime | None = None
               ) -> dict[str, list[Breach]]:
        area = self.requests.area
        return ageing_report(session, self.times, area=area.id,
                             district_ids=area.district_ids, today=self.today(now))

    def carry_forward(self, session: Session, now: datetime | None = None
                      ) -> list[SupportRequest]:
        return carry_forward_missed_meetings(session, self.times, area=self.requests.area.id,
                                             now=now or self.requests.clock())

    # ---- the key worker's steps ------------------------------------------------------

    def record_first_contact(self, session: Session, key: ApiKey, request_id: str, *,
                             note: str | None = None) -> SupportRequest:
        request = self._case(session, key, request_id, "first_contact")
        now = self.requests.clock()
        with unit_of_work(session):
            return move(session, request, "first_contact", Actor.from_key(key), now=now,
                        note=note, first_contact_at=request.first_contact_at or now)

    def record_plan(self, session: Session, key: ApiKey, request_id: str, plan: Plan
                    ) -> SupportRequest:
        request = self._case(session, key, request_id, "plan")
        self._check_review_date(plan.next_review_on)
        ranked = sorted(plan.outcomes, key=lambda o: o["priority"])
        stored = {"outcomes": ranked, "plan": plan.plan,
                  "review_every_weeks": plan.review_every_weeks,
                  "family_say_on_reviews": plan.family_say_on_reviews}
        with unit_of_work(session):
            return move(session, request, "plan", Actor.from_key(key),
                        now=self.requests.clock(),
                        note=f"Next review by {plan.next_review_on.isoformat()}.",
                        plan=_json(stored), next_review_on=plan.next_review_on)

    def start_review(self, session: Session, key: ApiKey, request_id: str, *,
                     note: str | None = None) -> SupportRequest:
        request = self._case(session, key, request_id, "start_review")
        with unit_of_work(session):
            return move(session, request, "start_review", Actor.from_key(key),
                        now=self.requests.clock(), note=note)

    def record_review(self, session: Session, key: ApiKey, request_id: str, review: Review
                      ) -> tuple[SupportRequest, SupportRequest | None]:
        """The review's outcome; for a step up, the new request it raised too."""
        if review.outcome not in REVIEW_OUTCOMES:
            raise ValidationFailed("Say what the review decided.",
                                   errors={"outcome": [f"one of {', '.join(REVIEW_OUTCOMES)}"]})
        if review.outcome == CLOSE:
            return self._close_at_review(session, key, request_id, review), None
        request = self._case(session, key, request_id, "review")
        if review.next_review_on is None:
            raise ValidationFailed("Give the date of the next review.",
                                   errors={"next_review_on": ["a date, as YYYY-MM-DD"]})
        self._check_review_date(review.next_review_on)
        changes: dict = {"next_review_on": review.next_review_on}
        if review.outcome == STEP_DOWN:
            changes.update(self._lower_tier(request, review.tier))
        note = f"{review.outcome.replace('_', ' ')}: {review.note}"
        if review.outcome != STEP_UP:
            with unit_of_work(session):
                return move(session, request, "review", Actor.from_key(key),
                            now=self.requests.clock(), note=note, **changes), None
        return self._reassess(session, key, request, "review", note, review.needs, changes)

    def raise_new_concern(self, session: Session, key: ApiKey, request_id: str, *,
                          summary: str, needs: dict | None) -> SupportRequest:
        """Something new worries the family: a new assessment, told once, goes to the
        group; the request it follows keeps its support meanwhile."""
        request = self._case(session, key, request_id, "new_concern")
        _, raised = self._reassess(session, key, request, "new_concern",
                                   f"new concern: {summary}", needs, {})
        assert raised is not None
        return raised

    def close(self, session: Session, key: ApiKey, request_id: str, *, reason: str
              ) -> SupportRequest:
        request = self._case(session, key, request_id, "close")
        with unit_of_work(session):
            return move(session, request, "close", Actor.from_key(key),
                        now=self.requests.clock(), note=reason)

    # ---- beneath them ------------------------------------------------------------------

    def _close_at_review(self, session: Session, key: ApiKey, request_id: str,
                         review: Review) -> SupportRequest:
        return self.close(session, key, request_id, reason=f"closed at review: {review.note}")

    def _case(self, session: Session, key: ApiKey, request_id: str, action: str
              ) -> SupportRequest:
        if key.role not in CASEWORKERS:
            raise Forbidden(f"This needs a key_worker or coordinator key; this key is a "
                            f"{key.role} key.")
        request = queue.get_request(session, key, request_id)
        next_status(request.status, action)  # an illegal move is refused before anything
        if request.erased_at is not None:
            raise Conflict("This request's details were erased at the family's request: "
                           "nothing more can be recorded on it.")
        return request

    def _check_review_date(self, day: date) -> None:
        today = self.today()
        if not today < day <= today + _LONGEST_UNTIL_REVIEW:
            raise ValidationFailed(
                "The next review is after today and within a year.",
                errors={"next_review_on": ["a date after today, within a year"]})

    def _lower_tier(self, request: SupportRequest, tier: str | None) -> dict:
        levels = self.requests.rules.tier_levels
        if tier not in levels or request.tier_level is None or \
                levels[tier] >= request.tier_level:
            lower = [t for t, level in levels.items() if level < (request.tier_level or 0)]
            raise ValidationFailed("A step down names a lower tier.",
                                   errors={"tier": [f"one of {', '.join(lower) or 'none'}"]})
        return {"tier": tier, "tier_level": levels[tier]}

    def _reassess(self, session: Session, key: ApiKey, request: SupportRequest, action: str,
                  note: str, needs: dict | None, changes: dict
                  ) -> tuple[SupportRequest, SupportRequest | None]:
        """A new assessment from what is already known, with what has changed: if it meets
        the threshold, a new request for the group, carrying the story, the contact and the
        consent; the request it follows records the step in its history."""
        requests = self.requests
        profile = _reassessed_profile(request, needs)
        decision = requests.decide(profile)
        requests.check_eligible(decision, request.locale)  # 422 with the reasons; nothing kept
        now = requests.clock()
        actor = Actor.from_key(key)
        try:  # the step and the new request are committed together, or neither is
            move(session, request, action, actor, now=now, note=note, **changes)
            raised = requests.raise_request(
                session, decision=decision, answers=json.loads(request.answers or "{}"),
                source="review", conversation_id=None,
                contact=json.loads(request.contact or "{}"),
                consent_wording=request.consent_wording, idempotency_key=None,
                lead_professional=json.loads(request.lead_professional or "null"),
                summary=note, now=now, raised_by=actor, locale=request.locale,
                area=request.area, story=_story_of(request),
                family_contact=json.loads(request.family_contact or "null"),
                follows_request_id=request.id)
        except BaseException:
            session.rollback()
            raise
        return request, raised


def _reassessed_profile(request: SupportRequest, needs: dict | None) -> dict:
    profile = json.loads(request.profile or "{}")
    profile["needs"] = {**(profile.get("needs") or {}), **(needs or {})}
    # The support in place now is what was allocated; it is not yet making enough progress.
    profile["progress_with_support"] = False
    return profile


def _story_of(request: SupportRequest) -> Story:
    def loads(text: str | None):
        return None if text is None else json.loads(text)

    return Story(child=loads(request.child), child_view=request.child_view,
                 agencies=loads(request.agencies), tried=loads(request.tried),
                 consent=loads(request.consent_record))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
