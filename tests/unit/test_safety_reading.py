"""How the safety net reads an answer's words before it matches them: shorthand, near misses
and digits-for-letters read out, and the places of the words it looks for, however many of
them an answer holds and in whatever order."""

from __future__ import annotations

import random

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.safety import SafetyNet, load_safety_net
from pathway_bot.safety.text import Normaliser, plain_words

LEXICON = PROJECT_ROOT / "flows" / "area" / "safety_lexicon.yaml"


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return load_safety_net(LEXICON)


def read_word_by_word(normaliser: Normaliser, text: str) -> tuple[list[str], list[int]]:
    """The same reading done the slow, obvious way: each word in turn, read out in full."""
    words: list[str] = []
    for word in plain_words(text):
        meaning = normaliser.shorthand.get(word) or normaliser.corrections.get(word)
        words += meaning.split() if meaning else [word]
    return words, [at for at, word in enumerate(words) if word in normaliser.watched]


def test_text_speak_reads_as_the_words_it_stands_for_in_place(net):
    words, places = net.normaliser.read("u gonna b ok? sum1 sed kms wiv ppl 2nite")
    assert words == ["you", "going", "to", "b", "ok", ".", "someone", "sed", "kill", "myself",
                     "with", "people", "2nite"]
    assert [words[at] for at in places] == [w for w in words if w in net.normaliser.watched]
    assert "kill" in [words[at] for at in places]


@pytest.mark.parametrize("seed", range(20))
def test_any_mix_of_shorthand_near_misses_and_plain_words_reads_as_word_by_word(net, seed):
    normaliser = net.normaliser
    chooser = random.Random(seed)
    vocabulary = (sorted(normaliser.shorthand) + chooser.sample(sorted(normaliser.corrections), 30)
                  + chooser.sample(sorted(normaliser.watched), 30)
                  + ["the", "he", "and", "school", "swing", "."] * 10)
    text = " ".join(chooser.choice(vocabulary) for _ in range(300))
    assert normaliser.read(text) == read_word_by_word(normaliser, text)
