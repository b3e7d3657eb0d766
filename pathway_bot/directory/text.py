"""Words: how a service becomes a search document, and how a search is split into words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pathway_bot.directory.records import Service
from pathway_bot.directory.taxonomy import NEED_SEARCH_WORDS, NEED_TAXONOMY

_WORD = re.compile(r"[a-z0-9]+")
MIN_VOCABULARY_WORD = 3
MAX_WORD = 64
# Words too common to narrow a search; dropped from queries (the index still holds them).
STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "help", "i",
    "in", "is", "it", "its", "my", "of", "on", "or", "our", "so", "that", "the", "their", "them",
    "they", "this", "to", "we", "with", "who", "you", "your",
))


def fold(text: str) -> str:
    """Lower case without accents, so "Café" and "cafe" are one word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return [w[:MAX_WORD] for w in _WORD.findall(fold(text))]


def query_words(query: str) -> list[str]:
    """The words of a search that can narrow it, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in words(query):
        if word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def search_document(service: Service) -> str:
    """Everything a search should find the service by: its own words and its terms' words."""
    parts = [service.name, service.description, service.organisation.name,
             service.search_words or "", service.eligibility or ""]
    parts += [area.name for area in service.areas]
    for term in service.terms:
        parts.append(term.name)
        if term.taxonomy == NEED_TAXONOMY:
            parts.append(NEED_SEARCH_WORDS.get(term.code, ""))
    return "\n".join(part for part in parts if part)


@lru_cache(maxsize=4096)
def facet(kind: str, code: str) -> str:
    """A filter value as one index token ("district", "forest_of_dean" -> zzdistrictforestofdean):
    filters then use the same inverted index as the words, rather than joins."""
    return "zz" + kind + "".join(_WORD.findall(fold(code)))


def service_facets(service: Service) -> str:
    tokens = [facet("status", service.status)]
    tokens += [facet("district", d) for d in service.districts]
    tokens += [facet("need", n) for n in service.needs]
    tokens += [facet("tier", t) for t in service.tiers]
    tokens += [facet("audience", a) for a in sorted(service.audiences)]
    return " ".join(tokens)


def vocabulary(documents: Iterable[str]) -> set[str]:
    return {w for doc in documents for w in words(doc)
            if len(w) >= MIN_VOCABULARY_WORD and not w.isdigit()}


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbouring letters each count one ("autisim" -> "autism" is 1)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(word: str) -> int:
    """Short words must be nearly right: one slip from 4 letters, two from 8."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def trigrams(word: str) -> list[str]:
    return [word[i:i + 3] for i in range(len(word) - 2)]
