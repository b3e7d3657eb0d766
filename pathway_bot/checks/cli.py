"""`pathway-bot flows check`."""

from __future__ import annotations

import sys

import click

from pathway_bot.checks import check_flows
from pathway_bot.config import config_from_environment
from pathway_bot.i18n import load_catalogs


@click.command("check")
def check_command() -> None:
    """Validate every flow, the rules and the local area; exit 1 with a report if anything
    is wrong."""
    config = config_from_environment()
    flows, problems = check_flows(config.flows_dir, load_catalogs(config.locales_dir))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {config.flows_dir}", err=True)
        sys.exit(1)
    names = ", ".join(f"{f.name} v{f.version} ({len(f.questions)} questions)" for f in flows)
    click.echo(f"All flows are valid: {names}.")
