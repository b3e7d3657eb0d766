"""The active Local Offer, held in each process for signposting.

Every outcome signposts, and choosing its services reads every active service that fits the
child's age, district and needs. Held in memory, that is a few set operations; asked of the
database, it was a full-text query and a page of JSON documents for every outcome. The
directory's revision (one row, moved on by every change to the services in the same
transaction) tells a process when what it holds is out of date, so a change shows at the
very next outcome.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine.interfaces import DBAPIConnection

from pathway_bot.directory import snapshot
from pathway_bot.directory.finder import Finder, Synonyms
from pathway_bot.directory.records import ACTIVE, Service
from pathway_bot.directory.search import SearchPage, ServiceQuery, filter_groups
from pathway_bot.directory.text import facet, service_facets
from pathway_bot.persistence.models.directory import DirectoryRevision, DirectoryService
from pathway_bot.persistence.prepared import HotConnections, PreparedStatement

# What is worked out from the held services (a lesser-known support's best match, say) is
# kept with them, and so forgotten when the directory changes; this bounds how much.
MAX_REMEMBERED = 10_000

_REVISION = select(DirectoryRevision.revision).where(DirectoryRevision.id == 1)
# The order search_services gives a page in when there are no words to rank by.
_ACTIVE_SERVICES = (select(DirectoryService.snapshot)
                    .where(DirectoryService.status == ACTIVE)
                    .order_by(DirectoryService.name, DirectoryService.pk))


@dataclass
class ActiveServices:
    """The active services at one revision of the directory, indexed by their filters."""

    revision: int | None
    services: tuple[Service, ...]
    synonyms: Synonyms = field(default_factory=Synonyms)
    # Each filter token (see directory.text.facet) -> positions of the services holding it.
    _holding: dict[str, frozenset[int]] = field(init=False)
    _remembered: dict[Any, Any] = field(init=False, default_factory=dict)
    _finder: Finder | None = field(init=False, default=None)
    _building: Lock = field(init=False, default_factory=Lock)
    _ages: tuple[np.ndarray, np.ndarray] = field(init=False)
    # Each filter token -> a mask over the services, for searching with whole arrays.
    _masks: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self._ages = (np.array([-1 if s.min_age is None else s.min_age for s in self.services],
                               np.int16),
                      np.array([999 if s.max_age is None else s.max_age for s in self.services],
                               np.int16))
        holding: dict[str, set[int]] = {}
        for position, service in enumerate(self.services):
            for token in service_facets(service).split():
                holding.setdefault(token, set()).add(position)
        self._holding = {token: frozenset(held) for token, held in holding.items()}
        self._masks = {}
        for token, held in holding.items():
            mask = np.zeros(len(self.services), np.bool_)
            mask[np.fromiter(held, np.int64, len(held))] = True
            self._masks[token] = mask

    @property
    def finder(self) -> Finder:
        """The word index, built on first use (a process that never searches never builds it)."""
        if self._finder is None:
            with self._building:
                if self._finder is None:
                    self._finder = Finder(self.services, self.synonyms)
        return self._finder

    def search(self, query: ServiceQuery, every_word: bool = False) -> SearchPage:
        """What `search_services` answers, from memory: a page of active services matching the
        words (ranked by relevance) and the filters, the total, and the corrections made.
        `every_word`: only services matching all of the words."""
        if not query.active_only:
            raise ValueError("only active services are held")
        allowed = self._filtered(query)
        start = (query.page - 1) * query.size
        corrections: dict[str, tuple[str, ...]] = {}
        if query.q and query.q.strip():
            found = self.finder.find(query.q, allowed, limit=start + query.size,
                                     every_word=every_word)
            positions, total, corrections = found.positions, found.total, found.corrections
            positions = positions[start:]
        else:  # filters alone: in name order, as the services are held
            chosen = (np.arange(len(self.services)) if allowed is None
                      else np.flatnonzero(allowed))
            total = int(chosen.size)
            positions = chosen[start:start + query.size].tolist()
        page = [self.services[p] for p in positions[:query.size]]
        return SearchPage(page, total, query.page, query.size, corrections)

    def _filtered(self, query: ServiceQuery) -> np.ndarray | None:
        """A mask of the services passing every filter (None: no filter but being active)."""
        mask: np.ndarray | None = None
        for group in filter_groups(query):
            if group == (facet("status", ACTIVE),):
                continue  # every service held is active
            in_group = np.zeros(len(self.services), np.bool_)
            for token in group:
                held = self._masks.get(token)
                if held is not None:
                    in_group |= held
            mask = in_group if mask is None else mask & in_group
        if query.age is not None:
            low, high = self._ages
            of_age = (low <= query.age) & (high >= query.age)
            mask = of_age if mask is None else mask & of_age
        return mask

    def matching(self, query: ServiceQuery) -> list[Service]:
        """Every service `search_services` finds for a query of filters alone, in the same
        order, all of them rather than a page."""
        if query.q or query.tiers or not query.active_only:
            raise ValueError("only active services, filtered by needs, age and district")
        positions: set[int] | None = None
        for group in filter_groups(query):
            # Every group must match, and any token within a group.
            in_group = set().union(*(self._holding.get(token, ()) for token in group))
            positions = in_group if positions is None else positions & in_group
        chosen = range(len(self.services)) if positions is None else sorted(positions)
        found = (self.services[p] for p in chosen)
        if query.age is None:
            return list(found)
        return [service for service in found if service.covers_age(query.age)]

    def remembered(self, key: Any, work_out: Callable[[], Any]) -> Any:
        """`work_out()`, kept for as long as these services are current."""
        if key not in self._remembered:
            if len(self._remembered) >= MAX_REMEMBERED:
                self._remembered.clear()
            self._remembered[key] = work_out()
        return self._remembered[key]


class LocalOffer:
    """The active services of one database, loaded again whenever its revision moves."""

    def __init__(self, connections: HotConnections, synonyms: Synonyms | None = None):
        self.connections = connections
        self.synonyms = synonyms or Synonyms()
        dialect = connections.dialect
        self._revision = PreparedStatement("directory revision", _REVISION, dialect)
        self._active = PreparedStatement("active services", _ACTIVE_SERVICES, dialect)
        self._held = ActiveServices(None, (), self.synonyms)
        self._loading = Lock()

    def current(self) -> ActiveServices:
        with self.connections.connection() as connection:
            revision = self._read_revision(connection)
            # No revision row (a database emptied by hand): load every time, never stale.
            if revision is None or revision != self._held.revision:
                with self._loading:
                    if revision is None or revision != self._held.revision:
                        # Read after the revision: a change committed in between is loaded
                        # now and loaded again at the next look, never missed.
                        self._held = ActiveServices(revision, tuple(
                            snapshot.load(document)
                            for document, in self._active.all(connection, {})),
                            self.synonyms)
                        # Held until the next change: the collector need not walk them again
                        # and again (at 100,000 services a full pass is a pause of 100 ms).
                        gc.freeze()
            return self._held

    def _read_revision(self, connection: DBAPIConnection) -> int | None:
        row = self._revision.first(connection, {})
        return row[0] if row else None
