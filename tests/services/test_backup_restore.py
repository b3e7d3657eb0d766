"""`pathway-bot backup FILE` and `restore FILE`: a populated database backed up and restored
into a fresh one has every conversation and request; backups are readable by their owner
only; restore will not overwrite a database unless told to, and brings the schema up to date.
"""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from pathway_bot.bootstrap import init_database
from pathway_bot.cli import cli
from pathway_bot.persistence.backup import DatabaseNotEmpty, backup_database, restore_database
from pathway_bot.persistence.migrate import downgrade_schema
from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.runtime import Runtime
from tests.conftest import build_test_config
from tests.requests_factories import create_request
from tests.support.databases import POSTGRES_URL, throwaway_database


def populate(url: str, folder) -> dict:
    """Three conversations and two requests; returns what a restore must find."""
    runtime = Runtime.build(build_test_config(url, folder))
    init_database(runtime)
    conversations = [runtime.conversations.start(flow="family", locale="en")[0].conversation.id
                     for _ in range(3)]
    with runtime.database.session() as session:
        references = [create_request(session, runtime).reference for _ in range(2)]
        session.commit()
    runtime.database.dispose()
    return {"conversations": sorted(conversations), "references": sorted(references)}


def contents(url: str, folder) -> dict:
    runtime = Runtime.build(build_test_config(url, folder))
    with runtime.database.session() as session:
        found = {"conversations": sorted(session.scalars(select(Conversation.id))),
                 "references": sorted(session.scalars(select(SupportRequest.reference)))}
    runtime.database.dispose()
    return found


def run(*arguments: str, url: str):
    return CliRunner().invoke(cli, list(arguments), env={"PATHWAY_DATABASE_URL": url})


def test_a_sqlite_backup_restored_into_a_fresh_database_has_everything(tmp_path):
    source = f"sqlite:///{tmp_path / 'live.db'}"
    stored = populate(source, tmp_path)
    backup = tmp_path / "pathway.backup"
    assert run("backup", str(backup), url=source).exit_code == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = run("restore", str(backup), url=fresh)
    assert result.exit_code == 0, result.output
    assert contents(fresh, tmp_path) == stored


def test_a_backup_file_is_readable_by_its_owner_only_even_over_an_older_file(tmp_path):
    source = f"sqlite:///{tmp_path / 'live.db'}"
    populate(source, tmp_path)
    backup = tmp_path / "pathway.backup"
    backup.write_text("an older, world-readable file")
    os.chmod(backup, 0o644)
    backup_database(source, backup)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path):
    source = f"sqlite:///{tmp_path / 'live.db'}"
    stored = populate(source, tmp_path)
    backup = tmp_path / "pathway.backup"
    backup_database(source, backup)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    populate(other, tmp_path)

    refused = run("restore", str(backup), url=other)
    assert refused.exit_code != 0 and "--force" in refused.output
    assert contents(other, tmp_path) != stored
    forced = run("restore", "--force", str(backup), url=other)
    assert forced.exit_code == 0, forced.output
    assert contents(other, tmp_path) == stored


def test_restore_brings_an_older_backup_up_to_the_current_schema(tmp_path):
    source = f"sqlite:///{tmp_path / 'old.db'}"
    stored = populate(source, tmp_path)
    runtime = Runtime.build(build_test_config(source, tmp_path))
    downgrade_schema(runtime.database.engine, "0011")  # as the release before this one
    runtime.database.dispose()
    backup = tmp_path / "old.backup"
    backup_database(source, backup)
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    restore_database(fresh, backup)
    assert contents(fresh, tmp_path) == stored
    runtime = Runtime.build(build_test_config(fresh, tmp_path))
    with runtime.database.connection() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version"
                                          ).scalar() == "0017"
    runtime.database.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs PATHWAY_TEST_DATABASE_URL")
def test_a_postgresql_backup_restored_into_a_fresh_database_has_everything(tmp_path):
    with throwaway_database() as source, throwaway_database() as fresh:
        stored = populate(source, tmp_path)
        backup = tmp_path / "pathway.dump"
        made = run("backup", str(backup), url=source)
        assert made.exit_code == 0, made.output
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert backup.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
        restored = run("restore", str(backup), url=fresh)
        assert restored.exit_code == 0, restored.output
        assert contents(fresh, tmp_path) == stored


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs PATHWAY_TEST_DATABASE_URL")
def test_a_postgresql_restore_over_a_populated_database_needs_force(tmp_path):
    with throwaway_database() as source, throwaway_database() as other:
        stored = populate(source, tmp_path)
        backup = tmp_path / "pathway.dump"
        backup_database(source, backup)
        populate(other, tmp_path)
        with pytest.raises(DatabaseNotEmpty):
            restore_database(other, backup)
        restore_database(other, backup, force=True)
        assert contents(other, tmp_path) == stored
        count = contents(other, tmp_path)
        assert len(count["conversations"]) == 3


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_text("not a database")
    result = run("restore", str(junk), url=f"sqlite:///{tmp_path / 'fresh.db'}")
    assert result.exit_code != 0 and "not a SQLite database" in result.output
