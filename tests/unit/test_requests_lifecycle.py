import pytest

from pathway_bot.area.lifecycle import load_lifecycle
from pathway_bot.errors import Conflict, FlowError
from pathway_bot.locations import default_flows_dir
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
    ("queued", "carry_forward", "queued"),
    ("claimed", "carry_forward", "claimed"),
    ("allocated", "first_contact", "allocated"),
    ("planned", "first_contact", "planned"),
    ("in_review", "first_contact", "in_review"),
    ("allocated", "plan", "planned"),
    ("planned", "plan", "planned"),
    ("planned", "start_review", "in_review"),
    ("in_review", "review", "planned"),
    ("allocated", "new_concern", "allocated"),
    ("planned", "new_concern", "planned"),
    ("in_review", "new_concern", "in_review"),
    ("allocated", "close", "closed"),
    ("planned", "close", "closed"),
    ("in_review", "close", "closed"),
]


@pytest.mark.parametrize(("status", "action", "after"), LEGAL)
def test_each_legal_move_leads_to_its_status(status, action, after):
    assert next_status(status, action) == after


def _illegal():
    legal = {(status, action) for status, action, _ in LEGAL}
    return [(status, action) for status in lifecycle.STATUSES for action in lifecycle.actions()
            if (status, action) not in legal]


@pytest.mark.parametrize(("status", "action"), _illegal())
def test_every_other_move_is_an_illegal_transition_conflict(status, action):
    with pytest.raises(IllegalTransition) as refused:
        next_status(status, action)
    assert isinstance(refused.value, Conflict)
    assert refused.value.status == 409


def test_closing_a_queued_request_and_reviewing_an_unallocated_one_are_refused():
    with pytest.raises(IllegalTransition, match="queued cannot be closed"):
        next_status("queued", "close")
    for status in ("queued", "claimed"):
        with pytest.raises(IllegalTransition):
            next_status(status, "start_review")


def test_an_unknown_action_is_refused_as_illegal():
    with pytest.raises(IllegalTransition):
        next_status("queued", "teleport")


def test_closed_declined_and_withdrawn_requests_are_final():
    for status in lifecycle.FINAL_STATUSES:
        assert not any(lifecycle.can(status, action) for action in lifecycle.actions())


def test_the_seeds_stages_are_labels_on_the_statuses_in_the_order_of_a_requests_life():
    stages = [lifecycle.stage_of(status) for status in
              ("queued", "claimed", "allocated", "planned", "in_review", "closed")]
    assert stages == ["initial_contact", "triaged", "agree_and_allocate", "plan",
                      "review_and_learn", "review_and_learn"]
    assert lifecycle.stage_of("declined") == "assess_and_decide"
    assert lifecycle.stage_label("planned") == "lifecycle.stage.plan"


def test_one_machine_serves_every_request():
    # Moving many requests leaves the shared machine without any model of its own.
    for _ in range(100):
        next_status("queued", "claim")
    assert lifecycle._machine().models == []
    assert lifecycle._machine() is lifecycle._machine()


def test_a_lifecycle_file_that_drops_a_status_or_leaves_one_outside_every_stage_is_refused(
        tmp_path):
    text = (default_flows_dir() / "area" / "request_lifecycle.yaml").read_text()
    (tmp_path / "request_lifecycle.yaml").write_text(
        text.replace("statuses: [queued, claimed, allocated, planned, in_review, closed, "
                     "declined, withdrawn]", "statuses: [queued, claimed, allocated]")
        .replace(", statuses: [claimed]}", ", statuses: []}"))
    with pytest.raises(FlowError) as refused:
        load_lifecycle(tmp_path)
    assert "statuses must list each of" in str(refused.value)
    assert "'claimed' must be in exactly one stage" in str(refused.value)


def test_response_times_default_to_the_seeds_targets_awaiting_the_areas_confirmation():
    times = lifecycle.lifecycle().response_times
    assert {name: t.working_days for name, t in times.items()} == {
        "acknowledge": 3, "decide": 2, "first_contact": 10}
    assert all(t.confirm for t in times.values())


def test_the_shared_machine_follows_the_lifecycle_the_area_installs(tmp_path):
    text = (default_flows_dir() / "area" / "request_lifecycle.yaml").read_text()
    (tmp_path / "request_lifecycle.yaml").write_text(text.replace(
        "{action: start_review, from: planned, to: in_review}",
        "{action: start_review, from: [planned, allocated], to: in_review}"))
    try:
        lifecycle.install(load_lifecycle(tmp_path))
        assert next_status("allocated", "start_review") == "in_review"
    finally:
        lifecycle.install(load_lifecycle(default_flows_dir() / "area"))
    with pytest.raises(IllegalTransition):
        next_status("allocated", "start_review")
