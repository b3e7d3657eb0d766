"""A postcode finds its district; straddling codes ask; outside the county is said so."""

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.area import load_area, normalise_postcode


@pytest.fixture(scope="module")
def area():
    return load_area(PROJECT_ROOT / "flows" / "area")


def test_the_area_has_the_six_gloucestershire_districts(area):
    assert set(area.district_ids) == {"cheltenham", "cotswold", "forest_of_dean", "gloucester",
                                      "stroud", "tewkesbury"}


@pytest.mark.parametrize(("postcode", "district"), [
    ("GL5 1AA", "stroud"), ("GL1 2AB", "gloucester"), ("GL50 3XY", "cheltenham"),
    ("GL16 8AA", "forest_of_dean"),
])
def test_a_postcode_in_one_district_routes_there(area, postcode, district):
    match = area.match_postcode(normalise_postcode(postcode))
    assert match.kind == "district" and match.district == district


def test_a_postcode_that_straddles_districts_asks_the_person_to_choose(area):
    match = area.match_postcode("GL6 7AA")
    assert match.kind == "choose"
    assert set(match.districts) == {"stroud", "cotswold"}
    assert match.district is None


def test_a_postcode_on_the_county_boundary_says_it_may_be_outside(area):
    match = area.match_postcode("GL7 1AA")
    assert match.kind == "choose" and match.includes_outside
    assert match.districts == ("cotswold",)


@pytest.mark.parametrize("postcode", ["BS1 4DJ", "SW1A 1AA", "GL99 1AA"])
def test_a_postcode_outside_the_county_is_outside(area, postcode):
    match = area.match_postcode(normalise_postcode(postcode))
    assert match.kind == "outside" and match.districts == ()


def test_postcodes_are_read_however_they_are_typed():
    assert normalise_postcode(" gl5  1aa ") == "GL5 1AA"
    assert normalise_postcode("gl5") == "GL5"
    assert normalise_postcode("not a postcode") is None
