"""Full-text search over the directory combined with filters, forgiving of typos.

SQLite uses FTS5 (porter stemming) and a trigram index over the vocabulary; PostgreSQL uses
a tsvector with GIN and pg_trgm. Either way a word the index does not hold is replaced by
the indexed words closest to it in spelling, so "dyslexa" searches for "dyslexia".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Select, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from pathway_bot.directory.records import Service
from pathway_bot.directory.repository import services_by_pk
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
    pks, total, corrections = search_service_pks(session, query)
    return SearchPage(services_by_pk(session, pks), total, query.page, query.size, corrections)


def search_service_pks(session: Session, query: ServiceQuery
                       ) -> tuple[list[int], int, dict[str, tuple[str, ...]]]:
    """The page of matching service keys in rank order, the total, and the corrections made."""
    words = query_words(query.q or "")
    match = _resolve_words(session, words) if words else None
    if match is not None and match.impossible:
        return [], 0, match.corrections
    corrections = match.corrections if match else {}
    # The total rides along with each row (a window count): one pass over the matches.
    statement = _within_age(select(DirectoryService.pk, func.count().over()), query.age)
    statement = _indexed(session, statement, match.groups if match else (), _facets(query))
    offset = (query.page - 1) * query.size
    rows = session.execute(statement.limit(query.size).offset(offset)).all()
    if rows:
        return [row[0] for row in rows], rows[0][1], corrections
    # A page past the end has no row to carry the total: count on its own.
    total = session.scalar(select(func.count()).select_from(
        statement.order_by(None).subquery())) or 0
    return [], total, corrections


# ---- filters -------------------------------------------------------------------------------

def _facets(query: ServiceQuery) -> tuple[tuple[str, ...], ...]:
    """Filters as groups of index tokens: every group must match, any token within one."""
    groups = [(facet("status", "active"),)] if query.active_only else []
    if query.district:
        groups.append((facet("district", query.district),))
    groups += [tuple(facet(kind, code) for code in codes)
               for kind, codes in (("need", query.needs), ("tier", query.tiers)) if codes]
    return tuple(groups)


def _within_age(statement: Select, age: int | None) -> Select:
    if age is None:
        return statement
    service = DirectoryService
    return statement.where(or_(service.min_age.is_(None), service.min_age <= age),
                           or_(service.max_age.is_(None), service.max_age >= age))


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

Groups = tuple[tuple[str, ...], ...]


def _indexed(session: Session, statement: Select, words: Groups, facets: Groups) -> Select:
    if not words and not facets:
        return statement.order_by(DirectoryService.name, DirectoryService.pk)
    if session.bind.dialect.name == "postgresql":
        return _postgres_index(statement, words, facets)
    return _sqlite_index(statement, words, facets)


def _sqlite_index(statement: Select, words: Groups, facets: Groups) -> Select:
    clauses = [f"search_text : ({' OR '.join(_fts5_word(w) for w in group)})" for group in words]
    clauses += [f"facets : ({' OR '.join(_fts5_word(t) for t in group)})" for group in facets]
    # Rank by the words alone (filter tokens weigh nothing). bm25() only works where FTS5
    # drives the query, so the matches are found first, in a materialised CTE.
    hits = (select(_FTS.c.rowid.label("pk"),
                   literal_column("bm25(directory_service_fts, 1.0, 0.0)").label("score"))
            .where(text("directory_service_fts MATCH :match")
                   .bindparams(match=" AND ".join(clauses)))
            .cte("hits").prefix_with("MATERIALIZED"))
    statement = statement.join(hits, hits.c.pk == DirectoryService.pk)
    if words:
        statement = statement.order_by(hits.c.score)
    return statement.order_by(DirectoryService.name, DirectoryService.pk)


def _fts5_word(word: str) -> str:
    # Words are [a-z0-9] only (see text.words), so quoting cannot be broken out of.
    return f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"'


def _postgres_index(statement: Select, words: Groups, facets: Groups) -> Select:
    vector = literal_column("directory_service.search_vector")
    queries = []
    if words:
        words_query = func.to_tsquery("english", _tsquery(words, _tsquery_word))
        queries.append(words_query)
    if facets:
        queries.append(func.to_tsquery("simple", _tsquery(facets, lambda t: t)))
    combined = queries[0] if len(queries) == 1 else queries[0].op("&&")(queries[1])
    statement = statement.where(vector.op("@@")(combined))
    if words:
        statement = statement.order_by(func.ts_rank(vector, words_query).desc())
    return statement.order_by(DirectoryService.name, DirectoryService.pk)


def _tsquery(groups: Groups, spell: Callable[[str], str]) -> str:
    return " & ".join("(" + " | ".join(spell(w) for w in group) + ")" for group in groups)


def _tsquery_word(word: str) -> str:
    # No weight labels: GIN cannot check them, so they would cost a recheck of every row.
    # Filter tokens (zz...) are never words people type, so the two cannot be confused.
    return f"{word[:-1]}:*" if word.endswith("*") else word
