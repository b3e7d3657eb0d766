"""`pathway-bot area check`: an area pack is checked whole, each problem naming the file, what
is wrong and how to put it right; the packs of one deployment share no id, district or host."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pathway_bot.checks.pack import check_area_pack, check_area_packs, deployment_pack_folders
from pathway_bot.cli import cli
from tests.support.synthetic_packs import write_synthetic_pack
from tests.unit.conftest import FLOWS_DIR

HOME_PACK = FLOWS_DIR / "area"


@pytest.fixture
def pack(tmp_path) -> Path:
    return write_synthetic_pack(tmp_path, 1)


def problems(folder: Path, catalogs) -> list[str]:
    return [str(p) for p in check_area_pack(folder, FLOWS_DIR, catalogs)]


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")


def one_problem(found: list[str], *words: str) -> str:
    """The one problem found, which must say all of `words`."""
    assert len(found) == 1, found
    assert all(word in found[0] for word in words), found[0]
    return found[0]


def test_gloucestershire_s_pack_passes(catalogs):
    assert problems(HOME_PACK, catalogs) == []


def test_every_pack_of_the_deployment_passes_and_they_share_nothing(catalogs):
    folders = deployment_pack_folders(FLOWS_DIR)
    assert folders[0] == HOME_PACK
    assert [p for folder in folders for p in problems(folder, catalogs)] == []
    assert check_area_packs(folders) == []


def test_a_synthetic_pack_passes_beside_gloucestershire(pack, catalogs):
    assert problems(pack, catalogs) == []
    assert check_area_packs([HOME_PACK, pack]) == []


def test_fifty_synthetic_packs_share_no_id_district_host_or_outward_code(tmp_path):
    folders = [write_synthetic_pack(tmp_path, n, services=1) for n in range(50)]
    assert check_area_packs([HOME_PACK, *folders]) == []
    codes = [code for folder in [HOME_PACK, *folders] for code in yaml.safe_load(
        (folder / "postcodes.yaml").read_text())["outward_codes"]]
    assert len(codes) == len(set(codes))


def test_a_missing_file_is_named_with_what_it_is_for(pack, catalogs):
    (pack / "meetings.yaml").unlink()
    one_problem(problems(pack, catalogs), "meetings.yaml", "is missing",
                "each district's meeting schedule")


def test_a_postcode_naming_a_district_the_area_does_not_have_is_reported(pack, catalogs):
    edit(pack / "postcodes.yaml", lambda d: d["outward_codes"].update({"QA1B": ["syn1_x"]}))
    one_problem(problems(pack, catalogs), "postcodes.yaml",
                "QA1B names syn1_x, which area.yaml does not list as a district",
                "use one of syn1_a, syn1_b, syn1_c, syn1_d, or outside")


def test_a_code_that_is_not_the_first_half_of_a_postcode_is_reported(pack, catalogs):
    edit(pack / "postcodes.yaml", lambda d: d["outward_codes"].update({"QA1B 2XY": ["syn1_b"]}))
    one_problem(problems(pack, catalogs), "QA1B 2XY: not the first half of a UK postcode")


def test_a_district_id_used_by_two_packs_is_reported(tmp_path, catalogs):
    first, second = (write_synthetic_pack(tmp_path, n) for n in (1, 2))
    edit(second / "area.yaml", lambda d: d["districts"][0].update(id="syn1_a"))
    one_problem([str(p) for p in check_area_packs([first, second])],
                str(first / "area.yaml"), str(second / "area.yaml"),
                "the district id 'syn1_a' is used by more than one pack")


def test_a_host_name_or_pack_id_used_twice_is_reported(tmp_path):
    first, second = (write_synthetic_pack(tmp_path, n) for n in (1, 2))
    edit(second / "area.yaml", lambda d: d.update(id="synthetic_1", hosts=["area1.example"]))
    found = [str(p) for p in check_area_packs([first, second])]
    assert len(found) == 2
    assert "the pack id 'synthetic_1' is used by more than one pack" in found[0]
    assert "the host name 'area1.example' is used by more than one pack" in found[1]


def test_a_contact_without_its_source_is_refused(pack, catalogs):
    edit(pack / "contacts.yaml", lambda d: d["emergency"].pop("source"))
    one_problem(problems(pack, catalogs), "contacts.yaml", "emergency: add source",
                "a contact says where its details come from")


@pytest.mark.parametrize("words, said", [
    ("- just a list", "must map each language (en, cy) to its words"),
    ("fr: {district.syn1_a: Nord}", "'fr' is not a language the product has; use one of en, cy"),
    ("en: {district.syn1_a: ''}", "en.district.syn1_a: give the words as text"),
    ("cy: {district.syn1_z: Gogledd}", "cy.district.syn1_z: has no English words to fall back"),
    ("en: {area.name: 'Help for %(who)s'}", "use only those %(name)s"),
])
def test_a_words_file_that_is_wrong_is_explained(pack, catalogs, words, said):
    kept = yaml.safe_load((pack / "words.yaml").read_text())["en"]
    (pack / "words.yaml").write_text(yaml.safe_dump({"en": kept}) + words + "\n"
                                     if not words.startswith("-") else words + "\n")
    found = [p for p in problems(pack, catalogs) if "words.yaml: [words]" in p]
    one_problem(found, said)


def test_a_local_word_missing_from_words_file_and_catalogs_is_reported(pack, catalogs):
    edit(pack / "words.yaml", lambda d: d["en"].pop("district.syn1_c"))
    one_problem(problems(pack, catalogs), "area.yaml: [messages]",
                "message 'district.syn1_c' has no English words: add it to",
                "words.yaml under en")


def test_a_front_door_must_name_a_contact_the_pack_has(pack, catalogs):
    edit(pack / "area.yaml", lambda d: d.update(
        front_door={"name": "area.synthetic_1", "contact": "first_point"}))
    one_problem(problems(pack, catalogs), "area.yaml",
                "front_door names the contact 'first_point', which contacts.yaml does not have")


def test_with_a_front_door_and_rules_to_confirm_districts_need_no_allocations_group(
        tmp_path, catalogs):
    pack = write_synthetic_pack(tmp_path, 5, front_door=True, own_rules=True)
    area = yaml.safe_load((pack / "area.yaml").read_text())
    assert area["front_door"]["contact"] == "safeguarding_front_door"
    assert not any("allocations_group" in district for district in area["districts"])
    assert yaml.safe_load((pack / "rules.yaml").read_text())["confirm"] is True
    assert problems(pack, catalogs) == []


def test_without_a_front_door_each_district_needs_its_allocations_group(pack, catalogs):
    edit(pack / "area.yaml", lambda d: d["districts"][1].pop("allocations_group"))
    one_problem(problems(pack, catalogs), "districts[1] syn1_b allocations_group: give the "
                "message id of its words")


def test_area_file_mistakes_are_all_named_at_once(pack, catalogs):
    edit(pack / "area.yaml", lambda d: d.update(
        id="Synthetic One", quick_exit_url="bbc weather", hosts=["https://area1.example/"]))
    found = problems(pack, catalogs)
    assert len(found) == 3, found
    assert "id: give an id of lower-case letters" in found[0]
    assert "quick_exit_url: give the address of a public web page" in found[1]
    assert "'https://area1.example/' is not a host name" in found[2]


def test_a_pack_s_own_rules_may_be_marked_to_confirm(pack, catalogs):
    rules = yaml.safe_load((FLOWS_DIR / "rules.yaml").read_text())
    (pack / "rules.yaml").write_text(yaml.safe_dump({"confirm": True, **rules}))
    assert problems(pack, catalogs) == []
    edit(pack / "rules.yaml", lambda d: d.update(confirm="not yet"))
    one_problem(problems(pack, catalogs), "rules.yaml: [rules] confirm: write true")


def test_a_reason_in_the_pack_s_rules_without_words_is_reported_until_it_has_them(
        pack, catalogs):
    rules = yaml.safe_load((FLOWS_DIR / "rules.yaml").read_text())
    rules["step_up"]["reason"] = "reason.step_up.local"
    (pack / "rules.yaml").write_text(yaml.safe_dump(rules))
    one_problem(problems(pack, catalogs), "rules.yaml: [messages]", "reason.step_up.local")
    edit(pack / "words.yaml", lambda d: d["en"].update(
        {"reason.step_up.local": "The help you have has not made enough difference."}))
    assert problems(pack, catalogs) == []


def test_a_services_file_out_of_step_with_the_local_offer_source_is_reported(pack, catalogs):
    edit(pack / "local_offer.yaml", lambda d: d["services"][0].update(description="Changed."))
    one_problem(problems(pack, catalogs), "services.json: [local offer]",
                "is not the feed local_offer.yaml builds")


def test_a_local_offer_service_without_a_way_in_is_refused(pack, catalogs):
    def no_way_in(source):
        for key in ("url", "email", "phones", "ask"):
            source["services"][0].pop(key, None)
    edit(pack / "local_offer.yaml", no_way_in)
    one_problem(problems(pack, catalogs), "local_offer.yaml: [local offer]", "no way in")


def test_meetings_must_cover_every_district(pack, catalogs):
    edit(pack / "meetings.yaml", lambda d: d["districts"].pop("syn1_d"))
    one_problem(problems(pack, catalogs), "meetings.yaml", "missing ['syn1_d']")


def test_a_further_pack_lives_in_a_folder_named_after_its_id(tmp_path, catalogs):
    folder = write_synthetic_pack(tmp_path / "areas", 3)
    folder.rename(tmp_path / "areas" / "north")
    one_problem(problems(tmp_path / "areas" / "north", catalogs),
                "the pack's id is 'synthetic_3' but its folder is 'north'")


def test_a_next_step_whose_condition_does_not_compile_is_reported(pack, catalogs):
    edit(pack / "next_steps.yaml", lambda steps: steps[0].update(
        shows={"profile": "has_ehcp", "is": True}))
    one_problem(problems(pack, catalogs), "[area]", "next_steps.yaml: annual_review")


def test_the_deployment_is_the_home_pack_and_each_folder_of_areas(tmp_path, monkeypatch):
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, flows)
    further = write_synthetic_pack(flows / "areas", 4)
    (flows / "areas" / ".drafts").mkdir()
    assert deployment_pack_folders(flows) == [
        flows / "area", flows / "areas" / "south_gloucestershire", further]
    monkeypatch.setenv("PATHWAY_FLOWS_DIR", str(flows))
    result = CliRunner().invoke(cli, ["area", "check"])
    assert result.exit_code == 0, result.output
    assert "gloucestershire is valid" in result.output
    assert "synthetic_4 is valid" in result.output


def test_the_command_passes_on_the_deployment_and_summarises_each_pack():
    result = CliRunner().invoke(cli, ["area", "check"])
    assert result.exit_code == 0, result.output
    assert "gloucestershire is valid (6 districts" in result.output


def test_the_command_checks_the_packs_it_is_given(pack):
    result = CliRunner().invoke(cli, ["area", "check", str(HOME_PACK), str(pack)])
    assert result.exit_code == 0, result.output
    assert f"{pack}: synthetic_1 is valid (4 districts" in result.output


def test_a_pack_named_twice_is_checked_once(pack):
    result = CliRunner().invoke(cli, ["area", "check", str(pack), f"{pack}/", str(HOME_PACK)])
    assert result.exit_code == 0, result.output
    assert result.output.count("synthetic_1 is valid") == 1


def test_the_command_exits_non_zero_listing_each_problem(tmp_path):
    first, second = (write_synthetic_pack(tmp_path, n) for n in (1, 2))
    edit(first / "contacts.yaml", lambda d: d["childline"].pop("last_verified"))
    edit(second / "area.yaml", lambda d: d.update(hosts=["area1.example"]))
    result = CliRunner().invoke(cli, ["area", "check", str(first), str(second)])
    assert result.exit_code == 1
    assert "childline: add last_verified" in result.output
    assert "the host name 'area1.example' is used by more than one pack" in result.output
    assert "2 problem(s) in 2 area pack(s)" in result.output
