"""The spellings one lexicon word stands for: its endings, its doubled and undoubled
letters, and its near misses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pathway_bot.safety.text import skeleton

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# "hiiiiit": a letter held down up to this many times is still the word.
_LONGEST_HELD_LETTER = 6
_SHORTEST_TO_UNDOUBLE = 5


def letter_doublings(word: str) -> frozenset[str]:
    """The word and each spelling with one letter doubled ("hitts"), and, for words long
    enough, with doubled letters typed once ("hiting", "sexualy"). Short words keep their
    double letters: "off" typed once is "of", a word of its own."""
    bases = {word, skeleton(word)} if len(word) >= _SHORTEST_TO_UNDOUBLE else {word}
    spellings = set(bases)
    for base in bases:
        for index, letter in enumerate(base):
            spellings.add(base[:index + 1] + letter + base[index + 1:])
            if index and base[index - 1] == letter and len(base) >= _SHORTEST_TO_UNDOUBLE:
                spellings.add(base[:index] + base[index + 1:])
    return frozenset(spellings)


def spellings_of(word: str) -> frozenset[str]:
    """The ways people type the word: with a letter doubled or undoubled, or held down."""
    spellings = set(letter_doublings(word))
    base = skeleton(word)
    for index, letter in enumerate(base):
        for times in range(3, _LONGEST_HELD_LETTER + 1):
            spellings.add(base[:index] + letter * times + base[index + 1:])
    return frozenset(spellings)


def with_endings(stem: str, endings: Iterable[str]) -> frozenset[str]:
    """The stem alone and with each ending, each in the ways people type it."""
    return frozenset().union(*(spellings_of(stem + ending) for ending in ("", *endings)))


def one_edit_away(word: str) -> set[str]:
    """Every spelling one letter missing, added, changed, or two neighbours swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    missing = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changed = {left + letter + right[1:] for left, right in splits if right for letter in _LETTERS}
    added = {left + letter + right for left, right in splits for letter in _LETTERS}
    return (missing | swapped | changed | added) - {word}


def near_miss_corrections(words: Iterable[str], known: frozenset[str],
                          not_misspellings: Iterable[str]) -> Mapping[str, str]:
    """Each near miss of `words`, mapped to the word it misses.

    Spellings the lexicon already knows, and real words the lexicon names as meaning what
    they say ("eating" is one letter from "beating"), are left alone.
    """
    real_words = {spelling for word in not_misspellings for spelling in (word, skeleton(word))}
    corrections: dict[str, str] = {}
    for word in sorted(words):
        for variant in sorted(one_edit_away(word) | one_edit_away(skeleton(word))):
            if (variant not in known and variant not in real_words
                    and skeleton(variant) not in real_words):
                corrections.setdefault(variant, word)
    return corrections
