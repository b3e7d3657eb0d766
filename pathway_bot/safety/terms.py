"""A compiled lexicon term, and how it is found in a row of words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pathway_bot.safety.lexicon import Kind
from pathway_bot.safety.text import SENTENCE_END


@dataclass(frozen=True)
class Part:
    spellings: frozenset[str]
    # How many other words may come between the part before and this one.
    gap_before: int = 0


# One part to look for: its spellings, and how many other words may come before it.
Step = tuple[frozenset[str], int]
# The spellings of the part a scan checks first, and where they may be if the term is there,
# as offsets from the anchor (words[at + low:at + high]).
Neighbour = tuple[frozenset[str], int, int]


@dataclass(frozen=True)
class Term:
    """One compiled pattern. `label` is the pattern as the lexicon writes it: it names the
    match in findings and logs without repeating anything the person wrote."""

    kind: Kind
    label: str
    parts: tuple[Part, ...]
    calm_words: frozenset[str]
    # The part a scan looks for first: the least common-looking one, so that "too drunk" is
    # looked for at "drunk", not at every "to".
    anchor: int
    # The parts after the anchor, in order, and those before it, nearest first.
    _after: tuple[Step, ...] = field(init=False, repr=False)
    _before: tuple[Step, ...] = field(init=False, repr=False)
    # A scan first checks that this other part is near at all, in one set operation: most
    # looks around an anchor end there.
    neighbour: Neighbour | None = field(init=False)

    def __post_init__(self) -> None:
        parts, anchor = self.parts, self.anchor
        after = tuple((part.spellings, part.gap_before) for part in parts[anchor + 1:])
        # Going backwards, the gap to allow before a part is the one written after it.
        before = tuple((parts[i].spellings, parts[i + 1].gap_before)
                       for i in range(anchor - 1, -1, -1))
        object.__setattr__(self, "_after", after)
        object.__setattr__(self, "_before", before)
        object.__setattr__(self, "neighbour", _neighbour(parts, anchor))

    @classmethod
    def of(cls, kind: Kind, label: str, parts: Sequence[Part],
           calm_words: frozenset[str]) -> Term:
        return cls(kind, label, tuple(parts), calm_words, _rarest(parts))

    def matches_at(self, words: Sequence[str], at: int, calm_window: int) -> bool:
        """Whether the term is found around words[at] (its anchor), with no calming word
        within `calm_window` words of it."""
        end = _last_of(self._after, 0, words, at, 1) if self._after else at
        if end is None:
            return False
        start = _last_of(self._before, 0, words, at, -1) if self._before else at
        if start is None:
            return False
        return not self.calm_words or _calm_free(self.calm_words, words, start, end,
                                                 calm_window)


def _neighbour(parts: Sequence[Part], anchor: int) -> Neighbour | None:
    """The other part a scan checks first, and the words around the anchor it must be among
    if the term is there at all: the rarest-looking part, which need not be next to the
    anchor ("wants to die" found at "wants" is checked for "die", two words on, not for the
    everyday "to")."""
    places: dict[int, tuple[int, int]] = {}
    nearest = farthest = 0  # how many words after the anchor the part may start and end
    for index in range(anchor + 1, len(parts)):
        nearest, farthest = nearest + 1, farthest + 1 + parts[index].gap_before
        places[index] = (nearest, farthest + 1)
    nearest = farthest = 0  # the same, before the anchor
    for index in range(anchor - 1, -1, -1):
        nearest, farthest = nearest + 1, farthest + 1 + parts[index + 1].gap_before
        places[index] = (-farthest, 1 - nearest)
    if not places:
        return None
    rarest = max(places, key=lambda index: _rarity(parts[index].spellings))
    low, high = places[rarest]
    return parts[rarest].spellings, low, high


def _calm_free(calm_words: frozenset[str], words: Sequence[str], start: int, end: int,
               reach: int) -> bool:
    """Whether no calming word is within `reach` words of words[start:end + 1], in its
    sentence."""
    # Without a calming word anywhere that near, sentence or not, one set operation says so.
    if calm_words.isdisjoint(words[max(0, start - reach):end + 1 + reach]):
        return True
    return calm_words.isdisjoint(_same_sentence(words, start, end, reach))


def _same_sentence(words: Sequence[str], start: int, end: int, reach: int) -> list[str]:
    """The words up to `reach` either side of words[start:end + 1], within its sentence: a
    harmless word in the sentence before ("his game.") says nothing about this one."""
    before = list(words[max(0, start - reach):start])
    after = list(words[end + 1:end + 1 + reach])
    if SENTENCE_END in before:
        before = before[len(before) - before[::-1].index(SENTENCE_END):]
    if SENTENCE_END in after:
        after = after[:after.index(SENTENCE_END)]
    return [*before, *words[start:end + 1], *after]


# Words too common to look for first: a part holding one is found in nearly every answer.
_EVERYDAY_WORDS = frozenset([
    "a", "all", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can",
    "did", "do", "does", "for", "from", "get", "gets", "go", "goes", "going", "got", "had",
    "has", "have", "he", "her", "here", "him", "his", "i", "in", "is", "it", "its", "me",
    "my", "no", "not", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them",
    "there", "they", "this", "to", "too", "up", "us", "was", "we", "went", "were", "what",
    "when", "where", "who", "will", "with", "would", "you", "your",
])


def _rarity(spellings: frozenset[str]) -> tuple[bool, int, int]:
    # A part with no everyday word first, then the one whose shortest spelling is longest
    # (short words are the common ones), then the one with fewer spellings.
    return (spellings.isdisjoint(_EVERYDAY_WORDS), min(map(len, spellings)), -len(spellings))


def _rarest(parts: Sequence[Part]) -> int:
    # The part a scan starts from, the rarest-looking: "hurt* <self>" is looked for at
    # "himself", not at "hurt".
    return max(range(len(parts)), key=lambda index: _rarity(parts[index].spellings))


def _last_of(steps: tuple[Step, ...], index: int, words: Sequence[str], at: int,
             direction: int) -> int | None:
    """Where the last of steps[index:] is found, going `direction` (1 or -1) from words[at]
    and never past the end of a sentence; None if they are not all there."""
    if index == len(steps):
        return at
    spellings, gap = steps[index]
    if not gap:
        # One word to look at, the next one (no spelling is a sentence end: patterns.py).
        nearest = at + direction
        if 0 <= nearest < len(words) and words[nearest] in spellings:
            return _last_of(steps, index + 1, words, nearest, direction)
        return None
    window = (words[at + 1:at + 2 + gap] if direction > 0
              else words[max(0, at - 1 - gap):at][::-1])
    # Most looks end here, in one set operation, before any word-by-word step.
    if spellings.isdisjoint(window):
        return None
    for offset, word in enumerate(window):
        if word == SENTENCE_END:
            return None
        if word in spellings:
            found = _last_of(steps, index + 1, words, at + direction * (offset + 1), direction)
            if found is not None:
                return found
    return None
