"""The stateless assessments API: a needs profile in, the outcome of SPEC section 4 out."""

from __future__ import annotations

import pytest

from tests.api.helpers import PROBLEM
from tests.unit.conftest import VIGNETTES


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:40])
def test_each_vignette_gets_its_expected_outcome(client, vignette):
    response = client.post("/api/v1/assessments", json=vignette["profile"])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    expected = vignette["expected"]
    assert (body["outcome"], body["tier"], body["request_for_support"]["eligible"]) == (
        expected["outcome"], expected["tier"], expected["eligible"])


def test_the_outcome_has_the_documented_shape(client):
    body = client.post("/api/v1/assessments", json=VIGNETTES[3]["profile"]).get_json()
    assert {"outcome", "tier", "tier_level", "request_for_support", "reasons", "profile",
            "services"} <= set(body)
    assert set(body["profile"]["needs"]) == {
        "communication_interaction", "cognition_learning", "social_emotional_mental_health",
        "sensory_physical", "health", "family_circumstances", "education_participation",
        "caring_responsibilities", "preparing_for_adulthood"}


def test_a_postcode_finds_the_district(client):
    profile = {"age": 7, "respondent": "parent_carer", "postcode": "gl5 1aa"}
    body = client.post("/api/v1/assessments", json=profile).get_json()
    assert body["profile"]["district"] == "stroud"


@pytest.mark.parametrize(("change", "field"), [
    ({"age": -1}, "age"),
    ({"age": "7"}, "age"),
    ({"age": 7.5}, "age"),
    ({"respondent": "grandparent"}, "respondent"),
    ({"needs": {"health": 5}}, "needs"),
    ({"needs": {"wellbeing": 2}}, "needs"),
    ({"support_tried": "lots"}, "support_tried"),
    ({"consent_to_share": "yes"}, "consent_to_share"),
    ({"district": "bristol"}, "district"),
    ({"district": None, "postcode": "BS1 4DJ"}, "postcode"),
    ({"district": "cheltenham", "postcode": "GL5 1AA"}, "district"),
    ({"surname": "Smith"}, "surname"),
])
def test_bad_profiles_are_refused_with_the_field_named(client, change, field):
    profile = {"age": 7, "respondent": "parent_carer", "district": "stroud", **change}
    response = client.post("/api/v1/assessments", json=profile)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert field in response.get_json()["errors"]


def test_a_boundary_postcode_without_a_district_asks_for_one(client):
    profile = {"age": 7, "respondent": "parent_carer", "postcode": "GL2 4AA"}
    response = client.post("/api/v1/assessments", json=profile)
    assert response.status_code == 422
    assert "district" in response.get_json()["errors"]
