import pytest

from pathway_bot.errors import Conflict
from pathway_bot.requests import lifecycle
from pathway_bot.requests.lifecycle import IllegalTransition, next_status

LEGAL = [
    ("queued", "claim", "claimed"),
    ("claimed", "release", "queued"),
    ("claimed", "allocate", "allocated"),
    ("claimed", "decline", "declined"),
    ("queued", "withdraw", "withdrawn"),
    ("queued", "erase", "withdrawn"),
    ("claimed", "erase", "withdrawn"),
]


@pytest.mark.parametrize(("status", "action", "after"), LEGAL)
def test_each_legal_move_leads_to_its_status(status, action, after):
    assert next_status(status, action) == after


def _illegal():
    legal = {(status, action) for status, action, _ in LEGAL}
    return [(status, action) for status in lifecycle.STATUSES for action in lifecycle.ACTIONS
            if (status, action) not in legal]


@pytest.mark.parametrize(("status", "action"), _illegal())
def test_every_other_move_is_an_illegal_transition_conflict(status, action):
    with pytest.raises(IllegalTransition) as refused:
        next_status(status, action)
    assert isinstance(refused.value, Conflict)
    assert refused.value.status == 409


def test_an_unknown_action_is_refused_as_illegal():
    with pytest.raises(IllegalTransition):
        next_status("queued", "teleport")


def test_decided_requests_are_final():
    for status in ("allocated", "declined", "withdrawn"):
        assert not any(lifecycle.can(status, action) for action in lifecycle.ACTIONS)


def test_one_machine_serves_every_request():
    # Moving many requests leaves the shared machine without any model of its own.
    for _ in range(100):
        next_status("queued", "claim")
    assert lifecycle._MACHINE.models == []
