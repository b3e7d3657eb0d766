"""`pathway-bot create-user`, `disable-user`, `reset-user` and `list-users`: staff accounts
for the allocations console, from the command line only."""

from __future__ import annotations

import click

from pathway_bot.area_routing import area_slug
from pathway_bot.commands.keys import _fail, _runtime, area_option
from pathway_bot.errors import PathwayError
from pathway_bot.staff import ROLES, SetUpLink


def _link(created: SetUpLink, area: str | None) -> str:
    """Under the area's path prefix, unless it is the home area or hosts fix the area."""
    runtime = _runtime(area)
    base = runtime.config.notifications.public_url.rstrip("/")
    home = runtime.deployment.home.area.id
    prefix = f"/{area_slug(area)}" if area and area != home \
        and not runtime.config.route_by_host else ""
    return f"{base}{prefix}/console/set-up/{created.token}"


@click.command("create-user")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--district", "districts", required=True, multiple=True,
              help="A district the person works for; repeat for more than one.")
@click.option("--email", required=True)
@click.option("--name", required=True, help="The person's name, as requests' histories show it.")
@area_option
def create_user_command(role: str, districts: tuple[str, ...], email: str, name: str,
                        area: str | None) -> None:
    """Create a staff account and print its one-time set-up link (valid for 72 hours)."""
    runtime = _runtime(area)
    with runtime.database.session() as session:
        try:
            created = runtime.staff.create(session, role=role, districts=districts,
                                           email=email, name=name)
        except PathwayError as error:
            _fail(error)
        account = created.account
        click.echo(f"Created {account.role} {account.email} for "
                   f"{', '.join(account.district_ids)}: {account.name}.")
        click.echo("Send them this one-time set-up link (it works once, for 72 hours):")
        click.echo(_link(created, area))


@click.command("disable-user")
@click.option("--email", required=True)
@area_option
def disable_user_command(email: str, area: str | None) -> None:
    """Stop a person signing in; any session they have ends at once."""
    runtime = _runtime(area)
    with runtime.database.session() as session:
        try:
            account = runtime.staff.disable(session, email)
        except PathwayError as error:
            _fail(error)
        click.echo(f"Disabled {account.email}.")


@click.command("reset-user")
@click.option("--email", required=True)
@area_option
def reset_user_command(email: str, area: str | None) -> None:
    """A lost phone or password: forget the password, authenticator and recovery codes, end
    every session, and print a new one-time set-up link."""
    runtime = _runtime(area)
    with runtime.database.session() as session:
        try:
            created = runtime.staff.reset(session, email)
        except PathwayError as error:
            _fail(error)
        click.echo(f"Reset {created.account.email}. Send them this one-time set-up link:")
        click.echo(_link(created, area))


@click.command("list-users")
@area_option
def list_users_command(area: str | None) -> None:
    """List staff accounts of an area: email, role, districts, state. Never a secret."""
    runtime = _runtime(area)
    with runtime.database.session() as session:
        for account in runtime.staff.list_accounts(session):
            state = ("disabled" if not account.active else
                     "set up" if account.enrolled_at else "waiting for set-up")
            click.echo("\t".join([account.email, account.role, ",".join(account.district_ids),
                                  state, account.name]))


COMMANDS = (create_user_command, disable_user_command, reset_user_command,
            list_users_command)
