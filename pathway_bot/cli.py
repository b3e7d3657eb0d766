"""The `pathway-bot` command."""

from __future__ import annotations

import sys
from typing import Any

import click

from pathway_bot.commands.ageing import COMMANDS as ageing_commands
from pathway_bot.commands.areas import area_group
from pathway_bot.commands.flows import flows_group
from pathway_bot.commands.insights import insights_group
from pathway_bot.commands.keys import COMMANDS as key_commands
from pathway_bot.commands.operations import COMMANDS as operations_commands
from pathway_bot.commands.operations import metrics_folder_for_workers, refuse_or_warn
from pathway_bot.commands.outbox import COMMANDS as outbox_commands
from pathway_bot.commands.outbox import worker_beside
from pathway_bot.commands.services import services_group
from pathway_bot.commands.staff import COMMANDS as staff_commands
from pathway_bot.config import Config, config_from_environment
from pathway_bot.flows import load_flow_registry
from pathway_bot.runtime import Runtime


def build_runtime() -> Runtime:
    return Runtime.from_environment()


class FlowName(click.ParamType):
    """The name of a flow on disk. The flows are read when the command runs, never at import."""

    name = "flow"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        names = load_flow_registry(config_from_environment().flows_dir).names
        if value not in names:
            self.fail(f"{value!r} is not a flow; use one of {', '.join(names)}", param, ctx)
        return str(value)


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
    """Create or upgrade the database, load the default data, erase abandoned conversations,
    serve the web chat and API, and send the outbox's messages (a worker beside the server,
    stopped with it)."""
    from pathway_bot.bootstrap import prepare_to_serve

    refuse_or_warn()
    runtime = build_runtime()
    warning = limits_warning(runtime.config, workers)
    if warning:
        click.echo(warning, err=True)
    prepare_to_serve(runtime)
    metrics_folder_for_workers(runtime.config)
    click.echo(f"Pathway Bot on http://{host}:{port}/  (API: /api/v1/openapi.json)")
    from gunicorn.app.wsgiapp import run

    sys.argv = gunicorn_argv(host, port, workers)
    with worker_beside():
        run()


def limits_warning(config: Config, workers: int) -> str | None:
    """In production, limits counted in memory are counted by each worker alone: with two
    workers a client gets twice its limit, and more with every restart."""
    if not (config.production and config.ratelimit_enabled
            and config.ratelimit_storage_uri.startswith("memory://")):
        return None
    return (f"Warning: rate limits are counted in each worker's memory ({workers} workers "
            "count apart, so clients get up to that many times their limits). Set "
            "PATHWAY_RATELIMIT_STORAGE_URI to a redis:// URL in production.")


# Each worker builds the app from the installed package, wherever the command is run from.
GUNICORN_APP = "pathway_bot.app:create_app()"


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    # No access log from gunicorn: the app writes one JSON line per request (method, route,
    # status, duration, request id; never a path, query string or body). The hooks mark a
    # worker's metrics dead when it exits.
    return ["gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers),
            "--config", "python:pathway_bot.observability.gunicorn_hooks", GUNICORN_APP]


@cli.command("chat")
@click.option("--flow", default="family", show_default=True,
              type=FlowName())
@click.option("--locale", default="en", show_default=True)
def chat_command(flow: str, locale: str) -> None:
    """Run a whole conversation at the terminal and print the outcome with reasons."""
    from pathway_bot.bootstrap import init_database
    from pathway_bot.terminal_chat import TerminalChat

    runtime = build_runtime()
    init_database(runtime)
    TerminalChat(runtime, flow, locale, ask=input, say=click.echo).run()


@cli.command("purge")
def purge_command() -> None:
    """Erase conversations untouched for longer than PATHWAY_RETENTION_DAYS (unless their
    request is still being worked on), and the personal details of requests declined or
    withdrawn more than PATHWAY_REQUEST_RETENTION_DAYS ago."""
    from pathway_bot.bootstrap import purge_expired

    runtime = build_runtime()
    purged = purge_expired(runtime)
    config = runtime.config
    click.echo(f"Erased {purged.conversations} conversation(s) older than "
               f"{config.retention_days} days.")
    click.echo(f"Erased the personal details of {purged.requests} request(s) finished more "
               f"than {config.request_retention_days} days ago.")


cli.add_command(flows_group)
cli.add_command(area_group)
cli.add_command(services_group)
cli.add_command(insights_group)
for command in (*key_commands, *outbox_commands, *staff_commands,
                *operations_commands):
    cli.add_command(command)
for command in ageing_commands:
    cli.add_command(command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
