from pathway_bot.requests.references import ALPHABET, new_reference, normalise_reference


def test_references_never_use_characters_that_sound_or_look_alike():
    for confusing in "0O1I":
        assert confusing not in ALPHABET
    seen = {new_reference() for _ in range(2000)}
    assert not any(ch in ref for ref in seen for ch in "0O1I")


def test_a_reference_is_two_groups_of_four():
    reference = new_reference()
    assert len(reference) == 9 and reference[4] == "-"


def test_references_do_not_repeat_in_practice():
    assert len({new_reference() for _ in range(5000)}) == 5000


def test_a_typed_reference_is_normalised():
    assert normalise_reference("k7mq 4xzp") == "K7MQ-4XZP"
    assert normalise_reference("K7MQ4XZP") == "K7MQ-4XZP"


def test_a_reference_with_impossible_characters_is_not_a_reference():
    assert normalise_reference("K7MQ-4XZ0") is None
    assert normalise_reference("short") is None
    assert normalise_reference("") is None
