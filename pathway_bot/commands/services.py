"""`pathway-bot services import FILE` and `pathway-bot services export`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pathway_bot.directory.importing import FeedRejected, read_json_file
from pathway_bot.directory.oruk_export import export_feed
from pathway_bot.directory.oruk_import import ORUK_1, ORUK_3
from pathway_bot.directory.repository import all_services
from pathway_bot.runtime import Runtime


@click.group("services")
def services_group() -> None:
    """Import or export the Local Offer directory as Open Referral UK JSON."""


@services_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--oruk-version", type=click.Choice([ORUK_3, ORUK_1]), default=None,
              help="Read the file as this version (default: tell from its fields).")
def import_command(file: Path, oruk_version: str | None) -> None:
    """Import services from FILE (ORUK 3.0 or 1.0): all of them, or none if any is wrong."""
    runtime = Runtime.from_environment()
    try:
        with runtime.database.session() as session:
            result = runtime.directory.import_feed(session, read_json_file(file),
                                                   oruk_version)
            session.commit()
    except FeedRejected as rejected:
        for problem in rejected.errors.get("feed", []):
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(rejected.detail) from rejected
    click.echo(f"Imported ORUK {result.version}: {result.created} new, "
               f"{result.updated} updated.")


@services_group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
def export_command(output: Path | None) -> None:
    """Export every service as an ORUK 3.0 page."""
    runtime = Runtime.from_environment()
    with runtime.database.session() as session:
        feed = export_feed(all_services(session))
    document = json.dumps(feed, indent=1, ensure_ascii=False)
    if output is None:
        click.echo(document)
    else:
        output.write_text(document + "\n", encoding="utf-8")
        click.echo(f"Exported {feed['total_items']} services to {output}.", err=True)
