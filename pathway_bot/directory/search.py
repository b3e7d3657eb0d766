"""Full-text search over the directory combined with filters, forgiving of typos.

SQLite uses FTS5 (porter stemming) and a trigram index over the vocabulary; PostgreSQL uses
a tsvector with GIN and pg_trgm. Either way a word the index does not hold is replaced by
the indexed words closest to it in spelling, so "dyslexa" searches for "dyslexia".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import (
    Dialect,
    Integer,
    Select,
    String,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from pathway_bot.directory import snapshot
from pathway_bot.directory.records import ACTIVE, Service
from pathway_bot.directory.text import (
    allowed_typos,
    edit_distance,
    facet,
    query_words,
    trigrams,
)
from pathway_bot.persistence.models.directory import (
    DirectorySearchTerm,
    DirectoryService,
)
from pathway_bot.persistence.prepared import PreparedStatement

MAX_PAGE_SIZE = 100
# The SQLite FTS5 table the migration creates (not a model: it exists on SQLite only).
_FTS = table("directory_service_fts", column("rowid"), column("rank"))
MAX_CORRECTIONS = 3
_CANDIDATES = 30


@dataclass(frozen=True)
class ServiceQuery:
    q: str | None = None
    needs: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    age: int | None = None
    district: str | None = None
    # With no district: only services working in one of these (an area's districts, when a
    # deployment serves several areas). Empty: anywhere.
    within: tuple[str, ...] = ()
    # Who the person searching is (families, young_people, practitioners): only services for
    # any of them are found. Empty: everyone's.
    audiences: tuple[str, ...] = ()
    active_only: bool = True
    page: int = 1
    size: int = 20


@dataclass(frozen=True)
class SearchPage:
    services: list[Service]
    total: int
    page: int
    size: int
    # Each search word the index did not hold, with the words searched for instead.
    corrections: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _TextMatch:
    groups: tuple[tuple[str, ...], ...]  # all groups must match; any word within a group
    corrections: dict[str, tuple[str, ...]]

    @property
    def impossible(self) -> bool:
        return not self.groups


def search_services(session: Session, query: ServiceQuery) -> SearchPage:
    """A page of matching services in rank order, the total, and the corrections made."""
    words = query_words(query.q or "")
    match = _resolve_words(session, words) if words else None
    corrections = match.corrections if match else {}
    if match is not None and match.impossible:
        return SearchPage([], 0, query.page, query.size, corrections)
    search = _Search(match.groups if match else (), filter_groups(query), query.age is not None)
    values = {**search.index_terms(session.bind.dialect.name), "age": query.age,
              "limit": query.size, "offset": (query.page - 1) * query.size}
    # Read on the session's connection (its transaction), past the ORM: see `prepared`.
    rows = search.prepared(session.bind.dialect).all(session.connection().connection, values)
    if rows:  # the total rides along with each row (a window count): one pass
        return SearchPage([snapshot.load(document) for document, _ in rows], rows[0][1],
                          query.page, query.size, corrections)
    if query.page == 1:
        return SearchPage([], 0, query.page, query.size, corrections)
    # A page past the end has no row to carry the total: count on its own.
    matching, _ranking = _matching(session.bind.dialect.name, *search.shape)
    total = session.scalar(select(func.count()).select_from(matching.subquery()), values) or 0
    return SearchPage([], total, query.page, query.size, corrections)


Groups = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Search:
    """One search: its words, its filters, and whether an age is given.

    Every value is a bound parameter, so a search has one of a few shapes per database, and
    each shape is compiled once.
    """

    words: Groups
    facets: Groups
    by_age: bool

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return bool(self.words), bool(self.facets), self.by_age

    def index_terms(self, dialect_name: str) -> dict[str, str]:
        if dialect_name == "postgresql":
            return {"words": _tsquery(self.words, _tsquery_word),
                    "facets": _tsquery(self.facets, lambda t: t)}
        clauses = [f"search_text : ({' OR '.join(_fts5_word(w) for w in group)})"
                   for group in self.words]
        clauses += [f"facets : ({' OR '.join(_fts5_word(t) for t in group)})"
                    for group in self.facets]
        return {"match": " AND ".join(clauses)}

    def prepared(self, dialect: Dialect) -> PreparedStatement:
        return _prepared_search(dialect, *self.shape)


@lru_cache(maxsize=64)
def _prepared_search(dialect: Dialect, words: bool, facets: bool,
                     by_age: bool) -> PreparedStatement:
    statement = _search_statement(dialect.name, words, facets, by_age)
    return PreparedStatement("search services", statement, dialect)


@lru_cache(maxsize=16)
def _search_statement(dialect_name: str, words: bool, facets: bool, by_age: bool) -> Select:
    """The page is chosen on keys alone and the snapshots joined on after: carrying whole
    snapshots through the sort costs more than the search itself."""
    service = DirectoryService
    matching, ordering = _matching(dialect_name, words, facets, by_age)
    page = (matching
            .add_columns(func.count().over().label("total"),
                         func.row_number().over(order_by=ordering).label("position"))
            .order_by(*ordering)
            .limit(bindparam("limit", type_=Integer))
            .offset(bindparam("offset", type_=Integer))
            .subquery("page"))
    return (select(service.snapshot, page.c.total)
            .join_from(page, service, service.pk == page.c.pk)
            .order_by(page.c.position))


def _matching(dialect_name: str, words: bool, facets: bool,
              by_age: bool) -> tuple[Select, list]:
    """The keys of every matching service, and the order to rank them in."""
    service = DirectoryService
    matching = select(service.pk)
    if by_age:
        age = bindparam("age", type_=Integer)
        matching = matching.where(or_(service.min_age.is_(None), service.min_age <= age),
                                  or_(service.max_age.is_(None), service.max_age >= age))
    ranking: list = []
    if words or facets:
        index = _postgres_index if dialect_name == "postgresql" else _sqlite_index
        matching, ranking = index(matching, words, facets)
    return matching, [*ranking, service.name, service.pk]


# ---- filters -------------------------------------------------------------------------------

def filter_groups(query: ServiceQuery) -> Groups:
    """Filters as groups of index tokens: every group must match, any token within one."""
    groups = [(facet("status", ACTIVE),)] if query.active_only else []
    if query.district:
        groups.append((facet("district", query.district),))
    elif query.within:
        groups.append(tuple(facet("district", district) for district in query.within))
    groups += [tuple(facet(kind, code) for code in codes)
               for kind, codes in (("need", query.needs), ("tier", query.tiers),
                                   ("audience", query.audiences)) if codes]
    return tuple(groups)


# ---- words and typos -----------------------------------------------------------------------

def _resolve_words(session: Session, words: list[str]) -> _TextMatch:
    """Each word as the index knows it: itself, a prefix of indexed words, or the nearest
    spellings. Words nothing resembles are left out, unless none is left at all."""
    groups, corrections = [], {}
    for word in words:
        if _is_indexed(session, word):
            groups.append((word,))
        elif len(word) >= 4 and _is_prefix(session, word):
            groups.append((f"{word}*",))
        else:
            nearest = _nearest_words(session, word)
            corrections[word] = nearest
            if nearest:
                groups.append(nearest)
    return _TextMatch(tuple(groups), corrections)


# Words known to be indexed, per database. The vocabulary only ever grows, so a word found
# once stays found; words not found are asked again (a later import may add them).
_KNOWN_WORDS: dict[str, set[str]] = {}


def _is_indexed(session: Session, word: str) -> bool:
    known = _KNOWN_WORDS.setdefault(str(session.bind.url), set())
    if word in known:
        return True
    found = session.scalar(select(DirectorySearchTerm.term)
                           .where(DirectorySearchTerm.term == word)) is not None
    if found:
        known.add(word)
    return found


def _is_prefix(session: Session, word: str) -> bool:
    term = DirectorySearchTerm.term
    if session.bind.dialect.name == "postgresql":
        term = term.collate("C")  # compare by code point, as SQLite does, whatever the locale
    return session.scalar(select(DirectorySearchTerm.term)
                          .where(term > word, term < word + "\uffff").limit(1)) is not None


def _nearest_words(session: Session, word: str) -> tuple[str, ...]:
    limit = allowed_typos(word)
    if not limit:
        return ()
    scored = sorted((edit_distance(word, candidate), candidate)
                    for candidate in _candidates(session, word))
    best = [c for distance, c in scored if distance <= limit]
    if not best:
        return ()
    nearest = min(edit_distance(word, c) for c in best)
    return tuple(c for c in best if edit_distance(word, c) == nearest)[:MAX_CORRECTIONS]


def _candidates(session: Session, word: str) -> list[str]:
    """Indexed words sharing the most trigrams with `word` (a cheap shortlist)."""
    if session.bind.dialect.name == "postgresql":
        rows = session.execute(text(
            "SELECT term FROM directory_search_term WHERE term % :word "
            "ORDER BY similarity(term, :word) DESC LIMIT :n"), {"word": word, "n": _CANDIDATES})
    else:
        any_trigram = " OR ".join(f'"{t}"' for t in dict.fromkeys(trigrams(word)))
        rows = session.execute(text(
            "SELECT term FROM directory_search_term_trigram "
            "WHERE directory_search_term_trigram MATCH :match ORDER BY rank LIMIT :n"),
            {"match": any_trigram, "n": _CANDIDATES})
    return [row[0] for row in rows]


# ---- the index, per dialect ---------------------------------------------------------------

def _sqlite_index(matching: Select, words: bool, _facets: bool) -> tuple[Select, list]:
    if not words:  # filters only: nothing to rank by, so no bm25() to work out
        hits = select(_FTS.c.rowid).where(text("directory_service_fts MATCH :match"))
        return matching.where(DirectoryService.pk.in_(hits.scalar_subquery())), []
    # Rank by the words alone (filter tokens weigh nothing). bm25() only works where FTS5
    # drives the query, so the matches are found first, in a materialised CTE.
    hits = (select(_FTS.c.rowid.label("pk"),
                   literal_column("bm25(directory_service_fts, 1.0, 0.0)").label("score"))
            .where(text("directory_service_fts MATCH :match"))
            .cte("hits").prefix_with("MATERIALIZED"))
    return matching.join(hits, hits.c.pk == DirectoryService.pk), [hits.c.score]


def _fts5_word(word: str) -> str:
    # Words are [a-z0-9] only (see text.words), so quoting cannot be broken out of.
    return f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"'


def _postgres_index(matching: Select, words: bool, facets: bool) -> tuple[Select, list]:
    vector = literal_column("directory_service.search_vector")
    words_query = func.to_tsquery("english", bindparam("words", type_=String))
    facets_query = func.to_tsquery("simple", bindparam("facets", type_=String))
    queries = [query for query, wanted in ((words_query, words), (facets_query, facets))
               if wanted]
    combined = queries[0] if len(queries) == 1 else queries[0].op("&&")(queries[1])
    matching = matching.where(vector.op("@@")(combined))
    return matching, [func.ts_rank(vector, words_query).desc()] if words else []


def _tsquery(groups: Groups, spell: Callable[[str], str]) -> str:
    return " & ".join("(" + " | ".join(spell(w) for w in group) + ")" for group in groups)


def _tsquery_word(word: str) -> str:
    # No weight labels: GIN cannot check them, so they would cost a recheck of every row.
    # Filter tokens (zz...) are never words people type, so the two cannot be confused.
    return f"{word[:-1]}:*" if word.endswith("*") else word
