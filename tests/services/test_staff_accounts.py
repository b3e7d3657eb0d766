"""Staff accounts: set-up, two-step sign-in, lockout, replayed codes, recovery codes, reset
and disable. Runs against SQLite and, with PATHWAY_TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pathway_bot.errors import ValidationFailed
from pathway_bot.persistence.models.staff import StaffRecoveryCode
from pathway_bot.runtime import staff_accounts
from pathway_bot.staff import totp
from pathway_bot.staff.errors import SetUpLinkInvalid, SignInRefused
from tests.staff_factories import PASSWORD, create_staff, next_code, stored


class Clock:
    def __init__(self):
        self.now = datetime(2025, 11, 25, 10, 0, 7, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def staff(runtime, clock):
    accounts = staff_accounts(runtime.config, runtime.area)
    accounts._clock = clock
    return accounts


@pytest.fixture
def session(runtime):
    with runtime.database.session() as opened:
        yield opened


def test_a_set_up_account_signs_in_with_its_password_and_a_fresh_code(session, staff, clock):
    person = create_staff(session, staff)
    account = staff.check_password(session, person.email, PASSWORD)
    signed_in = staff.check_code(session, account.id, next_code(person, clock.now))
    assert signed_in.id == person.account_id
    assert staff.signed_in(session, signed_in.id, signed_in.session_generation) is not None


def test_the_totp_secret_is_stored_encrypted_not_in_the_clear(session, staff):
    person = create_staff(session, staff)
    sealed = stored(session, person).totp_secret
    assert person.secret not in sealed
    assert staff._box.open(sealed) == person.secret


def test_a_code_already_used_is_never_accepted_again(session, staff, clock):
    person = create_staff(session, staff)
    code = next_code(person, clock.now)
    staff.check_code(session, person.account_id, code)
    with pytest.raises(SignInRefused):
        staff.check_code(session, person.account_id, code)
    # Nor a code from an earlier step, still inside pyotp's own window.
    with pytest.raises(SignInRefused):
        staff.check_code(session, person.account_id, totp.code_at(person.secret, clock.now))


def test_a_wrong_email_and_a_wrong_password_are_refused_with_the_same_words(session, staff):
    create_staff(session, staff)
    with pytest.raises(SignInRefused) as unknown:
        staff.check_password(session, "nobody@example.org", PASSWORD)
    with pytest.raises(SignInRefused) as wrong:
        staff.check_password(session, "sam.coordinator@example.org", "not the password")
    assert unknown.value.detail == wrong.value.detail


def test_five_failures_in_15_minutes_lock_the_account_for_15_minutes(session, staff, clock):
    person = create_staff(session, staff)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            staff.check_password(session, person.email, "wrong password!")
        clock.advance(minutes=2)
    with pytest.raises(SignInRefused):  # locked: even the right password is refused
        staff.check_password(session, person.email, PASSWORD)
    clock.advance(minutes=15)
    assert staff.check_password(session, person.email, PASSWORD).id == person.account_id


def test_failures_spread_over_more_than_15_minutes_do_not_lock(session, staff, clock):
    person = create_staff(session, staff)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            staff.check_password(session, person.email, "wrong password!")
    clock.advance(minutes=16)
    with pytest.raises(SignInRefused):
        staff.check_password(session, person.email, "wrong password!")
    assert staff.check_password(session, person.email, PASSWORD).id == person.account_id


def test_wrong_codes_count_towards_the_lock_too(session, staff, clock):
    person = create_staff(session, staff)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            staff.check_code(session, person.account_id, "000000")
    with pytest.raises(SignInRefused):
        staff.check_code(session, person.account_id, next_code(person, clock.now))


def test_each_recovery_code_signs_in_once(session, staff):
    person = create_staff(session, staff)
    assert len(person.recovery_codes) == 10
    code = person.recovery_codes[3]
    staff.check_code(session, person.account_id, code.upper())
    with pytest.raises(SignInRefused):
        staff.check_code(session, person.account_id, code)
    assert staff.recovery_codes_left(session, person.account_id) == 9


def test_recovery_codes_are_stored_as_hashes(session, staff):
    person = create_staff(session, staff)
    hashes = {row.code_hash for row in session.query(StaffRecoveryCode)}
    assert len(hashes) == 10
    assert not any(code.replace("-", "") in h for code in person.recovery_codes
                   for h in hashes)


def test_a_set_up_link_works_once_and_not_after_72_hours(session, staff, clock):
    link = staff.create(session, role="coordinator", districts=["stroud"],
                        email="new@example.org", name="New Person")
    clock.advance(hours=73)
    with pytest.raises(SetUpLinkInvalid):
        staff.set_password(session, link.token, PASSWORD)
    person = create_staff(session, staff, email="other@example.org")
    with pytest.raises(SetUpLinkInvalid):
        staff.for_set_up(session, "used-or-unknown")
    assert stored(session, person).setup_token_hash is None


def test_a_wrong_code_at_enrolment_changes_nothing(session, staff):
    link = staff.create(session, role="coordinator", districts=["stroud"],
                        email="new@example.org", name="New Person")
    staff.set_password(session, link.token, PASSWORD)
    staff.enrolment(session, link.token)
    assert staff.confirm_enrolment(session, link.token, "123456") is None
    assert staff.for_set_up(session, link.token).enrolled_at is None


def test_reset_ends_sessions_and_forgets_the_password_and_codes(session, staff, clock):
    person = create_staff(session, staff)
    before = stored(session, person).session_generation
    link = staff.reset(session, person.email)
    assert staff.signed_in(session, person.account_id, before) is None
    with pytest.raises(SignInRefused):
        staff.check_password(session, person.email, PASSWORD)
    assert staff.recovery_codes_left(session, person.account_id) == 0
    assert staff.for_set_up(session, link.token).id == person.account_id


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(session, staff):
    person = create_staff(session, staff)
    generation = stored(session, person).session_generation
    staff.disable(session, person.email)
    assert staff.signed_in(session, person.account_id, generation) is None
    with pytest.raises(SignInRefused):
        staff.check_password(session, person.email, PASSWORD)


@pytest.mark.parametrize(("field", "overrides"), [
    ("role", {"role": "boss"}), ("district", {"districts": ["atlantis"]}),
    ("email", {"email": "not-an-email"}), ("name", {"name": " "}),
])
def test_an_account_with_a_bad_detail_is_not_created(session, staff, field, overrides):
    arguments = {"role": "coordinator", "districts": ["stroud"], "email": "a@example.org",
                 "name": "A Person", **overrides}
    with pytest.raises(ValidationFailed) as refused:
        staff.create(session, **arguments)
    assert field in refused.value.errors
    assert staff.list_accounts(session) == []
