"""Running it for real: `check-config`, `backup FILE`, `restore FILE`, `erase REFERENCE` and
`jobs`; and what `serve` checks before it starts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pathway_bot.config import (
    Config,
    ProductionSettingsMissing,
    config_from_environment,
    describe_settings,
    production_shortfalls,
)
from pathway_bot.observability.metrics import MULTIPROC_ENV

REFUSED = 2  # the exit status when production mode is missing what it needs


def refuse_or_warn() -> None:
    """Production mode without what it needs stops here, naming each thing; any other mode
    starts, with a warning naming what production would need."""
    try:
        config = config_from_environment()
    except ProductionSettingsMissing as refused:
        click.echo(f"Refusing to start. {refused}", err=True)
        sys.exit(REFUSED)
    if not config.production:
        click.echo("Warning: not in production mode (PATHWAY_PRODUCTION is not true): "
                   "cookies are not marked Secure and HTTPS is not required. "
                   "`pathway-bot check-config` says what production needs.", err=True)


def metrics_folder_for_workers(config: Config) -> Path:
    """gunicorn's workers write their metrics into one folder, emptied at each start (the
    prometheus-client rule): PROMETHEUS_MULTIPROC_DIR if set, else one in the instance
    folder. Set before the workers import prometheus-client, which reads it then."""
    folder = Path(config.metrics_dir or config.instance_dir / "metrics")
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    for left in folder.glob("*.db"):  # only prometheus-client's own files
        left.unlink()
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder


@click.command("check-config")
def check_config_command() -> None:
    """Print each setting (secrets only as "set"), and what production mode still lacks."""
    for name, shown, purpose in describe_settings():
        click.echo(f"{name:34} {shown:40} {purpose}")
    static = Path(__file__).resolve().parent.parent / "web" / "static"
    click.echo(f"Static files (nginx's alias for /assets/): {static}")
    missing = production_shortfalls(os.environ)
    production = config_from_environment_or_none()
    if not missing:
        click.echo("Ready for production: every setting it needs is set.")
        return
    click.echo("Missing for production:")
    for item in missing:
        click.echo(f"  - {item}")
    if production is None:
        sys.exit(REFUSED)


def config_from_environment_or_none() -> Config | None:
    try:
        return config_from_environment()
    except ProductionSettingsMissing:
        return None


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Back the whole database up into FILE (mode 0600: it holds personal data)."""
    from pathway_bot.persistence.backup import BackupFailed, backup_database

    config = config_from_environment()
    try:
        backup_database(config.database_url, file)
    except BackupFailed as failed:
        raise click.ClickException(str(failed)) from failed
    click.echo(f"Backed up to {file} ({file.stat().st_size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace what the database holds already.")
def restore_command(file: Path, force: bool) -> None:
    """Restore the database from FILE, then bring its schema up to this release. Stop the app
    servers and workers first."""
    from pathway_bot.persistence.backup import BackupFailed, DatabaseNotEmpty, restore_database

    config = config_from_environment()
    try:
        restore_database(config.database_url, file, force=force)
    except (BackupFailed, DatabaseNotEmpty) as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo(f"Restored from {file}; the schema is up to date.")


@click.command("erase")
@click.argument("reference")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
def erase_command(reference: str, yes: bool) -> None:
    """Erase a person's data on request: the request with this REFERENCE loses its personal
    details (an anonymous trace stays for the audit), and the conversation behind it, every
    answer in it, is deleted."""
    from pathway_bot.erasure import NoSuchReference, erase_by_reference
    from pathway_bot.runtime import Runtime

    if not yes:
        click.confirm(f"Erase everything personal about request {reference}?", abort=True)
    try:
        erased = erase_by_reference(Runtime.from_environment(), reference)
    except NoSuchReference as missing:
        raise click.ClickException(str(missing)) from missing
    click.echo(f"Erased request {erased.reference}"
               + (" and the conversation it came from." if erased.conversation else "."))


@click.group("jobs", invoke_without_command=True)
@click.pass_context
def jobs_group(ctx: click.Context) -> None:
    """The scheduled jobs the worker runs, and when each last ran."""
    if ctx.invoked_subcommand is not None:
        return
    from pathway_bot.jobs import JOBS
    from pathway_bot.jobs.schedule import describe, last_runs
    from pathway_bot.runtime import Runtime

    runtime = Runtime.from_environment()
    for line in describe(JOBS, runtime.clock(), last_runs(runtime)):
        click.echo(line)


@jobs_group.command("run")
@click.option("--force", is_flag=True, help="Run every job now, due or not.")
def jobs_run_command(force: bool) -> None:
    """Run the jobs that are due now (one runner at a time across servers)."""
    from pathway_bot.jobs import JOBS, run_due_jobs
    from pathway_bot.runtime import Runtime

    ran = run_due_jobs(Runtime.from_environment(), JOBS, force=force)
    click.echo("\n".join(ran) if ran else "No job was due (or another server is running it).")


COMMANDS = (check_config_command, backup_command, restore_command, erase_command, jobs_group)
