"""A flow held as frozen data. Built by the loader; read by the engine and the checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathway_bot.conditions import Facts, Predicate

END_OUTCOME = "outcome"
END_SAFEGUARDING = "safeguarding"
ENDINGS = (END_OUTCOME, END_SAFEGUARDING)


def _always(_facts: Facts) -> bool:
    return True


@dataclass(frozen=True)
class Option:
    value: Any
    label: str
    hint: str | None = None
    when: Predicate = _always
    exclusive: bool = False  # in a multi question, chosen alone ("none of these")
    conditional: bool = False


@dataclass(frozen=True)
class Fill:
    """How an answer fills a field of the needs profile."""

    field: str
    value: Any = None
    has_value: bool = False
    mapping: dict[Any, Any] | None = None
    when: Predicate = _always

    def resolve(self, answer: Any) -> Any:
        if self.has_value:
            return self.value
        if self.mapping is not None:
            return self.mapping.get(_map_key(answer), None)
        return answer


def _map_key(answer: Any) -> Any:
    # YAML map keys are strings or ints; booleans arrive as the words true/false.
    if isinstance(answer, bool):
        return "true" if answer else "false"
    return answer


@dataclass(frozen=True)
class Next:
    target: str  # a question id, or an ending when `is_end`
    is_end: bool
    when: Predicate = _always
    conditional: bool = False
    source: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    help: str | None = None
    why: str | None = None
    required: bool = True
    min: int | None = None
    max: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    # Where the options come from when the flow does not list them (e.g. "area.districts");
    # the engine fills them in from the local area.
    options_from: str | None = None
    fills: tuple[Fill, ...] = ()
    next: tuple[Next, ...] = ()
    ask_if: Predicate = _always  # when false, the question is skipped and not on the path
    conditional: bool = False
    # What this question's conditions (ask_if, next, options) read.
    reads_answers: frozenset[str] = frozenset()
    reads_profile: frozenset[str] = frozenset()

    def option_values(self) -> set[Any]:
        return {option.value for option in self.options}


@dataclass(frozen=True)
class StartChoice:
    """How the start page offers a flow, as one answer to "who is this for?"."""

    who: str  # the flow's respondent: the answer posted
    label: str  # message id
    hint: str  # message id
    order: int  # where it stands among the answers


@dataclass(frozen=True)
class Raiser:
    """Who raises a request for support from a conversation in this flow, for the audit trail."""

    role: str
    label: str


@dataclass(frozen=True)
class Flow:
    name: str
    version: int
    respondent: str
    title: str
    start: str
    questions: dict[str, Question]
    consent_wording: str  # message id: the words a person agrees to when raising a request
    raised_by: Raiser
    start_choice: StartChoice | None = None  # None: not offered on the start page
    description: str | None = None
    source: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.name, self.version)

    def question(self, question_id: str) -> Question:
        return self.questions[question_id]

    def condition_inputs(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The answers and the profile fields that some condition reads: where a conversation
        goes next depends on these alone."""
        answers = set().union(*(q.reads_answers for q in self.questions.values()))
        fields = set().union(*(q.reads_profile for q in self.questions.values()))
        return tuple(sorted(answers)), tuple(sorted(fields))
