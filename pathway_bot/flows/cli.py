"""`pathway-bot flows check` and `pathway-bot flows graph FLOW`."""

from __future__ import annotations

import click


@click.group("flows")
def flows_group() -> None:
    """Validate flows, or draw one."""
