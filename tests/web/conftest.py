import pytest

from tests.web.helpers import Visitor


@pytest.fixture
def visitor(client) -> Visitor:
    return Visitor(client)


@pytest.fixture
def family_engine(runtime):
    return runtime.engines.get("family")


@pytest.fixture
def catalogs(runtime):
    return runtime.catalogs
