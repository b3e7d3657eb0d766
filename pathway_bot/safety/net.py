"""The safety net: one compiled, read-only matcher, shared by every thread that reads answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pathway_bot.safety.lexicon import KINDS, Kind, Lexicon, SafetyLexiconError, read_lexicon
from pathway_bot.safety.patterns import PatternCompiler
from pathway_bot.safety.spelling import near_miss_corrections
from pathway_bot.safety.terms import Term
from pathway_bot.safety.text import Normaliser, plain_words

# A term, the spellings of its part next to the anchor, and the window they must be in.
Look = tuple[Term, frozenset[str], int, int]
# All a scan needs at one anchor word: the spellings of its terms' neighbouring parts together
# and the widest of their windows, then each term's own look.
Checks = tuple[frozenset[str], int, int, tuple[Look, ...]]


@dataclass(frozen=True)
class SafetyFinding:
    """What an answer suggests. `kind` is the one to act on: when an answer suggests both,
    harm by others comes first (it needs the safeguarding outcome) and `kinds` still says
    self-harm, so that crisis help is shown too. `terms` name the lexicon entries that
    matched, never the person's words, so a finding can be logged."""

    kind: Kind
    kinds: tuple[Kind, ...]
    terms: tuple[str, ...]

    @property
    def self_harm(self) -> bool:
        return "self_harm" in self.kinds

    @classmethod
    def from_matches(cls, kinds_by_term: Mapping[str, Kind]) -> SafetyFinding:
        kinds = tuple(kind for kind in KINDS if kind in kinds_by_term.values())
        return cls(kinds[0], kinds, tuple(kinds_by_term))


@dataclass(frozen=True)
class SafetyNet:
    """Built once from the lexicon; `scan` reads an answer. Nothing in it changes after it is
    built, so one net serves every thread."""

    normaliser: Normaliser
    # Each term under every spelling of its anchor, the part a scan looks for first.
    terms_by_anchor: Mapping[str, tuple[Term, ...]] = field(repr=False)
    calm_window: int
    # For each anchor word, its checks: plain tuples, as the scan's innermost step reads them.
    _checks: Mapping[str, Checks] = field(init=False, repr=False)
    # How many sentence ends a scan puts in front of the words: as many as the farthest look
    # back from an anchor.
    _lead: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The thousands of spellings of one anchor share one tuple of terms and one set of
        # checks: built once, they stay in the processor's caches from scan to scan, and the
        # garbage collector has a few hundred objects to walk instead of a hundred thousand.
        shared: dict[tuple[int, ...], tuple[tuple[Term, ...], Checks]] = {}
        for terms in self.terms_by_anchor.values():
            shared.setdefault(tuple(map(id, terms)), (terms, _checks(terms)))
        terms_by_anchor = {word: shared[tuple(map(id, terms))][0]
                           for word, terms in self.terms_by_anchor.items()}
        checks = {word: shared[tuple(map(id, terms))][1] for word, terms in terms_by_anchor.items()}
        farthest_back = max((-low for _, low, _, _ in checks.values()), default=0)
        # Private plain dicts, never changed: looked up faster than read-only views, and every
        # anchor word of every scan is looked up here.
        object.__setattr__(self, "terms_by_anchor", terms_by_anchor)
        object.__setattr__(self, "_checks", checks)
        object.__setattr__(self, "_lead", farthest_back)
        if not self.normaliser.watched >= self.terms_by_anchor.keys():
            raise ValueError("the normaliser must watch for every anchor word")

    @classmethod
    def from_file(cls, path: Path) -> SafetyNet:
        lexicon = read_lexicon(path)
        try:
            return cls.from_lexicon(lexicon)
        except SafetyLexiconError as error:
            raise SafetyLexiconError(f"{path}: {error}") from error

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> SafetyNet:
        base = Normaliser(_checked_shorthand(lexicon.shorthand))
        terms, known = _compile_terms(lexicon, base)
        corrections = near_miss_corrections(_checked_misspellings(lexicon, known), known,
                                            lexicon.not_misspellings)
        by_anchor: dict[str, list[Term]] = {}
        for term in terms:
            for spelling in term.parts[term.anchor].spellings:
                by_anchor.setdefault(spelling, []).append(term)
        # Shorthand that reads as no word the lexicon knows ("rly": "really") changes nothing
        # a scan could find: leave it out, and save the time.
        useful_shorthand = {word: meaning for word, meaning in base.shorthand.items()
                            if not known.isdisjoint(meaning.split())}
        return cls(Normaliser(useful_shorthand, corrections, known, frozenset(by_anchor)),
                   {word: tuple(found) for word, found in by_anchor.items()},
                   lexicon.calm_window)

    def scan(self, text: str) -> SafetyFinding | None:
        """A finding if the text suggests harm or self-harm, else None. Pure and thread-safe."""
        # Sentence ends in front, so that a look back from the first words needs no bounds.
        words, anchors_at = self.normaliser.read(text, lead=self._lead)
        if not anchors_at:
            return None
        kinds_by_term: dict[str, Kind] = {}
        checks, calm_window = self._checks, self.calm_window
        for at in anchors_at:
            any_near, low, high, looks = checks[words[at]]
            # Most anchors end here, in one set operation: no term's other part is near.
            if any_near.isdisjoint(words[at + low:at + high]):
                continue
            for term, near, low, high in looks:
                if near.isdisjoint(words[at + low:at + high]) or term.label in kinds_by_term:
                    continue
                if term.matches_at(words, at, calm_window):
                    kinds_by_term[term.label] = term.kind
        return SafetyFinding.from_matches(kinds_by_term) if kinds_by_term else None


def _checks(terms: tuple[Term, ...]) -> Checks:
    looks = tuple(map(_look, terms))
    return (frozenset().union(*(near for _, near, _, _ in looks)),
            min(low for _, _, low, _ in looks), max(high for _, _, _, high in looks), looks)


def _look(term: Term) -> Look:
    if term.neighbour is None:
        # A term of one part is its own neighbour: the anchor is always beside itself.
        return term, term.parts[term.anchor].spellings, 0, 1
    near, low, high = term.neighbour
    return term, near, low, high


def load_safety_net(path: Path) -> SafetyNet:
    return SafetyNet.from_file(path)


def _compile_terms(lexicon: Lexicon, base: Normaliser) -> tuple[list[Term], frozenset[str]]:
    """Every pattern compiled, and every spelling the lexicon knows as a word of its own."""
    plain = PatternCompiler(base, lexicon.word_endings, {}, lexicon.words_between)
    groups = {name: plain.word_set(words, f"groups.{name}")
              for name, words in lexicon.groups.items()}
    compiler = PatternCompiler(base, lexicon.word_endings, groups, lexicon.words_between)
    terms: list[Term] = []
    known: set[str] = set().union(*groups.values())
    for entry in lexicon.entries:
        calm = compiler.word_set(entry.unless_near, f"{entry.kind}: unless_near")
        known |= calm
        for pattern in entry.patterns:
            try:
                term = compiler.compile(entry.kind, pattern, calm)
            except SafetyLexiconError as error:
                raise SafetyLexiconError(f"{entry.kind}: {error}") from error
            terms.append(term)
            known.update(*(part.spellings for part in term.parts))
    return terms, frozenset(known)


def _checked_shorthand(shorthand: Mapping[str, str]) -> dict[str, str]:
    for word, meaning in shorthand.items():
        if plain_words(word) != [word] or plain_words(meaning) != meaning.split():
            raise SafetyLexiconError(f"shorthand `{word}: {meaning}`: write both sides in "
                                     "lower case, without punctuation")
    return dict(shorthand)


def _checked_misspellings(lexicon: Lexicon, known: frozenset[str]) -> Iterable[str]:
    shortest = lexicon.misspelling_min_length
    for word in lexicon.catch_misspellings_of:
        where = f"catch_misspellings_of: `{word}`"
        if len(word) < shortest:
            raise SafetyLexiconError(f"{where} is shorter than {shortest} letters; words that "
                                     "short have too many harmless neighbours")
        if word not in known:
            raise SafetyLexiconError(f"{where} is not in any entry; add it to one first")
        if word in lexicon.not_misspellings:
            raise SafetyLexiconError(f"{where} is also in not_misspellings; keep it in one")
    return lexicon.catch_misspellings_of
