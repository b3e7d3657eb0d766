"""Store and read services. Repositories never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from pathway_bot.directory import mapping, snapshot
from pathway_bot.directory.records import Organisation, Service, Term
from pathway_bot.directory.taxonomy import attribute_id
from pathway_bot.directory.text import search_document, service_facets, vocabulary
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.models.directory import (
    DirectoryAttribute,
    DirectoryOrganisation,
    DirectoryRevision,
    DirectorySearchTerm,
    DirectoryService,
    DirectoryServiceArea,
    DirectoryTaxonomyTerm,
)

# Everything a Service record needs, loaded in a few queries rather than one per row.
SERVICE_LOADING = (
    selectinload(DirectoryService.areas),
    selectinload(DirectoryService.attributes),
    selectinload(DirectoryService.phones),
    selectinload(DirectoryService.contacts),
    selectinload(DirectoryService.locations),
    selectinload(DirectoryService.schedules),
    selectinload(DirectoryService.languages),
    selectinload(DirectoryService.cost_options),
)


@dataclass(frozen=True)
class SaveResult:
    created: int
    updated: int


def save_services(session: Session, services: Sequence[Service]) -> SaveResult:
    """Insert new services and update known ones (matched by id): re-importing never duplicates."""
    existing = _existing_rows(session, [s.id for s in services])
    terms = _TermCache(session)
    organisations = _OrganisationCache(session)
    created = 0
    with session.no_autoflush:  # rows are half-filled until _fill returns
        for service in services:
            row = existing.get(service.id)
            if row is None:
                row = DirectoryService(id=service.id)
                created += 1
            _fill(row, service, organisations, terms)
            session.add(row)
    session.flush()
    add_to_vocabulary(session, (search_document(s) for s in services))
    if services:
        mark_directory_changed(session)
    return SaveResult(created=created, updated=len(services) - created)


def services_held_elsewhere(session: Session, ids: Sequence[str],
                            districts: Sequence[str]) -> list[str]:
    """Of these service ids, those already held for districts that are all outside
    `districts` (another area's): importing them here would take them from that area."""
    wanted = list(dict.fromkeys(ids))
    held: dict[str, set[str]] = {}
    for start in range(0, len(wanted), 500):
        query = (select(DirectoryService.id, DirectoryServiceArea.district)
                 .join(DirectoryServiceArea, DirectoryServiceArea.service_pk == DirectoryService.pk)
                 .where(DirectoryService.id.in_(wanted[start:start + 500])))
        for service_id, district in session.execute(query):
            held.setdefault(service_id, set()).add(district)
    ours = set(districts)
    return [service_id for service_id, where in held.items()
            if where - {None} and not (where & ours)]


def _existing_rows(session: Session, ids: list[str]) -> dict[str, DirectoryService]:
    rows: dict[str, DirectoryService] = {}
    for start in range(0, len(ids), 500):  # keep each IN list a sensible size
        chunk = ids[start:start + 500]
        query = select(DirectoryService).where(DirectoryService.id.in_(chunk))
        rows.update((row.id, row) for row in session.scalars(query.options(*SERVICE_LOADING)))
    return rows


def _fill(row: DirectoryService, service: Service, organisations: _OrganisationCache,
          terms: _TermCache) -> None:
    mapping.fill_service_row(row, service)
    row.organisation = organisations.row_for(service.organisation)
    row.attributes = [
        DirectoryAttribute(id=term.attribute_id or attribute_id(service.id, term.id),
                           link_type=term.link_type,
                           term=terms.row_for(term))
        for term in service.terms
    ]
    row.search_text = search_document(service)
    row.facets = service_facets(service)
    row.last_modified = service.last_modified or utcnow()
    row.snapshot = snapshot.dump(replace(service, last_modified=row.last_modified))


class _OrganisationCache:
    def __init__(self, session: Session):
        self.session = session
        self.rows: dict[str, DirectoryOrganisation] = {}

    def row_for(self, organisation: Organisation) -> DirectoryOrganisation:
        row = self.rows.get(organisation.id) or self.session.scalar(
            select(DirectoryOrganisation).where(DirectoryOrganisation.id == organisation.id))
        if row is None:
            row = DirectoryOrganisation(id=organisation.id)
            self.session.add(row)
        mapping.fill_organisation_row(row, organisation)
        self.rows[organisation.id] = row
        return row


class _TermCache:
    """Taxonomy terms are shared between services: find each once, by id or by code."""

    def __init__(self, session: Session):
        self.session = session
        self.rows: dict[tuple[str, str], DirectoryTaxonomyTerm] = {}

    def row_for(self, term: Term) -> DirectoryTaxonomyTerm:
        key = (term.taxonomy, term.code)
        row = self.rows.get(key) or self._stored(term)
        if row is None:
            row = DirectoryTaxonomyTerm(id=term.id, taxonomy=term.taxonomy, code=term.code)
            self.session.add(row)
        mapping.fill_term_row(row, term)
        self.rows[key] = row
        return row

    def _stored(self, term: Term) -> DirectoryTaxonomyTerm | None:
        query = select(DirectoryTaxonomyTerm)
        return (self.session.scalar(query.where(DirectoryTaxonomyTerm.taxonomy == term.taxonomy,
                                                DirectoryTaxonomyTerm.code == term.code))
                or self.session.scalar(query.where(DirectoryTaxonomyTerm.id == term.id)))


def mark_directory_changed(session: Session) -> None:
    """Move the directory's revision on, in the caller's transaction: every process then
    loads the Local Offer again before it next signposts (see `directory.local_offer`)."""
    insert = postgres_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(DirectoryRevision).values(id=1, revision=1).on_conflict_do_update(
        index_elements=[DirectoryRevision.id],
        set_={"revision": DirectoryRevision.revision + 1}))


def add_to_vocabulary(session: Session, documents: Iterable[str]) -> None:
    """Remember every indexed word (the index never forgets one; a stale word finds nothing)."""
    new_words = sorted(vocabulary(documents))
    if not new_words:
        return
    insert = postgres_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(new_words), 1000):
        rows = [{"term": w} for w in new_words[start:start + 1000]]
        session.execute(insert(DirectorySearchTerm).on_conflict_do_nothing(), rows)


def get_service(session: Session, service_id: str) -> Service | None:
    """The whole record, from the snapshot written with its rows (it also holds what has no
    column of its own: the quoted source, eligibility and search words)."""
    query = select(DirectoryService.snapshot).where(DirectoryService.id == service_id)
    document = session.scalar(query)
    return snapshot.load(document) if document else None


def all_services(session: Session, districts: Sequence[str] | None = None) -> list[Service]:
    """Every service, or those working in any of `districts` (one area's)."""
    query = (select(DirectoryService.snapshot)
             .order_by(DirectoryService.name, DirectoryService.id))
    if districts is not None:
        query = query.where(_in_districts(districts))
    return [snapshot.load(document) for document in session.scalars(query)]


def count_services(session: Session, districts: Sequence[str] | None = None) -> int:
    """Every service, or those working in any of `districts` (one area's)."""
    query = select(func.count()).select_from(DirectoryService)
    if districts is not None:
        query = query.where(_in_districts(districts))
    return session.scalar(query) or 0


def _in_districts(districts: Sequence[str]):
    return DirectoryService.pk.in_(select(DirectoryServiceArea.service_pk)
                                   .where(DirectoryServiceArea.district.in_(list(districts))))
