import hashlib

import pytest
from sqlalchemy import select

from pathway_bot.errors import Forbidden, NotFound, Unauthorised, ValidationFailed
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests import keys
from tests.requests_factories import NOW, create_key


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


def test_only_the_hash_of_a_key_is_stored(session, runtime):
    _key, text = create_key(session, runtime)
    stored = session.scalars(select(ApiKey)).one()
    assert stored.key_hash == hashlib.sha256(text.encode()).hexdigest()
    assert text not in {stored.key_hash, stored.prefix, stored.name, stored.districts}
    assert text.startswith(stored.prefix)


def test_a_key_authenticates_as_itself(session, runtime):
    key, text = create_key(session, runtime, districts=("stroud", "cotswold"))
    found = keys.authenticate(session, text)
    assert found.id == key.id
    assert found.district_ids == ("stroud", "cotswold")


@pytest.mark.parametrize("presented", [None, "", "pbk_wrong", "Bearer nonsense"])
def test_anything_else_is_unauthorised(session, runtime, presented):
    create_key(session, runtime)
    with pytest.raises(Unauthorised):
        keys.authenticate(session, presented)


def test_a_revoked_key_no_longer_works(session, runtime):
    key, text = create_key(session, runtime)
    keys.revoke_key(session, key.id, now=NOW)
    with pytest.raises(Unauthorised):
        keys.authenticate(session, text)


def test_a_key_can_be_revoked_by_the_prefix_list_keys_shows(session, runtime):
    key, _ = create_key(session, runtime)
    assert keys.revoke_key(session, key.prefix, now=NOW).revoked_at == NOW
    assert keys.list_keys(session)[0].active is False


def test_revoking_an_unknown_key_says_so(session):
    with pytest.raises(NotFound):
        keys.revoke_key(session, "nope", now=NOW)


def test_a_practitioner_key_is_not_a_coordinator_key(session, runtime):
    key, _ = create_key(session, runtime, role="practitioner")
    with pytest.raises(Forbidden):
        keys.require_role(key, "coordinator")


@pytest.mark.parametrize(("overrides", "field"), [
    ({"role": "admin"}, "role"), ({"districts": ()}, "district"),
    ({"districts": ("bristol",)}, "district"), ({"name": " "}, "name"),
])
def test_a_key_needs_a_role_known_districts_and_a_name(session, runtime, overrides, field):
    with pytest.raises(ValidationFailed) as refused:
        create_key(session, runtime, **overrides)
    assert field in refused.value.errors
    assert session.scalars(select(ApiKey)).all() == []


def test_two_keys_are_never_the_same():
    assert len({keys.new_key_text() for _ in range(1000)}) == 1000
