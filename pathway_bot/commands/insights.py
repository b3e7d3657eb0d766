"""`pathway-bot insights roll-up`: bring the anonymous rows insights count up to date now.

The insights pages do it themselves when their last roll-up is over a minute old; run this
from cron (or after an import) to keep the pages from ever paying for it."""

from __future__ import annotations

import click

from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.runtime import Runtime


def _runtime() -> Runtime:
    given = click.get_current_context().obj
    if isinstance(given, Runtime):
        return given
    built = Runtime.from_environment()
    upgrade_schema(built.database.engine)
    return built


@click.group("insights")
def insights_group() -> None:
    """Insights for service managers."""


@insights_group.command("roll-up")
def roll_up_command() -> None:
    """Make or refresh the anonymous row of every conversation that moved since its last."""
    runtime = _runtime()
    with runtime.database.session() as session:
        done = runtime.insights.roll_up(session)
    click.echo(f"Brought {done} conversation(s) up to date for insights.")
