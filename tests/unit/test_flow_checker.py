"""`pathway-bot flows check`: every problem found, each saying how to fix the flow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pathway_bot.checks import check_flows
from pathway_bot.cli import cli
from pathway_bot.flows.graph import mermaid
from pathway_bot.flows.registry import read_flows
from pathway_bot.i18n import load_catalogs
from tests.unit.conftest import FLOWS_DIR

LOCALES = FLOWS_DIR.parent / "locales"


@pytest.fixture
def flows_dir(tmp_path) -> Path:
    copy = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, copy)
    return copy


def edit_family(flows_dir: Path, change) -> None:
    path = flows_dir / "family.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems(flows_dir: Path) -> list[str]:
    return [str(p) for p in check_flows(flows_dir, load_catalogs(LOCALES))[1]]


def test_the_shipped_flows_have_no_problems():
    assert problems(FLOWS_DIR) == []


def test_a_question_nothing_goes_to_is_reported_as_unreachable(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"].update(
        {"orphan": {"type": "yes_no", "text": "family.harm.text", "next": [{"end": "outcome"}]}}))
    assert any("[reachable] orphan can never be asked" in p for p in problems(flows_dir))


def test_a_loop_is_reported(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["consent"].update(
        {"next": [{"goto": "harm"}]}))
    assert any("[no-loops]" in p for p in problems(flows_dir))


def test_a_next_list_that_can_leave_a_person_stuck_is_reported(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["consent"].update(
        {"next": [{"if": {"answer": "consent", "eq": True}, "end": "outcome"}]}))
    assert any("[terminates] consent" in p for p in problems(flows_dir))


def test_an_unknown_message_id_is_reported(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["age"].update({"help": "family.age.nope"}))
    assert any("family.age.nope" in p and "[messages]" in p for p in problems(flows_dir))


def test_a_condition_on_a_later_answer_is_reported(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["age"].update(
        {"ask_if": {"answer": "consent", "eq": True}}))
    assert any("[conditions] age reads the answer to 'consent'" in p
               for p in problems(flows_dir))


def test_a_profile_field_no_question_fills_is_reported(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["consent"].pop("fills"))
    assert any("[profile] no question fills consent_to_share" in p for p in problems(flows_dir))


def test_schema_errors_say_where(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["age"].update({"type": "slider"}))
    assert any("[schema]" in p and "questions/age/type" in p for p in problems(flows_dir))


def list_districts(*values: str):
    """A change that makes the family flow list its own districts instead of the area's."""
    def change(data):
        question = data["questions"]["district"]
        question.pop("options_from")
        question["options"] = [{"value": v, "label": "district.cheltenham"} for v in values]

    return change


def test_a_listed_district_the_area_does_not_have_is_reported_with_the_fix(flows_dir):
    edit_family(flows_dir, list_districts("cheltenham", "cotswold", "forest_of_dean",
                                          "gloucester", "stroud", "tewkesbury", "bath"))
    assert any("[districts] district lists districts that disagree" in p and "['bath']" in p
               and "options_from: area.districts" in p for p in problems(flows_dir))


def test_listed_districts_that_leave_one_of_the_area_out_are_reported(flows_dir):
    edit_family(flows_dir, list_districts("cheltenham"))
    assert any("[districts]" in p and "'tewkesbury'" in p for p in problems(flows_dir))


def test_options_from_something_the_area_does_not_have_is_reported_with_the_fix(flows_dir):
    edit_family(flows_dir, lambda d: d["questions"]["district"].update(
        {"options_from": "area.wards"}))
    assert any("[options_from] district takes its options from 'area.wards'" in p
               and "area.districts" in p for p in problems(flows_dir))


def test_two_flows_for_the_same_respondent_are_reported(flows_dir):
    edit_family(flows_dir, lambda d: d.update({"respondent": "practitioner"}))
    assert any("[respondent] flows ['family', 'practitioner'] all answer for practitioner" in p
               for p in problems(flows_dir))


def edit_might_not_know(flows_dir: Path, change) -> None:
    path = flows_dir / "area" / "might_not_know.yaml"
    entries = yaml.safe_load(path.read_text())
    change(entries)
    path.write_text(yaml.safe_dump(entries, sort_keys=False))


def test_support_offered_by_name_must_read_real_profile_fields(flows_dir):
    edit_might_not_know(flows_dir, lambda entries: entries[0].update(
        fits={"profile": "needs.reading", "gte": 2}))
    assert any("[profile fields] sendiass reads ['needs.reading']" in p
               for p in problems(flows_dir))


def test_support_offered_by_name_needs_its_words(flows_dir):
    edit_might_not_know(flows_dir, lambda entries: entries.append(
        {"code": "toy_library", "words": "toy library"}))
    assert any("signpost.might.toy_library" in p for p in problems(flows_dir))


def test_an_area_file_that_does_not_load_is_reported(flows_dir):
    edit_might_not_know(flows_dir, lambda entries: entries[0].update(
        fits={"profile": "age", "about": 14}))
    assert any("[area]" in p and "might_not_know.yaml: sendiass" in p
               for p in problems(flows_dir))


def test_the_command_exits_non_zero_with_a_readable_report(flows_dir, monkeypatch):
    edit_family(flows_dir, lambda d: d["questions"]["age"].update({"help": "family.age.nope"}))
    monkeypatch.setenv("PATHWAY_FLOWS_DIR", str(flows_dir))
    result = CliRunner().invoke(cli, ["flows", "check"])
    assert result.exit_code == 1
    assert "family.age.nope" in result.output and "problem(s)" in result.output


def test_the_command_passes_on_the_shipped_flows():
    result = CliRunner().invoke(cli, ["flows", "check"])
    assert result.exit_code == 0 and "All flows are valid" in result.output


def test_a_flow_can_be_drawn_as_mermaid():
    diagram = mermaid(read_flows(FLOWS_DIR).latest("family"))
    assert diagram.startswith("flowchart TD")
    assert "harm -- " in diagram and "--> safeguarding" in diagram


def test_earlier_versions_stay_loadable_and_new_conversations_use_the_newest(flows_dir, area):
    from pathway_bot.engine import Engines

    previous = flows_dir / "previous"
    previous.mkdir()
    shutil.copy(flows_dir / "family.yaml", previous / "family.v1.yaml")
    edit_family(flows_dir, lambda d: d.update({"version": 2}))
    engines = Engines(read_flows(flows_dir), area)
    old = engines.get("family", 1).start().snapshot
    assert engines.get("family").flow.version == 2
    assert engines.for_snapshot(old).flow.version == 1
    assert engines.for_snapshot(old).answer(old, "harm", False).step.question.id == "age"


def test_two_files_with_the_same_version_are_refused(flows_dir):
    from pathway_bot.errors import FlowError

    (flows_dir / "previous").mkdir()
    shutil.copy(flows_dir / "family.yaml", flows_dir / "previous" / "family.yaml")
    with pytest.raises(FlowError, match="higher version"):
        read_flows(flows_dir)


def edit_lifecycle(flows_dir: Path, change) -> None:
    path = flows_dir / "area" / "request_lifecycle.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_lifecycle_that_cannot_close_a_request_is_reported(flows_dir):
    edit_lifecycle(flows_dir, lambda d: d.update(
        transitions=[t for t in d["transitions"] if t["action"] != "close"]))
    assert any("[lifecycle]" in p and "'close'" in p for p in problems(flows_dir))


def test_a_stage_whose_words_are_missing_is_reported(flows_dir):
    edit_lifecycle(flows_dir, lambda d: d["stages"][0].update(label="lifecycle.stage.nowhere"))
    assert any("lifecycle.stage.nowhere" in p for p in problems(flows_dir))


def test_a_response_time_that_is_not_whole_working_days_is_reported(flows_dir):
    edit_lifecycle(flows_dir, lambda d: d["response_times"]["acknowledge"].update(
        working_days="three"))
    assert any("response_times.acknowledge.working_days" in p for p in problems(flows_dir))
