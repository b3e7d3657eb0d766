"""`pathway-bot flows check` and `pathway-bot flows graph FLOW`."""

from __future__ import annotations

import sys

import click

from pathway_bot.checks import check_flows
from pathway_bot.config import config_from_environment
from pathway_bot.flows.graph import mermaid
from pathway_bot.flows.registry import read_flows
from pathway_bot.i18n import load_catalogs


@click.group("flows")
def flows_group() -> None:
    """Validate flows, or draw one."""


@flows_group.command("check")
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


@flows_group.command("graph")
@click.argument("flow")
@click.option("--version", type=int, default=None, help="Default: the newest version.")
def graph_command(flow: str, version: int | None) -> None:
    """Print a Mermaid diagram of FLOW."""
    registry = read_flows(config_from_environment().flows_dir)
    click.echo(mermaid(registry.get(flow, version)))
