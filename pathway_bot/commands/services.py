"""`pathway-bot services import FILE` and `pathway-bot services export`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pathway_bot.commands.keys import _runtime, area_option
from pathway_bot.directory.feed_fetch import fetch_feed, is_web_address
from pathway_bot.directory.importing import (
    DEFAULT_SERVICES_FILE,
    FeedRejected,
    read_json_file,
)
from pathway_bot.directory.oruk_export import export_feed
from pathway_bot.directory.oruk_import import ORUK_1, ORUK_3
from pathway_bot.directory.repository import all_services
from pathway_bot.runtime import Runtime


@click.group("services")
def services_group() -> None:
    """Import or export the Local Offer directory as Open Referral UK JSON."""


@services_group.command("import")
@click.argument("location")
@click.option("--oruk-version", type=click.Choice([ORUK_3, ORUK_1]), default=None,
              help="Read the feed as this version (default: tell from its fields).")
@area_option
def import_command(location: str, oruk_version: str | None, area: str | None) -> None:
    """Import an area's services from a file or a live feed's web address (its /services,
    every page; ORUK 3.0 or 1.0): all of them, or none if any is wrong."""
    runtime = _runtime(area)
    try:
        data = _read_location(location)
        with runtime.database.session() as session:
            result = runtime.directory.import_feed(session, data, oruk_version)
            session.commit()
    except FeedRejected as rejected:
        for problem in rejected.errors.get("feed", []):
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(rejected.detail) from rejected
    click.echo(f"Imported ORUK {result.version}: {result.created} new, "
               f"{result.updated} updated.")


def _read_location(location: str) -> object:
    if is_web_address(location):
        return fetch_feed(location)
    path = Path(location)
    if not path.is_file():
        raise click.BadParameter(f"{location} is neither a file nor an http(s) address.",
                                 param_hint="LOCATION")
    return read_json_file(path)


@services_group.command("build")
@click.option("--check", "check_only", is_flag=True,
              help="Only check the source and that the shipped file matches it.")
@click.option("--all-areas", is_flag=True, help="Every area pack served, one after another.")
@area_option
def build_command(check_only: bool, all_areas: bool, area: str | None) -> None:
    """Build an area's shipped services file from its reviewed source (local_offer.yaml)."""
    runtime = _runtime(area)
    if all_areas:
        for area_id in runtime.deployment.runtimes:
            _build(runtime.for_area(area_id), check_only)
        return
    _build(runtime, check_only)


def _build(runtime: Runtime, check_only: bool) -> None:
    feed, reading = runtime.directory.build_feed()
    for problem in reading.problems:
        click.echo(f"  {problem}", err=True)
    if reading.problems:
        raise click.ClickException(f"{len(reading.problems)} problem(s) in the Local Offer "
                                   "source; nothing was written.")
    target = runtime.area.directory / DEFAULT_SERVICES_FILE
    document = json.dumps(feed, indent=1, ensure_ascii=False) + "\n"
    if check_only:
        if not target.exists() or target.read_text(encoding="utf-8") != document:
            raise click.ClickException(f"{target.name} is out of date: run "
                                       "`pathway-bot services build`.")
        click.echo(f"{target.name} matches the source ({len(reading.services)} services).")
        return
    target.write_text(document, encoding="utf-8")
    click.echo(f"Built {len(reading.services)} services into {target} "
               f"({len(reading.withheld)} withheld: no public way in found).")


@services_group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@area_option
def export_command(output: Path | None, area: str | None) -> None:
    """Export every service of an area as an ORUK 3.0 page."""
    runtime = _runtime(area)
    with runtime.database.session() as session:
        feed = export_feed(all_services(session, runtime.search_scope() or None))
    document = json.dumps(feed, indent=1, ensure_ascii=False)
    if output is None:
        click.echo(document)
    else:
        output.write_text(document + "\n", encoding="utf-8")
        click.echo(f"Exported {feed['total_items']} services to {output}.", err=True)
