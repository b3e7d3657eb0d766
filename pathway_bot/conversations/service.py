"""Conversation use cases. Every answer is committed before the reply goes out.

A chat turn is the hot path: each use case opens one unit of work on the conversation
store, reads the row, works the turn out with the shared engine, then saves it with one
UPDATE that lands only if nobody else changed the conversation in between (its revision).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from pathway_bot.area.packs import AreaMap
from pathway_bot.assessment import Decision, Rules, decide_profile
from pathway_bot.assessment.record import decision_from_record, decision_to_record
from pathway_bot.conversations.safety_check import answer_checked
from pathway_bot.conversations.tokens import (
    hash_token,
    new_conversation_id,
    new_token,
    token_matches,
)
from pathway_bot.engine import REPORT_HARM, Engines, FlowEngine, Snapshot, Step, TurnResult
from pathway_bot.engine.answers import answer_from_form
from pathway_bot.engine.options import DISTRICTS
from pathway_bot.engine.safety_check import SAFETY_CHECK as SAFETY_CHECK_STATE
from pathway_bot.errors import (
    Conflict,
    InvalidAnswer,
    NoMatchForCredentials,
    NotCurrentQuestion,
    NotFound,
    UnknownQuestion,
    ValidationFailed,
)
from pathway_bot.i18n import Catalogs
from pathway_bot.persistence.conversation_store import (
    ConversationStore,
    StaleConversation,
    StoredConversation,
    StoreTurn,
)
from pathway_bot.requests.lifecycle import UNFINISHED_STATUSES
from pathway_bot.safety import SafetyNet

NOT_FOUND = "No conversation was found for that id and token."

Clock = Callable[[], datetime]
# Erases what requests raised from a conversation hold, in the caller's session: the
# requests service's, handed in by the composition root.
RequestEraser = Callable[[Session, str, datetime], int]


class AnonymousRows:
    """What keeps an anonymous row of each conversation for insights (the insights service's,
    handed in by the composition root): told before a conversation is erased, in the
    erasure's transaction, and before and after a purge. By default, nothing."""

    def keep_before_erasure(self, session: Session, conversation: StoredConversation) -> None:
        """The conversation about to be erased, as it stood."""

    def keep_before_purge(self, cutoff: datetime) -> None:
        """Conversations untouched since `cutoff` may be purged next."""

    def let_go_after_purge(self) -> None:
        """The purge is done."""


@dataclass(frozen=True)
class ConversationView:
    """A conversation as a transport shows it: the question now, or the decision."""

    conversation: StoredConversation
    snapshot: Snapshot
    step: Step | None
    decision: Decision | None

    @property
    def finished(self) -> bool:
        return self.snapshot.finished

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.snapshot.answers)


@dataclass(frozen=True)
class FormAnswer:
    """What a posted form did: the conversation now, or, for an answer that does not fit,
    the question as it stood with why."""

    view: ConversationView
    invalid: InvalidAnswer | None = None


def _is_repeat(snapshot: Snapshot, question_id: str, answer: Any) -> bool:
    """A retried request for the answer just stored: reply again, change nothing."""
    return bool(snapshot.path) and snapshot.path[-1] == question_id \
        and snapshot.answers.get(question_id) == answer


def _rewound(engine: FlowEngine, snapshot: Snapshot, question_id: str) -> Snapshot:
    """The snapshot stepped back along its path to `question_id`; every answer is kept.

    Only questions already asked can be reached: nothing ahead of the path is ever skipped to.
    """
    if question_id == snapshot.state:
        return snapshot
    if question_id == REPORT_HARM or question_id not in snapshot.path:
        raise NotCurrentQuestion(f"{question_id!r} has not been asked in this conversation.",
                                 extra={"current_question": snapshot.state})
    while snapshot.state != question_id:
        snapshot = engine.back(snapshot).snapshot
    return snapshot


class Conversations:
    """Starting, answering, moving through, and erasing conversations."""

    def __init__(self, *, engines: Engines, store: ConversationStore, rules: Rules,
                 catalogs: Catalogs, erase_requests: RequestEraser, clock: Clock,
                 home_area: str, safety_net: SafetyNet,
                 scrub_erased: Callable[[], None] = lambda: None,
                 anonymous_rows: AnonymousRows | None = None,
                 areas: AreaMap | None = None,
                 rules_by_area: Mapping[str, Rules] | None = None,
                 safety_nets: Mapping[str, SafetyNet] | None = None):
        self.engines = engines
        # Where a postcode or district answer can take a conversation: None, nowhere else.
        self.areas = areas if areas is not None and len(areas.areas) > 1 else None
        self.rules_by_area = rules_by_area or {}
        # Each area's own lexicon (its safeguarding lead signs it off); the home's otherwise.
        self.safety_nets = safety_nets or {}
        # Reads every free-text answer for signs of harm or self-harm (built once, shared).
        self.safety_net = safety_net
        self.home_area = home_area  # the area a conversation is in when the caller names none
        self.store = store
        self.rules = rules
        self.catalogs = catalogs
        self.erase_requests = erase_requests
        # Run after anything is erased, so the erased words are in no file of the database.
        self.scrub_erased = scrub_erased
        # Keeps each conversation's anonymous row for insights when it is erased or purged.
        self.anonymous_rows = anonymous_rows or AnonymousRows()
        self.clock = clock

    def engine_for(self, conversation: StoredConversation) -> FlowEngine:
        """The engine of the flow version the conversation started on."""
        return self.engines.get(conversation.flow, conversation.flow_version, conversation.area)

    def rules_for(self, area: str) -> Rules:
        """The area's thresholds (its rules.yaml), SPEC section 4's where it has none."""
        return self.rules_by_area.get(area, self.rules)

    # ---- reading ---------------------------------------------------------------------------

    def open(self, conversation_id: str, token: str | None) -> ConversationView:
        with self.store.turn() as turn:
            return self._view(self._find(turn, conversation_id, token))

    def question_on_path(self, conversation_id: str, token: str | None,
                         question_id: str) -> ConversationView:
        """The conversation as it stood at a question already asked, to show it again.

        Nothing is stored: the conversation moves only when an answer is given.
        """
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
        return self.as_it_stood(conversation, question_id)

    def as_it_stood(self, conversation: StoredConversation,
                    question_id: str) -> ConversationView:
        """`question_on_path` for a conversation already read: no I/O."""
        engine = self.engine_for(conversation)
        snapshot = _rewound(engine, Snapshot.from_json(conversation.snapshot), question_id)
        return ConversationView(conversation, snapshot, engine.step(snapshot), None)

    # ---- moving on -------------------------------------------------------------------------

    def start(self, *, flow: str, locale: str, area: str | None = None,
              now: datetime | None = None) -> tuple[ConversationView, str]:
        self._check_locale(locale)
        now = now or self.clock()
        area = area or self.home_area
        engine = self.engines.get(flow, area=area)
        token = new_token()
        started = engine.start()
        conversation = StoredConversation(
            id=new_conversation_id(), token_hash=hash_token(token), flow=flow,
            flow_version=engine.flow.version, locale=locale, state=started.snapshot.state,
            snapshot=started.snapshot.to_json(), outcome=None, created_at=now,
            updated_at=now, finished_at=None, revision=1, area=area,
        )
        with self.store.turn() as turn:
            turn.insert(conversation)
        return ConversationView(conversation, started.snapshot, started.step, None), token

    def answer(self, conversation_id: str, token: str | None, question_id: str, answer: Any,
               now: datetime | None = None) -> ConversationView:
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
            snapshot = Snapshot.from_json(conversation.snapshot)
            if question_id != snapshot.state and _is_repeat(snapshot, question_id, answer):
                return self._view(conversation)
            try:
                result = self._turn(self.engine_for(conversation), snapshot, question_id,
                                    answer)
            except NotCurrentQuestion as error:
                error.extra["current_question"] = snapshot.state
                raise
            return self._save(turn, conversation, result, now, answered=question_id)

    def change_answer(self, conversation_id: str, token: str | None, question_id: str,
                      answer: Any, now: datetime | None = None) -> ConversationView:
        """Answer the current question, or change the answer to one asked earlier.

        Changing an earlier answer goes back to that question and carries on from it; the
        later answers are kept to change, as with "back".
        """
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
            return self._change(turn, conversation, question_id, answer, now)

    def answer_form(self, conversation_id: str, token: str | None, question_id: str,
                    posted: list[str], now: datetime | None = None, *,
                    keep_later: bool = False) -> FormAnswer:
        """`change_answer` for a web form's posted values, typed for their question, in one
        read of the conversation. With `keep_later` (a change made from check your answers)
        the later answers kept are given again, so the person is asked only the questions
        the new answer opens."""
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
            engine = self.engine_for(conversation)
            question = engine.flow.questions.get(question_id)
            if question is None:
                raise UnknownQuestion(f"{question_id!r} is not a question of this flow.")
            raw = posted if question.type == "multi" else (posted[0] if posted else None)
            try:
                return FormAnswer(self._change(turn, conversation, question_id,
                                               answer_from_form(question, raw), now,
                                               keep_later=keep_later))
            except InvalidAnswer as invalid:
                snapshot = _rewound(engine, Snapshot.from_json(conversation.snapshot),
                                    question_id)
                shown = ConversationView(conversation, snapshot, engine.step(snapshot), None)
                return FormAnswer(shown, invalid)

    def go_back(self, conversation_id: str, token: str | None,
                now: datetime | None = None) -> ConversationView:
        return self._move(conversation_id, token, now, FlowEngine.back)

    def report_harm(self, conversation_id: str, token: str | None,
                    now: datetime | None = None) -> ConversationView:
        return self._move(conversation_id, token, now, FlowEngine.report_harm)

    def restart(self, conversation_id: str, token: str | None,
                now: datetime | None = None) -> ConversationView:
        return self._move(conversation_id, token, now, FlowEngine.restart)

    def change_locale(self, conversation_id: str, token: str | None, locale: str,
                      now: datetime | None = None) -> ConversationView:
        """Switch language; every answer given so far is kept."""
        self._check_locale(locale)
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
            conversation = turn.save(conversation, locale=locale,
                                     updated_at=now or self.clock())
            return self._view(conversation)

    def let_go(self, conversation_id: str, token: str | None,
               now: datetime | None = None) -> None:
        """The person left quickly: the token they held stops working at once, so nothing
        copied from their browser opens the conversation again. The answers stay stored
        (until purged) for a way back that does not live in the browser."""
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
            turn.save(conversation, token_hash=hash_token(new_token()),
                      updated_at=now or self.clock())

    def hand_over(self, conversation_id: str, now: datetime | None = None
                  ) -> tuple[ConversationView, str]:
        """A new token for the conversation, for a caller that proved it may hold it another
        way (a resume code). The old token stops working. NotFound if it is gone."""
        token = new_token()
        with self.store.turn() as turn:
            conversation = turn.get(conversation_id)
            if conversation is None:
                raise NotFound(NOT_FOUND)
            conversation = turn.save(conversation, token_hash=hash_token(token),
                                     updated_at=now or self.clock())
            return self._view(conversation), token

    # ---- erasing ---------------------------------------------------------------------------

    def erase(self, session: Session, conversation_id: str, token: str | None,
              now: datetime | None = None) -> None:
        """Erasure on request: the conversation and every answer in it are deleted, and any
        request raised from it keeps only an anonymous trace, in one transaction."""
        with self.store.within(session) as turn:
            conversation = self._find(turn, conversation_id, token)
            self.anonymous_rows.keep_before_erasure(session, conversation)
            self.erase_requests(session, conversation_id, now or self.clock())
            turn.delete(conversation_id)
        self.scrub_erased()

    def purge_abandoned(self, retention_days: int, now: datetime | None = None) -> int:
        """Erase conversations untouched for longer than the retention period, except those
        behind a request still being worked on: the family follows it there."""
        cutoff = (now or self.clock()) - timedelta(days=retention_days)
        self.anonymous_rows.keep_before_purge(cutoff)
        with self.store.turn() as turn:
            erased = turn.delete_untouched_since(cutoff, unless_request_in=UNFINISHED_STATUSES)
        self.anonymous_rows.let_go_after_purge()
        self.scrub_erased()
        return erased

    # ---- the parts -------------------------------------------------------------------------

    @staticmethod
    def _find(turn: StoreTurn, conversation_id: str, token: str | None) -> StoredConversation:
        conversation = turn.get(conversation_id)
        # A wrong token and a missing conversation look the same: existence is never revealed.
        if conversation is None or not token_matches(token, conversation.token_hash):
            raise NoMatchForCredentials(NOT_FOUND)
        return conversation

    def _view(self, conversation: StoredConversation) -> ConversationView:
        snapshot = Snapshot.from_json(conversation.snapshot)
        decision = decision_from_record(json.loads(conversation.outcome)) \
            if conversation.outcome else None
        step = None if snapshot.finished else self.engine_for(conversation).step(snapshot)
        return ConversationView(conversation, snapshot, step, decision)

    def _check_locale(self, locale: str) -> None:
        if not self.catalogs.supports(locale):
            raise ValidationFailed(f"Language {locale!r} is not available.",
                                   errors={"locale": [f"use one of {self.catalogs.locales}"]})

    def _change(self, turn: StoreTurn, conversation: StoredConversation, question_id: str,
                answer: Any, now: datetime | None, *,
                keep_later: bool = False) -> ConversationView:
        snapshot = Snapshot.from_json(conversation.snapshot)
        if question_id != snapshot.state and _is_repeat(snapshot, question_id, answer):
            return self._view(conversation)
        engine = self.engine_for(conversation)
        result = self._turn(engine, _rewound(engine, snapshot, question_id), question_id, answer)
        if keep_later:
            result = self._with_kept_answers(engine, result)
        return self._save(turn, conversation, result, now, answered=question_id)

    def _with_kept_answers(self, engine: FlowEngine, result: TurnResult) -> TurnResult:
        """Give again each later answer that was kept and still fits, stopping at the first
        question without one (a question the change opened), one it no longer fits, or a
        safety check. Each goes through the safety net as it did the first time."""
        for _ in engine.flow.questions:  # a flow has no loops: at most one turn a question
            state = result.snapshot.state
            if result.step is None or state == SAFETY_CHECK_STATE \
                    or state not in result.snapshot.answers:
                break
            try:
                result = self._turn(engine, result.snapshot, state,
                                    result.snapshot.answers[state])
            except InvalidAnswer:
                break
        return result

    def _turn(self, engine: FlowEngine, snapshot: Snapshot, question_id: str,
              answer: Any) -> TurnResult:
        net = self.safety_nets.get(engine.area.id, self.safety_net)
        return answer_checked(engine, net, snapshot, question_id, answer)

    def _move(self, conversation_id: str, token: str | None, now: datetime | None,
              turn_engine: Callable[[FlowEngine, Snapshot], TurnResult]) -> ConversationView:
        """Back, report harm or restart: an engine turn that takes no answer."""
        with self.store.turn() as turn:
            conversation = self._find(turn, conversation_id, token)
            result = turn_engine(self.engine_for(conversation),
                                 Snapshot.from_json(conversation.snapshot))
            return self._save(turn, conversation, result, now)

    def _save(self, turn: StoreTurn, conversation: StoredConversation, result: TurnResult,
              now: datetime | None, *, answered: str | None = None) -> ConversationView:
        now = now or self.clock()
        area = self._area_after(conversation, result, answered)
        if area != conversation.area:
            result = self._in_area(conversation, area, result)
        decision, outcome = None, None
        if result.ending:
            decision = decide_profile(result.profile, self.rules_for(area))
            outcome = json.dumps(decision_to_record(decision), separators=(",", ":"))
        try:
            conversation = turn.save(
                conversation, snapshot=result.snapshot.to_json(),
                state=result.snapshot.state, updated_at=now, outcome=outcome,
                finished_at=now if result.ending else None, area=area)
        except StaleConversation:
            raise Conflict("This conversation changed while you were answering. "
                           "Fetch it again to see the question being asked now.") from None
        return ConversationView(conversation, result.snapshot, result.step, decision)

    # ---- moving between areas --------------------------------------------------------------

    def _area_after(self, conversation: StoredConversation, result: TurnResult,
                    answered: str | None) -> str:
        """The area a postcode or district answer puts the conversation in: the area of its
        district, or the one area its postcode can be in; else where it was."""
        if self.areas is None or answered is None:
            return conversation.area
        engine = self.engine_for(conversation)
        question = engine.flow.questions.get(answered)
        if question is None or not (question.type == "postcode"
                                    or question.options_from == DISTRICTS):
            return conversation.area
        profile = engine.profile(result.snapshot)
        district = profile.get("district")
        found = self.areas.area_of_district(district) if district else None
        if found is None and profile.get("postcode"):
            reached = self.areas.areas_for_postcode(profile["postcode"])
            found = reached[0] if len(reached) == 1 else None
        return found.id if found is not None else conversation.area

    def _in_area(self, conversation: StoredConversation, area: str,
                 result: TurnResult) -> TurnResult:
        """The turn as the new area shows it: its districts, its contacts."""
        engine = self.engines.get(conversation.flow, conversation.flow_version, area)
        if result.step is None:
            return result
        return replace(result, step=engine.step(result.snapshot))
