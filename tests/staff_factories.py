"""Factories for staff accounts: made and set up through the staff service, as a person
following their set-up link would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pathway_bot.persistence.models.staff import StaffAccount
from pathway_bot.staff import totp

PASSWORD = "correct horse battery staple"


@dataclass
class SetUpPerson:
    account_id: str
    email: str
    password: str
    secret: str
    recovery_codes: list[str]


def create_staff(session, staff, *, role: str = "coordinator", districts=("stroud",),
                 email: str = "sam.coordinator@example.org", name: str = "Sam Coordinator",
                 password: str = PASSWORD, now=None) -> SetUpPerson:
    link = staff.create(session, role=role, districts=districts, email=email, name=name)
    staff.set_password(session, link.token, password)
    enrolment = staff.enrolment(session, link.token)
    moment = now or staff._clock()
    codes = staff.confirm_enrolment(session, link.token, totp.code_at(enrolment.secret, moment))
    return SetUpPerson(link.account.id, email, password, enrolment.secret, codes)


def next_code(person: SetUpPerson, now, steps_ahead: int = 1) -> str:
    """A code from a later time step than the last one used (within the drift allowed)."""
    return totp.code_at(person.secret, now + timedelta(seconds=30 * steps_ahead))


def stored(session, person: SetUpPerson) -> StaffAccount:
    session.expire_all()
    return session.get(StaffAccount, person.account_id)
