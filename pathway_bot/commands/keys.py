"""`pathway-bot create-key`, `list-keys` and `revoke-key`: API keys, from the command line only."""

from __future__ import annotations

import click

from pathway_bot.errors import PathwayError
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.requests import keys
from pathway_bot.runtime import Runtime

# Keys and accounts belong to one area: the home area's unless --area names another.
area_option = click.option("--area", "area", default=None,
                           help="The area pack's id (default: the home area).")


def _runtime(area: str | None = None) -> Runtime:
    """The runtime a caller (a test) passed as the click object, or one built from the env;
    the named area's."""
    given = click.get_current_context().obj
    if isinstance(given, Runtime):
        built = given
    else:
        built = Runtime.from_environment()
        upgrade_schema(built.database.engine)  # a key can be made before the first `serve`
    if area is not None and not built.deployment.serves(area):
        raise click.ClickException(f"No area {area!r} is served here; use one of "
                                   f"{', '.join(built.deployment.runtimes)}.")
    return built.for_area(area) if area else built


def _fail(error: PathwayError) -> None:
    problems = "; ".join(f"{field}: {', '.join(msgs)}" for field, msgs in error.errors.items())
    raise click.ClickException(f"{error.detail} {problems}".strip())


@click.command("create-key")
@click.option("--role", required=True, type=click.Choice(keys.ROLES))
@click.option("--district", "districts", required=True, multiple=True,
              help="A district the key may act for; repeat for more than one.")
@click.option("--name", required=True, help="Who or what uses the key, e.g. 'Stroud FF+'.")
@area_option
def create_key_command(role: str, districts: tuple[str, ...], name: str,
                       area: str | None) -> None:
    """Create an API key. The key is printed once, alone on the last line: keep it safe."""
    runtime = _runtime(area)
    with runtime.database.session() as session:
        try:
            key, text = keys.create_key(session, runtime.area, role=role, districts=districts,
                                        name=name, now=utcnow())
        except PathwayError as error:
            _fail(error)
        click.echo(f"Created {key.role} key {key.prefix} ({key.id}) for "
                   f"{', '.join(key.district_ids)}: {key.name}.")
        click.echo("Only its hash is stored: copy the key now, it cannot be shown again.")
        click.echo(text)


@click.command("list-keys")
def list_keys_command() -> None:
    """List keys: id, prefix, role, districts, name, and whether revoked. Never the key."""
    runtime = _runtime()
    with runtime.database.session() as session:
        for key in keys.list_keys(session):
            state = "active" if key.active else f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
            click.echo("\t".join([key.id, key.prefix, key.role, ",".join(key.district_ids),
                                  state, key.name]))


@click.command("revoke-key")
@click.argument("key_id_or_prefix")
def revoke_key_command(key_id_or_prefix: str) -> None:
    """Revoke a key by its id or prefix (see list-keys). It stops working at once."""
    runtime = _runtime()
    with runtime.database.session() as session:
        try:
            key = keys.revoke_key(session, key_id_or_prefix, now=utcnow())
        except PathwayError as error:
            _fail(error)
        click.echo(f"Revoked {key.prefix} ({key.name}).")


COMMANDS = (create_key_command, list_keys_command, revoke_key_command)
