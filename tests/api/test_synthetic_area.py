"""A third area, made by the test as a council would make its pack, runs end to end: a
family finds it by postcode, raises a request, and its coordinator pulls and claims it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.cli import cli
from tests.api.helpers import Chat
from tests.requests_factories import create_child
from tests.support.synthetic_packs import write_synthetic_pack

PROFILE = {"age": 8, "postcode": "QA3A 1AA", "district": "syn3_a",
           "respondent": "parent_carer", "consent_to_share": True,
           "needs": {"communication_interaction": 3, "cognition_learning": 2}}


@pytest.fixture
def three_areas(config, tmp_path):
    pack = write_synthetic_pack(tmp_path / "packs", 3)
    app = create_app(config.with_overrides(area_packs=(pack,)))
    init_database(app.extensions["pathway_bot"])  # its sample Local Offer loaded
    yield app
    app.extensions["pathway_bot"].database.dispose()


def test_a_third_area_runs_end_to_end(three_areas):
    client, runtime = three_areas.test_client(), three_areas.extensions["pathway_bot"]
    assert "synthetic_3" in runtime.deployment.runtimes
    chat = Chat(client)
    outcome = chat.walk(PROFILE, runtime.engines.get("family"))
    assert outcome["tier"] == "early_intervention"
    assert outcome["services"], "its own Local Offer is signposted"
    receipt = client.post(f"{chat.url}/request-for-support", headers=chat.headers,
                          json={"contact": {"name": "Sam", "phone": "07700 900123",
                                            "preferred_contact_method": "phone"},
                                "consent": True, "child": create_child(8)})
    assert receipt.status_code == 201, receipt.get_json()
    assert receipt.get_json()["district"] == "syn3_a"

    made = CliRunner().invoke(cli, ["create-key", "--role", "coordinator", "--district",
                                    "syn3_a", "--name", "Synthetic 3", "--area",
                                    "synthetic_3"], obj=runtime)
    assert made.exit_code == 0, made.output
    headers = {"Authorization": f"Bearer {made.output.strip().splitlines()[-1]}"}
    queued = client.get("/api/v1/requests?status=queued", headers=headers).get_json()
    assert [item["district"] for item in queued["items"]] == ["syn3_a"]
    claimed = client.post(f"/api/v1/requests/{queued['items'][0]['id']}/claim",
                          headers=headers)
    assert claimed.status_code == 200, claimed.get_json()


def test_an_area_whose_prefix_would_hide_the_service_s_own_pages_is_refused(config, tmp_path):
    import yaml

    from pathway_bot.errors import FlowError

    pack = write_synthetic_pack(tmp_path / "packs", 4)
    area_file = pack / "area.yaml"
    area = yaml.safe_load(area_file.read_text())
    area["id"] = "console"
    area_file.write_text(yaml.safe_dump(area))
    with pytest.raises(FlowError, match="also paths of the service"):
        create_app(config.with_overrides(area_packs=(pack,)))
