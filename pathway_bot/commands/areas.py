"""`pathway-bot area check [PACK ...]`: validate area packs, one by one and together."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pathway_bot.area import load_area
from pathway_bot.checks.pack import check_area_pack, check_area_packs, deployment_pack_folders
from pathway_bot.config import config_from_environment
from pathway_bot.directory.importing import DEFAULT_SERVICES_FILE
from pathway_bot.i18n import load_catalogs


@click.group("area")
def area_group() -> None:
    """Check the local areas' data (area packs)."""


@area_group.command("check")
@click.argument("packs", nargs=-1,
                type=click.Path(file_okay=False, path_type=Path))
def check_command(packs: tuple[Path, ...]) -> None:
    """Validate area packs: the folders given, or else every pack of the deployment
    (flows/area and each folder of flows/areas). Exit 1 with a report if anything is wrong."""
    config = config_from_environment()
    folders = _each_once(packs) or deployment_pack_folders(config.flows_dir)
    catalogs = load_catalogs(config.locales_dir)
    problems = [p for folder in folders
                for p in check_area_pack(folder, config.flows_dir, catalogs)]
    problems += check_area_packs(folders)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len(folders)} area pack(s)", err=True)
        sys.exit(1)
    for folder in folders:
        click.echo(pack_summary(folder))


def _each_once(packs: tuple[Path, ...]) -> list[Path]:
    """A folder named twice (flows/area and ./flows/area/) is one pack, not two that clash."""
    first: dict[Path, Path] = {}
    for pack in packs:
        first.setdefault(pack.resolve(), pack)
    return list(first.values())


def pack_summary(folder: Path) -> str:
    area = load_area(folder)
    feed = json.loads((folder / DEFAULT_SERVICES_FILE).read_text(encoding="utf-8"))
    return (f"{folder}: {area.id} is valid ({len(area.districts)} districts, "
            f"{len(area.outward_codes)} outward codes, {len(area.contacts)} contacts, "
            f"{feed.get('total_items', 0)} Local Offer services).")
