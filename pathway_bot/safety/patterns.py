"""Reading lexicon patterns ("hit*/beat* .. <person>") into terms (see terms.py).

A pattern is a row of parts. Each part is a word, a word with its endings ("hit*"),
alternatives ("hit/beat*") or a named group ("<person>"); between two parts either nothing
comes, or, after "..", up to `words_between` other words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pathway_bot.safety.lexicon import Kind, SafetyLexiconError
from pathway_bot.safety.spelling import spellings_of, with_endings
from pathway_bot.safety.terms import Part, Term
from pathway_bot.safety.text import SENTENCE_END, Normaliser

GAP = ".."


@dataclass(frozen=True)
class PatternCompiler:
    """Knows the lexicon's groups, endings and gap, and reads its patterns."""

    normaliser: Normaliser
    endings: tuple[str, ...]
    groups: Mapping[str, frozenset[str]]
    words_between: int

    def compile(self, kind: Kind, pattern: str, calm_words: frozenset[str]) -> Term:
        return Term.of(kind, f"{kind}: {pattern}", self.parts(pattern), calm_words)

    def parts(self, pattern: str) -> list[Part]:
        pieces = pattern.split()
        if pieces[0] == GAP or pieces[-1] == GAP:
            raise SafetyLexiconError(f"{pattern!r}: `..` goes between two words, "
                                     "not at the start or end")
        if all(piece.startswith("<") or piece == GAP for piece in pieces):
            raise SafetyLexiconError(f"{pattern!r}: add at least one word beside the groups")
        parts: list[Part] = []
        gap = 0
        for piece in pieces:
            if piece == GAP:
                if gap:
                    raise SafetyLexiconError(f"{pattern!r}: write `..` once between words")
                gap = self.words_between
                continue
            parts.extend(self._piece(piece, gap, pattern))
            gap = 0
        return parts

    def _piece(self, piece: str, gap: int, pattern: str) -> list[Part]:
        alternatives = piece.split("/")
        if "" in alternatives:
            raise SafetyLexiconError(f"{pattern!r}: `{piece}` has an empty choice; "
                                     "remove the extra `/`")
        if len(alternatives) == 1 and not piece.startswith("<"):
            # A single word the normaliser reads as several ("kms" -> "kill myself") becomes
            # that row of words.
            words = self.spell(piece, pattern)
            return [Part(words[0], gap), *(Part(w) for w in words[1:])]
        spellings: set[str] = set()
        for alternative in alternatives:
            if alternative.startswith("<"):
                spellings |= self.group(alternative, pattern)
                continue
            words = self.spell(alternative, pattern)
            if len(words) > 1:
                raise SafetyLexiconError(
                    f"{pattern!r}: `{alternative}` reads as several words; give it its own "
                    "line instead of a `/` choice")
            spellings |= words[0]
        return [Part(frozenset(spellings), gap)]

    def group(self, reference: str, pattern: str) -> frozenset[str]:
        name = reference.removeprefix("<").removesuffix(">")
        if not reference.endswith(">") or name not in self.groups:
            raise SafetyLexiconError(f"{pattern!r}: `{reference}` is not a group; "
                                     f"known groups are {sorted(self.groups)}")
        return self.groups[name]

    def spell(self, word: str, pattern: str) -> list[frozenset[str]]:
        """The spellings of one written word: several sets if it reads as several words."""
        stem = word.removesuffix("*")
        if "*" in stem:
            raise SafetyLexiconError(f"{pattern!r}: `*` goes only at the end of a word")
        words = self.normaliser.words(stem)
        if not words:
            raise SafetyLexiconError(f"{pattern!r}: `{word}` has no letters to match")
        if SENTENCE_END in words:
            # A match never runs past the end of a sentence, so such a part is never found.
            raise SafetyLexiconError(f"{pattern!r}: `{word}` holds a mark that ends a "
                                     "sentence (. ! ? ;); write the words without it")
        if word.endswith("*"):
            if len(words) > 1:
                raise SafetyLexiconError(f"{pattern!r}: `*` needs a single word")
            return [with_endings(words[0], self.endings)]
        return [spellings_of(w) for w in words]

    def word_set(self, words: Sequence[str], where: str) -> frozenset[str]:
        """A list of single words and groups (a group's or an `unless_near` list)."""
        spellings: set[str] = set()
        for word in words:
            if word.startswith("<"):
                spellings |= self.group(word, where)
                continue
            spelt = self.spell(word, where)
            if len(spelt) > 1:
                raise SafetyLexiconError(f"{where}: `{word}` must be a single word")
            spellings |= spelt[0]
        return frozenset(spellings)
