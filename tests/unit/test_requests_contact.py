import pytest

from pathway_bot.errors import ValidationFailed
from pathway_bot.requests.contact import clean_contact


def test_contact_details_are_trimmed_and_blanks_dropped():
    assert clean_contact({"name": " Sam ", "email": "sam@example.org", "phone": " "},
                         required=True) == {"name": "Sam", "email": "sam@example.org"}


def test_a_family_must_give_a_way_to_reach_them():
    with pytest.raises(ValidationFailed) as refused:
        clean_contact({"name": "Sam"}, required=True)
    assert "contact.phone" in refused.value.errors


def test_a_practitioner_request_needs_no_family_contact():
    assert clean_contact({}, required=False) == {}


def test_the_preferred_method_needs_its_detail():
    with pytest.raises(ValidationFailed) as refused:
        clean_contact({"phone": "07700 900123", "preferred_contact_method": "email"},
                      required=True)
    assert refused.value.errors == {"contact.email": ["needed to contact you by email"]}


@pytest.mark.parametrize(("field", "value"), [
    ("email", "not-an-email"), ("phone", "call me"), ("phone", "12"),
    ("preferred_contact_method", "pigeon"), ("own_words", "x" * 4001), ("surname", "Smith"),
    ("name", 42),
])
def test_bad_contact_details_name_the_field(field, value):
    contact = {"phone": "07700 900123", field: value}
    with pytest.raises(ValidationFailed) as refused:
        clean_contact(contact, required=True)
    assert f"contact.{field}" in refused.value.errors
