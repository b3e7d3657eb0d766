"""Import a feed all or nothing, and load the area's default (sample) services."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pathway_bot.directory.oruk_import import AreaNames, read_feed
from pathway_bot.directory.repository import count_services, save_services
from pathway_bot.errors import ValidationFailed
from pathway_bot.runtime import Runtime

DEFAULT_SERVICES_FILE = "services.json"


class FeedRejected(ValidationFailed):
    code = "feed_rejected"
    title = "The directory feed was not imported"


@dataclass(frozen=True)
class ImportResult:
    version: str
    created: int
    updated: int


def area_names(runtime: Runtime) -> AreaNames:
    text = runtime.catalogs.text
    return AreaNames(districts={d.id: text(d.name) for d in runtime.area.districts},
                     area_name=text(runtime.area.name))


def import_feed(session: Session, runtime: Runtime, data: object,
                version: str | None = None) -> ImportResult:
    """Save every service of the feed, or none: a feed with any problem raises FeedRejected
    listing them all. Flushes; the caller commits."""
    reading = read_feed(data, area_names(runtime), version)
    if reading.problems:
        raise FeedRejected(f"{len(reading.problems)} problem(s) found; nothing was imported.",
                           errors={"feed": reading.problems})
    saved = save_services(session, reading.services)
    return ImportResult(version=reading.version, created=saved.created, updated=saved.updated)


def read_json_file(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FeedRejected(f"{path.name} could not be read: {error.__class__.__name__}",
                           errors={"feed": [f"file: could not be read ({error})"]}) from error
    except json.JSONDecodeError as error:
        raise FeedRejected(f"{path.name} is not valid JSON",
                           errors={"feed": [f"file: not valid JSON (line {error.lineno}, "
                                            f"column {error.colno}: {error.msg})"]}) from error


def load_default_services(runtime: Runtime) -> ImportResult | None:
    """The area's sample services, into an empty directory only: once a live feed has been
    imported the sample never comes back over it."""
    path = runtime.area.directory / DEFAULT_SERVICES_FILE
    if not path.exists():
        return None
    with runtime.database.session() as session:
        if count_services(session):
            return None
        result = import_feed(session, runtime, read_json_file(path))
        session.commit()
    return result
