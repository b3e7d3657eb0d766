"""`pathway-bot flows graph FLOW`. (`flows check` needs the decision rules and the area too:
it is pathway_bot.checks's, added to this group by the command's root.)"""

from __future__ import annotations

import click

from pathway_bot.config import config_from_environment
from pathway_bot.flows.graph import mermaid
from pathway_bot.flows.registry import read_flows


@click.group("flows")
def flows_group() -> None:
    """Validate flows, or draw one."""


@flows_group.command("graph")
@click.argument("flow")
@click.option("--version", type=int, default=None, help="Default: the newest version.")
def graph_command(flow: str, version: int | None) -> None:
    """Print a Mermaid diagram of FLOW."""
    registry = read_flows(config_from_environment().flows_dir)
    click.echo(mermaid(registry.get(flow, version)))
