"""Support people rarely ask for by name is local data (flows/area/might_not_know.yaml)."""

from __future__ import annotations

import pytest
import yaml

from pathway_bot import PROJECT_ROOT
from pathway_bot.assessment.profile import NeedsProfile
from pathway_bot.directory.signposting import ProfileFacts

AREA_DIR = PROJECT_ROOT / "flows" / "area"
ENTRIES = yaml.safe_load((AREA_DIR / "might_not_know.yaml").read_text(encoding="utf-8"))


def _fits(area, code: str, **profile) -> bool:
    support = {item.code: item for item in area.lesser_known_support}
    return support[code].fits(ProfileFacts(NeedsProfile(**profile)))


def test_every_entry_has_its_words_in_each_language(catalogs):
    for entry in ENTRIES:
        for locale in catalogs.locales:
            text = catalogs.text(f"signpost.might.{entry['code']}", locale)
            assert text and text != f"signpost.might.{entry['code']}", (entry["code"], locale)


@pytest.mark.parametrize("code, profile, offered", [
    ("sendiass", {"age": 3, "respondent": "parent_carer"}, True),
    ("parent_carer_forum", {"age": 10, "respondent": "parent_carer"}, True),
    ("parent_carer_forum", {"age": 19, "respondent": "young_person"}, False),
    ("young_carers", {"age": 11, "respondent": "parent_carer",
                      "needs": {"caring_responsibilities": 1}}, True),
    ("young_carers", {"age": 11, "respondent": "parent_carer",
                      "needs": {"family_circumstances": 1}}, False),
    ("short_breaks", {"age": 9, "respondent": "parent_carer",
                      "needs": {"communication_interaction": 3}}, True),
    ("short_breaks", {"age": 20, "respondent": "young_person", "needs": {"health": 3}}, False),
    ("preparing_for_adulthood", {"age": 14, "respondent": "young_person"}, True),
    ("preparing_for_adulthood", {"age": 13, "respondent": "parent_carer"}, False),
])
def test_each_is_offered_to_the_children_it_fits(area, code, profile, offered):
    assert _fits(area, code, **profile) is offered
