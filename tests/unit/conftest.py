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
