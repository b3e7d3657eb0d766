"""`create-user`, `reset-user`, `disable-user` and `list-users`: staff accounts from the
command line, each set up through a one-time link."""

from __future__ import annotations

from click.testing import CliRunner

from pathway_bot.cli import cli


def run(runtime, *args):
    return CliRunner().invoke(cli, list(args), obj=runtime)


def _token(output: str) -> str:
    link = output.strip().splitlines()[-1]
    assert "/console/set-up/" in link
    return link.rsplit("/", 1)[1]


def test_create_user_prints_a_one_time_set_up_link(runtime):
    result = run(runtime, "create-user", "--role", "coordinator", "--district", "stroud",
                 "--email", "Sam@Example.org", "--name", "Sam Coordinator")
    assert result.exit_code == 0, result.output
    with runtime.database.session() as session:
        account = runtime.staff.for_set_up(session, _token(result.output))
        assert (account.email, account.district_ids, account.role) == (
            "sam@example.org", ("stroud",), "coordinator")
        assert account.setup_token_hash != _token(result.output)  # only its hash is kept


def test_create_user_refuses_an_unknown_role_or_district(runtime):
    assert run(runtime, "create-user", "--role", "boss", "--district", "stroud",
               "--email", "a@example.org", "--name", "A").exit_code != 0
    result = run(runtime, "create-user", "--role", "coordinator", "--district", "bristol",
                 "--email", "a@example.org", "--name", "A")
    assert result.exit_code != 0 and "district" in result.output
    assert run(runtime, "list-users").output == ""


def test_reset_user_gives_a_new_link_and_disable_user_stops_sign_in(runtime):
    run(runtime, "create-user", "--role", "service_manager", "--district", "stroud",
        "--email", "m@example.org", "--name", "Morgan Manager")
    reset = run(runtime, "reset-user", "--email", "m@example.org")
    assert reset.exit_code == 0, reset.output
    with runtime.database.session() as session:
        assert runtime.staff.for_set_up(session, _token(reset.output)).name == "Morgan Manager"
    assert run(runtime, "disable-user", "--email", "m@example.org").exit_code == 0
    assert "disabled" in run(runtime, "list-users").output
    missing = run(runtime, "disable-user", "--email", "nobody@example.org")
    assert missing.exit_code != 0 and "No account" in missing.output
