"""Every contact says where its details come from, when they were checked and whom it serves;
`pathway-bot flows check` refuses one that does not, or whose number is not in its source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pathway_bot.cli import cli
from tests.unit.test_flow_checker import FLOWS_DIR, problems


@pytest.fixture
def flows_dir(tmp_path) -> Path:
    copy = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, copy)
    return copy


def edit_contact(flows_dir: Path, contact_id: str, change) -> None:
    path = flows_dir / "area" / "contacts.yaml"
    data = yaml.safe_load(path.read_text())
    change(data[contact_id])
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def contact_problems(flows_dir: Path) -> list[str]:
    return [p for p in problems(flows_dir) if "[contacts]" in p]


def test_every_shipped_contact_names_its_source_its_check_and_its_ages():
    contacts = yaml.safe_load((FLOWS_DIR / "area" / "contacts.yaml").read_text())
    for key, contact in contacts.items():
        if key != "shown_for":
            assert contact["source"].startswith("http") and contact["source_quote"], key
            assert str(contact["last_verified"]) == "2026-12-01", key
            assert "min_age" in contact and "max_age" in contact, key


@pytest.mark.parametrize("field", ["source", "source_quote", "last_verified", "min_age",
                                   "max_age"])
def test_a_contact_without_its_provenance_or_ages_fails_the_check(flows_dir, field):
    edit_contact(flows_dir, "childline", lambda contact: contact.pop(field))
    found = contact_problems(flows_dir)
    assert len(found) == 1 and "childline" in found[0] and field in found[0]


def test_a_number_that_is_not_in_the_quoted_source_fails_the_check(flows_dir):
    edit_contact(flows_dir, "samaritans", lambda contact: contact.update(phone="116 000"))
    assert any("116 000 is not in source_quote" in p for p in contact_problems(flows_dir))


@pytest.mark.parametrize(("change", "words"), [
    ({"source": "the council website"}, "public web page"),
    ({"last_verified": "last week"}, "must be a date"),
    ({"min_age": 12, "max_age": 11}, "at least min_age"),
    ({"min_age": -1}, "min_age must be"),
])
def test_a_malformed_provenance_or_age_range_is_explained(flows_dir, change, words):
    edit_contact(flows_dir, "nhs_111", lambda contact: contact.update(change))
    assert any(words in p for p in contact_problems(flows_dir))


def test_the_command_fails_for_a_contact_without_a_source(flows_dir, monkeypatch):
    edit_contact(flows_dir, "emergency", lambda contact: contact.pop("source"))
    monkeypatch.setenv("PATHWAY_FLOWS_DIR", str(flows_dir))
    result = CliRunner().invoke(cli, ["flows", "check"])
    assert result.exit_code == 1 and "emergency" in result.output


@pytest.mark.parametrize(("age", "shown", "left_out"), [
    (9, {"childline", "nhs_111", "gp"}, {"mental_health_crisis"}),
    (11, {"childline", "mental_health_crisis"}, set()),
    (19, {"mental_health_crisis", "samaritans"}, {"childline"}),
    (None, {"childline", "mental_health_crisis"}, set()),
])
def test_crisis_contacts_are_the_ones_serving_the_child_s_age(area, age, shown, left_out):
    listed = {contact.id for contact in area.contacts_for("crisis", age)}
    assert shown <= listed and not left_out & listed
    assert area.contacts_for("crisis", age)[0].id == "emergency"
