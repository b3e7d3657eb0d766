"""What the rest of the product hears when a request is raised or moves, in the same
transaction as the change.

Requests only announce; whoever listens (the notifications outbox) is wired onto the database
sessions by the composition root, so every path that changes a request, through any
transport, announces it, and none can forget to. A session without a listener is refused
rather than losing a message without a word.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from pathway_bot.persistence.models.requests import SupportRequest

# What happened to a request, as people are told of it.
RAISED = "raised"
CLAIMED = "claimed"
ALLOCATED = "allocated"
DECLINED = "declined"
# Ready for the features that will raise them.
INFORMATION_ADDED = "information_added"
REVIEW_BOOKED = "review_booked"
# After allocation: the plan agreed, a review's outcome, the request closed, and a request
# the group did not decide at its meeting carried to the next.
PLAN_AGREED = "plan_agreed"
REVIEWED = "reviewed"
CLOSED = "closed"
CARRIED_FORWARD = "carried_forward"
EVENTS: tuple[str, ...] = (RAISED, CLAIMED, ALLOCATED, DECLINED, INFORMATION_ADDED,
                           REVIEW_BOOKED, PLAN_AGREED, REVIEWED, CLOSED, CARRIED_FORWARD)

# The lifecycle actions people hear of; the others (release, withdraw, erase, first contact,
# which the family took part in, a new concern, whose new request is announced) go
# unannounced.
_EVENT_OF_ACTION = {"raise": RAISED, "claim": CLAIMED, "allocate": ALLOCATED,
                    "decline": DECLINED, "plan": PLAN_AGREED, "start_review": REVIEW_BOOKED,
                    "review": REVIEWED, "close": CLOSED, "carry_forward": CARRIED_FORWARD}

LISTENER = "pathway_bot.request_listener"


class RequestListener(Protocol):
    def request_changed(self, session: Session, request: SupportRequest, event: str,
                        now: datetime) -> None:
        """Add what the event causes to the session; never commit."""

    def request_erased(self, session: Session, request: SupportRequest) -> None:
        """Remove what the listener holds about the request; never commit."""


def session_info(listener: RequestListener) -> dict[str, RequestListener]:
    """What the composition root puts into every session's `info`."""
    return {LISTENER: listener}


def _listener(session: Session) -> RequestListener:
    listener: RequestListener | None = session.info.get(LISTENER)
    if listener is None:
        raise RuntimeError("this session has no request listener: open it from the "
                           "runtime's database, which the composition root wires")
    return listener


def announce(session: Session, request: SupportRequest, event: str, now: datetime) -> None:
    if event not in EVENTS:
        raise ValueError(f"event must be one of {EVENTS}")
    _listener(session).request_changed(session, request, event, now)


def announce_action(session: Session, request: SupportRequest, action: str,
                    now: datetime) -> None:
    """Announce what the audit records, if it is something people hear of."""
    event = _EVENT_OF_ACTION.get(action)
    if event is not None:
        announce(session, request, event, now)


def announce_erasure(session: Session, request: SupportRequest) -> None:
    _listener(session).request_erased(session, request)
