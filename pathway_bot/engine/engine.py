"""Turns: restore a conversation's state, check the answer, fire the transition, report."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from threading import Lock
from types import MappingProxyType
from typing import Any

from transitions import Machine

from pathway_bot.area import Area, Geography
from pathway_bot.engine.answers import check_answer
from pathway_bot.engine.machine import ANSWER, REPORT_HARM_EVENT, Cursor, compile_machine
from pathway_bot.engine.options import with_area_options
from pathway_bot.engine.profile import (
    REPORT_HARM,
    SELF_HARM_FIELD,
    build_profile,
    path_entries_filling,
)
from pathway_bot.engine.safety_check import (
    HARM,
    HELD,
    SAFETY_CHECK,
    SELF_HARM,
    HeldCheck,
    StepHelp,
    checked_kinds,
    safety_check_question,
    with_safety_check,
)
from pathway_bot.errors import (
    ConversationFinished,
    FlowError,
    NotCurrentQuestion,
    NotFound,
    NothingToGoBackTo,
)
from pathway_bot.flows.model import END_SAFEGUARDING, ENDINGS, Flow, Option, Question
from pathway_bot.flows.registry import FlowRegistry

SNAPSHOT_FORMAT = 1
LOOKAHEAD_CACHE_SIZE = 50_000


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
_EMPTY: MappingProxyType[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to resume a conversation exactly. Stored as compact JSON."""

    flow: str
    version: int
    state: str
    path: tuple[str, ...] = ()
    # Answers kept for changing may be off the path until the conversation ends.
    answers: MappingProxyType[str, Any] = field(default_factory=lambda: _EMPTY)

    @property
    def finished(self) -> bool:
        return self.state in ENDINGS

    def answers_on_path(self) -> dict[str, Any]:
        return {qid: self.answers[qid] for qid in self.path if qid in self.answers}

    def to_json(self) -> str:
        return json.dumps(
            {"fmt": SNAPSHOT_FORMAT, "f": self.flow, "v": self.version, "s": self.state,
             "p": list(self.path), "a": dict(self.answers)},
            separators=(",", ":"), ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        data = json.loads(text)
        return cls(data["f"], data["v"], data["s"], tuple(data["p"]),
                   MappingProxyType(data["a"]))


@dataclass(frozen=True)
class Progress:
    answered: int
    estimated_total: int


@dataclass(frozen=True)
class Step:
    """The question being asked now, with the options this person sees."""

    question: Question
    options: tuple[Option, ...]
    progress: Progress
    kept_answer: Any = None  # what they answered before going back, to change
    help: StepHelp | None = None  # help to show with the question, at once
    area: str = ""  # the area whose words and contacts show it


@dataclass(frozen=True)
class TurnResult:
    snapshot: Snapshot
    step: Step | None  # None once the conversation has ended
    ending: str | None  # "outcome" or "safeguarding" once ended
    profile: dict[str, Any] | None  # the filled profile once ended


class FlowEngine:
    """One flow version, compiled once. Every method is pure: snapshots in, snapshots out."""

    def __init__(self, flow: Flow, area: Area, *, reach: Geography | None = None,
                 machine: Machine | None = None):
        # Where postcodes are looked up: the area itself, or every area of the deployment so
        # that a postcode can lead the conversation into another (see Conversations).
        self.reach: Geography = reach or area
        self.flow = with_safety_check(with_area_options(flow, area, self.reach))
        self.area = area
        # The answers that can say self-harm: with none of them given, no step needs the
        # profile built to know whether to show crisis help.
        self._self_harm_sources = tuple(path_entries_filling(self.flow, (SELF_HARM_FIELD,)))
        # The machine is the flow's shape alone, the same in every area: built once per flow.
        self.machine = machine or compile_machine(self.flow)
        self._answer = self.machine.events[ANSWER]
        self._report_harm = self.machine.events[REPORT_HARM_EVENT]
        self._lookahead_inputs = _lookahead_inputs(self.flow)
        self._lookahead: dict[tuple[Any, ...], int] = {}

    # -- starting and reading -------------------------------------------------------------
    def start(self) -> TurnResult:
        return self._result(Snapshot(self.flow.name, self.flow.version, self.flow.start))

    def step(self, snapshot: Snapshot) -> Step | None:
        if snapshot.finished:
            return None
        question = self.flow.questions[snapshot.state]
        if question.id == SAFETY_CHECK:
            question = safety_check_question(HeldCheck.from_answers(snapshot.answers))
        return Step(question, self.visible_options(question, snapshot),
                    self.progress(snapshot), snapshot.answers.get(question.id),
                    self._help(snapshot), area=self.area.id)

    def _help(self, snapshot: Snapshot) -> StepHelp | None:
        """Help for the risk being checked now, or crisis help once self-harm is known."""
        held = HeldCheck.from_answers(snapshot.answers) \
            if snapshot.state == SAFETY_CHECK else None
        if held is None and not any(snapshot.answers.get(q) for q in self._self_harm_sources):
            return None  # the common case, decided without building the profile
        profile = self.profile(snapshot)
        if held is not None:
            return StepHelp(held.kind, held.kinds, self.flow.respondent, profile.get("age"),
                            area=self.area.id)
        if profile.get(SELF_HARM_FIELD):
            return StepHelp(SELF_HARM, (SELF_HARM,), self.flow.respondent, profile.get("age"),
                            area=self.area.id)
        return None

    def visible_options(self, question: Question, snapshot: Snapshot) -> tuple[Option, ...]:
        if not any(option.conditional for option in question.options):
            return question.options
        cursor = self._cursor(snapshot, snapshot.state, snapshot.answers)
        return tuple(o for o in question.options if o.when(cursor))

    def option_chosen(self, snapshot: Snapshot, question_id: str,
                      value: Any) -> Option | None:
        """The option an answer chose, as the person saw it: where options share a value
        (one label for under-fives, another from five), the one shown for the answers given."""
        question = self.flow.questions.get(question_id)
        if question is None:
            return None
        same = [option for option in question.options if option.value == value]
        if len(same) < 2:
            return same[0] if same else None
        cursor = self._cursor(snapshot, question_id, snapshot.answers)
        return next((option for option in same if option.when(cursor)), same[0])

    def profile(self, snapshot: Snapshot) -> dict[str, Any]:
        return build_profile(self.flow, snapshot.path, snapshot.answers, self.reach)

    # -- turns ----------------------------------------------------------------------------
    def answer(self, snapshot: Snapshot, question_id: str, value: Any) -> TurnResult:
        self._check_current(snapshot, question_id)
        question = self.flow.questions[question_id]
        checked = check_answer(question, value, self.visible_options(question, snapshot),
                               self.reach)
        answers = dict(snapshot.answers)
        answers[question_id] = checked
        if question_id == SAFETY_CHECK:
            return self._after_safety_check(snapshot, answers, confirmed=checked)
        cursor = self._cursor(snapshot, question_id, answers)
        self._move_on(cursor)
        return self._advance(snapshot, question_id, cursor.state, answers)

    def hold_for_safety_check(self, turned: TurnResult, kinds: Sequence[str]) -> TurnResult:
        """The answer just given suggests a risk (`kinds`, the one to act on first): ask
        whether it does before going on to where the turn was going."""
        snapshot = turned.snapshot
        if SAFETY_CHECK not in self.flow.questions:
            raise FlowError(f"{self.flow.source}: a safety check needs a free-text question")
        answers = {qid: value for qid, value in snapshot.answers.items() if qid != SAFETY_CHECK}
        answers[HELD] = HeldCheck(checked_kinds(kinds), snapshot.state).to_answer()
        return self._result(Snapshot(snapshot.flow, snapshot.version, SAFETY_CHECK,
                                     snapshot.path, MappingProxyType(answers)))

    def _after_safety_check(self, snapshot: Snapshot, answers: dict[str, Any], *,
                            confirmed: bool) -> TurnResult:
        """Harm by others, confirmed, ends in the safeguarding outcome; self-harm confirmed,
        or a "no", goes on where the questions were going."""
        held = HeldCheck.from_answers(answers)
        if held is None:
            raise FlowError(f"{self.flow.source}: the safety check was asked without a reason")
        if confirmed and held.kind == HARM:
            return self._advance(snapshot, SAFETY_CHECK, END_SAFEGUARDING, answers)
        cursor = Cursor(self.flow, self.reach, held.resume, (*snapshot.path, SAFETY_CHECK),
                        answers)
        question = self.flow.questions.get(held.resume)
        if question is not None and not question.ask_if(cursor):
            self._move_on(cursor)  # what was to come no longer applies: pass over it
        return self._advance(snapshot, SAFETY_CHECK, cursor.state, answers)

    def _move_on(self, cursor: Cursor) -> None:
        """Fire `answer`, then pass over any question whose ask_if does not hold."""
        while True:
            origin = cursor.state
            if not self._answer.trigger(cursor):
                raise FlowError(f"{self.flow.source}: no way on from {origin}; end its next "
                                "list with an unconditional goto or end")
            question = self.flow.questions.get(cursor.state)
            if question is None or question.ask_if(cursor):
                return

    def report_harm(self, snapshot: Snapshot) -> TurnResult:
        """Someone is being harmed: end in the safeguarding outcome from any question."""
        if snapshot.finished:
            raise ConversationFinished("This conversation has already ended.")
        # Remember the open question, so "back" can return to it.
        answers = {**snapshot.answers, REPORT_HARM: snapshot.state}
        cursor = self._cursor(snapshot, snapshot.state, answers)
        self._report_harm.trigger(cursor)
        return self._advance(snapshot, REPORT_HARM, cursor.state, answers)

    def back(self, snapshot: Snapshot) -> TurnResult:
        """Return to the previous question; its answer (and every later one) is kept to change."""
        if not snapshot.path:
            raise NothingToGoBackTo("This is the first question.")
        previous = snapshot.path[-1]
        answers = dict(snapshot.answers)
        if previous == REPORT_HARM:
            previous = answers.pop(REPORT_HARM)
        return self._result(Snapshot(snapshot.flow, snapshot.version, previous,
                                     snapshot.path[:-1], MappingProxyType(answers)))

    def restart(self, snapshot: Snapshot) -> TurnResult:
        return self.start()

    # -- internals ------------------------------------------------------------------------
    def _check_current(self, snapshot: Snapshot, question_id: str) -> None:
        if snapshot.finished:
            raise ConversationFinished("This conversation has already reached its outcome.")
        if question_id != snapshot.state:
            raise NotCurrentQuestion(f"The question being asked now is {snapshot.state!r}, "
                                     f"not {question_id!r}.")

    def _cursor(self, snapshot: Snapshot, state: str, answers: Mapping[str, Any]) -> Cursor:
        return Cursor(self.flow, self.reach, state, (*snapshot.path, state), answers)

    def _advance(self, snapshot: Snapshot, answered: str, state: str,
                 answers: dict[str, Any]) -> TurnResult:
        path = (*snapshot.path, answered)
        if state in ENDINGS:
            # Answers kept from before a change that the final path no longer visits are dropped;
            # a safety check on the path keeps what it was about.
            kept = (*path, HELD) if SAFETY_CHECK in path else path
            answers = {qid: answers[qid] for qid in kept if qid in answers}
        return self._result(Snapshot(snapshot.flow, snapshot.version, state, path,
                                     MappingProxyType(answers)))

    def _result(self, snapshot: Snapshot) -> TurnResult:
        if snapshot.finished:
            return TurnResult(snapshot, None, snapshot.state, self.profile(snapshot))
        return TurnResult(snapshot, self.step(snapshot), None, None)

    def progress(self, snapshot: Snapshot) -> Progress:
        answered = sum(1 for qid in snapshot.path if qid != REPORT_HARM)
        return Progress(answered, answered + self._remaining(snapshot))

    def _remaining(self, snapshot: Snapshot) -> int:
        """Questions left if every unanswered one takes its default way on.

        Kept per engine, keyed on what decides it: the question now, and whether each
        answer the way on depends on is given, and what it is. Few combinations occur.
        """
        if snapshot.finished:
            return 0
        held = HeldCheck.from_answers(snapshot.answers) \
            if snapshot.state == SAFETY_CHECK else None
        if held is not None:
            # The check, then what was to come.
            return 1 + self._remaining(replace(snapshot, state=held.resume))
        on_path = set(snapshot.path)
        key = (snapshot.state, *((q in on_path, _frozen(snapshot.answers.get(q)))
                                 for q in self._lookahead_inputs))
        remaining = self._lookahead.get(key)
        if remaining is None:
            if len(self._lookahead) >= LOOKAHEAD_CACHE_SIZE:
                self._lookahead.clear()
            # One cursor for the whole look-ahead: no answers are added, so its facts hold.
            cursor = self._cursor(snapshot, snapshot.state, snapshot.answers)
            remaining = self._lookahead[key] = self._walk_ahead(snapshot, cursor)
        return remaining

    def _walk_ahead(self, snapshot: Snapshot, cursor: Cursor) -> int:
        remaining, state, seen = 0, snapshot.state, set(snapshot.path)
        while state not in ENDINGS and state not in seen:
            seen.add(state)
            remaining += 1
            state = self._default_next(state, cursor)
            while state in self.flow.questions and state not in seen:
                if self.flow.questions[state].ask_if(cursor):
                    break
                seen.add(state)
                state = self._default_next(state, cursor)
        return remaining

    def _default_next(self, state: str, cursor: Cursor) -> str:
        return next((step.target for step in self.flow.questions[state].next
                     if step.when(cursor)), state)


def _lookahead_inputs(flow: Flow) -> tuple[str, ...]:
    """The questions whose answers decide the way on: those a condition reads, and those
    filling a profile field a condition reads (see engine.profile)."""
    answers, read = flow.condition_inputs()
    return tuple(sorted(set(answers) | path_entries_filling(flow, read)))


class Engines:
    """The compiled engine of every flow version in every area, built once per process on
    first use. The machine of a flow version is shared by all areas: only the options and
    the postcodes differ from one area to the next."""

    def __init__(self, registry: FlowRegistry, area: Area, *,
                 areas: Mapping[str, Area] | None = None, reach: Geography | None = None):
        self.registry = registry
        self.area = area  # the home area: a conversation's when it names none
        self._areas = areas or {area.id: area}
        self._reach = reach
        self._engines: dict[tuple[str, int, str], FlowEngine] = {}
        self._machines: dict[tuple[str, int], Machine] = {}
        self._lock = Lock()

    def get(self, name: str, version: int | None = None,
            area: str | None = None) -> FlowEngine:
        flow = self.registry.get(name, version)
        key = (*flow.key, area or self.area.id)
        engine = self._engines.get(key)
        if engine is None:
            with self._lock:
                engine = self._engines.get(key)
                if engine is None:
                    engine = self._engines[key] = self._build(flow, key[2])
        return engine

    def _build(self, flow: Flow, area_id: str) -> FlowEngine:
        area = self._areas.get(area_id)
        if area is None:
            raise NotFound(f"No area {area_id!r} is served here.")
        shared = self._machines.get(flow.key)
        engine = FlowEngine(flow, area, reach=self._reach, machine=shared)
        self._machines.setdefault(flow.key, engine.machine)
        return engine

    def for_snapshot(self, snapshot: Snapshot) -> FlowEngine:
        return self.get(snapshot.flow, snapshot.version)
