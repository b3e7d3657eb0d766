"""Full-text search over the directory combined with filters, forgiving of typos.

SQLite uses FTS5 (porter stemming) and a trigram index over the vocabulary; PostgreSQL uses
a tsvector with GIN and pg_trgm. Either way a word the index does not hold is replaced by
the indexed words closest to it in spelling, so "dyslexa" searches for "dyslexia".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from pathway_bot.directory.records import Service
from pathway_bot.directory.repository import services_by_pk
from pathway_bot.directory.taxonomy import NEED_TAXONOMY, TIER_TAXONOMY
from pathway_bot.directory.text import allowed_typos, edit_distance, query_words, trigrams
from pathway_bot.persistence.models.directory import (
    DirectoryAttribute,
    DirectorySearchTerm,
    DirectoryService,
    DirectoryServiceArea,
    DirectoryTaxonomyTerm,
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
    statement = _filtered(select(DirectoryService.pk), query)
    corrections = match.corrections if match else {}
    if match is not None:
        statement = _with_text(session, statement, match)
    else:
        statement = statement.order_by(DirectoryService.name, DirectoryService.pk)
    total = session.scalar(select(func.count()).select_from(
        statement.order_by(None).subquery())) or 0
    offset = (query.page - 1) * query.size
    pks = list(session.scalars(statement.limit(query.size).offset(offset)))
    return pks, total, corrections


# ---- filters -------------------------------------------------------------------------------

def _filtered(statement: Select, query: ServiceQuery) -> Select:
    service = DirectoryService
    if query.active_only:
        statement = statement.where(service.status == "active")
    if query.age is not None:
        statement = statement.where(
            or_(service.min_age.is_(None), service.min_age <= query.age),
            or_(service.max_age.is_(None), service.max_age >= query.age))
    if query.district:
        in_district = select(DirectoryServiceArea.service_pk).where(
            DirectoryServiceArea.district == query.district)
        statement = statement.where(service.pk.in_(in_district))
    for taxonomy, codes in ((NEED_TAXONOMY, query.needs), (TIER_TAXONOMY, query.tiers)):
        if codes:
            statement = statement.where(service.pk.in_(_with_terms(taxonomy, codes)))
    return statement


def _with_terms(taxonomy: str, codes: tuple[str, ...]) -> Select:
    """Services holding any of these terms."""
    return (select(DirectoryAttribute.service_pk)
            .join(DirectoryTaxonomyTerm, DirectoryTaxonomyTerm.pk == DirectoryAttribute.term_pk)
            .where(DirectoryTaxonomyTerm.taxonomy == taxonomy,
                   DirectoryTaxonomyTerm.code.in_(codes)))


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


def _is_indexed(session: Session, word: str) -> bool:
    return session.scalar(select(DirectorySearchTerm.term)
                          .where(DirectorySearchTerm.term == word)) is not None


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


# ---- full text, per dialect ----------------------------------------------------------------

def _with_text(session: Session, statement: Select, match: _TextMatch) -> Select:
    if session.bind.dialect.name == "postgresql":
        return _postgres_text(statement, match)
    return _sqlite_text(statement, match)


def _sqlite_text(statement: Select, match: _TextMatch) -> Select:
    expression = " AND ".join(
        "(" + " OR ".join(_fts5_word(w) for w in group) + ")" for group in match.groups)
    return (statement
            .join(_FTS, _FTS.c.rowid == DirectoryService.pk)
            .where(text("directory_service_fts MATCH :match").bindparams(match=expression))
            .order_by(_FTS.c.rank, DirectoryService.name))


def _fts5_word(word: str) -> str:
    # Words are [a-z0-9] only (see text.words), so quoting cannot be broken out of.
    return f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"'


def _postgres_text(statement: Select, match: _TextMatch) -> Select:
    expression = " & ".join(
        "(" + " | ".join(_tsquery_word(w) for w in group) + ")" for group in match.groups)
    tsquery = func.to_tsquery("english", expression)
    vector = literal_column("directory_service.search_vector")
    return (statement
            .where(vector.op("@@")(tsquery))
            .order_by(func.ts_rank(vector, tsquery).desc(), DirectoryService.name))


def _tsquery_word(word: str) -> str:
    return f"{word[:-1]}:*" if word.endswith("*") else word


__all__ = ["SearchPage", "ServiceQuery", "search_service_pks", "search_services"]
