from pathway_bot.directory.text import (
    allowed_typos,
    edit_distance,
    query_words,
    search_document,
    vocabulary,
)
from tests.directory_support import create_service


def test_edit_distance_counts_a_swap_of_neighbouring_letters_as_one():
    assert edit_distance("autsim", "autism") == 1


def test_edit_distance_counts_a_missing_letter_as_one():
    assert edit_distance("dyslexa", "dyslexia") == 1
    assert edit_distance("autisim", "autism") == 1


def test_edit_distance_of_a_word_with_itself_is_zero():
    assert edit_distance("speech", "speech") == 0


def test_short_words_must_be_spelt_right_and_long_words_may_slip_twice():
    assert allowed_typos("adh") == 0
    assert allowed_typos("autism") == 1
    assert allowed_typos("counselling") == 2


def test_query_words_drop_common_words_repeats_and_accents():
    assert query_words("Help with the CAFÉ café for my son") == ["cafe", "son"]


def test_search_document_holds_the_words_families_use_for_each_need():
    document = search_document(create_service(needs=("cognition_learning",)))
    assert "dyslexia" in document


def test_vocabulary_skips_numbers_and_very_short_words():
    assert vocabulary(["an ox 2024 reading"]) == {"reading"}
