"""South Gloucestershire's area pack (flows/areas/south_gloucestershire): it loads with the
area loader, a BS postcode reaches its one front door, its ids never meet Gloucestershire's,
its contacts and services are all sourced, and its own vignettes get SPEC section 4's outcomes."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from pathway_bot import PROJECT_ROOT
from pathway_bot.area import load_area
from pathway_bot.area.lifecycle import load_lifecycle
from pathway_bot.area.meetings import load_meeting_calendar
from pathway_bot.assessment import NeedsProfile, decide, load_rules
from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.checks.area import check_contacts
from pathway_bot.directory.importing import DEFAULT_SERVICES_FILE, SAMPLE_NOTICE
from pathway_bot.directory.local_offer_source import SOURCE_FILE, read_source
from pathway_bot.directory.oruk_export import export_feed
from pathway_bot.directory.oruk_import import AreaNames
from pathway_bot.directory.taxonomy import FAMILIES, YOUNG_PEOPLE
from pathway_bot.engine import Engines
from pathway_bot.flows import load_flow_registry
from pathway_bot.insights.settings import load_insight_settings
from pathway_bot.safety.lexicon import read_lexicon
from tests.support import readability
from tests.unit.test_engine import walk

PACK = PROJECT_ROOT / "flows" / "areas" / "south_gloucestershire"
GLOUCESTERSHIRE = PROJECT_ROOT / "flows" / "area"
VIGNETTES = json.loads(
    (PROJECT_ROOT / "tests" / "data" / "vignettes_south_gloucestershire.json").read_text())
TIER_IDS = ("universal", "early_help", "early_intervention", "targeted")
# South Gloucestershire's tier names, from its 0-25 SEND consultation (shared/seeds/004).
TIER_LABELS = {"universal": "Universal", "early_help": "Prevention and early help",
               "early_intervention": "Early intervention", "targeted": "Targeted support"}
FIVE_STAGES = ("initial_contact", "assess_and_decide", "agree_and_allocate", "plan",
               "review_and_learn")


def read(name: str):
    return yaml.safe_load((PACK / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def area():
    return load_area(PACK)


@pytest.fixture(scope="module")
def words() -> dict:
    return read("words.yaml")


@pytest.fixture(scope="module")
def names(area, words) -> AreaNames:
    english = words["en"]
    return AreaNames({d.id: english[d.name] for d in area.districts}, english[area.name],
                     area_id=area.id)


@pytest.fixture(scope="module")
def local_offer(names):
    return read_source(PACK / SOURCE_FILE, names)


def test_the_pack_loads_as_south_gloucestershire(area, words):
    assert area.id == "south_gloucestershire"
    assert words["en"][area.name] == "South Gloucestershire"
    assert area.find_your_council_url == "https://www.gov.uk/find-local-council"
    assert area.local_offer_url.startswith("https://find-information-for-adults-children-families"
                                           ".southglos.gov.uk/")


def test_it_is_served_at_its_own_host_name():
    assert read("area.yaml")["hosts"] == ["southglos.example"]


def test_every_locality_sends_its_requests_to_the_one_front_door(area):
    front_door = read("area.yaml")["front_door"]
    assert front_door["contact"] in area.contacts
    assert {d.allocations_group for d in area.districts} == {front_door["name"]}


def test_kingswood_civic_centre_is_in_south_gloucestershire(area, words):
    match = area.match_postcode("BS15 9TR")
    assert match.districts == ("sg_kingswood",)
    district = area.district("sg_kingswood")
    assert words["en"][district.allocations_group] == "First Point team"


def test_a_yate_postcode_is_routed_at_once(area):
    match = area.match_postcode("BS37 5AA")
    assert (match.kind, match.district) == ("district", "sg_yate")


def test_a_gloucester_postcode_is_outside_south_gloucestershire(area):
    assert area.match_postcode("GL1 2EH").kind == "outside"


@pytest.mark.parametrize("code", ["GL9", "GL12"])
def test_codes_shared_with_gloucestershire_are_in_both_packs_and_ask(area, code):
    gloucestershire = load_area(GLOUCESTERSHIRE)
    for pack in (area, gloucestershire):
        match = pack.match_postcode(code)
        assert match.kind == "choose" and match.includes_outside, pack.id


def test_no_locality_id_is_one_of_gloucestershires(area):
    gloucestershire = set(load_area(GLOUCESTERSHIRE).district_ids)
    assert gloucestershire.isdisjoint(area.district_ids)
    assert all(d.startswith("sg_") for d in area.district_ids)


def test_every_contact_is_sourced_quoted_dated_and_aged():
    assert list(check_contacts(PACK / "contacts.yaml")) == []


def test_a_child_at_risk_is_shown_999_and_the_councils_front_door(area):
    shown = [c.id for c in area.contacts_for("safeguarding", age=7)]
    assert shown[:2] == ["emergency", "safeguarding_front_door"]
    assert area.contacts["safeguarding_front_door"].phone == "01454 866000"


def test_the_rules_are_spec_fours_marked_to_confirm():
    own, default = read("rules.yaml"), yaml.safe_load(
        (PROJECT_ROOT / "flows" / "rules.yaml").read_text(encoding="utf-8"))
    assert own.pop("confirm") is True
    assert own == default
    load_rules(PACK / "rules.yaml")


def test_its_tier_names_are_labels_for_spec_fours_four_tier_ids(words):
    assert {tier: words["en"][f"tier.{tier}"] for tier in TIER_IDS} == TIER_LABELS


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:50])
def test_every_south_gloucestershire_vignette_gets_its_expected_outcome(vignette, area):
    profile = vignette["profile"]
    assert profile["district"] in area.district_ids
    if profile.get("postcode"):
        assert area.postcode_fits(profile["postcode"], profile["district"])
    decision = decide(NeedsProfile.from_dict(profile), load_rules(PACK / "rules.yaml"))
    expected = vignette["expected"]
    assert (decision.outcome, decision.tier, decision.eligible) == (
        expected["outcome"], expected["tier"], expected["eligible"])


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:50])
def test_walking_a_vignette_through_its_flow_in_south_gloucestershire_gives_its_outcome(
        vignette, area):
    engines = Engines(load_flow_registry(PROJECT_ROOT / "flows"), area)
    flow = engines.registry.flow_for_respondent(vignette["profile"]["respondent"])
    result = walk(engines.get(flow.name), vignette["profile"])
    # Safeguarding and out-of-scope answers end the chat before the locality is asked.
    district = vignette["profile"]["district"]
    assert result.profile.get("district", district) == district
    decision = decide(NeedsProfile.from_dict(result.profile), load_rules(PACK / "rules.yaml"))
    expected = vignette["expected"]
    assert (decision.outcome, decision.tier, decision.eligible) == (
        expected["outcome"], expected["tier"], expected["eligible"])


def test_the_vignettes_cover_each_outcome_and_tier():
    outcomes = {(v["expected"]["outcome"], v["expected"]["tier"]) for v in VIGNETTES}
    assert {("safeguarding", None), ("out_of_scope", None)} <= outcomes
    assert {tier for _, tier in outcomes if tier} == set(TIER_IDS)
    assert 8 <= len(VIGNETTES) <= 12


def test_the_lifecycle_has_the_five_stages_over_the_same_statuses(words, catalogs):
    lifecycle = load_lifecycle(PACK)
    assert tuple(stage.id for stage in lifecycle.stages) == FIVE_STAGES
    assert lifecycle.statuses == load_lifecycle(GLOUCESTERSHIRE).statuses
    assert all(t.confirm for t in lifecycle.response_times.values())
    for label in lifecycle.message_ids():
        assert label in words["en"] or catalogs.has(label), label


def test_the_triage_rota_covers_every_locality_and_is_marked_to_confirm(area):
    calendar = load_meeting_calendar(PACK, area.district_ids)
    assert all(calendar.schedule(d).confirm for d in area.district_ids)
    # Weekly on Tuesdays; one on a bank holiday (Boxing Day's substitute, Tuesday 28 December
    # 2027) moves to the next working day rather than waiting a week.
    assert calendar.next_meeting("sg_kingswood", date(2026, 12, 23)) == date(2026, 12, 29)
    assert calendar.next_meeting("sg_kingswood", date(2027, 12, 22)) == date(2027, 12, 29)


def test_bank_holidays_are_englands_as_gloucestershires_are():
    assert read("bank_holidays.yaml") == yaml.safe_load(
        (GLOUCESTERSHIRE / "bank_holidays.yaml").read_text(encoding="utf-8"))


def test_the_insight_settings_and_safety_words_load():
    load_insight_settings(PACK / "insights.yaml")
    lexicon = read_lexicon(PACK / "safety_lexicon.yaml")
    assert lexicon.review.reviewed_by is None
    assert "South Gloucestershire" in lexicon.review.status


def test_every_local_offer_record_passes_its_checks(local_offer):
    assert local_offer.problems == []
    local = [s for s in local_offer.services if not s.national]
    assert len(local) >= 14
    assert local_offer.withheld and all(item["reason"] for item in local_offer.withheld)


def test_the_shipped_services_file_is_the_one_the_source_builds(local_offer):
    shipped = json.loads((PACK / DEFAULT_SERVICES_FILE).read_text(encoding="utf-8"))
    built = export_feed(local_offer.services,
                        extra={"sample_data": True, "notice": SAMPLE_NOTICE})
    assert shipped == json.loads(json.dumps(built)), "rebuild services.json from local_offer.yaml"


def test_the_local_offer_covers_every_need_area_locality_and_age(local_offer, area):
    services = local_offer.services
    assert {n for s in services for n in s.needs} == set(NEED_AREAS)
    assert {d for s in services for d in s.districts} == set(area.district_ids)
    for age in range(26):
        assert any(s.covers_age(age) and s.audiences & {FAMILIES} for s in services), age


def test_every_family_service_quotes_its_way_in(local_offer):
    for service in local_offer.services:
        if service.audiences & {FAMILIES, YOUNG_PEOPLE}:
            assert service.has_way_in, service.name
            digits = "".join(c for c in service.source_quote if c.isdigit())
            for phone in service.all_phones:
                assert "".join(c for c in phone.number if c.isdigit()) in digits, service.name


def test_every_new_message_id_of_the_pack_has_its_words(area, words, catalogs):
    used = {area.name, *(d.name for d in area.districts),
            *(d.allocations_group for d in area.districts),
            *(c.name for c in area.contacts.values()),
            *(c.description for c in area.contacts.values())}
    missing = sorted(m for m in used if m not in words["en"] and not catalogs.has(m))
    assert missing == []
    assert set(words["cy"]) == set(words["en"])


def test_the_words_for_families_are_plain(words):
    hard = {mid: text for mid, text in words["en"].items()
            if "professional" not in mid and "practitioner" not in mid
            and readability.words(text) >= 6 and readability.grade(text) > 8}
    assert hard == {}
