import hashlib

from click.testing import CliRunner
from sqlalchemy import select

from pathway_bot.cli import cli
from pathway_bot.persistence.models.requests import ApiKey


def run(runtime, *args):
    return CliRunner().invoke(cli, list(args), obj=runtime)


def test_create_key_prints_the_key_alone_on_its_last_line(runtime):
    result = run(runtime, "create-key", "--role", "coordinator", "--district", "stroud",
                 "--district", "cotswold", "--name", "Stroud and Cotswold FF+")
    assert result.exit_code == 0, result.output
    key_text = result.output.strip().splitlines()[-1]
    assert key_text.startswith("pbk_") and " " not in key_text
    with runtime.database.session() as session:
        stored = session.scalars(select(ApiKey)).one()
    assert stored.key_hash == hashlib.sha256(key_text.encode()).hexdigest()
    assert stored.district_ids == ("stroud", "cotswold")


def test_create_key_refuses_an_unknown_district(runtime):
    result = run(runtime, "create-key", "--role", "coordinator", "--district", "bristol",
                 "--name", "Nope")
    assert result.exit_code != 0
    assert "district" in result.output


def test_list_keys_never_shows_a_key(runtime):
    created = run(runtime, "create-key", "--role", "practitioner", "--district", "stroud",
                  "--name", "Example Primary")
    key_text = created.output.strip().splitlines()[-1]
    listed = run(runtime, "list-keys")
    assert "Example Primary" in listed.output and "active" in listed.output
    assert key_text not in listed.output


def test_revoke_key_by_prefix_marks_it_revoked(runtime):
    created = run(runtime, "create-key", "--role", "coordinator", "--district", "stroud",
                  "--name", "Stroud")
    prefix = created.output.strip().splitlines()[-1][:12]
    assert run(runtime, "revoke-key", prefix).exit_code == 0
    assert "revoked" in run(runtime, "list-keys").output


def test_revoking_an_unknown_key_fails_clearly(runtime):
    result = run(runtime, "revoke-key", "pbk_nothing")
    assert result.exit_code != 0 and "list-keys" in result.output
