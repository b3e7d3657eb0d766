"""The real `pathway-bot worker`, killed (SIGKILL) mid-batch and restarted while it sends to a
real SMTP server: nothing lost, and no more duplicates than kills."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from pathway_bot import PROJECT_ROOT
from tests.conftest import POSTGRES_URL


def _bench():
    # bench/ is scripts, not a package: load the drill by its path, under a name of its own.
    spec = importlib.util.spec_from_file_location("bench_outbox",
                                                  PROJECT_ROOT / "bench" / "outbox.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


pytestmark = pytest.mark.load


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_worker_killed_three_times_loses_nothing(database):
    if database == "postgresql" and not POSTGRES_URL:
        pytest.skip("set PATHWAY_TEST_DATABASE_URL to run against PostgreSQL")
    result = _bench().run_drill(messages=300, kills=3,
                       database_url=POSTGRES_URL if database == "postgresql" else None,
                       timeout_seconds=240)
    assert result.lost == 0
    assert result.duplicates <= result.kills
