"""The `pathway-bot` command."""

from __future__ import annotations

import sys

import click

from pathway_bot.config import config_from_environment
from pathway_bot.runtime import Runtime


def build_runtime() -> Runtime:
    return Runtime.build(config_from_environment())


@click.group(name="pathway-bot", help="Pathway Bot: guided assessment and signposting.")
def cli() -> None:
    pass


@cli.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the schema and load the default data; safe to run again."""
    from pathway_bot.bootstrap import init_database

    runtime = build_runtime()
    init_database(runtime)
    click.echo(f"Database ready ({runtime.database.dialect}).")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def serve_command(host: str, port: int, workers: int) -> None:
    """Create or upgrade the database, load the default data, serve the web chat and API."""
    from pathway_bot.bootstrap import init_database

    init_database(build_runtime())
    click.echo(f"Pathway Bot on http://{host}:{port}/  (API: /api/v1/openapi.json)")
    from pathway_bot import PROJECT_ROOT

    argv = ["gunicorn", "--chdir", str(PROJECT_ROOT), "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--access-logformat", '%(m)s %(U)s %(s)s %(M)sms',
            "wsgi:app"]
    from gunicorn.app.wsgiapp import run

    sys.argv = argv
    run()


def _register_subcommands() -> None:
    from pathway_bot.directory.cli import services_group
    from pathway_bot.flows.cli import flows_group

    cli.add_command(flows_group)
    cli.add_command(services_group)


_register_subcommands()


def main() -> None:
    cli()
