"""From free text to the words the safety net compares.

An answer and the lexicon's own entries go through the same steps, so that "HIIITS",
"h1ts" and "hits" all meet the entry "hit*". Every step over a whole answer is a single pass
of a built-in string method, but one: a set lookup per word, which finds the net's anchor
words and the words to read again together. All else is done per find, and an answer has
few. (Measured on 2,000 characters: one regular expression of every anchor spelling, as a
trie, takes over twice as long as the split and the lookups together, because `re` tries the
branches of an alternation one by one.)

Doubled and held letters ("hitts", "abussed", "hiiiit") are not evened out here, which
would cost a pass per character: the lexicon lists those spellings of each of its words
instead (spelling.py), so an answer's words are looked up as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import compress, count

from pathway_bot.safety.lexicon import SafetyLexiconError

# Ends of sentences become a word of their own, so that a phrase never joins the end of one
# sentence to the start of the next.
SENTENCE_END = "."
# (One character for one keeps str.translate on its fast path; the sentence ends are spaced
# out after.)
_ASCII_SPACING = str.maketrans({
    **{chr(code): " " for code in range(128)
       if not chr(code).isalnum() and chr(code) not in "@$'"},
    **{mark: SENTENCE_END for mark in ".!?;\n"},
})
# The same, with apostrophes dropped in the same pass ("don't" -> "dont"): for the text with
# no "'d" in it, nearly every answer, which then needs no pass of its own for them.
_ASCII_SPACING_NO_APOSTROPHES = {**_ASCII_SPACING, ord("'"): None}
_TYPED_MARKS = str.maketrans({
    **{chr(code): None for code in range(0x300, 0x370)},  # accents, once split off by NFKD
    **{mark: "'" for mark in "’‘`ʼ´"}, **{mark: " " for mark in "“”–—…•"},
})
_NOT_A_WORD = re.compile(r"[^a-z0-9@$' .]+")
# A digit or symbol is read as a letter only inside a word ("k1cks", "$uicide"): a number
# on its own ("she is 14") keeps its meaning.
_LEET_SYMBOLS = "013457@$"
_LEET_LETTERS = str.maketrans(_LEET_SYMBOLS, "oieastas")
_REPEATED_LETTER = re.compile(r"([a-z])\1+")


def skeleton(word: str) -> str:
    """A word with each run of one letter kept once: "hiiitts" and "hits" become "hits"."""
    return _REPEATED_LETTER.sub(r"\1", word)


def plain_words(text: str) -> list[str]:
    """Lower case, without accents or punctuation, split into words and sentence ends."""
    return plain_text(text).split()


def plain_text(text: str) -> str:
    """The text in lower case, without accents or punctuation, each word and sentence end
    with a space either side."""
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_TYPED_MARKS)
        if not text.isascii():
            text = _NOT_A_WORD.sub(" ", text)
    # Apostrophes just go ("don't" -> "dont"), which is also how most people type them,
    # except in "od'd", which stays two words so that its shorthand "od" is found.
    if "'d" not in text:
        return (f" {text.translate(_ASCII_SPACING_NO_APOSTROPHES)} "
                .replace(SENTENCE_END, f" {SENTENCE_END} "))
    text = f" {text.translate(_ASCII_SPACING)} ".replace(SENTENCE_END, f" {SENTENCE_END} ")
    return text.replace("'d ", " d ").replace("'", "")


def _words_with_symbols(plain: str) -> set[str]:
    """The words of a plain text that mix digits or symbols with letters ("k1cks", "4am").
    Found from each digit's place: answers hold few digits and many words."""
    found: set[str] = set()
    for symbol in _LEET_SYMBOLS:
        index = plain.find(symbol)
        while index != -1:
            end = plain.find(" ", index)
            word = plain[plain.rfind(" ", 0, index) + 1:end]
            if not word.isdigit():
                found.add(word)
            index = plain.find(symbol, end)
    return found


def _places_of(words: list[str], word: str) -> list[int]:
    """Every place of `word` in `words`, found by list.index without a step per word."""
    places: list[int] = []
    try:
        while True:
            places.append(words.index(word, places[-1] + 1 if places else 0))
    except ValueError:
        return places


# What a word is read as: the words it stands for, and which of them (by place) the reader
# is watching for.
Reading = tuple[tuple[str, ...], tuple[int, ...]]


def _reading(meaning: str, watched: frozenset[str]) -> Reading:
    words = tuple(meaning.split())
    return words, tuple(offset for offset, word in enumerate(words) if word in watched)


def _reread(words: list[str], places: list[int],
            reading_of: Callable[[str], Reading | None]) -> tuple[list[str], list[int]]:
    """The words with each one at `places` that has a reading (`reading_of` the word) read as
    the words it stands for, and where the watched words are then.

    One walk over the few places. A word read as one word is replaced where it is, as most
    are ("u", "2", a near miss); only a word read as several ("kms") makes a new list, built
    with the words between the places copied whole.
    """
    watched_at: list[int] = []
    reread: list[str] | None = None  # made at the first word read as several
    copied = 0  # words[:copied] are in `reread`
    shift = 0  # how far words after `copied` will have moved in `reread`
    for at in places:
        reading = reading_of(words[at])
        if reading is None:
            # A watched word, read as it is.
            watched_at.append(at + shift)
            continue
        meaning, watched = reading
        if len(meaning) == 1:
            words[at] = meaning[0]
            if watched:
                watched_at.append(at + shift)
            continue
        if reread is None:
            reread = []
        reread += words[copied:at]
        watched_at.extend(len(reread) + offset for offset in watched)
        reread += meaning
        copied = at + 1
        shift = len(reread) - copied
    if reread is None:
        return words, watched_at
    reread += words[copied:]
    return reread, watched_at


@dataclass(frozen=True)
class Normaliser:
    """Turns text into matchable words: shorthand read out ("kms"), digits and symbols inside
    words read as letters ("k1cks"), and known near misses read as the word they miss."""

    shorthand: Mapping[str, str] = field(default_factory=dict)
    # (Tens of thousands of spellings: left out of the repr, which a failing test prints.)
    corrections: Mapping[str, str] = field(default_factory=dict, repr=False)
    # The words worth reading a digit as a letter for ("kicks" for "k1cks"); when empty,
    # every such word is read as letters. "4am" read as "aam" would only cost time.
    known_words: frozenset[str] = field(default=frozenset(), repr=False)
    # The words a reader wants told the places of (the net's anchors): found in the same
    # pass that finds the words to read again.
    watched: frozenset[str] = field(default=frozenset(), repr=False)
    _rewritten_or_watched: frozenset[str] = field(init=False, repr=False)
    _readings: dict[str, Reading] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Private copies, never changed (plain dicts: looked up faster than read-only views).
        object.__setattr__(self, "shorthand", dict(self.shorthand))
        object.__setattr__(self, "corrections", dict(self.corrections))
        rewritten = frozenset(self.shorthand) | frozenset(self.corrections)
        object.__setattr__(self, "_rewritten_or_watched", rewritten | self.watched)
        # Every word's reading made once, here, not at each scan that meets it (and once for
        # each meaning: thousands of near misses share one).
        meanings = {**self.corrections, **self.shorthand}
        readings = {meaning: _reading(meaning, self.watched) for meaning in set(meanings.values())}
        object.__setattr__(self, "_readings",
                           {word: readings[meaning] for word, meaning in meanings.items()})
        # Each word is read again once, in one walk: a meaning that held a word to read again
        # would be read differently depending on which came first.
        for word, meaning in {**self.shorthand, **self.corrections}.items():
            again = rewritten.intersection(meaning.split())
            if again:
                raise SafetyLexiconError(f"shorthand or near miss `{word}` reads as `{meaning}`, "
                                         f"and `{min(again)}` in it would be read again: "
                                         "write what it means in full")

    def words(self, text: str) -> list[str]:
        return self.read(text)[0]

    def read(self, text: str, lead: int = 0) -> tuple[list[str], list[int]]:
        """The text's words, and where the `watched` words are among them, in order; with
        `lead` sentence ends in front of the words (put there before the split, in the text,
        instead of copying the list after)."""
        plain = plain_text(text)
        words = (f"{SENTENCE_END} " * lead + plain).split() if lead else plain.split()
        # The one step per word: a set lookup that finds the watched words and the words to
        # read again together, so that all else is done per find, not per word. map and
        # compress make it without a Python step per word.
        places = list(compress(count(), map(self._rewritten_or_watched.__contains__, words)))
        readings = self._readings
        mixed = _words_with_symbols(plain) - self._rewritten_or_watched
        leet = {word: _reading(meaning, self.watched)
                for word, meaning in self._leet_rewrites(mixed).items()} if mixed else {}
        if not leet:
            return _reread(words, places, readings.get)
        places = sorted(places + [at for word in leet for at in _places_of(words, word)])
        return _reread(words, places, lambda word: readings.get(word) or leet.get(word))

    def _leet_rewrites(self, mixed: set[str]) -> dict[str, str]:
        rewrites = {}
        for word in mixed:
            letters = word.translate(_LEET_LETTERS)
            meaning = self.shorthand.get(letters) or self.corrections.get(letters, letters)
            if not self.known_words or not self.known_words.isdisjoint(meaning.split()):
                rewrites[word] = meaning
        return rewrites
