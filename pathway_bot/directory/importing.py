"""Import a feed all or nothing, and load the area's default (sample) services."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pathway_bot.area import Area
from pathway_bot.directory.local_offer_source import SOURCE_FILE, SourceReading, read_source
from pathway_bot.directory.oruk_export import export_feed
from pathway_bot.directory.oruk_import import AreaNames, read_feed
from pathway_bot.directory.records import Service
from pathway_bot.directory.repository import count_services, save_services, services_held_elsewhere
from pathway_bot.errors import ValidationFailed
from pathway_bot.i18n import Catalogs

Sessions = Callable[[], AbstractContextManager[Session]]

DEFAULT_SERVICES_FILE = "services.json"
# Said with the feed built from the area's source, until a live feed replaces it.
SAMPLE_NOTICE = ("SAMPLE DATA for Gloucestershire, built from flows/area/local_offer.yaml: "
                 "every way in was found on the public page named in its assurance_source, "
                 "quoted in assurance_source_quote, on its assured_date. To be replaced by the "
                 "area's live directory feed (Open Referral UK). Check every detail before "
                 "relying on it.")


class FeedRejected(ValidationFailed):
    code = "feed_rejected"
    title = "The directory feed was not imported"


@dataclass(frozen=True)
class ImportResult:
    version: str
    created: int
    updated: int


class Directory:
    """The area's Local Offer directory: feeds in, and the sample services on first run."""

    def __init__(self, *, area: Area, catalogs: Catalogs, sessions: Sessions):
        self.area = area
        self.catalogs = catalogs
        self.sessions = sessions

    def area_names(self) -> AreaNames:
        text = self.catalogs.text
        return AreaNames(districts={d.id: text(d.name) for d in self.area.districts},
                         area_name=text(self.area.name), area_id=self.area.id)

    def import_feed(self, session: Session, data: object,
                    version: str | None = None) -> ImportResult:
        """Save every service of the feed, or none: a feed with any problem raises
        FeedRejected listing them all. Flushes; the caller commits."""
        reading = read_feed(data, self.area_names(), version)
        reading.problems += [
            f"{service_id}: this service is another area's; give this area's services ids "
            "of their own" for service_id in services_held_elsewhere(
                session, [s.id for s in reading.services], self.area.district_ids)]
        if reading.problems:
            raise FeedRejected(f"{len(reading.problems)} problem(s) found; nothing was "
                               "imported.", errors={"feed": reading.problems})
        saved = save_services(session, reading.services)
        return ImportResult(version=reading.version, created=saved.created,
                            updated=saved.updated)

    def read_source(self) -> SourceReading:
        """The area's reviewed Local Offer source, checked record by record."""
        return read_source(self.area.directory / SOURCE_FILE, self.area_names())

    def build_feed(self) -> tuple[dict, SourceReading]:
        """The shipped feed (services.json) as the source makes it, and the reading behind
        it; the caller writes it only when the reading has no problems."""
        reading = self.read_source()
        return shipped_feed(reading.services), reading

    def load_default_services(self) -> ImportResult | None:
        """The area's sample services, into a directory holding none of the area's yet:
        once a live feed has been imported the sample never comes back over it."""
        path = self.area.directory / DEFAULT_SERVICES_FILE
        if not path.exists():
            return None
        with self.sessions() as session:
            if count_services(session, self.area.district_ids):
                return None
            result = self.import_feed(session, read_json_file(path))
            session.commit()
        return result


def shipped_feed(services: Sequence[Service]) -> dict:
    """The feed an area ships as services.json, built from its reviewed source's records."""
    return export_feed(services, extra={"sample_data": True, "notice": SAMPLE_NOTICE})


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

