"""The life of a request for support, as one `transitions` machine shared by every request.

The moves are area data (flows/area/request_lifecycle.yaml). The machine is compiled from
them once per process, the first time a request moves, and holds no request: each move hands
it a throwaway cursor carrying one request's status, so any number of threads can use it.
"""

from __future__ import annotations

from functools import cache

from transitions import Machine, MachineError

from pathway_bot.area.lifecycle import LifecycleData, lifecycle_data
from pathway_bot.errors import Conflict
from pathway_bot.locations import default_flows_dir

QUEUED = "queued"
CLAIMED = "claimed"
ALLOCATED = "allocated"
PLANNED = "planned"
IN_REVIEW = "in_review"
CLOSED = "closed"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
STATUSES: tuple[str, ...] = (QUEUED, CLAIMED, ALLOCATED, PLANNED, IN_REVIEW, CLOSED,
                             DECLINED, WITHDRAWN)
# Waiting for the allocations group.
OPEN_STATUSES: tuple[str, ...] = (QUEUED, CLAIMED)
# Allocated and being worked on with the family: a key worker's caseload.
SUPPORTED_STATUSES: tuple[str, ...] = (ALLOCATED, PLANNED, IN_REVIEW)
# Nothing more happens to a request in a final status: its personal details are kept only
# for the request retention period after it got there. A request in any other status is
# still being worked on, and the conversation behind it is kept too.
FINAL_STATUSES: tuple[str, ...] = (CLOSED, DECLINED, WITHDRAWN)
UNFINISHED_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s not in FINAL_STATUSES)

_PAST_TENSE = {"claim": "claimed", "release": "released", "allocate": "allocated",
               "decline": "declined", "withdraw": "withdrawn", "erase": "erased",
               "carry_forward": "carried forward", "first_contact": "given a first contact",
               "plan": "given a plan", "start_review": "reviewed",
               "review": "given a review outcome", "new_concern": "given a new concern",
               "close": "closed"}


class _Cursor:
    """One request's status for the length of one trigger. Never shared."""

    __slots__ = ("state",)

    def __init__(self, state: str):
        self.state = state


class IllegalTransition(Conflict):
    code = "illegal_transition"
    title = "That cannot be done to a request in its current state"


_installed: list[LifecycleData] = []  # the area's, once the composition root has read it


def install(data: LifecycleData) -> None:
    """Build the machine from the area the composition root loaded (its flows directory),
    once: the same data again changes nothing. Until then, the default area's is used."""
    if lifecycle() == data:
        return
    _installed[:] = [data]
    _machine.cache_clear()


def lifecycle() -> LifecycleData:
    """The lifecycle data the machine is built from."""
    return _installed[0] if _installed else lifecycle_data(default_flows_dir() / "area")


@cache
def _machine() -> Machine:
    data = lifecycle()
    machine = Machine(model=None, states=list(data.statuses), initial=QUEUED,
                      auto_transitions=False, ignore_invalid_triggers=False)
    for move in data.moves:
        machine.add_transition(move.action, move.source, move.dest)
    return machine


def actions() -> tuple[str, ...]:
    return tuple(_machine().events)


def next_status(status: str, action: str) -> str:
    """The status `action` leads to from `status`; IllegalTransition (409) if it cannot."""
    event = _machine().events.get(action)
    if event is None or status not in STATUSES:
        raise IllegalTransition(f"'{action}' is not something that can be done to a request")
    cursor = _Cursor(status)
    try:
        event.trigger(cursor)
    except MachineError as refused:
        raise IllegalTransition(
            f"A request that is {status} cannot be {_past_tense(action)}.") from refused
    return cursor.state


def can(status: str, action: str) -> bool:
    return bool(_machine().get_transitions(trigger=action, source=status))


def stage_of(status: str) -> str:
    """The seeds' stage a status belongs to, e.g. 'plan' for planned."""
    return lifecycle().stage_of(status).id


def stage_label(status: str) -> str:
    """The message id of the stage's name, shown to people."""
    return lifecycle().stage_of(status).label


def _past_tense(action: str) -> str:
    return _PAST_TENSE.get(action, action.replace("_", " "))
