from __future__ import annotations

import json

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.area import load_area
from pathway_bot.assessment import load_rules
from pathway_bot.engine import Engines
from pathway_bot.flows import load_flow_registry
from pathway_bot.i18n import catalogs_for

FLOWS_DIR = PROJECT_ROOT / "flows"
VIGNETTES = json.loads((PROJECT_ROOT / "tests" / "data" / "vignettes.json").read_text())


@pytest.fixture(scope="session")
def area():
    return load_area(FLOWS_DIR / "area")


@pytest.fixture(scope="session")
def rules():
    return load_rules(FLOWS_DIR / "rules.yaml")


@pytest.fixture(scope="session")
def catalogs():
    return catalogs_for(PROJECT_ROOT / "locales")


@pytest.fixture(scope="session")
def engines(area):
    return Engines(load_flow_registry(FLOWS_DIR), area)


# The safety net's recall and false-alarm figures, shown in every run's summary (the tests
# in test_safety_net.py fill them in).
SAFETY_FIGURES = pytest.StashKey[dict]()


@pytest.fixture
def safety_figures(request) -> dict:
    return request.config.stash.setdefault(SAFETY_FIGURES, {})


def pytest_terminal_summary(terminalreporter, config):
    results = config.stash.get(SAFETY_FIGURES, {})
    if not results:
        return
    terminalreporter.section("safety net: recall and false alarms")
    for name, r in results.items():
        terminalreporter.write_line(
            f"{name}: recall {r['recall']:.1%} ({r['caught']}/{r['concerning']}), "
            f"false alarms {r['false_alarm_rate']:.1%} ({r['false_alarms']}/{r['harmless']}), "
            f"kind right {r['kind_right']}/{r['caught']}")
