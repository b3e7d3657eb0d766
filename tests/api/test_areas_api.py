"""One deployment, two councils: a conversation finds its area from the postcode, requests go
to that area's front door, and no area's keys see another's requests."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pathway_bot.app import create_app
from pathway_bot.cli import cli
from tests.api.helpers import PROBLEM, Chat
from tests.requests_factories import create_child

SOUTH_GLOS = "south_gloucestershire"
KINGSWOOD = {"age": 12, "postcode": "BS15 9TR", "district": "sg_kingswood",
             "respondent": "parent_carer", "consent_to_share": True,
             "needs": {"social_emotional_mental_health": 2, "education_participation": 2}}
STROUD = {**KINGSWOOD, "postcode": "GL5 1AA", "district": "stroud"}
CONTACT = {"name": "Sam", "phone": "07700 900123", "preferred_contact_method": "phone"}


def _answer_until(chat: Chat, engine, profile: dict, question: str) -> None:
    from tests.support.scripted import scripted_answer

    while chat.question != question:
        response = chat.answer(scripted_answer(engine.flow.questions[chat.question], profile))
        assert response.status_code == 200, response.get_json()


def _raise(client, chat: Chat):
    return client.post(f"{chat.url}/request-for-support",
                       json={"contact": CONTACT, "consent": True, "child": create_child(12)},
                       headers={**chat.headers, "Idempotency-Key": "areas-1"})


def _cli(runtime, *args: str):
    return CliRunner().invoke(cli, list(args), obj=runtime)


def _key(runtime, area: str, district: str, role: str = "coordinator") -> dict:
    result = _cli(runtime, "create-key", "--role", role, "--district", district,
                  "--name", f"{area} {role}", "--area", area)
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip().splitlines()[-1]}"}


def test_both_councils_are_served(runtime):
    assert set(runtime.deployment.runtimes) == {"gloucestershire", SOUTH_GLOS}
    assert runtime.for_area(SOUTH_GLOS).area.front_door is not None


def test_a_bristol_side_postcode_takes_the_conversation_to_south_gloucestershire(
        client, runtime):
    chat = Chat(client)
    engine = runtime.engines.get("family")
    _answer_until(chat, engine, KINGSWOOD, "postcode")
    chat.answer("BS15 9TR")
    assert chat.question == "district"
    offered = {option["value"] for option in chat.step["question"]["options"]}
    assert offered == set(runtime.for_area(SOUTH_GLOS).area.district_ids)
    assert "South Gloucestershire" in chat.step["question"]["text"]
    outcome = chat.walk(KINGSWOOD, engine)
    assert outcome["tier"] == "early_intervention"


def test_a_south_gloucestershire_request_goes_to_its_first_point_team(client, runtime):
    chat = Chat(client)
    chat.walk(KINGSWOOD, runtime.engines.get("family"))
    receipt = _raise(client, chat)
    assert receipt.status_code == 201, receipt.get_json()
    body = receipt.get_json()
    assert body["district"] == "sg_kingswood"
    assert "First Point" in body["description"]
    from pathway_bot.requests.service import find_request_for_conversation

    with runtime.database.session() as session:
        assert find_request_for_conversation(session, chat.id).area == SOUTH_GLOS


def test_a_south_gloucestershire_family_tracks_its_request_from_any_device(client, runtime):
    from tests.requests_factories import born_aged

    chat = Chat(client)
    chat.walk(KINGSWOOD, runtime.engines.get("family"))
    reference = _raise(client, chat).get_json()["reference"]
    tracked = client.post("/api/v1/requests/track", json={
        "reference": reference, "date_of_birth": born_aged(12)})
    assert tracked.status_code == 200, tracked.get_json()
    body = tracked.get_json()
    assert "First Point team" in body["description"]
    south = runtime.for_area(SOUTH_GLOS)
    assert south.area.local_offer_url in body["meanwhile"]


def test_the_family_s_message_names_the_first_point_team(client, runtime):
    from sqlalchemy import select

    from pathway_bot.persistence.models.outbox import OutboxMessage

    chat = Chat(client)
    chat.walk(KINGSWOOD, runtime.engines.get("family"))
    raised = client.post(f"{chat.url}/request-for-support", headers=chat.headers, json={
        "contact": {"name": "Sam", "email": "sam@example.org", "phone": "07700 900123",
                    "preferred_contact_method": "email", "safe_to_email": True,
                    "safe_to_text": True},
        "consent": True, "child": create_child(12)})
    assert raised.status_code == 201, raised.get_json()
    with runtime.database.session() as session:
        bodies = [m.body for m in session.scalars(select(OutboxMessage))]
    assert bodies and all("First Point team" in body for body in bodies)
    assert not any("allocations" in body for body in bodies)


def test_south_gloucestershire_names_its_tiers_its_own_way(client, runtime):
    chat = Chat(client)
    outcome = chat.walk(KINGSWOOD, runtime.engines.get("family"))
    assert outcome["tier"] == "early_intervention"  # SPEC section 4's id
    glos = Chat(client).walk({**KINGSWOOD, "postcode": "GL5 1AA", "district": "stroud",
                              "needs": {"social_emotional_mental_health": 2}},
                             runtime.engines.get("family"))
    sg = Chat(client).walk({**KINGSWOOD, "needs": {"social_emotional_mental_health": 2}},
                           runtime.engines.get("family"))
    assert glos["tier"] == sg["tier"] == "early_help"
    assert sg["tier_description"]["name"] == "Prevention and early help"
    assert glos["tier_description"]["name"] != "Prevention and early help"


def test_a_boundary_postcode_offers_districts_of_both_areas(client, runtime):
    chat = Chat(client)
    engine = runtime.engines.get("family")
    _answer_until(chat, engine, KINGSWOOD, "postcode")
    chat.answer("GL12 8AA")
    offered = {option["value"] for option in chat.step["question"]["options"]}
    assert {"stroud", "sg_yate"} <= offered
    chat.answer("sg_yate")
    conversation = client.get(chat.url, headers=chat.headers).get_json()
    assert conversation["answers"]["district"] == "sg_yate"


def test_a_postcode_in_neither_area_is_an_out_of_area_problem(client, runtime):
    chat = Chat(client)
    _answer_until(chat, runtime.engines.get("family"), KINGSWOOD, "postcode")
    refused = chat.answer("CF10 1AA")
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    problem = refused.get_json()
    assert problem["type"].endswith(":out-of-area")
    assert problem["find_your_council_url"] == "https://www.gov.uk/find-local-council"
    assert chat.question == "postcode"  # nothing changed


def test_a_conversation_can_start_in_the_area_the_person_chose(client, runtime):
    response = client.post("/api/v1/conversations",
                           json={"flow": "family", "area": SOUTH_GLOS})
    assert response.status_code == 201
    unknown = client.post("/api/v1/conversations", json={"flow": "family", "area": "atlantis"})
    assert unknown.status_code == 422 and unknown.mimetype == PROBLEM


def test_a_path_prefix_names_the_area(client):
    def names(path: str) -> set[str]:
        body = client.get(f"{path}/api/v1/services?per_page=50&q=local+offer").get_json()
        return {service["name"] for service in body["contents"]}

    south, home = names("/south-gloucestershire"), names("")
    assert any("South Gloucestershire" in name for name in south)
    assert not any("Gloucestershire's Local Offer" in name for name in south)
    assert any("Gloucestershire's Local Offer" in name for name in home)
    assert not any("South Gloucestershire" in name for name in home)


def test_a_stateless_assessment_is_decided_in_the_area_of_its_postcode(client):
    profile = {**{k: v for k, v in KINGSWOOD.items() if k != "district"},
               "postcode": "BS37 5AA"}  # Yate: wholly in South Gloucestershire
    outcome = client.post("/api/v1/assessments", json=profile).get_json()
    assert outcome["profile"]["district"] == "sg_yate"
    assert outcome["tier_description"]["name"] == "Early intervention"
    away = client.post("/api/v1/assessments", json={**profile, "postcode": "CF10 1AA"})
    assert away.status_code == 422 and away.get_json()["type"].endswith(":out-of-area")


# ---- isolation --------------------------------------------------------------------------

def test_a_coordinator_sees_only_their_own_areas_requests(client, runtime):
    for profile in (KINGSWOOD, STROUD):
        chat = Chat(client)
        chat.walk(profile, runtime.engines.get("family"))
        assert _raise(client, chat).status_code == 201
    sg = client.get("/api/v1/requests?status=queued",
                    headers=_key(runtime, SOUTH_GLOS, "sg_kingswood")).get_json()
    glos = client.get("/api/v1/requests?status=queued",
                      headers=_key(runtime, "gloucestershire", "stroud")).get_json()
    assert {r["district"] for r in sg["items"]} == {"sg_kingswood"}
    assert {r["district"] for r in glos["items"]} == {"stroud"}


def test_a_key_cannot_be_made_for_another_areas_district(runtime):
    result = _cli(runtime, "create-key", "--role", "coordinator", "--district", "stroud",
                  "--name", "x", "--area", SOUTH_GLOS)
    assert result.exit_code != 0 and "district" in result.output


def test_a_key_used_under_another_areas_prefix_is_refused(client, runtime):
    headers = _key(runtime, "gloucestershire", "stroud")
    refused = client.get("/south-gloucestershire/api/v1/requests?status=queued",
                         headers=headers)
    assert refused.status_code == 403 and refused.mimetype == PROBLEM


def test_a_managers_insights_and_export_hold_only_their_area(client, runtime):
    for profile in (KINGSWOOD, STROUD) * 5:  # five each: fewer are not shown
        Chat(client).walk(profile, runtime.engines.get("family"))
    with runtime.database.session() as session:
        runtime.insights.roll_up(session)
    sg_manager = _key(runtime, SOUTH_GLOS, "sg_kingswood", role="manager")
    body = client.get("/api/v1/insights", headers=sg_manager).get_json()
    assert body["area"] == SOUTH_GLOS, body
    exported = client.get("/api/v1/insights?format=csv", headers=sg_manager)
    assert exported.status_code == 200
    words = exported.get_data(as_text=True)
    assert "conversations,started,,,5" in words  # South Gloucestershire's five alone
    assert "sg_kingswood" in words and "stroud" not in words


# ---- routing by host name ---------------------------------------------------------------

@pytest.fixture
def hosted(config):
    app = create_app(config.with_overrides(route_by_host=True))
    yield app.test_client()
    app.extensions["pathway_bot"].database.dispose()


def test_an_unknown_host_is_misdirected_never_the_default_area(hosted):
    refused = hosted.post("/api/v1/conversations", json={"flow": "family"},
                          headers={"Host": "pathway.example"})
    assert refused.status_code == 421 and refused.mimetype == PROBLEM
    assert "find-local-council" in refused.get_json()["detail"]
    assert hosted.get("/livez", headers={"Host": "10.0.0.7"}).status_code == 200


def test_the_host_fixes_the_area_and_its_postcodes(hosted, runtime):
    started = hosted.post("/api/v1/conversations", json={"flow": "family"},
                          headers={"Host": "glos.example"})
    assert started.status_code == 201, started.get_json()
    body = started.get_json()
    chat_headers = {"Authorization": f"Bearer {body['token']}", "Host": "glos.example"}
    url = f"/api/v1/conversations/{body['id']}/answers"
    step = body["step"]
    from tests.support.scripted import scripted_answer

    engine = runtime.engines.get("family")
    while step["question"]["id"] != "postcode":
        question = engine.flow.questions[step["question"]["id"]]
        step = hosted.post(url, headers=chat_headers, json={
            "question": question.id, "answer": scripted_answer(question, KINGSWOOD)}
        ).get_json()["step"]
    refused = hosted.post(url, headers=chat_headers,
                          json={"question": "postcode", "answer": "BS15 9TR"})
    assert refused.status_code == 422
    assert refused.get_json()["type"].endswith(":out-of-area")


def test_an_areas_local_offer_export_holds_its_own_services_only(runtime, tmp_path):
    import json

    target = tmp_path / "south.json"
    exported = _cli(runtime, "services", "export", "--area", SOUTH_GLOS, "-o", str(target))
    assert exported.exit_code == 0, exported.output
    names = {service["name"] for service in json.loads(target.read_text())["contents"]}
    assert any("South Gloucestershire" in name for name in names)
    assert not any("Gloucestershire's Local Offer" in name for name in names)


def test_one_areas_feed_cannot_take_over_anothers_service(runtime):
    from pathway_bot.directory.oruk_export import export_feed
    from pathway_bot.directory.repository import all_services
    from pathway_bot.errors import PathwayError

    south = runtime.for_area(SOUTH_GLOS)
    with runtime.database.session() as session:
        gloucestershire_only = export_feed(all_services(session, runtime.area.district_ids)[:1])
        with pytest.raises(PathwayError) as refused:
            south.directory.import_feed(session, gloucestershire_only)
        assert "another area's" in str(refused.value.errors)
        session.rollback()
        assert all_services(session, runtime.area.district_ids)[0].id == \
            gloucestershire_only["contents"][0]["id"]
