"""Search over the Local Offer each process holds: an inverted index, built once per revision
of the directory, that understands everyday words and forgives spelling slips.

Why in memory: the active services are already held (see `local_offer`), and asking the
database to rank words was the slow part of a search (16.5 ms at 10,000 services on
PostgreSQL, 174 ms at 100,000). Here a search is a few dictionary look-ups per word.

Relevance: each word's weight in a service depends on the field it is in (the name counts
most, then the words the Local Offer lists it under, then its description), times how rare
the word is; a service that matches more of what was asked ranks above one that matches a
single word many times. Synonyms from the area's data (`flows/area/search_synonyms.yaml`)
widen what a phrase means: "respite" also searches for short breaks.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pathway_bot import yaml_data
from pathway_bot.area import Area
from pathway_bot.directory.records import Service
from pathway_bot.directory.taxonomy import NEED_SEARCH_WORDS
from pathway_bot.directory.text import STOPWORDS, allowed_typos, edit_distance, words

SYNONYMS_FILE = "search_synonyms.yaml"
# How much a word counts, by the field it is found in.
FIELD_WEIGHTS = (("name", 3.0), ("search_words", 2.0), ("organisation", 1.2),
                 ("description", 1.0), ("eligibility", 0.6), ("needs", 0.5))
EXPANSION_WEIGHT = 0.8  # a synonym's words count a little less than the words typed
MAX_PREFIX_WORDS = 8
COMMON_SHARE = 0.2
VERY_COMMON_SHARE = 0.5
MAX_CORRECTIONS = 3
_APOSTROPHE = re.compile(r"['’]")


def stem(word: str) -> str:
    """A light English stemmer, the same for services and searches: "breaks" and "break",
    "sleeping" and "sleep", "disabilities" and "disability" are one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms_of(text: str) -> list[str]:
    return [stem(w) for w in words(_APOSTROPHE.sub("", text or "")) if w not in STOPWORDS]


@lru_cache(maxsize=4096)
def _distinct_terms(text: str) -> frozenset[str]:
    """For texts many services share (need-area words, organisation names): split once."""
    return frozenset(terms_of(text))


@dataclass(frozen=True)
class Synonyms:
    """Phrases people type, each with the words it should also search for."""

    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        if not path.exists():
            return cls()
        data = yaml_data.safe_load(path.read_text(encoding="utf-8")) or {}
        # Longest phrases first, so "holiday club" is read before "club".
        pairs = sorted(((" ".join(terms_of(phrase)), tuple(terms_of(also)))
                        for phrase, also in data.items()), key=lambda p: -len(p[0]))
        return cls(tuple((phrase, also) for phrase, also in pairs if phrase))

    def expand(self, query_terms: list[str]) -> list[tuple[int, str, float]]:
        """(concept, term, weight) for every word typed and every word a phrase in it adds;
        a phrase's words share the concept of the phrase."""
        typed = [(index, term, 1.0) for index, term in enumerate(query_terms)]
        text = f" {' '.join(query_terms)} "
        added: list[tuple[int, str, float]] = []
        for phrase, also in self.phrases:
            at = text.find(f" {phrase} ")
            if at < 0:
                continue
            concept = text[:at].count(" ")  # the first typed word of the phrase
            added += [(concept, term, EXPANSION_WEIGHT) for term in also]
            text = text.replace(f" {phrase} ", " " + "\0 " * len(phrase.split()), 1)
        return typed + added


@dataclass(frozen=True)
class Found:
    positions: list[int]
    total: int
    corrections: dict[str, tuple[str, ...]]


class Finder:
    """The index over one revision's services (positions into that tuple)."""

    def __init__(self, services: Sequence[Service], synonyms: Synonyms):
        self.synonyms = synonyms
        self.count = len(services)
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for position, service in enumerate(services):
            for term, weight in _weighted_terms(service).items():
                postings[term][position] = weight
        self.postings = {term: (np.fromiter(held.keys(), np.int32, len(held)),
                                np.fromiter(held.values(), np.float32, len(held)))
                         for term, held in postings.items()}
        self.vocabulary = sorted(self.postings)
        self._by_trigram: dict[str, list[str]] = defaultdict(list)
        for term in self.vocabulary:
            for gram in _trigrams(term):
                self._by_trigram[gram].append(term)
        self._idf = {term: math.log(1 + self.count / len(held[0]))
                     for term, held in self.postings.items()}
        self._resolved: dict[str, tuple[str, ...]] = {}

    def find(self, q: str, allowed: np.ndarray | None = None, limit: int | None = None,
             every_word: bool = False) -> Found:
        """Positions of the services matching `q` (and `allowed`, a mask over the services,
        if given), best first: all of them, or the best `limit` (the total still counts every
        match). Scored with whole arrays at a time: a word held by 15,000 of 100,000 services
        costs a few array operations, not 15,000 steps of Python."""
        expanded = self.synonyms.expand(list(dict.fromkeys(terms_of(q))))
        corrections: dict[str, tuple[str, ...]] = {}
        scores = np.zeros(self.count, np.float32)
        masks = np.zeros(self.count, np.uint8)  # which concepts of the query each matched
        for concept, indexed, weight in self._indexed_terms(expanded, corrections):
            bit = np.uint8(1 << min(concept, 7))
            positions, weights = self.postings[indexed]
            if allowed is not None:
                keep = allowed[positions]
                positions, weights = positions[keep], weights[keep]
            scores[positions] += weights * np.float32(self._idf[indexed] * weight)
            masks[positions] |= bit
        hits = np.flatnonzero(masks)
        concepts = min(8, max(1, len({concept for concept, _, _ in expanded})))
        matched = np.bitwise_count(masks[hits])
        if every_word:  # only services that match every word (or a synonym of it)
            hits, matched = hits[matched == concepts], matched[matched == concepts]
        final = scores[hits] * matched / concepts
        order = np.lexsort((hits, -final))  # best first; ties by position (name order)
        if limit is not None:
            order = order[:limit]
        return Found(hits[order].tolist(), int(hits.size), corrections)

    def _indexed_terms(self, expanded: list[tuple[int, str, float]],
                       corrections: dict[str, tuple[str, ...]]) -> list[tuple[int, str, float]]:
        """Each indexed word to score, once, with its concept and weight. A synonym's word
        held by more than a fifth of the services ("support", "family") narrows nothing and
        is left out, as is a word typed beside others that more than half the services hold."""
        chosen: dict[tuple[int, str], float] = {}
        several = len({concept for concept, _, _ in expanded}) > 1
        for concept, term, weight in expanded:
            typed = weight == 1.0
            for indexed in self._resolve(term, corrections, typed=typed):
                held = len(self.postings[indexed][0])
                if held > self.count * (VERY_COMMON_SHARE if typed else COMMON_SHARE) and (
                        several or not typed):
                    continue  # "young" in "young carers": every service is for young people
                key = (concept, indexed)
                chosen[key] = max(weight, chosen.get(key, 0.0))
        return [(concept, indexed, weight) for (concept, indexed), weight in chosen.items()]

    def _resolve(self, term: str, corrections: dict[str, tuple[str, ...]],
                 typed: bool) -> tuple[str, ...]:
        """The indexed words a search word stands for: itself, words it begins (4 letters
        or more), or the nearest spellings."""
        if term in self.postings:
            return (term,)
        if term not in self._resolved:
            self._resolved[term] = self._prefixed(term) or self._nearest(term)
            if len(self._resolved) > 50_000:
                self._resolved.clear()
        found = self._resolved[term]
        if typed and found and found[0] and not found[0].startswith(term):
            corrections[term] = found
        return found

    def _prefixed(self, term: str) -> tuple[str, ...]:
        if len(term) < 4:
            return ()
        start = bisect_left(self.vocabulary, term)
        held = []
        for word in self.vocabulary[start:start + MAX_PREFIX_WORDS]:
            if not word.startswith(term):
                break
            held.append(word)
        return tuple(held)

    def _nearest(self, term: str) -> tuple[str, ...]:
        limit = allowed_typos(term)
        if not limit:
            return ()
        shared: dict[str, int] = defaultdict(int)
        for gram in _trigrams(term):
            for word in self._by_trigram.get(gram, ()):
                shared[word] += 1
        shortlist = sorted(shared, key=lambda w: -shared[w])[:60]
        scored = sorted((edit_distance(term, w), w) for w in shortlist
                        if abs(len(w) - len(term)) <= limit)
        best = [w for distance, w in scored if distance <= limit]
        if not best:
            return ()
        nearest = edit_distance(term, best[0])
        return tuple(w for w in best if edit_distance(term, w) == nearest)[:MAX_CORRECTIONS]


def _trigrams(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


def _weighted_terms(service: Service) -> dict[str, float]:
    """Each word of the service with its weight: the best field it is in, plus a little for
    every other field that holds it."""
    fields = {
        "name": service.name,
        "search_words": service.search_words or "",
        "organisation": service.organisation.name,
        "description": service.description,
        "eligibility": service.eligibility or "",
        "needs": " ".join(NEED_SEARCH_WORDS.get(n, "") for n in service.needs),
    }
    found: dict[str, list[float]] = defaultdict(list)
    for name, weight in FIELD_WEIGHTS:
        shared = name in ("organisation", "needs")
        for term in _distinct_terms(fields[name]) if shared else set(terms_of(fields[name])):
            found[term].append(weight)
    return {term: max(ws) + 0.25 * (sum(ws) - max(ws)) for term, ws in found.items()}



def search_synonyms(area: Area) -> Synonyms:
    """The area's synonyms, read once when the services are wired."""
    return Synonyms.load(area.directory / SYNONYMS_FILE)
