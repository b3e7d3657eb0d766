"""The life of a request for support, as one `transitions` machine shared by every request.

The machine is compiled once per process and holds no request: each move hands it a
throwaway cursor carrying one request's status, so any number of threads can use it.
"""

from __future__ import annotations

from transitions import Machine, MachineError

from pathway_bot.errors import Conflict

QUEUED = "queued"
CLAIMED = "claimed"
ALLOCATED = "allocated"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
STATUSES: tuple[str, ...] = (QUEUED, CLAIMED, ALLOCATED, DECLINED, WITHDRAWN)
OPEN_STATUSES: tuple[str, ...] = (QUEUED, CLAIMED)
# Nothing more happens to a request in a final status: its personal details are kept only
# for the request retention period after it got there. A request in any other status is
# still being worked on, and the conversation behind it is kept too.
FINAL_STATUSES: tuple[str, ...] = (DECLINED, WITHDRAWN)
UNFINISHED_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s not in FINAL_STATUSES)

# (action, from, to). Erasure on request withdraws a request the group has not yet decided on:
# without contact details nobody could act on it.
TRANSITIONS: tuple[tuple[str, str | list[str], str], ...] = (
    ("claim", QUEUED, CLAIMED),
    ("release", CLAIMED, QUEUED),
    ("allocate", CLAIMED, ALLOCATED),
    ("decline", CLAIMED, DECLINED),
    ("withdraw", QUEUED, WITHDRAWN),
    ("erase", [QUEUED, CLAIMED], WITHDRAWN),
)
ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for action, _, _ in TRANSITIONS))


class _Cursor:
    """One request's status for the length of one trigger. Never shared."""

    __slots__ = ("state",)

    def __init__(self, state: str):
        self.state = state


class IllegalTransition(Conflict):
    code = "illegal_transition"
    title = "That cannot be done to a request in its current state"


def _compile() -> Machine:
    machine = Machine(model=None, states=list(STATUSES), initial=QUEUED,
                      auto_transitions=False, ignore_invalid_triggers=False)
    for action, source, dest in TRANSITIONS:
        machine.add_transition(action, source, dest)
    return machine


_MACHINE = _compile()


def next_status(status: str, action: str) -> str:
    """The status `action` leads to from `status`; IllegalTransition (409) if it cannot."""
    event = _MACHINE.events.get(action)
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
    return bool(_MACHINE.get_transitions(trigger=action, source=status))


def _past_tense(action: str) -> str:
    return {"claim": "claimed", "release": "released", "allocate": "allocated",
            "decline": "declined", "withdraw": "withdrawn", "erase": "erased"}[action]
